/**
 * Stakeholder tables: the single-issue table of the expected-utility literature
 * (Bueno de Mesquita 1994; Scholz et al. 2011: `Actor,Capability,Position,Salience`,
 * one row per actor) and its long form with an issue column, the "scenario CSV",
 * which also carries each issue's scale and reference point:
 *
 * ```csv
 * Issue,Actor,Capability,Position,Salience,Scale low,Scale high,Reference point,Rationale
 * Sanctions,Congress,85,80,90,0,100,50,Wants them in law
 * Sanctions,President,100,20,55,,,,
 * ```
 *
 * Headers are matched whatever their case and spacing, with common synonyms (power,
 * influence, clout → capability; stance, preference → position; importance, priority,
 * weight → salience; name, stakeholder → actor); other columns are ignored with a
 * note. Optional columns: `Actor ID` and `Issue ID` (else ids are made from the
 * names), `Rationale`, and per issue `Scale low`/`Scale high` and `Reference point`
 * (on one row of the issue or on every row, the same value). Capability may be given
 * on one row of an actor or on every row, the same value.
 *
 * Salience is on 0–1 or 0–100: stated with `salienceScale` or in the header
 * (`Salience (0-100)`, `Salience (0-1)`), else told from the values (every salience
 * at most 1: 0–1) and said in a note. In the single-issue
 * table each row is an actor: a name that repeats is another actor, numbered
 * ("Attorney", "Attorney (2)"), as the expected-utility replication treats them.
 */
import type { Problem } from "../problems.js";
import { InputError } from "../problems.js";
import type { Actor, Issue, Scenario, Stance } from "../schema.js";
import { uniqueIds } from "../ids.js";
import type { Limits } from "../limits.js";
import { excerpt } from "../limits.js";
import { validateScenario } from "../validate.js";
import {
  cellFlag,
  cellNumber,
  cellText,
  COLUMN_SYNONYMS,
  listLines,
  matchColumns,
  SEPARATOR_NAMES,
  type Column,
  type Table,
} from "./table.js";

export interface StakeholderTableOptions {
  file?: string;
  /** The scale salience is written on: 1 or 100; told from the values when omitted. */
  salienceScale?: 1 | 100;
  /** Accepted for compatibility: repeated names are always numbered. */
  disambiguate?: boolean;
  /** Single-issue table: the issue's id, name, scale and reference point. */
  issueId?: string;
  issueName?: string;
  title?: string;
  /** The issue's scale; by default the smallest of [0,1], [0,100] or [min,max] that holds every position. */
  scale?: { low: number; high: number };
  referencePoint?: number;
  /** Limits on rows and lengths (defaults: limits.ts). */
  limits?: Partial<Limits>;
}

export interface TableScenario {
  scenario: Scenario;
  /** What the reader decided for the user (salience scale, ignored columns, numbered names). */
  notes: string[];
}

const LABEL: Record<Column, string> = {
  actor: "Actor",
  actorId: "Actor ID",
  capability: "Capability",
  position: "Position",
  salience: "Salience",
  issue: "Issue",
  issueId: "Issue ID",
  rationale: "Rationale",
  low: "Scale low",
  high: "Scale high",
  referencePoint: "Reference point",
  veto: "Veto",
  agendaSetter: "Agenda setter",
};

/** Whether a header row names the columns of a stakeholder table (actor, position, salience). */
export function isStakeholderHeader(header: (string | number | undefined)[]): boolean {
  const { index } = matchColumns(header);
  return (
    index.actor !== undefined &&
    index.position !== undefined &&
    index.salience !== undefined &&
    index.capability !== undefined
  );
}

export function hasIssueColumn(header: (string | number | undefined)[]): boolean {
  const { index } = matchColumns(header);
  return index.issue !== undefined || index.issueId !== undefined;
}

