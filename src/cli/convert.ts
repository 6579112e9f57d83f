/**
 * `entente convert IN OUT`: between YAML, JSON, .xlsx, scenario and stakeholder CSV,
 * KTAB CSV/XML and decide. Every field the output format cannot hold is named on
 * stderr (capabilities.ts); `--strict` refuses the conversion instead.
 */
import { Command, Option } from "commander";
import { addInputOptions, loadFromFlags, type InputFlags } from "./common.js";
import {
  ALL_FORMATS,
  serializeScenarioBytes,
  writeFormat,
  type AnyFormat,
} from "../scenario/formats.js";
import { writeFileAtomic } from "../scenario/save.js";
import { capabilityTable, conversionLosses } from "../scenario/capabilities.js";
import { InputError } from "../scenario/problems.js";

export function convertCommand(): Command {
  const command = new Command("convert")
    .description(
      "convert a scenario between formats (the output format comes from OUT's extension or --to); " +
        "every field the output cannot hold is named",
    )
    .argument("<in>", "input file")
    .argument("<out>", "output file, or - for standard output")
    .addOption(new Option("--to <format>", "output format").choices(ALL_FORMATS))
    .option("--issue <id>", "for one-issue formats (stakeholder CSV): the issue to write")
    .option("--strict", "refuse to convert when the output would drop or change anything")
    .addHelpText("after", "\n" + capabilityTable());
  addInputOptions(command);
  return command.action(
    async (
      input: string,
      output: string,
      flags: InputFlags & { to?: AnyFormat; issue?: string; strict?: boolean },
    ) => {
      const scenario = await loadFromFlags(input, flags);
      const name = output === "-" ? "-.yaml" : output;
      const options = { format: flags.to, issue: flags.issue };
      const format = writeFormat(scenario, name, options);
      const losses =
        format === undefined || format === "ktab-xml"
          ? []
          : conversionLosses(scenario, format, { issue: flags.issue, file: name });
      if (losses.length > 0 && flags.strict)
        throw new InputError(
          losses.map((l) => ({
            path: [l.field],
            message: `${format} cannot hold ${l.message}`,
          })),
          "the conversion would lose information",
        );
      const data = await serializeScenarioBytes(scenario, name, options);
      for (const l of losses)
        process.stderr.write(`warning: ${format} drops or changes ${l.field}: ${l.message}\n`);
      if (output === "-") process.stdout.write(data);
      else {
        await writeFileAtomic(output, data);
        process.stderr.write(`wrote ${output} (${format})\n`);
      }
    },
  );
}
