/**
 * Every file format entente reads and writes, and how a file's format is told:
 * by its extension, then by its content.
 *
 * | id              | read | write | what                                             |
 * |-----------------|------|-------|--------------------------------------------------|
 * | yaml, json      | yes  | yes   | the native scenario (schema.ts)                  |
 * | stakeholder-csv | yes  | yes   | Actor,Capability,Position,Salience (one issue)   |
 * | ktab-csv        | yes  | yes   | KTAB's SMP CSV (several dimensions)              |
 * | ktab-xml        | yes  | no    | KTAB's SMP XML                                   |
 * | decide          | yes  | yes   | the decide #A/#P/#M/#D exchange-model format     |
 */
import { readFile } from "node:fs/promises";
import { InputError } from "./problems.js";
import type { Scenario } from "./schema.js";
import { readNativeScenario, writeJsonScenario, writeYamlScenario } from "./native.js";
import {
  looksLikeStakeholderCsv,
  readStakeholderCsv,
  writeStakeholderCsv,
  type StakeholderCsvOptions,
} from "./import/stakeholder-csv.js";
import { looksLikeDecide, readDecide, writeDecide } from "./import/decide.js";
import { readKtabCsv, readKtabXml, ktabToScenario, scenarioToKtabCsv } from "./import/ktab.js";

export const FORMATS = [
  "yaml",
  "json",
  "stakeholder-csv",
  "ktab-csv",
  "ktab-xml",
  "decide",
] as const;
export type Format = (typeof FORMATS)[number];

export interface ReadOptions extends Omit<StakeholderCsvOptions, "file"> {
  format?: Format;
}

export interface WriteOptions {
  format?: Format;
  /** For one-issue formats: which issue to write. */
  issue?: string;
}

export function formatFromExtension(file: string): Format | undefined {
  const ext = file.toLowerCase().split(".").pop();
  switch (ext) {
    case "yaml":
    case "yml":
      return "yaml";
    case "json":
      return "json";
    case "xml":
      return "ktab-xml";
    default:
      return undefined;
  }
}

/** The format of a text: by extension, then by its first lines. */
export function detectFormat(file: string, text: string): Format {
  const byExtension = formatFromExtension(file);
  if (byExtension) return byExtension;
  if (looksLikeStakeholderCsv(text)) return "stakeholder-csv";
  if (looksLikeDecide(text)) return "decide";
  const second = text.replace(/^\uFEFF/, "").split(/\r?\n/)[1] ?? "";
  if (/^\s*"?actor"?\s*,/i.test(second)) return "ktab-csv";
  throw new InputError([
    {
      file,
      path: [],
      message:
        "cannot tell the file's format: expected a .yaml/.json scenario, a stakeholder CSV " +
        "(header Actor,Capability,Position,Salience), a KTAB CSV or XML, or a decide file (#A/#P/#D records); " +
        `name it with --from (one of ${FORMATS.join(", ")})`,
    },
  ]);
}

/**
 * A scenario read from a file, with the model options the file itself states (KTAB's
 * XML names SMP's variants and seed in `ModelParameters` and `prngSeed`).
 */
export interface LoadedInput {
  scenario: Scenario;
  format: Format;
  /** Per model id, options the file sets; the user's own options override them. */
  modelOptions: Record<string, Record<string, unknown>>;
}

export function parseInput(text: string, file: string, options: ReadOptions = {}): LoadedInput {
  const format = options.format ?? detectFormat(file, text);
  switch (format) {
    case "yaml":
    case "json":
      return { format, scenario: readNativeScenario(text, file), modelOptions: {} };
    case "stakeholder-csv":
      return { format, scenario: readStakeholderCsv(text, { ...options, file }), modelOptions: {} };
    case "decide":
      return { format, scenario: readDecide(text, { file }), modelOptions: {} };
    case "ktab-csv":
      return { format, scenario: ktabToScenario(readKtabCsv(text, file)), modelOptions: {} };
    case "ktab-xml": {
      const ktab = readKtabXml(text, file);
      const smp = {
        ...(ktab.parameters ?? {}),
        ...(ktab.seed !== undefined ? { seed: ktab.seed } : {}),
      };
      return { format, scenario: ktabToScenario(ktab), modelOptions: { smp } };
    }
  }
}

export function parseScenario(text: string, file: string, options: ReadOptions = {}): Scenario {
  return parseInput(text, file, options).scenario;
}

/** Reads and validates a scenario file in any supported format. */
export async function loadScenario(file: string, options: ReadOptions = {}): Promise<Scenario> {
  return (await loadInput(file, options)).scenario;
}

/** Like `loadScenario`, with the model options the file states. */
export async function loadInput(file: string, options: ReadOptions = {}): Promise<LoadedInput> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([
      {
        file,
        path: [],
        message:
          code === "ENOENT"
            ? "no such file"
            : code === "EISDIR"
              ? "is a folder, not a file"
              : `cannot read: ${(e as Error).message}`,
      },
    ]);
  }
  if (text.trim().length === 0)
    throw new InputError([
      {
        file,
        path: [],
        message: "the file is empty: a scenario needs metadata, actors, issues and stances",
      },
    ]);
  return parseInput(text, file, options);
}

export function serializeScenario(
  scenario: Scenario,
  file: string,
  options: WriteOptions = {},
): string {
  const format =
    options.format ??
    formatFromExtension(file) ??
    (file.toLowerCase().endsWith(".csv") ? "stakeholder-csv" : undefined);
  switch (format) {
    case "yaml":
      return writeYamlScenario(scenario);
    case "json":
      return writeJsonScenario(scenario);
    case "stakeholder-csv":
      return writeStakeholderCsv(scenario, options.issue);
    case "decide":
      return writeDecide(scenario);
    case "ktab-csv":
      return scenarioToKtabCsv(scenario);
    case "ktab-xml":
      throw new InputError([
        {
          file,
          path: [],
          message: "writing KTAB XML is not supported; write ktab-csv instead (--to ktab-csv)",
        },
      ]);
    default:
      throw new InputError([
        {
          file,
          path: [],
          message: `cannot tell which format to write from the name; use --to (one of ${FORMATS.join(", ")})`,
        },
      ]);
  }
}