interface Row {
  line: number;
  actorName: string;
  actorId?: string;
  issueName?: string;
  issueId?: string;
  capability?: number;
  position?: number;
  salience?: number;
  rationale?: string;
  low?: number;
  high?: number;
  referencePoint?: number;
  veto?: boolean;
  agendaSetter?: boolean;
}

export function readStakeholderTable(
  table: Table,
  options: StakeholderTableOptions = {},
): TableScenario {
  const file = options.file ?? table.file;
  const problems: Problem[] = [];
  const notes: string[] = [];
  const at = (line: number, column: Column | undefined, message: string) =>
    problems.push({ file, line, path: column ? [LABEL[column]] : [], message });
  if (table.rows.length === 0)
    throw new InputError([{ file, path: [], message: "the file is empty" }]);
  const [headerRow, ...body] = table.rows;
  const { index, extra, duplicate, salienceScale: headerScale } = matchColumns(headerRow.cells);
  const missing = (["actor", "capability", "position", "salience"] as const).filter(
    (c) => index[c] === undefined,
  );
  if (missing.length > 0)
    throw new InputError([
      {
        file,
        line: headerRow.line,
        path: ["header"],
        message:
          `no ${missing.map((c) => `'${LABEL[c]}'`).join(", ")} column in the header ` +
          `'${headerRow.cells.map((c) => c ?? "").join(table.separator ?? ",")}'; ` +
          `a stakeholder table needs Actor, Capability, Position and Salience (also read: ${missing
            .map((c) => COLUMN_SYNONYMS[c].filter((s) => s !== c).join(", "))
            .join("; ")})`,
      },
    ]);
  for (const d of duplicate)
    at(
      headerRow.line,
      d.column,
      `column ${d.at} ('${d.header}') is a second ${LABEL[d.column]} column; keep one`,
    );
  if (extra.length > 0)
    notes.push(
      `ignored column${extra.length > 1 ? "s" : ""} ${extra.map((e) => `'${e.header}' (column ${e.column})`).join(", ")}: not a column entente reads`,
    );
  if (table.separator && table.separator !== ",")
    notes.push(
      `read as ${SEPARATOR_NAMES[table.separator]}-separated` +
        (table.decimalComma ? " (numbers may use a decimal comma)" : ""),
    );
  if (body.length === 0) at(headerRow.line, undefined, "the table has a header but no actors");

  const longForm = index.issue !== undefined || index.issueId !== undefined;
  const rows: Row[] = [];
  for (const { cells, line } of body) {
    const text = (c: Column) => (index[c] === undefined ? undefined : cellText(cells[index[c]]));
    const number = (c: Column, required: boolean): number | undefined => {
      if (index[c] === undefined) return undefined;
      const cell = cells[index[c]];
      if (cellText(cell) === undefined) {
        if (required) at(line, c, `the ${LABEL[c].toLowerCase()} is empty`);
        return undefined;
      }
      const x = cellNumber(cell, table.decimalComma);
      if (x === undefined)
        at(
          line,
          c,
          `'${excerpt(String(cell))}' is not a number (write decimal notation, e.g. 0.5)` +
            (!table.decimalComma && /^\s*[+-]?\d+,\d+\s*$/.test(String(cell))
              ? " (a decimal comma is read only in semicolon-separated files)"
              : ""),
        );
      return x;
    };
    const flag = (c: Column): boolean | undefined => {
      if (index[c] === undefined) return undefined;
      const f = cellFlag(cells[index[c]]);
      if (f === null)
        at(
          line,
          c,
          `'${String(cells[index[c]])}' is not yes or no (yes, y, x, true, 1 / no, n, false, 0, or empty)`,
        );
      return f ?? undefined;
    };
    const actorName = text("actor") ?? "";
    if (actorName.length === 0) at(line, "actor", "the actor's name is empty");
    const row: Row = {
      line,
      actorName,
      actorId: text("actorId"),
      issueName: text("issue"),
      issueId: text("issueId"),
      capability: number("capability", !longForm),
      position: number("position", true),
      salience: number("salience", true),
      rationale: text("rationale"),
      low: number("low", false),
      high: number("high", false),
      referencePoint: number("referencePoint", false),
      veto: flag("veto"),
      agendaSetter: flag("agendaSetter"),
    };
    if (row.capability !== undefined && row.capability < 0)
      at(line, "capability", `capability ${row.capability} is negative`);
    if (longForm && row.issueName === undefined && row.issueId === undefined)
      at(line, "issue", "the issue is empty");
    rows.push(row);
  }

  // Salience scale: stated, or told from the values.
  const saliences = rows.map((r) => r.salience).filter((x): x is number => x !== undefined);
  const detected = saliences.every((x) => x <= 1) ? 1 : 100;
  const stated = options.salienceScale ?? headerScale;
  const salienceScale = stated ?? detected;
  if (stated === undefined && saliences.length > 0)
    notes.push(
      detected === 1
        ? "salience read on 0–1 (every value is at most 1) and multiplied by 100; if it is on 0–100, say so (--salience-scale 100)"
        : "salience read on 0–100 (values above 1)",
    );
  else if (saliences.length > 0) notes.push(`salience read on 0–${salienceScale} (as stated)`);
  for (const r of rows)
    if (r.salience !== undefined && (r.salience < 0 || r.salience > salienceScale))
      at(
        r.line,
        "salience",
        `salience ${r.salience} is outside 0–${salienceScale}` +
          (salienceScale === 1 && r.salience <= 100
            ? " (if the file uses 0–100, say so: --salience-scale 100)"
            : ""),
      );
  if (problems.length > 0) throw new InputError(problems);

  const toShare = (x: number) => (salienceScale === 100 ? x : Number((x * 100).toPrecision(12)));
  const read = longForm
    ? readLong(rows, options, file, notes, toShare)
    : readSingle(rows, options, file, notes, toShare);
  // Cross-checks (a position off a stated scale, a reference point off it, bad ids): on
  // the row they come from.
  const result = validateScenario(read.scenario, { limits: options.limits });
  if (!result.ok)
    throw new InputError(
      result.problems.map((p) => {
        const [part, index, field] = p.path;
        const line =
          part === "stances" && typeof index === "number" ? rows[index]?.line : undefined;
        return {
          ...p,
          file,
          ...(line !== undefined ? { line } : {}),
          path: line !== undefined && typeof field === "string" ? [field] : p.path,
        };
      }),
    );
  return { notes: read.notes, scenario: result.scenario };
}

