/** The headline's command-line options, shared by `run`, `explain` and `advise`. */
import type { Command } from "commander";
import { parsePositiveInt } from "./common.js";
import { UsageError } from "./errors.js";
import { computeHeadline } from "../analysis/headline.js";
import type { RunResult } from "../run.js";
import type { ModelRun } from "../models/types.js";
import type { Scenario } from "../scenario/schema.js";
import type { Headline } from "../report/headline-table.js";

export interface HeadlineFlags {
  threshold?: string[];
  draws: number;
  seed: number;
  headline: boolean;
}

function parseDraws(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > 100_000)
    throw new UsageError(`'${text}' is not a number of draws from 0 to 100000`);
  return n;
}

export function addHeadlineOptions(
  command: Command,
  options: { optional?: boolean } = {},
): Command {
  command
    .option(
      "-t, --threshold <spec...>",
      "probability of a threshold under the headline, e.g. 'us-sanctions>=75' (<, <=, >, >=)",
    )
    .option("--draws <n>", "input draws of the headline's Monte Carlo (0: none)", parseDraws, 200)
    .option("--seed <n>", "seed of the headline's draws", parsePositiveInt, 1);
  if (options.optional !== false)
    command.option("--no-headline", "leave the headline out (the single models only)");
  return command;
}

export function headlineFromFlags(
  scenario: Scenario,
  runs: readonly ModelRun[],
  flags: HeadlineFlags,
): Headline | undefined {
  if (flags.headline === false) return undefined;
  return computeHeadline(scenario, runs, {
    draws: flags.draws,
    seed: flags.seed,
    thresholds: flags.threshold?.flatMap((t) => t.split(",")).filter((t) => t.trim() !== ""),
  });
}

/** The run's JSON with the headline as a top-level array (and how it was made). */
export function withHeadline(result: RunResult, headline: Headline | undefined): object {
  if (!headline) return result;
  const { entente, createdAt, ...rest } = result;
  return {
    entente,
    createdAt,
    headline: headline.issues,
    headlineMethod: headline.statement,
    ...rest,
  };
}
