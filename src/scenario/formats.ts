/**
 * Every file format entente reads and writes, and how a file's format is told:
 * by its extension, then by its content.
 *
 * | id              | read | write | what                                             |
 * |-----------------|------|-------|--------------------------------------------------|
 * | yaml, json      | yes  | yes   | the native scenario (schema.ts)                  |
 * | xlsx            | yes  | yes   | an Excel workbook (import/xlsx.ts), binary       |
 * | scenario-csv    | yes  | yes   | Issue,Actor,Capability,Position,Salience,…       |
 * | stakeholder-csv | yes  | yes   | Actor,Capability,Position,Salience (one issue)   |
 * | ktab-csv        | yes  | yes   | KTAB's SMP CSV (several dimensions)              |
 * | ktab-xml        | yes  | no    | KTAB's SMP XML                                   |
 * | decide          | yes  | yes   | the decide #A/#P/#M/#D exchange-model format     |
 *
 * What each holds of a scenario, and what a conversion loses: capabilities.ts.
 * Text formats are read synchronously (`parseScenario`); the workbook is binary and
 * read with `parseInputBytes` / `loadScenario` (async).
 */
import { InputError } from "./problems.js";
import type { Scenario } from "./schema.js";
import { readNativeScenario, writeJsonScenario, writeYamlScenario } from "./native.js";
import { validateScenario } from "./validate.js";
import {
  looksLikeScenarioCsv,
  looksLikeStakeholderCsv,
  readStakeholderCsvWithNotes,
  writeStakeholderCsv,
  type StakeholderCsvOptions,
} from "./import/stakeholder-csv.js";
import { writeScenarioCsv } from "./import/scenario-table.js";
import { isOds, isOle2, isZip, readXlsx, writeXlsx } from "./import/xlsx.js";
import { looksLikeDecide, readDecide, writeDecide } from "./import/decide.js";
import { readKtabCsv, readKtabXml, ktabToScenario, scenarioToKtabCsv } from "./import/ktab.js";
import { formatBytes, limitText, resolveLimits, type Limits } from "./limits.js";
import { describeNonText } from "./sniff.js";
import { readFileBytes } from "./read-text.js";

/** The text formats (read from a string). */
export const FORMATS = [
  "yaml",
  "json",
  "scenario-csv",
  "stakeholder-csv",
  "ktab-csv",
  "ktab-xml",
  "decide",
] as const;
export type Format = (typeof FORMATS)[number];
/** Every format, text and binary. */
export const ALL_FORMATS = [...FORMATS, "xlsx"] as const;
export type AnyFormat = (typeof ALL_FORMATS)[number];

export interface ReadOptions extends Omit<StakeholderCsvOptions, "file" | "limits"> {
  format?: AnyFormat;
  /** Limits on size, counts, depth and lengths (defaults: limits.ts); the server passes its own. */
  limits?: Partial<Limits>;
}

export interface WriteOptions {
  format?: AnyFormat;
  /** For one-issue formats: which issue to write. */
  issue?: string;
}

export function formatFromExtension(file: string): AnyFormat | undefined {
  const ext = file.toLowerCase().split(".").pop();
  switch (ext) {
    case "yaml":
    case "yml":
      return "yaml";
    case "json":
      return "json";
    case "xml":
      return "ktab-xml";
    case "xlsx":
    case "xlsm":
      return "xlsx";
    default:
      return undefined;
  }
}

/** The refusal for spreadsheet formats entente does not read (.xls, .ods), saying what to do. */
function unreadableSpreadsheet(file: string, bytes?: Uint8Array): InputError | undefined {
  const ext = file.toLowerCase().split(".").pop();
  const kind =
    ext === "xls" || (bytes && isOle2(bytes))
      ? "an old binary Excel workbook (.xls, Excel 97–2003)"
      : ext === "ods" || (bytes && isOds(bytes))
        ? "an OpenDocument spreadsheet (.ods)"
        : undefined;
  if (!kind) return undefined;
  return new InputError([
    {
      file,
      path: [],
      message:
        `${kind}, which entente does not read: open it in Excel or LibreOffice Calc and save it ` +
        `as "Excel Workbook (.xlsx)", or export the stances sheet as CSV`,
    },
  ]);
}

/** The format of a text: by extension, then by its first lines. */
export function detectFormat(file: string, text: string): Format {
  const refusal = unreadableSpreadsheet(file);
  if (refusal) throw refusal;
  const byExtension = formatFromExtension(file);
  if (byExtension === "xlsx")
    throw new InputError([
      {
        file,
        path: [],
        message: "an .xlsx workbook is binary: read it with loadScenario or parseInputBytes",
      },
    ]);
  if (byExtension) return byExtension;
  if (looksLikeScenarioCsv(text)) return "scenario-csv";
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
  return (
    "cannot tell the file's format: expected a .yaml/.json scenario, an .xlsx workbook, a stakeholder CSV " +
    "(header Actor,Capability,Position,Salience, comma-, semicolon- or tab-separated; with an Issue column, a scenario CSV), " +
    "a KTAB CSV or XML, or a decide file (#A/#P/#D records); " +
    `name it with --from (one of ${ALL_FORMATS.join(", ")})`
  );
}

/**
 * A scenario read from a file, with the model options the file itself states (KTAB's
 * XML names SMP's variants and seed in `ModelParameters` and `prngSeed`).
 */
