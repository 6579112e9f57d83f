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
import { InputError } from "./problems.js";
import type { Scenario } from "./schema.js";
import { readNativeScenario, writeJsonScenario, writeYamlScenario } from "./native.js";
import { validateScenario } from "./validate.js";
import {
  looksLikeStakeholderCsv,
  readStakeholderCsv,
  writeStakeholderCsv,
  type StakeholderCsvOptions,
} from "./import/stakeholder-csv.js";
import { looksLikeDecide, readDecide, writeDecide } from "./import/decide.js";
import { readKtabCsv, readKtabXml, ktabToScenario, scenarioToKtabCsv } from "./import/ktab.js";
import { formatBytes, limitText, resolveLimits, type Limits } from "./limits.js";
import { describeNonText } from "./sniff.js";
import { readTextFile } from "./read-text.js";

export const FORMATS = [
  "yaml",
  "json",
  "stakeholder-csv",
  "ktab-csv",
  "ktab-xml",
  "decide",
] as const;
export type Format = (typeof FORMATS)[number];

export interface ReadOptions extends Omit<StakeholderCsvOptions, "file" | "limits"> {
  format?: Format;
  /** Limits on size, counts, depth and lengths (defaults: limits.ts); the server passes its own. */
  limits?: Partial<Limits>;
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
  const second = text.replace(/^\uFEFF/, "").split(/\r?\n/, 2)[1] ?? "";
  if (/^\s*"?actor"?\s*,/i.test(second)) return "ktab-csv";
  throw new InputError([{ file, line: 1, path: [], message: unknownFormatMessage(text) }]);
}

/** Why a file's format cannot be told, and what to do: the one message for every reader. */
export function unknownFormatMessage(text: string): string {
  const nonText = describeNonText(text);
  if (nonText) return `the file ${nonText}`;
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const fromHint = `or name the format with --from (one of ${FORMATS.join(", ")})`;
  if (/^\s*"?actor"?\s*;/i.test(first) || (first.split(";").length > 3 && !first.includes(",")))
    return (
      "the header is separated by semicolons (a spreadsheet saved in a European locale?); " +
      "save the table with commas (Excel: CSV UTF-8, comma delimited) with the header " +
      `Actor,Capability,Position,Salience, ${fromHint}`
    );
  if (/^\s*"?actor"?\s*\t/i.test(first))
    return `the header is separated by tabs; save the table with commas (header Actor,Capability,Position,Salience), ${fromHint}`;
  return (
    "cannot tell the file's format: expected a .yaml/.json scenario, a stakeholder CSV " +
    "(header Actor,Capability,Position,Salience), a KTAB CSV or XML, or a decide file (#A/#P/#D records); " +
    `name it with --from (one of ${FORMATS.join(", ")})`
  );
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
  const limits = resolveLimits(options.limits);
  if (text.length > limits.fileBytes)
    throw new InputError([
      {
        file,
        path: [],
        message: `the text is ${formatBytes(text.length)}; ${limitText(limits, "fileBytes")}`,
      },
    ]);
  const nonText = describeNonText(text);
  if (nonText) throw new InputError([{ file, path: [], message: `the file ${nonText}` }]);
  const format = options.format ?? detectFormat(file, text);
  const scenario = (s: Scenario): LoadedInput => ({
    format,
    scenario: checkScenario(s, file, limits),
    modelOptions: {},
  });
  switch (format) {
    case "yaml":
    case "json":
      return {
        format,
        scenario: readNativeScenario(text, file, { json: format === "json", limits }),
        modelOptions: {},
      };
    case "stakeholder-csv":
      return scenario(readStakeholderCsv(text, { ...options, file, limits }));
    case "decide":
      return scenario(readDecide(text, { file, limits }));
    case "ktab-csv":
      return scenario(ktabToScenario(readKtabCsv(text, file, { limits })));
    case "ktab-xml": {
      const ktab = readKtabXml(text, file, { limits });
      const smp = {
        ...(ktab.parameters ?? {}),
        ...(ktab.seed !== undefined ? { seed: ktab.seed } : {}),
      };
      return { ...scenario(ktabToScenario(ktab)), modelOptions: { smp } };
    }
  }
}

/**
 * An imported scenario through the same validation as a native file (ids, ranges,
 * lengths, limits), its problems named with the file: an importer that lets
 * something through must not hand the models what a YAML file could not.
 */
function checkScenario(s: Scenario, file: string, limits: Limits): Scenario {
  const result = validateScenario(s, { limits });
  if (result.ok) return result.scenario;
  throw new InputError(result.problems.map((p) => ({ ...p, file })));
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
  const limits = resolveLimits(options.limits);
  const text = await readTextFile(file, limits);
  if (text.trim().length === 0)
    throw new InputError([
      {
        file,
        path: [],
        message: "the file is empty: a scenario needs metadata, actors, issues and stances",
      },
    ]);
  return parseInput(text, file, { ...options, limits });
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