function readSingle(
  rows: Row[],
  options: StakeholderTableOptions,
  file: string | undefined,
  notes: string[],
  toShare: (x: number) => number,
): TableScenario {
  const names = rows.map((r) => r.actorName);
  const linesOf = new Map<string, number[]>();
  for (const r of rows) {
    const lines = linesOf.get(r.actorName);
    if (lines) lines.push(r.line);
    else linesOf.set(r.actorName, [r.line]);
  }
  for (const [name, lines] of linesOf)
    if (lines.length > 1)
      notes.push(
        `actor name '${name}' appears on ${listLines(lines)}: read as ${lines.length} actors, numbered '${name}', '${name} (2)'…`,
      );
  const displayNames = numberRepeats(names);
  const ids = rows.some((r) => r.actorId)
    ? rows.map((r, i) => r.actorId ?? uniqueIds(displayNames)[i])
    : uniqueIds(displayNames);
  const positions = rows.map((r) => r.position!);
  const stated = statedIssueFields(rows, file, "this table");
  const scale = options.scale ?? stated.scale ?? inferScale(positions);
  if (!options.scale && !stated.scale)
    notes.push(`issue scale [${scale.low}, ${scale.high}] inferred from the positions`);
  const referencePoint = options.referencePoint ?? stated.referencePoint;
  const issueId = options.issueId ?? "issue";
  const rule = ruleOf(rows, (r) => ids[rows.indexOf(r)], file);
  return {
    notes,
    scenario: {
      entente: 1,
      metadata: {
        title: options.title ?? (file ? baseName(file) : "Stakeholder table"),
        description:
          "Imported from a single-issue stakeholder table (Actor,Capability,Position,Salience).",
        ...(options.scale || stated.scale
          ? {}
          : { notes: `Issue scale [${scale.low}, ${scale.high}] inferred from the positions.` }),
      },
      actors: ids.map((id, i) => ({
        id,
        name: displayNames[i],
        capability: rows[i].capability!,
      })),
      issues: [
        {
          id: issueId,
          name: options.issueName ?? options.title ?? "Issue",
          scale,
          ...(referencePoint !== undefined ? { referencePoint } : {}),
          ...(rule ? { rule } : {}),
        },
      ],
      stances: ids.map((id, i) => ({
        actor: id,
        issue: issueId,
        position: rows[i].position!,
        salience: toShare(rows[i].salience!),
        ...(rows[i].rationale !== undefined ? { rationale: rows[i].rationale } : {}),
      })),
    },
  };
}

