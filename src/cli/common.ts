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
import type { ChartPart } from "../report/charts.js";
import { writeFileAtomic } from "../scenario/save.js";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "./errors.js";
import { findModel, listModels } from "../models/registry.js";
import {
  availableCores,
  DEFAULT_LIMITS,
  formatBytes,
  parseSize,
  type Limits,
} from "../scenario/limits.js";

export function addInputOptions(command: Command): Command {
  command
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
  return addLimitOptions(command);
}

/** The flags that raise or lower the input limits (limits.ts), for every command that reads input. */
export function addLimitOptions(command: Command): Command {
  return command
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
  from?: AnyFormat;
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
    salienceScale:
      flags.salienceScale === "100" ? 100 : flags.salienceScale === "1" ? 1 : undefined,
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
    .option(
      "-r, --rounds <n>",
      `rounds for dynamic models (at most ${DEFAULT_LIMITS.rounds})`,
      parseRounds,
    )
    .option(
      "--option <model.key=value...>",
      "a model option, e.g. expected-utility.probability=textbook (also -o model.key=value)",
    );
}

/** `model.key=value`: what `-o` takes as a model option rather than a file. */
const MODEL_OPTION = /^[A-Za-z0-9][A-Za-z0-9_-]*\.[A-Za-z0-9_]+=/;

/**
 * `-o, --output FILE` on every command that writes. For scripts written when `-o` was
 * `--option`, a value of the form `MODEL.KEY=VALUE` is a model option (so
 * `-o exchange.seed=1 -o out.csv` sets an option and names the output).
 */
export function addOutputOption(
  command: Command,
  what = "write the output to this file (atomically) instead of the terminal",
): Command {
  return command
    .option(
      "-o, --output <file>",
      `${what}; a value MODEL.KEY=VALUE sets a model option instead (as --option)`,
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .hook("preAction", (cmd) => {
      const values = cmd.getOptionValue("output") as string[] | string | undefined;
      if (values === undefined || typeof values === "string") return;
      const options = values.filter((v) => MODEL_OPTION.test(v));
      const files = values.filter((v) => !MODEL_OPTION.test(v));
      if (files.length > 1)
        throw new UsageError(`-o/--output names one file; found ${files.join(", ")}`);
      cmd.setOptionValue("output", files[0]);
      if (options.length > 0)
        cmd.setOptionValue("option", [
          ...((cmd.getOptionValue("option") as string[] | undefined) ?? []),
          ...options,
        ]);
    });
}

/**
 * Where `--svg PATH` writes, the same on every command: a path ending in `.svg` is one
 * file with every chart stacked; any other path is a folder with one SVG per chart.
 */
export async function writeSvgCharts(
  path: string,
  charts: { name: string; part: ChartPart }[],
  heading: string,
): Promise<string[]> {
  const { stackCharts } = await import("../report/charts.js");
  if (path.toLowerCase().endsWith(".svg")) {
    await writeFileAtomic(
      path,
      stackCharts(
        charts.map((c) => c.part),
        heading,
      ),
    );
    return [path];
  }
  await mkdir(path, { recursive: true });
  const written: string[] = [];
  for (const c of charts) {
    const file = join(path, `${c.name}.svg`);
    await writeFileAtomic(file, stackCharts([c.part]));
    written.push(file);
  }
  return written;
}

export const SVG_HELP =
  "also write the charts: PATH.svg is one file with every chart, any other PATH a folder with one SVG per chart";

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
  const unknown = (models ?? []).filter((m) => !findModel(m));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown model${unknown.length > 1 ? "s" : ""} ${unknown.map((m) => `'${m}'`).join(", ")}; known models: ${listModels()
        .map((m) => m.id)
        .join(", ")}`,
    );
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
    if (!findModel(model))
      throw new UsageError(
        `--option '${spec}': unknown model '${model}'; known models: ${listModels()
          .map((m) => m.id)
          .join(", ")}`,
      );
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
