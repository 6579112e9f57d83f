/**
 * Tables typed by people, from a CSV file or a spreadsheet sheet: rows of cells with
 * the line (row) each starts on, the separator told from the first line, headers
 * matched whatever their case, spacing or common synonym.
 *
 * Excel writes CSV with a comma, or with a semicolon where the decimal separator is a
 * comma (most European locales); tab-separated text comes from copying cells. Numbers
 * are read with `readDecimal`, with a decimal comma only where the separator is a
 * semicolon (with a comma separator, `0,5` would be two cells).
 */
import { parse } from "csv-parse/sync";
import { InputError } from "../problems.js";
import { excerpt, limitText, resolveLimits, type Limits } from "../limits.js";
import { readDecimal } from "./decimal.js";

/** A cell: text from a CSV, text or a number from a spreadsheet; undefined when empty. */
export type Cell = string | number | undefined;

export interface TableRow {
  cells: Cell[];
  /** 1-based line of a CSV file, or row of a sheet. */
  line: number;
}

export interface Table {
  rows: TableRow[];
  /** `","`, `";"`, `"\t"` for CSV; undefined for a spreadsheet. */
  separator?: string;
  /** Whether numbers may be written with a decimal comma. */
  decimalComma: boolean;
  /** Where the table comes from, for messages: a file, or `file` sheet `name`. */
  file?: string;
}

export const SEPARATOR_NAMES: Record<string, string> = {
  ",": "comma",
  ";": "semicolon",
  "\t": "tab",
};

/** The separator of a CSV text: the one of comma, semicolon and tab used most on its first line (outside quotes). */
export function sniffSeparator(text: string): string {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  // Ties go to tab, then semicolon: a line with one of each is more likely "a,b;c" text.
  const best = ["\t", ";", ","].reduce((b, s) => (counts[s] > counts[b] ? s : b), "\t");
  return counts[best] > 0 ? best : ",";
}

/** Reads a CSV text (comma, semicolon or tab; a BOM dropped) into a table. */
export function readCsvTable(
  text: string,
  file?: string,
  separator = sniffSeparator(text),
  limits?: Partial<Limits>,
): Table {
  const maxRows = resolveLimits(limits).rows;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      delimiter: separator,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // Parse at most one record past the limit, so a huge file is refused, not held.
      to: maxRows + 1,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw new InputError([
      { file, path: [], message: `not a readable CSV file: ${excerpt((e as Error).message, 200)}` },
    ]);
  }
  if (records.length > maxRows)
    throw new InputError([
      {
        file,
        line: records[records.length - 1].info.lines,
        path: [],
        message: `more than ${maxRows.toLocaleString("en")} rows; ${limitText(resolveLimits(limits), "rows")}`,
      },
    ]);
  return {
    file,
    separator,
    decimalComma: separator === ";",
    rows: records
      .map(({ record, info }) => ({
        line: info.lines,
        cells: record.map((c) => (c.length === 0 ? undefined : c)),
      }))
      .filter((r) => r.cells.some((c) => c !== undefined)),
  };
}

/** A header as a key: lower case, single spaces, no punctuation at the ends (`"Scale_Low "` → `"scale low"`). */
export function headerKey(cell: Cell): string {
  return String(cell ?? "")
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[_\s]+/g, " ")
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The columns the stakeholder and scenario tables know, each with the headers that
 * mean it (after `headerKey`).
 */
export const COLUMN_SYNONYMS = {
  actor: ["actor", "name", "stakeholder", "actor name", "player"],
  actorId: ["actor id", "id"],
  capability: ["capability", "capabilities", "power", "influence", "clout", "resources"],
  position: ["position", "stance", "preference", "pos"],
  salience: ["salience", "importance", "priority", "weight", "sal"],
  issue: ["issue", "issue name", "dimension"],
  issueId: ["issue id"],
  rationale: ["rationale", "reason", "comment", "why"],
  low: ["scale low", "low", "min", "minimum", "scale min"],
  high: ["scale high", "high", "max", "maximum", "scale max"],
  referencePoint: ["reference point", "reference", "status quo", "sq", "referencepoint"],
  veto: ["veto", "veto player", "can veto"],
  agendaSetter: ["agenda setter", "setter", "proposer"],
} as const;
export type Column = keyof typeof COLUMN_SYNONYMS;

/** Column index per known column, and the headers no column takes (ignored). */
export function matchColumns(header: Cell[]): {
  index: Partial<Record<Column, number>>;
  extra: { header: string; column: number }[];
  duplicate: { column: Column; header: string; at: number }[];
  /** The salience scale a header states (`Salience (0-100)`, `Salience 0–1`). */
  salienceScale?: 1 | 100;
} {
  let salienceScale: 1 | 100 | undefined;
  const index: Partial<Record<Column, number>> = {};
  const extra: { header: string; column: number }[] = [];
  const duplicate: { column: Column; header: string; at: number }[] = [];
  header.forEach((cell, k) => {
    let key = headerKey(cell);
    if (key.length === 0) return;
    const scaled = /^(.*) 0 (1|100)$/.exec(key);
    if (scaled && (COLUMN_SYNONYMS.salience as readonly string[]).includes(scaled[1])) {
      key = scaled[1];
      salienceScale = scaled[2] === "1" ? 1 : 100;
    }
    const column = (Object.keys(COLUMN_SYNONYMS) as Column[]).find((c) =>
      (COLUMN_SYNONYMS[c] as readonly string[]).includes(key),
    );
    if (!column) extra.push({ header: String(cell), column: k + 1 });
    else if (index[column] !== undefined)
      duplicate.push({ column, header: String(cell), at: k + 1 });
    else index[column] = k;
  });
  return { index, extra, duplicate, salienceScale };
}

/** The text of a cell, trimmed; undefined when empty. */
export function cellText(cell: Cell): string | undefined {
  if (cell === undefined) return undefined;
  const t = String(cell).trim();
  return t.length > 0 ? t : undefined;
}

/** The number in a cell (a spreadsheet number as it is; text by `readDecimal`). */
export function cellNumber(cell: Cell, decimalComma: boolean): number | undefined {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : undefined;
  if (cell === undefined) return undefined;
  return readDecimal(cell, { decimalComma });
}

/** A yes/no cell: yes, y, true, x, 1 or no, n, false, 0 (empty: undefined; other text: null). */
export function cellFlag(cell: Cell): boolean | undefined | null {
  const t = cellText(cell)?.toLowerCase();
  if (t === undefined) return undefined;
  if (["yes", "y", "true", "x", "1", "✓"].includes(t)) return true;
  if (["no", "n", "false", "0", "-"].includes(t)) return false;
  return null;
}

/** "lines 3, 7 and 9" */
export function listLines(lines: number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  return `lines ${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
}
