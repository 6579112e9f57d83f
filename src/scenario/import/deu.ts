/**
 * Reader for the "Decision-making in the European Union" (DEU) tables (Thomson et
 * al. 2006, The European Union Decides; DEU III: Arregui & Perarnaud 2021, Journal
 * of European Public Policy, data doi 10.34810/data53, CC BY 4.0).
 *
 * Layout: one row per controversial issue of a legislative proposal, separated by
 * tabs or semicolons (detected from the header line). Columns, by name:
 * - `prnr`, `prname` (the proposal), `isnr` (the issue), `type` (Reg/Dir/Dec),
 *   `proc` (COD/CNS), `counvte` (QMV/Unan); other descriptive columns (`council`,
 *   `prnrnmc`, `isnrnmc`, `proccde`, `issues`, `intro`, `finact`) are kept as read
 *   where present;
 * - `p<actor>` and `s<actor>`: position and salience on 0–100 of the Commission
 *   (`com`), the Parliament (`ep`) and the 28 member states (`DEU_MEMBER_STATES`);
 * - `rp` the reference point and `out` the outcome, 0–100, empty where unknown.
 *
 * Each row becomes a one-issue entente `Scenario` (scale 0–100, the reference point
 * from `rp`), in which an actor takes a stance only where both its position and its
 * salience are usable, and the row's description (`DeuIssueMeta`: proposal, issue,
 * legal type, procedure, voting rule, outcome). The outcome stays out of the
 * scenario: it is what a backtest scores a forecast against.
 *
 * Missing data is never dropped in silence. Every cell read as missing is listed in
 * the report returned with the data, with its line, column, the text found and the
 * reason: empty; not a number; out of range (codes such as 999 or −99 sometimes used
 * for "not known"); or a position without a salience (or the reverse), whose half
 * stance cannot be used. Problems that make a row unusable (wrong number of fields,
 * no issue id, an issue id used twice) or the file unusable (no separator, missing
 * columns) raise an `InputError` naming file, line and column.
 */
import { parse } from "csv-parse/sync";
import type { Problem } from "../problems.js";
import { InputError } from "../problems.js";
import type { Actor, Scenario, Stance } from "../schema.js";
import { Id } from "../schema.js";
import { slugify } from "../ids.js";
import { excerpt, limitText, resolveLimits, type Limits } from "../limits.js";
import { DEU_MEMBER_STATES } from "../../institutions/eu-member-states.js";

/** Every actor of the DEU layout: the Commission, the Parliament, the member states. */
export const DEU_ACTORS = [
  { id: "com", name: "European Commission" },
  { id: "ep", name: "European Parliament" },
  ...DEU_MEMBER_STATES,
] as const;

export type DeuActorId = (typeof DEU_ACTORS)[number]["id"];

/** Columns the reader needs, in the DEU order. */
export const DEU_REQUIRED_COLUMNS: readonly string[] = [
  "prnr",
  "prname",
  "isnr",
  "type",
  "proc",
  "counvte",
  ...DEU_ACTORS.map((a) => `p${a.id}`),
  ...DEU_ACTORS.map((a) => `s${a.id}`),
  "rp",
  "out",
];

/** Descriptive columns kept as read when the file has them. */
const DESCRIPTIVE_COLUMNS = [
  "prnrnmc",
  "isnrnmc",
  "council",
  "proccde",
  "issues",
  "intro",
  "finact",
];

export interface DeuIssueMeta {
  /** Line of the row in the file (the header is line 1). */
  line: number;
  /** Proposal number (`prnr`). */
  proposal: string;
  /** Proposal name (`prname`). */
  proposalName: string;
  /** Issue id (`isnr`). */
  issue: string;
  /** Legal type (`type`): Reg, Dir, Dec. */
  type: string;
  /** Legislative procedure (`proc`): COD or CNS. */
  procedure: string;
  /** Council voting rule (`counvte`): QMV or Unan. */
  votingRule: string;
  /** Council configuration (`council`), where the file has the column. */
  council?: string;
  /** The decision's outcome on 0–100 (`out`), or null where unknown or unreadable. */
  outcome: number | null;
  /** The reference point on 0–100 (`rp`), or null. */
  referencePoint: number | null;
  /** Actors with a usable position (whether or not they have a salience), DEU order. */
  positionHolders: DeuActorId[];
  /** Actors with both a position and a salience (the scenario's stances), DEU order. */
  stanceHolders: DeuActorId[];
  /** The other descriptive columns as read (`prnrnmc`, `isnrnmc`, `proccde`, `issues`, `intro`, `finact`). */
  columns: Record<string, string>;
}

