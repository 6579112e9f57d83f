/** `entente convert IN OUT`: between YAML, JSON, stakeholder CSV, KTAB CSV/XML and decide. */
import { Command, Option } from "commander";
import { addInputOptions, loadFromFlags, type InputFlags } from "./common.js";
import { FORMATS, serializeScenario, type Format } from "../scenario/formats.js";
import { writeFileAtomic } from "../scenario/save.js";

export function convertCommand(): Command {
  const command = new Command("convert")
    .description(
      "convert a scenario between formats (the output format comes from OUT's extension or --to)",
    )
    .argument("<in>", "input file")
    .argument("<out>", "output file, or - for standard output")
    .addOption(new Option("--to <format>", "output format").choices(FORMATS))
    .option("--issue <id>", "for one-issue formats (stakeholder CSV): the issue to write");
  addInputOptions(command);
  return command.action(
    async (input: string, output: string, flags: InputFlags & { to?: Format; issue?: string }) => {
      const scenario = await loadFromFlags(input, flags);
      const text = serializeScenario(scenario, output === "-" ? "-.yaml" : output, {
        format: flags.to,
        issue: flags.issue,
      });
      if (output === "-") process.stdout.write(text);
      else {
        await writeFileAtomic(output, text);
        process.stderr.write(`wrote ${output}\n`);
      }
    },
  );
}
