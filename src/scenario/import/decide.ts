/**
 * The "decide" exchange-model format (Stokman & Van Oosten 1994; the decide
 * exchange-model software): one record a line, fields separated by tabs or
 * semicolons, optionally single-quoted.
 *
 *   #O title            #/ comment
 *   #A key name         an actor
 *   #P key name         an issue
 *   #M issue value desc a labelled point of the issue's scale
 *   #D actor issue position salience power   (salience and power on 0–1)
 *
 * The issue's scale runs from its lowest to its highest `#M` value. Power must be
 * the same on every `#D` line of an actor: it becomes the actor's capability.
 */
import type { Problem } from "../problems.js";
import { InputError } from "../problems.js";
import type { Scenario } from "../schema.js";
import { uniqueIds } from "../ids.js";
import { inferScale } from "./stakeholder-csv.js";
import { readDecimal } from "./decimal.js";
import { excerpt, limitText, MAX_PROBLEMS, resolveLimits, type Limits } from "../limits.js";

export interface DecideOptions {
  file?: string;
  /** Limits on rows, actors, issues, stances (defaults: limits.ts). */
  limits?: Partial<Limits>;
}

export function looksLikeDecide(text: string): boolean {
  return /^\s*'?#[APD]'?[\t;]/m.test(text);
}

function splitFields(line: string): string[] {
  const sep = line.includes("\t") ? "\t" : ";";
  return line.split(sep).map((f) => {
    const t = f.trim();
    return t.length >= 2 && t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1) : t;
  });
}