export interface DeuIssue {
  meta: DeuIssueMeta;
  scenario: Scenario;
}

export type DeuMissingReason =
  | "empty"
  | "not a number"
  | "out of range"
  | "position without salience"
  | "salience without position";

/** One cell read as missing (or a half stance dropped), located for a person to check. */
export interface DeuMissingCell {
  line: number;
  column: string;
  value: string;
  reason: DeuMissingReason;
}

export interface DeuReadReport {
  file?: string;
  separator: "\t" | ";";
  /** Data rows in the file (excluding the header). */
  rows: number;
  /** Rows that became issues. */
  issues: number;
  /** Rows that did not become issues, and why (empty rows, rows without any stance). */
  skippedRows: { line: number; reason: string }[];
  /** Every cell read as missing, with the reason. */
  missing: DeuMissingCell[];
  /** `missing` counted by reason. */
  counts: Record<DeuMissingReason, number>;
}

export interface DeuDataset {
  issues: DeuIssue[];
  report: DeuReadReport;
}

export interface DeuReadOptions {
  /** File name for messages. */
  file?: string;
  /** Force a separator instead of detecting it from the header. */
  separator?: "\t" | ";";
  /**
   * Capability of an actor on an issue (default 1 for every actor: "equal
   * capabilities"). Use it to plug in voting power by Council era.
   */
  capability?: (actor: DeuActorId, meta: DeuIssueMeta) => number;
  /** Attribution written into each scenario's metadata. */
  source?: { title: string; url?: string; note?: string };
  /** Limits on rows (defaults: limits.ts). */
  limits?: Partial<Limits>;
}

const DEU_III_SOURCE = {
  title:
    "DEU III: Arregui, J. & Perarnaud, C. (2021), A new dataset on legislative decision-making in the European Union, Journal of European Public Policy",
  url: "https://doi.org/10.34810/data53",
  note: "CC BY 4.0",
};

const STANCE_SCALE = { low: 0, high: 100 };

/** The separator of a DEU table, from its header line: tab or semicolon. */
export function detectDeuSeparator(headerLine: string): "\t" | ";" | undefined {
  const tabs = headerLine.split("\t").length - 1;
  const semicolons = headerLine.split(";").length - 1;
  if (tabs === 0 && semicolons === 0) return undefined;
  return tabs >= semicolons ? "\t" : ";";
}

/**
 * Reads a DEU table into one-issue scenarios plus a report of every cell read as
 * missing. Throws `InputError` (with file, line, column) when the file or a row
 * cannot be used.
 */
