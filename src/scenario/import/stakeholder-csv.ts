/**
 * The single-issue stakeholder table of the expected-utility literature
 * (Bueno de Mesquita 1994; Scholz et al. 2011): a CSV with the header
 * `Actor,Capability,Position,Salience`, one row per actor; and its long form with an
 * issue column, the scenario CSV. Both are read by `readStakeholderTable`
 * (scenario-table.ts): comma, semicolon or tab, any header case, synonyms, extra
 * columns ignored with a note, salience on 0–1 or 0–100.
 */
import { InputError } from "../problems.js";
import { limitText, resolveLimits } from "../limits.js";
import type { Scenario } from "../schema.js";
import { readCsvTable } from "./table.js";
import {
  hasIssueColumn,
  inferScale,
  isStakeholderHeader,
  readStakeholderTable,
  type StakeholderTableOptions,
  type TableScenario,
} from "./scenario-table.js";

export { inferScale };
export type StakeholderCsvOptions = StakeholderTableOptions;

/** Whether a CSV's first line is a stakeholder table's header (single-issue: no issue column). */
export function looksLikeStakeholderCsv(text: string): boolean {
  const header = readHeader(text);
  return header !== undefined && isStakeholderHeader(header) && !hasIssueColumn(header);
}

/** Whether a CSV's first line is a scenario CSV's header (a stakeholder table with an issue column). */
export function looksLikeScenarioCsv(text: string): boolean {
  const header = readHeader(text);
  return header !== undefined && isStakeholderHeader(header) && hasIssueColumn(header);
}

function readHeader(text: string): (string | undefined)[] | undefined {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  try {
    return readCsvTable(first).rows[0]?.cells as (string | undefined)[] | undefined;
  } catch {
    return undefined;
  }
}

/** A stakeholder CSV (single-issue or with an issue column) with the reader's notes. */
export function readStakeholderCsvWithNotes(
  text: string,
  options: StakeholderCsvOptions = {},
): TableScenario {
  const table = readCsvTable(text, options.file, undefined, options.limits);
  // A one-issue table has an actor a row: beyond the actor limit, refused at that row.
  const limits = resolveLimits(options.limits);
  const header = table.rows[0]?.cells;
  if (header && !hasIssueColumn(header) && table.rows.length - 1 > limits.actors)
    throw new InputError([
      {
        file: options.file,
        line: table.rows[limits.actors + 1].line,
        path: [],
        message: `more than ${limits.actors.toLocaleString("en")} actors; ${limitText(limits, "actors")}`,
      },
    ]);
  return readStakeholderTable(table, options);
}

export function readStakeholderCsv(text: string, options: StakeholderCsvOptions = {}): Scenario {
  return readStakeholderCsvWithNotes(text, options).scenario;
}

/** Writes a one-issue scenario back as a stakeholder CSV (salience on 0–1). */
export function writeStakeholderCsv(scenario: Scenario, issueId?: string): string {
  const issue = issueId ?? scenario.issues[0].id;
  if (!scenario.issues.some((i) => i.id === issue))
    throw new InputError([{ path: ["issues"], message: `no issue '${issue}' in the scenario` }]);
  if (issueId === undefined && scenario.issues.length > 1)
    throw new InputError([
      {
        path: ["issues"],
        message: `a stakeholder CSV holds one issue; the scenario has ${scenario.issues.length}: name one (--issue ID)`,
      },
    ]);
  const actors = new Map(scenario.actors.map((a) => [a.id, a]));
  const lines = ["Actor,Capability,Position,Salience"];
  for (const s of scenario.stances) {
    if (s.issue !== issue) continue;
    const a = actors.get(s.actor);
    if (!a) continue;
    lines.push(
      [csvField(a.name), a.capability, s.position, Number((s.salience / 100).toPrecision(12))].join(
        ",",
      ),
    );
  }
  return lines.join("\n") + "\n";
}

function csvField(text: string): string {
  return /[",\n\r;\t]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