export function readDecide(text: string, options: DecideOptions = {}): Scenario {
  const file = options.file;
  const limits = resolveLimits(options.limits);
  const problems: Problem[] = [];
  const at = (line: number, path: (string | number)[], message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, line, path, message });
  };
  const beyond = (line: number, key: "rows" | "actors" | "issues" | "stances", what: string) =>
    new InputError([
      {
        file,
        line,
        path: [],
        message: `more than ${limits[key].toLocaleString("en")} ${what}; ${limitText(limits, key)}`,
      },
    ]);
  let title: string | undefined;
  const actors: { key: string; name: string; line: number }[] = [];
  const issues: {
    key: string;
    name: string;
    line: number;
    marks: { value: number; label: string }[];
  }[] = [];
  const data: {
    actor: string;
    issue: string;
    position: number;
    salience: number;
    power: number;
    line: number;
  }[] = [];
  const actorByKey = new Map<string, (typeof actors)[number]>();
  const issueByKey = new Map<string, (typeof issues)[number]>();
  const stanceLine = new Map<string, number>();
  const body = text.replace(/^\uFEFF/, "");
  // Lines one at a time, without splitting the whole text first.
  const lineBreak = /\r?\n/g;
  let start = 0;
  for (let index = 0; start <= body.length; index++) {
    lineBreak.lastIndex = start;
    const m = lineBreak.exec(body);
    const raw = body.slice(start, m ? m.index : body.length);
    start = m ? m.index + m[0].length : body.length + 1;
    const line = index + 1;
    if (line > limits.rows) throw beyond(line, "rows", "lines");
    readLine(raw, line);
  }
  function readLine(raw: string, line: number): void {
    if (raw.trim().length === 0) return;
    const f = splitFields(raw);
    const tag = f[0];
    const most = { "#O": 2, "#A": 3, "#P": 3, "#M": 4, "#D": 6 }[tag];
    if (most !== undefined && f.length > most && f.slice(most).some((x) => x.length > 0)) {
      at(
        line,
        [],
        `a ${tag} record has at most ${most - 1} fields, found ${f.length - 1} (a tab or semicolon inside a name splits it; quote the name or remove the character)`,
      );
      return;
    }
    const number = (k: number, field: string): number => {
      const x = f[k] === undefined ? Number.NaN : (readDecimal(f[k]) ?? Number.NaN);
      if (!Number.isFinite(x))
        at(
          line,
          [field],
          `'${excerpt(f[k] ?? "")}' is not a number (write decimal notation, e.g. 0.5)`,
        );
      return x;
    };
    switch (tag) {
      case "#O":
        title = f[1];
        break;
      case "#/":
        break;
      case "#A":
      case "#P": {
        if (!f[1]) {
          at(line, ["key"], `${tag} record without a key`);
          return;
        }
        const byKey = tag === "#A" ? actorByKey : issueByKey;
        if (byKey.has(f[1])) {
          at(
            line,
            ["key"],
            `${tag === "#A" ? "actor" : "issue"} '${excerpt(f[1])}' is declared twice`,
          );
          return;
        }
        if (tag === "#A") {
          if (actors.length >= limits.actors) throw beyond(line, "actors", "actors (#A records)");
          const a = { key: f[1], name: f[2] || f[1], line };
          actors.push(a);
          actorByKey.set(a.key, a);
        } else {
          if (issues.length >= limits.issues) throw beyond(line, "issues", "issues (#P records)");
          const p = { key: f[1], name: f[2] || f[1], line, marks: [] };
          issues.push(p);
          issueByKey.set(p.key, p);
        }
        break;
      }
      case "#M": {
        const issue = issueByKey.get(f[1]);
        const value = number(2, "position");
        if (!issue)
          at(
            line,
            ["issue"],
            `scale point for undeclared issue '${excerpt(f[1] ?? "")}' (declare it with #P first)`,
          );
        else if (Number.isFinite(value)) issue.marks.push({ value, label: f[3] ?? "" });
        break;
      }
      case "#D": {
        if (f.length < 6) {
          at(
            line,
            [],
            `a #D record needs actor, issue, position, salience and power; found ${f.length - 1} fields`,
          );
          return;
        }
        const position = number(3, "position");
        const salience = number(4, "salience");
        const power = number(5, "power");
        if (!actorByKey.has(f[1]))
          at(line, ["actor"], `unknown actor '${excerpt(f[1])}' (no #A record)`);
        if (!issueByKey.has(f[2]))
          at(line, ["issue"], `unknown issue '${excerpt(f[2])}' (no #P record)`);
        if (salience < 0 || salience > 1)
          at(line, ["salience"], `salience ${salience} is outside 0–1`);
        if (power < 0) at(line, ["power"], `power ${power} is negative`);
        const key = `${f[1]}\u0000${f[2]}`;
        const first = stanceLine.get(key);
        if (first !== undefined)
          at(
            line,
            [],
            `second #D record for actor '${excerpt(f[1])}' on issue '${excerpt(f[2])}' (first on line ${first})`,
          );
        else stanceLine.set(key, line);
        if (data.length >= limits.stances) throw beyond(line, "stances", "stances (#D records)");
        data.push({ actor: f[1], issue: f[2], position, salience, power, line });
        break;
      }
      default:
        at(
          line,
          [],
          `unknown record type '${excerpt(tag, 20)}' (expected #O, #/, #A, #P, #M or #D)` +
            (tag.startsWith("#") ? "" : "; a line break or tab inside a name splits its record"),
        );
    }
  }
  const powerOf = new Map<string, { power: number; line: number; issue: string }>();
  for (const d of data) {
    const first = powerOf.get(d.actor);
    if (!first) powerOf.set(d.actor, { power: d.power, line: d.line, issue: d.issue });
    else if (first.power !== d.power && Number.isFinite(d.power))
      at(
        d.line,
        ["power"],
        `power of '${excerpt(d.actor)}' is ${d.power} on '${excerpt(d.issue)}' but ${first.power} on '${excerpt(first.issue)}' (line ${first.line}); entente gives each actor one capability`,
      );
  }
  if (actors.length === 0) problems.push({ file, path: [], message: "no actors (#A records)" });
  if (issues.length === 0) problems.push({ file, path: [], message: "no issues (#P records)" });
  const scales = new Map<string, { low: number; high: number }>();
  const positionsOf = new Map<string, number[]>();
  for (const d of data) {
    const list = positionsOf.get(d.issue);
    if (list) list.push(d.position);
    else positionsOf.set(d.issue, [d.position]);
  }
  for (const issue of issues) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const m of issue.marks) {
      if (m.value < lo) lo = m.value;
      if (m.value > hi) hi = m.value;
    }
    const positions = positionsOf.get(issue.key) ?? [];
    const scale =
      issue.marks.length >= 2 && hi > lo
        ? { low: lo, high: hi }
        : inferScale(positions.length > 0 ? positions : [0, 100]);
    scales.set(issue.key, scale);
  }
  for (const d of data) {
    const s = scales.get(d.issue);
    if (s && (d.position < s.low || d.position > s.high))
      at(
        d.line,
        ["position"],
        `position ${d.position} is off the scale [${s.low}, ${s.high}] of issue '${d.issue}' (its #M points)`,
      );
  }
  if (problems.length > 0) throw new InputError(problems);

  const actorIdList = uniqueIds(actors.map((x) => x.key));
  const issueIdList = uniqueIds(issues.map((x) => x.key));
  const actorIds = new Map(actors.map((a, i) => [a.key, actorIdList[i]]));
  const issueIds = new Map(issues.map((p, i) => [p.key, issueIdList[i]]));
  return {
    entente: 1,
    metadata: {
      title: title ?? "Imported decide table",
      description: "Imported from the decide exchange-model format.",
    },
    actors: actors.map((a) => ({
      id: actorIds.get(a.key)!,
      name: a.name,
      capability: powerOf.get(a.key)?.power ?? 0,
    })),
    issues: issues.map((p) => ({
      id: issueIds.get(p.key)!,
      name: p.name,
      scale: scales.get(p.key)!,
      ...(p.marks.some((m) => m.label.length > 0)
        ? {
            anchors: p.marks
              .filter((m) => m.label.length > 0)
              .map((m) => ({ value: m.value, label: m.label })),
          }
        : {}),
    })),
    stances: data.map((d) => ({
      actor: actorIds.get(d.actor)!,
      issue: issueIds.get(d.issue)!,
      position: d.position,
      salience: Number((d.salience * 100).toPrecision(12)),
    })),
  };
}