export function readDeu(text: string, options: DeuReadOptions = {}): DeuDataset {
  const file = options.file;
  const limits = resolveLimits(options.limits);
  const body = text.replace(/^\uFEFF/, "");
  const headerLine = body.split(/\r?\n/, 1)[0] ?? "";
  if (headerLine.trim().length === 0)
    throw new InputError([
      {
        file,
        line: 1,
        path: [],
        message: "the file is empty: a DEU table starts with a header line",
      },
    ]);
  const separator = options.separator ?? detectDeuSeparator(headerLine);
  if (!separator)
    throw new InputError([
      {
        file,
        line: 1,
        path: [],
        message:
          "cannot tell the separator: the header line has neither tabs nor semicolons (a DEU table is tab- or semicolon-separated)",
      },
    ]);

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter: separator,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      to: limits.rows + 2,
    }) as unknown as typeof records; // with `info: true` each record comes with its line count
  } catch (e) {
    throw new InputError([
      { file, path: [], message: `not a readable table: ${excerpt((e as Error).message, 300)}` },
    ]);
  }

  if (records.length > limits.rows + 1)
    throw new InputError([
      {
        file,
        line: records[records.length - 1].info.lines,
        path: [],
        message: `more than ${limits.rows.toLocaleString("en")} rows; ${limitText(limits, "rows")}`,
      },
    ]);
  const header = records[0].record.map((c) => c.trim().toLowerCase());
  const headerProblems = checkHeader(header, file);
  if (headerProblems.length > 0) throw new InputError(headerProblems);
  const column = new Map(header.map((name, index) => [name, index]));

  const problems: Problem[] = [];
  const missing: DeuMissingCell[] = [];
  const skippedRows: { line: number; reason: string }[] = [];
  const issues: DeuIssue[] = [];
  const firstLineOfIssue = new Map<string, number>();
  const decimalComma = separator === ";";
  let line = records[0].info.lines; // last line of the previous record
  let rows = 0;

  for (const { record, info } of records.slice(1)) {
    const rowLine = line + 1;
    line = info.lines;
    rows++;
    if (record.every((cell) => cell.trim().length === 0)) {
      skippedRows.push({ line: rowLine, reason: "empty row" });
      continue;
    }
    if (
      record.length < header.length ||
      record.slice(header.length).some((c) => c.trim().length > 0)
    ) {
      problems.push({
        file,
        line: rowLine,
        path: [],
        message: `${record.length} fields where the header has ${header.length}; check for a missing or stray ${separator === "\t" ? "tab" : "semicolon"}`,
      });
      continue;
    }
    const cell = (name: string): string => record[column.get(name)!].trim();
    const issueId = cell("isnr");
    if (issueId.length === 0) {
      problems.push({
        file,
        line: rowLine,
        column: column.get("isnr")! + 1,
        path: ["isnr"],
        message: "the issue id (isnr) is empty; every row needs one",
      });
      continue;
    }
    const first = firstLineOfIssue.get(issueId);
    if (first !== undefined) {
      problems.push({
        file,
        line: rowLine,
        column: column.get("isnr")! + 1,
        path: ["isnr"],
        message: `issue '${excerpt(issueId)}' appears twice (first on line ${first}); keep one row per issue`,
      });
      continue;
    }
    firstLineOfIssue.set(issueId, rowLine);

    const readCode = (name: string): number | null => {
      const raw = cell(name);
      const result = readScore(raw, decimalComma);
      if (typeof result === "number") return result;
      missing.push({ line: rowLine, column: name, value: raw, reason: result });
      return null;
    };

    const positionHolders: DeuActorId[] = [];
    const stanceData: { actor: DeuActorId; position: number; salience: number }[] = [];
    for (const { id } of DEU_ACTORS) {
      const position = readCode(`p${id}`);
      const salience = readCode(`s${id}`);
      if (position !== null) positionHolders.push(id);
      if (position !== null && salience !== null)
        stanceData.push({ actor: id, position, salience });
      else if (position !== null)
        missing.push({
          line: rowLine,
          column: `p${id}`,
          value: cell(`p${id}`),
          reason: "position without salience",
        });
      else if (salience !== null)
        missing.push({
          line: rowLine,
          column: `s${id}`,
          value: cell(`s${id}`),
          reason: "salience without position",
        });
    }
    const referencePoint = readCode("rp");
    const outcome = readCode("out");

    const columns: Record<string, string> = {};
    for (const name of DESCRIPTIVE_COLUMNS) if (column.has(name)) columns[name] = cell(name);
    const meta: DeuIssueMeta = {
      line: rowLine,
      proposal: cell("prnr"),
      proposalName: cell("prname"),
      issue: issueId,
      type: cell("type"),
      procedure: cell("proc"),
      votingRule: cell("counvte"),
      ...(column.has("council") ? { council: cell("council") } : {}),
      outcome,
      referencePoint,
      positionHolders,
      stanceHolders: stanceData.map((s) => s.actor),
      columns,
    };
    if (stanceData.length === 0) {
      skippedRows.push({
        line: rowLine,
        reason: `issue '${issueId}': no actor has both a position and a salience`,
      });
      continue;
    }
    const capability = options.capability ?? (() => 1);
    const actors: Actor[] = [];
    for (const s of stanceData) {
      const c = capability(s.actor, meta);
      if (!Number.isFinite(c) || c < 0) {
        problems.push({
          file,
          line: rowLine,
          path: ["capability", s.actor],
          message: `the capability function gave ${c} for '${s.actor}' on issue '${issueId}'; capabilities must be finite and non-negative`,
        });
        continue;
      }
      actors.push({ id: s.actor, name: actorName(s.actor), capability: c });
    }
    issues.push({
      meta,
      scenario: toScenario(meta, stanceData, actors, options.source ?? DEU_III_SOURCE),
    });
  }

  if (problems.length > 0) throw new InputError(problems);
  const counts: Record<DeuMissingReason, number> = {
    empty: 0,
    "not a number": 0,
    "out of range": 0,
    "position without salience": 0,
    "salience without position": 0,
  };
  for (const m of missing) counts[m.reason]++;
  return {
    issues,
    report: { file, separator, rows, issues: issues.length, skippedRows, missing, counts },
  };
}