/** Scale and reference point stated on an issue's rows: the same wherever given. */
function statedIssueFields(
  rows: Row[],
  file: string | undefined,
  what: string,
): { scale?: { low: number; high: number }; referencePoint?: number } {
  const problems: Problem[] = [];
  const one = (key: "low" | "high" | "referencePoint"): number | undefined => {
    const given = rows.filter((r) => r[key] !== undefined);
    if (given.length === 0) return undefined;
    const first = given[0];
    for (const r of given)
      if (r[key] !== first[key])
        problems.push({
          file,
          line: r.line,
          path: [LABEL[key]],
          message: `${LABEL[key].toLowerCase()} of ${what} is ${r[key]} here but ${first[key]} on line ${first.line}; give one value`,
        });
    return first[key];
  };
  const low = one("low");
  const high = one("high");
  const referencePoint = one("referencePoint");
  if ((low === undefined) !== (high === undefined)) {
    const r = rows.find((x) => x.low !== undefined || x.high !== undefined)!;
    problems.push({
      file,
      line: r.line,
      path: [LABEL[low === undefined ? "low" : "high"]],
      message: `${what} has a scale ${low === undefined ? "high" : "low"} but no scale ${low === undefined ? "low" : "high"}; give both`,
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  return {
    ...(low !== undefined && high !== undefined ? { scale: { low, high } } : {}),
    ...(referencePoint !== undefined ? { referencePoint } : {}),
  };
}

function readLong(
  rows: Row[],
  options: StakeholderTableOptions,
  file: string | undefined,
  notes: string[],
  toShare: (x: number) => number,
): TableScenario {
  const problems: Problem[] = [];
  // Issues and actors in order of first appearance; keyed by id if given, else by name.
  const issueKey = (r: Row) => r.issueId ?? `\u0000${r.issueName}`;
  const actorKey = (r: Row) => r.actorId ?? `\u0000${r.actorName}`;
  const issueRows = new Map<string, Row[]>();
  const actorRows = new Map<string, Row[]>();
  for (const r of rows) {
    issueRows.set(issueKey(r), [...(issueRows.get(issueKey(r)) ?? []), r]);
    actorRows.set(actorKey(r), [...(actorRows.get(actorKey(r)) ?? []), r]);
  }
  const makeIds = (keys: string[], named: (k: string) => string) => {
    const slugs = uniqueIds(keys.map(named));
    return keys.map((k, i) => (k.startsWith("\u0000") ? slugs[i] : k));
  };
  const issueKeys = [...issueRows.keys()];
  const issueIds = makeIds(issueKeys, (k) => issueRows.get(k)![0].issueName ?? k);
  const actorKeys = [...actorRows.keys()];
  const actorIds = makeIds(actorKeys, (k) => actorRows.get(k)![0].actorName);
  const issueIdOf = new Map(issueKeys.map((k, i) => [k, issueIds[i]]));
  const actorIdOf = new Map(actorKeys.map((k, i) => [k, actorIds[i]]));

  const actors: Actor[] = actorKeys.map((k) => {
    const own = actorRows.get(k)!;
    const given = own.filter((r) => r.capability !== undefined);
    const name = own[0].actorName;
    if (given.length === 0)
      problems.push({
        file,
        line: own[0].line,
        path: [LABEL.capability],
        message: `no capability for actor '${name}' on any of its rows (${listLines(own.map((r) => r.line))})`,
      });
    for (const r of given)
      if (r.capability !== given[0].capability)
        problems.push({
          file,
          line: r.line,
          path: [LABEL.capability],
          message: `capability of '${name}' is ${r.capability} here but ${given[0].capability} on line ${given[0].line}; an actor has one capability`,
        });
    return { id: actorIdOf.get(k)!, name, capability: given[0]?.capability ?? 0 };
  });
  const issues: Issue[] = [];
  for (const k of issueKeys) {
    const own = issueRows.get(k)!;
    const name = own.find((r) => r.issueName)?.issueName ?? issueIdOf.get(k)!;
    let stated: ReturnType<typeof statedIssueFields> = {};
    try {
      stated = statedIssueFields(own, file, `issue '${name}'`);
    } catch (e) {
      problems.push(...(e as InputError).problems);
    }
    const scale = stated.scale ?? inferScale(own.map((r) => r.position!));
    if (!stated.scale)
      notes.push(
        `scale of issue '${name}' [${scale.low}, ${scale.high}] inferred from the positions (give Scale low and Scale high to state it)`,
      );
    const rule = ruleOf(own, (r) => actorIdOf.get(actorKey(r))!, file);
    issues.push({
      id: issueIdOf.get(k)!,
      name,
      scale,
      ...(stated.referencePoint !== undefined ? { referencePoint: stated.referencePoint } : {}),
      ...(rule ? { rule } : {}),
    });
  }
  const seen = new Map<string, number>();
  const stances: Stance[] = [];
  for (const r of rows) {
    const actor = actorIdOf.get(actorKey(r))!;
    const issue = issueIdOf.get(issueKey(r))!;
    const key = `${actor}\u0000${issue}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        file,
        line: r.line,
        path: [LABEL.actor],
        message: `second row of actor '${r.actorName}' on issue '${r.issueName ?? r.issueId}' (first on line ${first}); keep one, or give the actors different names`,
      });
      continue;
    }
    seen.set(key, r.line);
    stances.push({
      actor,
      issue,
      position: r.position!,
      salience: toShare(r.salience!),
      ...(r.rationale !== undefined ? { rationale: r.rationale } : {}),
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  return {
    notes,
    scenario: {
      entente: 1,
      metadata: {
        title: options.title ?? (file ? baseName(file) : "Scenario table"),
      },
      actors,
      issues,
      stances,
    },
  };
}

/**
 * The decision rule an issue's Veto and Agenda setter columns state: every actor
 * marked Veto must agree (a consensus rule); the one marked Agenda setter proposes.
 */
function ruleOf(rows: Row[], idOf: (r: Row) => string, file: string | undefined): Issue["rule"] {
  const vetoPlayers = rows.filter((r) => r.veto).map(idOf);
  const setters = rows.filter((r) => r.agendaSetter);
  if (setters.length > 1)
    throw new InputError(
      setters.slice(1).map((r) => ({
        file,
        path: [LABEL.agendaSetter],
        line: r.line,
        message: `a second agenda setter on the issue (first on line ${setters[0].line}); an issue has one`,
      })),
    );
  if (vetoPlayers.length === 0) {
    if (setters.length > 0)
      throw new InputError([
        {
          file,
          path: [LABEL.agendaSetter],
          line: setters[0].line,
          message:
            "an agenda setter needs veto players on the issue (mark them in the Veto column)",
        },
      ]);
    return undefined;
  }
  return {
    type: "consensus",
    vetoPlayers,
    ...(setters.length > 0 ? { agendaSetter: idOf(setters[0]) } : {}),
  };
}

/** Whether a rule is one the Veto and Agenda setter columns can write: consensus among veto players in stance order. */
export function isTableRule(rule: Issue["rule"], stanceActors: string[]): boolean {
  if (!rule || rule.type !== "consensus") return false;
  const keys = Object.keys(rule).filter((k) => rule[k as keyof typeof rule] !== undefined);
  if (keys.some((k) => !["type", "vetoPlayers", "agendaSetter"].includes(k))) return false;
  const order = stanceActors.filter((a) => rule.vetoPlayers.includes(a));
  return (
    order.length === rule.vetoPlayers.length &&
    order.every((a, k) => a === rule.vetoPlayers[k]) &&
    (rule.agendaSetter === undefined || stanceActors.includes(rule.agendaSetter))
  );
}

/** "Attorney", "Attorney" → "Attorney", "Attorney (2)". */
export function numberRepeats(names: string[]): string[] {
  const count = new Map<string, number>();
  return names.map((n) => {
    const k = (count.get(n) ?? 0) + 1;
    count.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/** The smallest of [0, 1], [0, 100] or [min, max] holding every position. */
export function inferScale(positions: number[]): { low: number; high: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const x of positions) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (min >= 0 && max <= 1) return { low: 0, high: 1 };
  if (min >= 0 && max <= 100) return { low: 0, high: 100 };
  // A range too narrow for the size of its ends (or none) is widened to whole numbers.
  const narrow = !(max - min > 1e-9 * Math.max(1, Math.abs(min), Math.abs(max)));
  return narrow ? { low: Math.floor(min) - 1, high: Math.ceil(max) + 1 } : { low: min, high: max };
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]+$/, "");
}

export function csvField(text: string): string {
  return /[",\n\r;\t]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The scenario CSV of a scenario: one row per stance, with ids, names, capability,
 * position, salience (0–100), rationale, and each issue's scale and reference point
 * on every row of the issue.
 */
export function writeScenarioCsv(scenario: Scenario): string {
  const actors = new Map(scenario.actors.map((a) => [a.id, a]));
  const issues = new Map(scenario.issues.map((i) => [i.id, i]));
  const stanceActors = (issue: string) =>
    scenario.stances.filter((s) => s.issue === issue).map((s) => s.actor);
  const rules = new Map(
    scenario.issues
      .filter((i) => isTableRule(i.rule, stanceActors(i.id)))
      .map((i) => [i.id, i.rule!]),
  );
  const header =
    "Issue ID,Issue,Actor ID,Actor,Capability,Position,Salience (0-100),Rationale,Scale low,Scale high,Reference point";
  const lines = [rules.size > 0 ? `${header},Veto,Agenda setter` : header];
  for (const s of scenario.stances) {
    const a = actors.get(s.actor)!;
    const i = issues.get(s.issue)!;
    const rule = rules.get(i.id);
    const flags =
      rules.size === 0
        ? []
        : rule?.type === "consensus"
          ? [rule.vetoPlayers.includes(a.id) ? "yes" : "", rule.agendaSetter === a.id ? "yes" : ""]
          : ["", ""];
    lines.push(
      [
        csvField(i.id),
        csvField(i.name),
        csvField(a.id),
        csvField(a.name),
        String(a.capability),
        String(s.position),
        String(s.salience),
        s.rationale === undefined ? "" : csvField(s.rationale),
        String(i.scale.low),
        String(i.scale.high),
        i.referencePoint === undefined ? "" : String(i.referencePoint),
        ...flags,
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}
