/**
 * The limits of what entente reads and runs, in one place. Every limit is checked
 * before the memory it guards is allocated, and a file beyond one is refused with a
 * located problem that names the limit and how to raise it — never by running out
 * of memory or stack. The defaults hold every real negotiation table by orders of
 * magnitude; raise one (`--max-actors 100000`, or `limits: { actors: 100000 }` in
 * the library and the server) when a generated table needs more.
 *
 * | limit        | default     | flag               | what                                               |
 * |--------------|-------------|--------------------|----------------------------------------------------|
 * | fileBytes    | 64 MiB      | `--max-file-size`  | size of an input file or request body              |
 * | actors       | 50,000      | `--max-actors`     | actors of a scenario (rows of a one-issue table)   |
 * | issues       | 1,000       | `--max-issues`     | issues (KTAB: dimensions; decide: #P records)      |
 * | stances      | 1,000,000   | `--max-stances`    | stances (KTAB: actors × dimensions)                |
 * | rows         | 1,000,000   | `--max-rows`       | lines of a CSV, decide or DEU table                |
 * | depth        | 64          | `--max-depth`      | nesting of YAML, JSON and XML                      |
 * | nameLength   | 1,000       |                    | characters of a name or title                      |
 * | textLength   | 100,000     |                    | characters of a description, note or rationale     |
 * | draws        | 10,000,000  | `--max-draws`      | Monte Carlo and Sobol' draws                       |
 * | rounds       | 1,000       |                    | rounds of a dynamic model (`--rounds`)             |
 * | workers      | the cores   |                    | worker threads (`--workers`)                       |
 *
 * Ids are at most 80 characters (the schema's `Id`): they are typed on command lines.
 * A file holds at most 1,000 what-if changes; an analysis's table of forecasts at most
 * 1 GB ({@link MAX_RESULT_BYTES}); the models' dense tables at most ten times the
 * stance limit of cells (actors × issues).
 * The expected-utility model has a limit of its own on actors per issue (its tables
 * grow with the square of the actors; the model option `maxActors`).
 */
import os from "node:os";

export interface Limits {
  /** Bytes of an input file or request body. */
  fileBytes: number;
  /** Actors of a scenario. */
  actors: number;
  /** Issues (KTAB dimensions). */
  issues: number;
  /** Stances (KTAB: actors × dimensions). */
  stances: number;
  /** Lines (records) of a CSV, decide or DEU table. */
  rows: number;
  /** Nesting depth of YAML, JSON and XML. */
  depth: number;
  /** Characters of a name or title. */
  nameLength: number;
  /** Characters of a description, note, rationale, label. */
  textLength: number;
  /** Monte Carlo and Sobol' draws. */
  draws: number;
  /** Rounds of a dynamic model. */
  rounds: number;
  /** Worker threads. */
  workers: number;
}

/** The machine's cores (the most worker threads that can run at once). */
export function availableCores(): number {
  return typeof os.availableParallelism === "function"
    ? os.availableParallelism()
    : os.cpus().length;
}

export const DEFAULT_LIMITS: Readonly<Omit<Limits, "workers">> = Object.freeze({
  fileBytes: 64 * 1024 * 1024,
  actors: 50_000,
  issues: 1_000,
  stances: 1_000_000,
  rows: 1_000_000,
  depth: 64,
  nameLength: 1_000,
  textLength: 100_000,
  draws: 10_000_000,
  rounds: 1_000,
});

/**
 * The most memory an analysis may give its table of forecasts (draws × models ×
 * issues × 8 bytes); beyond it the run is refused before the table is allocated.
 */
export const MAX_RESULT_BYTES = 1024 ** 3;

/** The problem of an analysis whose table of forecasts would exceed {@link MAX_RESULT_BYTES}, or undefined. */
export function resultSizeProblem(
  rows: number,
  width: number,
  what: string,
): { path: string[]; message: string } | undefined {
  const bytes = rows * width * 8;
  if (bytes <= MAX_RESULT_BYTES) return undefined;
  return {
    path: ["--draws"],
    message:
      `${rows.toLocaleString("en")} ${what} × ${width} forecasts (models × issues) would need ` +
      `${formatBytes(bytes)} of results, more than the ${formatBytes(MAX_RESULT_BYTES)} an analysis may hold; use fewer draws, models or issues`,
  };
}

/** Problems an importer collects before it stops listing more (a broken file can have millions). */
export const MAX_PROBLEMS = 1000;

/** The command-line flag that raises each limit (where there is one). */
export const LIMIT_FLAGS: Partial<Record<keyof Limits, string>> = {
  fileBytes: "--max-file-size",
  actors: "--max-actors",
  issues: "--max-issues",
  stances: "--max-stances",
  rows: "--max-rows",
  depth: "--max-depth",
  draws: "--max-draws",
};

/** The limits in force: the defaults, with `overrides` (options, flags) on top. */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const out: Limits = { ...DEFAULT_LIMITS, workers: availableCores() };
  for (const key of Object.keys(out) as (keyof Limits)[]) {
    const v = overrides[key];
    if (v !== undefined && Number.isFinite(v) && v > 0) out[key] = Math.floor(v);
  }
  return out;
}

/** "the limit is 1,000 (raise with --max-issues)". */
export function limitText(limits: Limits, key: keyof Limits): string {
  const flag = LIMIT_FLAGS[key];
  const value = key === "fileBytes" ? formatBytes(limits[key]) : limits[key].toLocaleString("en");
  return `the limit is ${value}${flag ? ` (raise with ${flag})` : ""}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** Reads a size such as `64MB`, `500k`, `1e6` or `1048576` (bytes); undefined if not one. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const factor = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  const n = Math.floor(Number(m[1]) * factor);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The range of numbers the models compute with. Capabilities reach the models as
 * shares of the largest (compile.ts); beyond these bounds sums, noise and what-if
 * factors could overflow to Infinity or lose every digit, so they are refused.
 */
export const NUMBER_RANGE = Object.freeze({
  /** Largest capability. */
  capabilityMax: 1e300,
  /** Smallest positive capability (write 0 for none). */
  capabilityMin: 1e-300,
  /** A positive capability is at least this share of the largest. */
  capabilityRatio: 1e-12,
  /** Largest magnitude of a scale end, position, reference point or anchor. */
  valueMax: 1e15,
  /** A scale is at least this share of its largest end wide (else positions lose their digits). */
  scaleRatio: 1e-9,
});

/** At most `max` characters of `text` for a message, with an ellipsis and the full length when cut. */
export function excerpt(text: string, max = 40): string {
  let clean = "";
  for (const ch of text.slice(0, max + 1)) {
    const c = ch.charCodeAt(0);
    clean +=
      ch === "\t"
        ? "\\t"
        : ch === "\n"
          ? "\\n"
          : ch === "\r"
            ? "\\r"
            : c < 32 || (c >= 127 && c < 160)
              ? "?"
              : ch;
  }
  if (text.length <= max) return clean;
  return `${clean.slice(0, max)}… (${text.length.toLocaleString("en")} characters)`;
}
