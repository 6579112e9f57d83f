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
      `${file}: valid — ${scenario.actors.length} actors, ${scenario.issues.length} issues, ${scenario.stances.length} stances\n`,
    );
  });
}
