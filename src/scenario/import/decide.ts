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
 * The issue's scale runs from its lowest to its highest `#M` value (0–100 without
 * `#M`, as in decide-exchange-model). Power is per row (the model's `c[k][a]`): an
 * actor's most common power (the first on a tie) becomes its capability, and a row
 * whose power differs gives its stance its own `capability`; the writer writes each
 * stance's own power.
 *
 * The format has no place for an issue's reference point (status quo); entente writes
 * it as a comment record, which other readers of the format skip:
 *
 *   #/ entente.referencePoint issue value
 *
 * Keys that are valid entente ids are kept as ids; others are made into ids.
 */
import type { Problem } from "../problems.js";
import { InputError } from "../problems.js";
import type { Scenario } from "../schema.js";
import { uniqueIds } from "../ids.js";
import { Id } from "../schema.js";
import { readDecimal } from "./decimal.js";
import { excerpt, limitText, MAX_PROBLEMS, resolveLimits, type Limits } from "../limits.js";

export interface DecideOptions {
  file?: string;
  /** Limits on rows, actors, issues, stances (defaults: limits.ts). */
  limits?: Partial<Limits>;
}

export function looksLikeDecide(text: string): boolean {
  return /^\s*(['"]?)#[APD]\1[\t;]/m.test(text);
}

/**
 * The file's separator: the character after the first record type (`#A`, `'#A'`),
 * else a tab if the file holds one, else a semicolon.
 */
function separatorOf(text: string): "\t" | ";" {
  const m = /^\s*(['"]?)#[A-Z/]\1([\t;])/m.exec(text);
  if (m) return m[2] as "\t" | ";";
  return text.includes("\t") ? "\t" : ";";
}

/**
 * One record's fields: split at `sep` outside quotes; a field that starts with a single
 * or double quote runs to its closing quote (a doubled quote inside stands for one).
 */
export function splitDecideFields(line: string, sep: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    while (i < n && line[i] === " ") i++;
    const q = line[i];
    if (q === "'" || q === '"') {
      let value = "";
      let j = i + 1;
      for (;;) {
        const k = line.indexOf(q, j);
        if (k < 0) {
          // No closing quote: the rest of the line, as written.
          value = line.slice(i, n).trim();
          j = n;
          break;
        }
        value += line.slice(j, k);
        if (line[k + 1] === q) {
          value += q;
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      const next = line.indexOf(sep, j);
      const rest = (next < 0 ? line.slice(j) : line.slice(j, next)).trim();
      // What the quotes hold is kept as written (spaces included).
      fields.push(value + rest);
      if (next < 0) break;
      i = next + 1;
    } else {
      const next = line.indexOf(sep, i);
      fields.push((next < 0 ? line.slice(i) : line.slice(i, next)).trim());
      if (next < 0) break;
      i = next + 1;
    }
  }
  return fields;
}

interface DecideIssue {
  key: string;
  name: string;
  line: number;
  marks: { value: number; label: string; line: number }[];
}

interface DecideRow {
  actor: string;
  issue: string;
  position: number;
  salience: number;
  power: number;
  line: number;
}

/**
 * Reads a decide file (exchange-model.md §3) into a scenario, reporting every problem
 * with its line: unknown record types, missing or non-numeric fields, a repeated `#A`,
 * `#P` or `#D` (naming the earlier line), saliences outside 0–1 or equal to 0 (the
 * exchange model divides by them, Q15), negative powers, positions off the issue's scale, `#M` or `#D` records for undeclared
 * actors or issues. Blank lines, `#/` comments and the `#O` title are read; `#M` records
 * may come in any order and before their `#P`; an issue without `#M` runs from 0 to
 * 100, as in the program. One pass over the lines with maps, so linear in the file.
 */
export function readDecide(text: string, options: DecideOptions = {}): Scenario {
  const file = options.file;
  const problems: Problem[] = [];
  const limits = resolveLimits(options.limits);
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
  const body = text.replace(/^\uFEFF/, "");
  const sep = separatorOf(body);
  const decimalComma = sep === ";";
  const actors = new Map<string, { key: string; name: string; line: number }>();
  const issues = new Map<string, DecideIssue>();
  const marks: { issue: string; value: number; label: string; line: number }[] = [];
  const data: DecideRow[] = [];
  const rowOf = new Map<string, DecideRow>();
  const referencePoints = new Map<string, { value: number; line: number }>();
  const lines = body.split(/\r?\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (line > limits.rows) throw beyond(line, "rows", "lines");
    if (raw.trim().length === 0) return;
    const f = splitDecideFields(raw, sep);
    const tag = f[0];
    /** Fields from k on, extra fields joined into the last one with spaces (§3). */
    const tail = (k: number): string =>
      f
        .slice(k)
        .filter((x) => x.length > 0)
        .join(" ");
    const number = (k: number, field: string): number => {
      const x = readDecimal(f[k] ?? "", { decimalComma });
      if (x === undefined) at(line, [field], `${field} '${f[k] ?? ""}' is not a number`);
      return x ?? Number.NaN;
    };
    switch (tag) {
      case "#O":
        title ??= tail(1) || undefined;
        break;
      case "#/":
        if (f[1] === "entente.referencePoint") {
          const value = number(3, "referencePoint");
          if (Number.isFinite(value)) referencePoints.set(f[2] ?? "", { value, line });
        }
        break;
      case "#A":
      case "#P": {
        const key = f[1] ?? "";
        const kind = tag === "#A" ? "actor" : "issue";
        if (!key) {
          at(line, ["key"], `${tag} record without a key (the ${kind}'s short name)`);
          return;
        }
        const earlier = (tag === "#A" ? actors : issues).get(key);
        if (earlier) {
          at(line, ["key"], `${kind} '${key}' is declared twice (first on line ${earlier.line})`);
          return;
        }
        if (tag === "#A") {
          if (actors.size >= limits.actors) throw beyond(line, "actors", "actors (#A records)");
          actors.set(key, { key, name: f[2] || key, line });
        } else {
          if (issues.size >= limits.issues) throw beyond(line, "issues", "issues (#P records)");
          issues.set(key, { key, name: f[2] || key, line, marks: [] });
        }
        break;
      }
      case "#M": {
        if (f.length < 3) {
          at(line, [], "a #M record needs an issue and a position");
          return;
        }
        const value = number(2, "position");
        if (Number.isFinite(value)) marks.push({ issue: f[1], value, label: tail(3), line });
        break;
      }
      case "#D": {
        if (f.length < 6) {
          at(
            line,
            [],
            `a #D record needs actor, issue, position, salience and power; found ${f.length - 1} field(s)`,
          );
          return;
        }
        const [actor, issue] = [f[1], f[2]];
        const position = number(3, "position");
        const salience = number(4, "salience");
        const power = number(5, "power");
        if (salience < 0 || salience > 1)
          at(line, ["salience"], `salience ${salience} of '${actor}' on '${issue}' is outside 0–1`);
        else if (salience === 0)
          at(
            line,
            ["salience"],
            `salience 0 of '${actor}' on '${issue}': the exchange model divides by saliences ` +
              "(decide-exchange-model crashes on it); give a small positive salience or leave the row out",
          );
        if (power < 0)
          at(line, ["power"], `power ${power} of '${actor}' on '${issue}' is negative`);
        const key = `${actor}\u0000${issue}`;
        const earlier = rowOf.get(key);
        if (earlier) {
          at(
            line,
            [],
            `second #D record for actor '${actor}' on issue '${issue}' (the first is on line ${earlier.line})`,
          );
          return;
        }
        const row = { actor, issue, position, salience, power, line };
        rowOf.set(key, row);
        if (data.length >= limits.stances) throw beyond(line, "stances", "stances (#D records)");
        data.push(row);
        break;
      }
      default:
        at(
          line,
          [],
          `unknown record type '${excerpt(tag, 20)}' (expected #O, #/, #A, #P, #M or #D)` +
            (tag.startsWith("#") ? "" : "; a line break inside a name splits its record"),
        );
    }
  });
  for (const m of marks) {
    const issue = issues.get(m.issue);
    if (!issue)
      at(m.line, ["issue"], `scale point for undeclared issue '${m.issue}' (no #P record)`);
    else issue.marks.push(m);
  }
  // Each actor's powers in row order; its capability is the most common (the first of
  // those on a tie), the stances whose power differs carry their own.
  const powersOf = new Map<string, number[]>();
  for (const d of data) {
    if (!actors.has(d.actor)) at(d.line, ["actor"], `unknown actor '${d.actor}' (no #A record)`);
    if (!issues.has(d.issue)) at(d.line, ["issue"], `unknown issue '${d.issue}' (no #P record)`);
    if (!Number.isFinite(d.power)) continue;
    const list = powersOf.get(d.actor);
    if (list) list.push(d.power);
    else powersOf.set(d.actor, [d.power]);
  }
  const powerOf = new Map<string, number>();
  for (const [actor, list] of powersOf) powerOf.set(actor, mostCommon(list));
  if (actors.size === 0) problems.push({ file, path: [], message: "no actors (#A records)" });
  if (issues.size === 0) problems.push({ file, path: [], message: "no issues (#P records)" });
  const scales = new Map<string, { low: number; high: number }>();
  for (const issue of issues.values()) {
    if (issue.marks.length === 0) {
      scales.set(issue.key, { low: 0, high: 100 });
      continue;
    }
    let low = Infinity;
    let high = -Infinity;
    for (const m of issue.marks) {
      low = Math.min(low, m.value);
      high = Math.max(high, m.value);
    }
    if (high > low) scales.set(issue.key, { low, high });
    else
      at(
        issue.marks[0].line,
        ["position"],
        `issue '${issue.key}' has a single scale point (${low}); give its lowest and highest positions with #M`,
      );
  }
  for (const d of data) {
    const s = scales.get(d.issue);
    if (s && Number.isFinite(d.position) && (d.position < s.low || d.position > s.high))
      at(
        d.line,
        ["position"],
        `position ${d.position} of '${d.actor}' is off the scale [${s.low}, ${s.high}] of issue '${d.issue}' ` +
          (issues.get(d.issue)!.marks.length > 0
            ? "(its #M points)"
            : "(0–100: the issue has no #M points)"),
      );
  }
  for (const [key, rp] of referencePoints) {
    const s = scales.get(key);
    if (!s) at(rp.line, ["issue"], `reference point for undeclared issue '${key}'`);
    else if (rp.value < s.low || rp.value > s.high)
      at(
        rp.line,
        ["referencePoint"],
        `reference point ${rp.value} is off the scale [${s.low}, ${s.high}] of issue '${key}'`,
      );
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (problems.length > 0) throw new InputError(problems);

  const actorList = [...actors.values()];
  const issueList = [...issues.values()];
  const actorIdList = keepIds(actorList.map((x) => x.key));
  const issueIdList = keepIds(issueList.map((x) => x.key));
  const actorIds = new Map(actorList.map((a, i) => [a.key, actorIdList[i]]));
  const issueIds = new Map(issueList.map((p, i) => [p.key, issueIdList[i]]));
  return {
    entente: 1,
    metadata: {
      title: title ?? "Imported decide table",
    },
    actors: actorList.map((a) => ({
      id: actorIds.get(a.key)!,
      name: a.name,
      capability: powerOf.get(a.key) ?? 0,
    })),
    issues: issueList.map((p) => {
      const labelled = [...p.marks]
        .filter((m) => m.label.length > 0)
        .sort((a, b) => a.value - b.value);
      return {
        id: issueIds.get(p.key)!,
        name: p.name,
        scale: scales.get(p.key)!,
        ...(referencePoints.has(p.key)
          ? { referencePoint: referencePoints.get(p.key)!.value }
          : {}),
        ...(labelled.length > 0
          ? { anchors: labelled.map((m) => ({ value: m.value, label: m.label })) }
          : {}),
      };
    }),
    stances: data.map((d) => ({
      actor: actorIds.get(d.actor)!,
      issue: issueIds.get(d.issue)!,
      position: d.position,
      salience: Number((d.salience * 100).toPrecision(12)),
      ...(d.power !== powerOf.get(d.actor) ? { capability: d.power } : {}),
    })),
  };
}

/** The most common value (the first to reach the highest count on a tie). */
function mostCommon(values: number[]): number {
  const count = new Map<number, number>();
  let best = values[0];
  let bestCount = 0;
  for (const v of values) {
    const n = (count.get(v) ?? 0) + 1;
    count.set(v, n);
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

/** The keys as ids where they are valid and unique, else made into ids (`uniqueIds`). */
function keepIds(keys: string[]): string[] {
  const valid = keys.every((k) => Id.safeParse(k).success) && new Set(keys).size === keys.length;
  return valid ? keys : uniqueIds(keys);
}

/**
 * A name or label as a decide field: refused when it holds a tab or line break (the
 * format's separators), single-quoted (inner quotes doubled) when the reader would
 * otherwise change it (leading or trailing spaces, quotes, a semicolon).
 */
function decideField(text: string, path: (string | number)[], problems: Problem[]): string {
  if (/[\t\r\n]/.test(text)) {
    problems.push({
      path,
      message: `'${excerpt(text)}' holds a tab or line break, which the decide format cannot hold (they separate fields and records); remove it`,
    });
    return text;
  }
  return text !== text.trim() || /^['"]/.test(text) || text.includes(";")
    ? `'${text.replace(/'/g, "''")}'`
    : text;
}

/** Writes a scenario in the decide format (tab-separated), reference points as comment records. */
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
    if (i.referencePoint !== undefined)
      out.push(`#/\tentente.referencePoint\t${i.id}\t${i.referencePoint}`);
  }
  for (const s of scenario.stances)
    out.push(
      `#D\t${s.actor}\t${s.issue}\t${s.position}\t${Number((s.salience / 100).toPrecision(12))}\t${s.capability ?? capability.get(s.actor)}`,
    );
  if (problems.length > 0) throw new InputError(problems);
  return out.join("\n") + "\n";
}