/**
 * A text field of a decide record: refused when it holds a tab or line break (the
 * format's separators), single-quoted when the reader would otherwise change it
 * (leading or trailing spaces or quotes).
 */
function decideField(text: string, path: (string | number)[], problems: Problem[]): string {
  if (/[\t\r\n]/.test(text)) {
    problems.push({
      path,
      message: `'${excerpt(text)}' holds a tab or line break, which the decide format cannot hold (they separate fields and records); remove it`,
    });
    return text;
  }
  return text !== text.trim() || /^'|'$/.test(text) || text.includes(";") ? `'${text}'` : text;
}

/** Writes a scenario in the decide format (tab-separated). */
export function writeDecide(scenario: Scenario): string {
  const problems: Problem[] = [];
  const field = (text: string, path: (string | number)[]) => decideField(text, path, problems);
  const out: string[] = [`#O\t${field(scenario.metadata.title, ["metadata", "title"])}`];
  scenario.actors.forEach((a, k) =>
    out.push(`#A\t${a.id}\t${field(a.name, ["actors", k, "name"])}`),
  );
  const capability = new Map(scenario.actors.map((a) => [a.id, a.capability]));
  for (const [k, i] of scenario.issues.entries()) {
    out.push(`#P\t${i.id}\t${field(i.name, ["issues", k, "name"])}`);
    const anchors = i.anchors ?? [];
    const marks = [...anchors];
    if (!marks.some((m) => m.value === i.scale.low)) marks.push({ value: i.scale.low, label: "" });
    if (!marks.some((m) => m.value === i.scale.high))
      marks.push({ value: i.scale.high, label: "" });
    marks.sort((a, b) => a.value - b.value);
    for (const m of marks)
      out.push(`#M\t${i.id}\t${m.value}\t${field(m.label, ["issues", k, "anchors"])}`);
  }
  for (const s of scenario.stances)
    out.push(
      `#D\t${s.actor}\t${s.issue}\t${s.position}\t${Number((s.salience / 100).toPrecision(12))}\t${capability.get(s.actor)}`,
    );
  if (problems.length > 0) throw new InputError(problems);
  return out.join("\n") + "\n";
}
