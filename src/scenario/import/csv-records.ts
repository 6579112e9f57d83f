/**
 * CSV records with the line each starts on, for importers whose errors must name the
 * line (csv-parse does the parsing). A byte-order mark is dropped; a file csv-parse
 * cannot read becomes an `InputError` naming the file.
 */
import { parse } from "csv-parse/sync";
import { InputError } from "../problems.js";

export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

export function readCsvRecords(
  text: string,
  file: string | undefined,
  options: { relaxQuotes?: boolean; maxRecords?: number } = {},
): CsvRecord[] {
  try {
    return parse(text.replace(/^\uFEFF/, ""), {
      // Stop one past the limit: the caller reports the record beyond it.
      ...(options.maxRecords !== undefined ? { to: options.maxRecords + 1 } : {}),
      info: true,
      relax_column_count: true,
      relax_quotes: options.relaxQuotes ?? false,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as CsvRecord[];
  } catch (e) {
    throw new InputError([
      {
        file,
        ...csvErrorLine(e),
        path: [],
        message: `not a readable CSV file: ${(e as Error).message.slice(0, 300)}`,
      },
    ]);
  }
}

/** The line csv-parse names in its error, when it names one. */
function csvErrorLine(e: unknown): { line?: number } {
  const lines = (e as { lines?: unknown }).lines;
  return typeof lines === "number" && lines > 0 ? { line: lines } : {};
}
