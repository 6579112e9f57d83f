/** Options shared by the commands that read a scenario or run models. */
import { Command, Option } from "commander";
import {
  FORMATS,
  loadInput,
  loadScenario,
  type Format,
  type LoadedInput,
  type ReadOptions,
} from "../scenario/formats.js";
import type { Scenario } from "../scenario/schema.js";
import type { RunRequest } from "../run.js";
import { UsageError } from "./errors.js";
import {
  availableCores,
  DEFAULT_LIMITS,
  formatBytes,
  parseSize,
  type Limits,
} from "../scenario/limits.js";

export function addInputOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--from <format>",
        "read FILE as this format (default: from its name and content)",
      ).choices(FORMATS),
    )
    .addOption(
      new Option("--salience-scale <scale>", "stakeholder CSV: the scale salience is written on")
        .choices(["1", "100"])
        .default("1"),
    )
    .option("--disambiguate", "stakeholder CSV: number repeated actor names instead of failing")
    .option(
      "--max-actors <n>",
      `limit: actors in the file (default ${DEFAULT_LIMITS.actors})`,
      parsePositiveInt,
    )
    .option(
      "--max-issues <n>",
      `limit: issues / KTAB dimensions (default ${DEFAULT_LIMITS.issues})`,
      parsePositiveInt,
    )
    .option(
      "--max-stances <n>",
      `limit: stances (default ${DEFAULT_LIMITS.stances})`,
      parsePositiveInt,
    )
    .option(
      "--max-rows <n>",
      `limit: lines of a table (default ${DEFAULT_LIMITS.rows})`,
      parsePositiveInt,
    )
    .option(
      "--max-depth <n>",
      `limit: nesting of YAML, JSON, XML (default ${DEFAULT_LIMITS.depth})`,
      parsePositiveInt,
    )
    .option(
      "--max-file-size <size>",
      `limit: file size, e.g. 200MB (default ${formatBytes(DEFAULT_LIMITS.fileBytes)})`,
      parseSizeFlag,
    );
}

export interface InputFlags {
  from?: Format;
  salienceScale?: string;
  disambiguate?: boolean;
  maxActors?: number;
  maxIssues?: number;
  maxStances?: number;
  maxRows?: number;
  maxDepth?: number;
  maxFileSize?: number;
}

/** The limits the flags raise or lower (the rest stay at their defaults). */
export function limitsFromFlags(flags: InputFlags): Partial<Limits> {
  const limits: Partial<Limits> = {};
  if (flags.maxActors !== undefined) limits.actors = flags.maxActors;
  if (flags.maxIssues !== undefined) limits.issues = flags.maxIssues;
  if (flags.maxStances !== undefined) limits.stances = flags.maxStances;
  if (flags.maxRows !== undefined) limits.rows = flags.maxRows;
  if (flags.maxDepth !== undefined) limits.depth = flags.maxDepth;
  if (flags.maxFileSize !== undefined) limits.fileBytes = flags.maxFileSize;
  return limits;
}

export function readOptions(flags: InputFlags): ReadOptions {
  return {
    format: flags.from,
    salienceScale: flags.salienceScale === "100" ? 100 : 1,
    disambiguate: flags.disambiguate ?? false,
    limits: limitsFromFlags(flags),
  };
}

function parseSizeFlag(text: string): number {
  const n = parseSize(text);
  if (n === undefined)
    throw new UsageError(`'${text}' is not a size (write bytes, or e.g. 500KB, 200MB, 2GB)`);
  return n;
}

export function loadFromFlags(file: string, flags: InputFlags): Promise<Scenario> {
  return loadScenario(file, readOptions(flags));
}

export function loadInputFromFlags(file: string, flags: InputFlags): Promise<LoadedInput> {
  return loadInput(file, readOptions(flags));
}

export function addModelOptions(command: Command): Command {
  return command
    .option(
      "-m, --model <ids...>",
      "models to run, by id (comma- or space-separated; see `entente models`)",
    )
    .option(
      "-r, --rounds <n>",
      `rounds for dynamic models (at most ${DEFAULT_LIMITS.rounds})`,
      parseRounds,
    )
    .option(
      "-o, --option <model.key=value...>",
      "a model option, e.g. expected-utility.probability=textbook",
    );
}

export interface ModelFlags {
  model?: string[];
  rounds?: number;
  option?: string[];
}

/** The run request from the flags; `fileOptions` (set by the input file) yield to the user's. */
export function runRequest(
  flags: ModelFlags,
  fileOptions: Record<string, Record<string, unknown>> = {},
): RunRequest {
  const models = flags.model
    ?.flatMap((m) => m.split(","))
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  const options: Record<string, Record<string, unknown>> = Object.fromEntries(
    Object.entries(fileOptions).map(([model, o]) => [model, { ...o }]),
  );
  for (const spec of flags.option ?? []) {
    const match = /^([^.=]+)\.([^=]+)=(.*)$/.exec(spec);
    if (!match) throw new UsageError(`--option '${spec}' must look like model.key=value`);
    const [, model, key, value] = match;
    // Names that would reach an object's prototype are not option names.
    if (
      /^(__proto__|constructor|prototype)$/.test(model) ||
      /^(__proto__|constructor|prototype)$/.test(key)
    )
      throw new UsageError(`--option '${spec}': '${model}.${key}' is not a model option`);
    if (!Object.hasOwn(options, model)) options[model] = {};
    options[model][key] = parseValue(value);
  }
  return { models, options, rounds: flags.rounds };
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function parsePositiveInt(text: string): number {
  const n = Number(text);
  if (!/^\s*\+?[\d.eE+]+\s*$/.test(text) || !Number.isInteger(n) || n < 1)
    throw new UsageError(`'${text}' is not a positive whole number`);
  if (!Number.isSafeInteger(n)) throw new UsageError(`'${text}' is too large a number`);
  return n;
}

/** `--rounds N`: at most the rounds limit (limits.ts). */
export function parseRounds(text: string): number {
  const n = parsePositiveInt(text);
  if (n > DEFAULT_LIMITS.rounds)
    throw new UsageError(
      `--rounds ${text}: at most ${DEFAULT_LIMITS.rounds} rounds (dynamic models settle in far fewer)`,
    );
  return n;
}

/**
 * `--workers N`: at most the machine's cores. More threads than cores only share
 * them, and each loads its own copy of the models, so it is refused rather than
 * clamped in silence.
 */
export function parseWorkers(text: string): number {
  const n = parsePositiveInt(text);
  const cores = availableCores();
  if (n > cores)
    throw new UsageError(
      `--workers ${text}: this machine has ${cores} core${cores === 1 ? "" : "s"}; use at most ${cores} (more threads than cores only share them)`,
    );
  return n;
}

/** `--draws N` against the draws limit (`--max-draws` raises it). */
export function checkDraws(draws: number, maxDraws: number | undefined): void {
  const max = maxDraws ?? DEFAULT_LIMITS.draws;
  if (draws > max)
    throw new UsageError(
      `--draws ${draws}: the limit is ${max.toLocaleString("en")} draws (raise with --max-draws; ` +
        `${draws.toLocaleString("en")} draws would take days and ${formatBytes(draws * 8)} per forecast)`,
    );
}
