/**
 * `entente advise FILE --actor ID`: whom to persuade. For each issue the client
 * holds a stance on, the other actors ranked by how far moving each one towards
 * the client (`--move 10` points, or `--to-client`) moves the headline forecast
 * towards the client, with the shift of the client's thresholds, and who blocks
 * (`src/analysis/advise.ts`).
 */
import { Command, Option } from "commander";
import { addInputOptions, loadInputFromFlags, type InputFlags } from "./common.js";
import { addHeadlineOptions, type HeadlineFlags } from "./headline.js";
import { UsageError } from "./errors.js";
import { advise } from "../analysis/advise.js";
import { adviceChart, renderAdviceTable } from "../report/advise.js";
import { scenarioLabels } from "../report/format.js";
import { writeFileAtomic } from "../scenario/save.js";

interface AdviseFlags extends InputFlags, HeadlineFlags {
  actor: string;
  issue?: string[];
  move: number;
  toClient?: boolean;
  format: string;
  svg?: string;
  output?: string;
}

function parsePoints(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`'${text}' is not a positive number of points`);
  return n;
}

export function adviseCommand(): Command {
  const command = new Command("advise")
    .description(
      "whom to persuade: the actors whose move towards the client's position moves the headline forecast most, and who blocks",
    )
    .argument("<file>", "scenario file")
    .requiredOption("-a, --actor <id>", "the client")
    .option(
      "-i, --issue <ids...>",
      "issues to advise on (default: every issue the client holds a stance on)",
    )
    .option(
      "--move <points>",
      "points each other actor is moved towards the client",
      parsePoints,
      10,
    )
    .option("--to-client", "move each other actor all the way to the client's position")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json"])
        .default("table"),
    )
    .option("--svg <file>", "also write a chart of the levers (SVG)")
    .option(
      "--output <file>",
      "write the output to this file (atomically) instead of the terminal",
    );
  addInputOptions(command);
  addHeadlineOptions(command, { optional: false });
  return command.action(async (file: string, flags: AdviseFlags) => {
    const { scenario } = await loadInputFromFlags(file, flags);
    const result = advise(scenario, {
      actor: flags.actor,
      issues: flags.issue?.flatMap((i) => i.split(",")).filter((i) => i.trim() !== ""),
      move: flags.move,
      toClient: flags.toClient ?? false,
      thresholds: flags.threshold?.flatMap((t) => t.split(",")).filter((t) => t.trim() !== ""),
      draws: flags.draws,
      seed: flags.seed,
    });
    const text =
      flags.format === "json"
        ? JSON.stringify(result, null, 2) + "\n"
        : renderAdviceTable(result, { labels: scenarioLabels(scenario) }) + "\n";
    if (flags.svg)
      await writeFileAtomic(
        flags.svg,
        await adviceChart(
          result,
          `${scenario.metadata.title}: advice for ${scenarioLabels(scenario).actors.name(result.client)}`,
          scenarioLabels(scenario),
        ),
      );
    if (flags.output) await writeFileAtomic(flags.output, text);
    else process.stdout.write(text);
  });
}
