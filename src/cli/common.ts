/** Options shared by the commands that read a scenario or run models. */
import { Command, Option } from "commander";
import {
  ALL_FORMATS,
  loadInput,
  type AnyFormat,
  type LoadedInput,
  type ReadOptions,
} from "../scenario/formats.js";
import type { Scenario } from "../scenario/schema.js";
import type { RunRequest } from "../run.js";
import { UsageError } from "./errors.js";

export function addInputOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--from <format>",
        "read FILE as this format (default: from its name and content)",
      ).choices(ALL_FORMATS),
    )
    .addOption(
      new Option(
        "--salience-scale <scale>",
        "stakeholder and scenario CSV: the scale salience is written on (default: told from the values, and said)",
      ).choices(["1", "100"]),
    )
    .option(
      "--disambiguate",
      "stakeholder CSV: number repeated actor names (the default; kept for old scripts)",
    );
}

export interface InputFlags {
  from?: AnyFormat;
  salienceScale?: string;
  disambiguate?: boolean;
}

export function readOptions(flags: InputFlags): ReadOptions {
  return {
    format: flags.from,
    salienceScale:
      flags.salienceScale === "100" ? 100 : flags.salienceScale === "1" ? 1 : undefined,
    disambiguate: flags.disambiguate ?? false,
  };
}

/** Reads a scenario and prints the reader's notes (salience scale, ignored columns, …) to stderr. */
export async function loadFromFlags(file: string, flags: InputFlags): Promise<Scenario> {
  return (await loadInputFromFlags(file, flags)).scenario;
}

export async function loadInputFromFlags(file: string, flags: InputFlags): Promise<LoadedInput> {
  const input = await loadInput(file, readOptions(flags));
  printNotes(file, input.notes);
  return input;
}

export function printNotes(file: string, notes: string[]): void {
  for (const note of notes)
    process.stderr.write(
      note.startsWith("warning: ") ? `${file}: ${note}\n` : `${file}: note: ${note}\n`,
    );
}

export function addModelOptions(command: Command): Command {
  return command
    .option(
      "-m, --model <ids...>",
      "models to run, by id (comma- or space-separated; see `entente models`)",
    )
    .option("-r, --rounds <n>", "rounds for dynamic models", parsePositiveInt)
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
    (options[model] ??= {})[key] = parseValue(value);
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
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`'${text}' is not a positive whole number`);
  return n;
}
