/** `entente run FILE`: forecasts per issue from each model, beside the reference point. */
import { Command, Option } from "commander";
import {
  addInputOptions,
  addModelOptions,
  addOutputOption,
  loadInputFromFlags,
  runRequest,
  type InputFlags,
  type ModelFlags,
} from "./common.js";
import { runScenario } from "../run.js";
import { renderForecastCsv, renderForecastTable } from "../report/forecast-table.js";
import { writeFileAtomic } from "../scenario/save.js";
import { InputError } from "../scenario/problems.js";
import {
  addHeadlineOptions,
  headlineFromFlags,
  withHeadline,
  type HeadlineFlags,
} from "./headline.js";

export function runCommand(): Command {
  const command = new Command("run")
    .description("forecast every issue with each model (default: all one-issue models)")
    .argument("<file>", "scenario file (YAML, JSON, stakeholder CSV, KTAB CSV/XML, decide)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "csv"])
        .default("table"),
    )
    .option(
      "--show-actors <ids>",
      "show these actors' positions beside the forecasts (comma-separated)",
    );
  addOutputOption(command);
  addInputOptions(command);
  addModelOptions(command);
  addHeadlineOptions(command);
  return command.action(
    async (
      file: string,
      flags: InputFlags &
        ModelFlags &
        HeadlineFlags & { format: string; showActors?: string; output?: string },
    ) => {
      const { scenario, modelOptions } = await loadInputFromFlags(file, flags);
      const showActors =
        flags.showActors
          ?.split(",")
          .map((a) => a.trim())
          .filter((a) => a.length > 0) ?? [];
      const unknown = showActors.filter((a) => !scenario.actors.some((x) => x.id === a));
      if (unknown.length > 0)
        throw new InputError(
          unknown.map((a) => ({
            path: ["--show-actors"],
            message: `unknown actor '${a}'; actors: ${scenario.actors.map((x) => x.id).join(", ")}`,
          })),
        );
      const result = runScenario(scenario, runRequest(flags, modelOptions));
      const headline = headlineFromFlags(scenario, result.runs, flags);
      const text =
        flags.format === "json"
          ? JSON.stringify(withHeadline(result, headline), null, 2) + "\n"
          : flags.format === "csv"
            ? renderForecastCsv(result, { showActors, headline })
            : renderForecastTable(result, { showActors, headline }) + "\n";
      if (flags.output) await writeFileAtomic(flags.output, text);
      else process.stdout.write(text);
    },
  );
}