export interface LoadedInput {
  scenario: Scenario;
  format: AnyFormat;
  /** Per model id, options the file sets; the user's own options override them. */
  modelOptions: Record<string, Record<string, unknown>>;
  /** What the reader decided or noticed (salience scale, ignored columns, …), one line each. */
  notes: string[];
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
  const done = (
    scenario: Scenario,
    notes: string[] = [],
    modelOptions: Record<string, Record<string, unknown>> = {},
  ): LoadedInput => ({
    format,
    scenario: checkScenario(scenario, file, limits),
    modelOptions,
    notes,
  });
  switch (format) {
    case "yaml":
    case "json": {
      const scenario = readNativeScenario(text, file, { json: format === "json", limits });
      return { format, scenario, modelOptions: {}, notes: salienceNotes(scenario) };
    }
    case "stakeholder-csv":
    case "scenario-csv": {
      const read = readStakeholderCsvWithNotes(text, { ...options, file, limits });
      return done(read.scenario, read.notes);
    }
    case "decide":
      return done(readDecide(text, { file, limits }));
    case "ktab-csv":
      return done(ktabToScenario(readKtabCsv(text, file, { limits })));
    case "ktab-xml": {
      const ktab = readKtabXml(text, file, { limits });
      const smp = {
        ...(ktab.parameters ?? {}),
        ...(ktab.seed !== undefined ? { seed: ktab.seed } : {}),
      };
      return done(ktabToScenario(ktab), [], { smp });
    }
    case "xlsx":
      throw new InputError([
        {
          file,
          path: [],
          message: "an .xlsx workbook is binary: read it with loadScenario or parseInputBytes",
        },
      ]);
  }
}

/**
 * A warning for a file on entente's 0–100 salience scale whose saliences all lie in
 * [0, 1] (likely written on 0–1: each would weigh a hundredth); none otherwise.
 */
export function salienceNotes(scenario: Scenario): string[] {
  const sal = scenario.stances.map((s) => s.salience);
  if (sal.length > 0 && sal.every((x) => x <= 1) && sal.some((x) => x > 0))
    return [
      "warning: every salience lies in [0, 1], but this format reads salience on 0–100, so each weighs " +
        "almost nothing; if they are shares, multiply them by 100 (or import the table as a stakeholder CSV, " +
        "which reads 0–1)",
    ];
  return [];
}

/** Reads a file's bytes in any format, the binary workbook included. */
export async function parseInputBytes(
  bytes: Uint8Array,
  file: string,
  options: ReadOptions = {},
): Promise<LoadedInput> {
  const refusal = options.format === undefined ? unreadableSpreadsheet(file, bytes) : undefined;
  if (refusal) throw refusal;
  const format =
    options.format ??
    (formatFromExtension(file) === "xlsx" ||
    (isZip(bytes) && formatFromExtension(file) === undefined)
      ? "xlsx"
      : undefined);
  if (format === "xlsx") {
    const read = await readXlsx(bytes, { ...options, file });
    const notes = read.notes.some((n) => n.startsWith("salience"))
      ? read.notes
      : [...read.notes, ...salienceNotes(read.scenario)];
    return {
      format,
      scenario: checkScenario(read.scenario, file, resolveLimits(options.limits)),
      modelOptions: {},
      notes,
    };
  }
  const nonText = describeNonText(bytes);
  if (nonText) throw new InputError([{ file, path: [], message: `the file ${nonText}` }]);
  const text = Buffer.from(bytes).toString("utf8");
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
  const bytes = await readFileBytes(file, limits);
  if (bytes.length === 0)
    throw new InputError([
      {
        file,
        path: [],
        message: "the file is empty: a scenario needs metadata, actors, issues and stances",
      },
    ]);
  return parseInputBytes(bytes, file, { ...options, limits });
}

export function serializeScenario(
  scenario: Scenario,
  file: string,
  options: WriteOptions = {},
): string {
  const format = writeFormat(scenario, file, options);
  switch (format) {
    case "xlsx":
      throw new InputError([
        {
          file,
          path: [],
          message: "an .xlsx workbook is binary: write it with serializeScenarioBytes",
        },
      ]);
    case "scenario-csv":
      return writeScenarioCsv(scenario);
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
          message: `cannot tell which format to write from the name; use --to (one of ${ALL_FORMATS.join(", ")})`,
        },
      ]);
  }
}

/**
 * The format a file name (or `--to`) asks for. A `.csv` is a stakeholder CSV when
 * the scenario has one issue (or one is named), else a scenario CSV.
 */
export function writeFormat(
  scenario: Scenario,
  file: string,
  options: WriteOptions = {},
): AnyFormat | undefined {
  if (options.format) return options.format;
  const byExtension = formatFromExtension(file);
  if (byExtension) return byExtension;
  const ext = file.toLowerCase().split(".").pop();
  if (ext === "csv")
    return scenario.issues.length === 1 || options.issue !== undefined
      ? "stakeholder-csv"
      : "scenario-csv";
  return undefined;
}

/** Like `serializeScenario`, for every format: a workbook's bytes, or text. */
export async function serializeScenarioBytes(
  scenario: Scenario,
  file: string,
  options: WriteOptions = {},
): Promise<Uint8Array | string> {
  if (writeFormat(scenario, file, options) === "xlsx") return writeXlsx(scenario);
  return serializeScenario(scenario, file, options);
}