/**
 * The issues a backtest scores: the outcome is known and at least `minStances`
 * actors (three by default) have both a position and a salience.
 */
export function scoredDeuIssues(issues: readonly DeuIssue[], minStances = 3): DeuIssue[] {
  return issues.filter((i) => i.meta.outcome !== null && i.meta.stanceHolders.length >= minStances);
}

/** A one-paragraph account of what was read and what was read as missing. */
export function formatDeuReport(report: DeuReadReport): string {
  const where = report.file ? `${report.file}: ` : "";
  const sep = report.separator === "\t" ? "tab" : "semicolon";
  const c = report.counts;
  const parts = [
    `${where}${report.rows} rows read (${sep}-separated), ${report.issues} issues`,
    report.skippedRows.length > 0 ? `${report.skippedRows.length} rows skipped` : "no row skipped",
    `cells read as missing: ${c.empty} empty, ${c["not a number"]} not a number, ${c["out of range"]} out of range`,
    `half stances dropped: ${c["position without salience"]} positions without salience, ${c["salience without position"]} saliences without position`,
  ];
  return parts.join("; ") + ".";
}

function checkHeader(header: string[], file: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name.length === 0) return;
    const first = seen.get(name);
    if (first !== undefined)
      problems.push({
        file,
        line: 1,
        column: i + 1,
        path: ["header", name],
        message: `column '${name}' appears twice (columns ${first + 1} and ${i + 1})`,
      });
    else seen.set(name, i);
  });
  const absent = DEU_REQUIRED_COLUMNS.filter((name) => !seen.has(name));
  if (absent.length > 0)
    problems.push({
      file,
      line: 1,
      path: ["header"],
      message:
        `missing column${absent.length > 1 ? "s" : ""} ${absent.map((a) => `'${a}'`).join(", ")}; ` +
        "a DEU table needs prnr, prname, isnr, type, proc, counvte, p<actor> and s<actor> for " +
        "com, ep and the 28 member states, rp and out",
    });
  return problems;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A code on 0–100, or the reason it is read as missing. */
function readScore(raw: string, decimalComma: boolean): number | DeuMissingReason {
  if (raw.length === 0) return "empty";
  const text = decimalComma ? raw.replace(",", ".") : raw;
  if (!NUMBER.test(text)) return "not a number";
  const value = Number(text);
  if (!(value >= 0 && value <= 100)) return "out of range";
  return value;
}

function actorName(id: DeuActorId): string {
  return DEU_ACTORS.find((a) => a.id === id)!.name;
}

function toScenario(
  meta: DeuIssueMeta,
  stances: { actor: DeuActorId; position: number; salience: number }[],
  actors: Actor[],
  source: { title: string; url?: string; note?: string },
): Scenario {
  const issueId = Id.safeParse(meta.issue).success ? meta.issue : slugify(meta.issue);
  const label = meta.proposalName.length > 0 ? meta.proposalName : `proposal ${meta.proposal}`;
  const withCapability = new Set(actors.map((a) => a.id));
  return {
    entente: 1,
    metadata: {
      title: `DEU ${meta.issue}: ${label}`,
      description:
        `Proposal ${meta.proposal} (${[meta.type, meta.procedure, meta.votingRule].filter((x) => x).join(", ")}), ` +
        `issue ${meta.issue}, line ${meta.line} of the DEU table.`,
      sources: [source],
      notes:
        "Imported from the DEU layout: positions and saliences on 0–100 as coded; an actor takes a stance only " +
        "where it has both. The recorded outcome is kept out of the scenario (it is what a backtest scores).",
    },
    actors,
    issues: [
      {
        id: issueId,
        name: `${label}, issue ${meta.issue}`,
        scale: { ...STANCE_SCALE },
        ...(meta.referencePoint !== null ? { referencePoint: meta.referencePoint } : {}),
      },
    ],
    stances: stances
      .filter((s) => withCapability.has(s.actor))
      .map((s): Stance => ({
        actor: s.actor,
        issue: issueId,
        position: s.position,
        salience: s.salience,
      })),
  };
}
