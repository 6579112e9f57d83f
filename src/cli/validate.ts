/** `entente validate FILE`: checks a scenario and lists every problem with its place. */
import { Command } from "commander";
import { addInputOptions, loadFromFlags, type InputFlags } from "./common.js";

export function validateCommand(): Command {
  const command = new Command("validate")
    .description("check a scenario file; every problem is listed with its file, line and field")
    .argument("<file>", "scenario file");
  addInputOptions(command);
  return command.action(async (file: string, flags: InputFlags) => {
    const scenario = await loadFromFlags(file, flags);
    process.stdout.write(
      `${file}: valid — ${count(scenario.actors.length, "actor")}, ${count(scenario.issues.length, "issue")}, ${count(scenario.stances.length, "stance")}\n`,
    );
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
