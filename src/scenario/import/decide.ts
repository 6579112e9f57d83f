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
import { inferScale } from "./stakeholder-csv.js";

export interface DecideOptions {
  file?: string;
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
  const problems: Problem[] = [];
  const at = (line: number, path: (string | number)[], message: string) =>
    problems.push({ file, line, path, message });
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
  const referencePoints = new Map<string, { value: number; line: number }>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim().length === 0) return;
    const sep = raw.includes("\t") ? "\t" : ";";
    const f = splitFields(raw);
    const tag = f[0];
    const number = (k: number, field: string): number => {
      const x =
        (f[k] === undefined ? undefined : readDecimal(f[k], { decimalComma: sep === ";" })) ??
        Number.NaN;
      if (!Number.isFinite(x)) at(line, [field], `'${f[k] ?? ""}' is not a number`);
      return x;
    };
    switch (tag) {
      case "#O":
        title = f[1];
        break;
      case "#/":
        if (f[1] === "entente.referencePoint") {
          const value = number(3, "referencePoint");
          if (Number.isFinite(value)) referencePoints.set(f[2] ?? "", { value, line });
        }
        break;
      case "#A":
      case "#P": {
        if (!f[1]) {
          at(line, ["key"], `${tag} record without a key`);
          return;
        }
        const list = tag === "#A" ? actors : issues;
        if (list.some((x) => x.key === f[1])) {
          at(line, ["key"], `${tag === "#A" ? "actor" : "issue"} '${f[1]}' is declared twice`);
          return;
        }
        if (tag === "#A") actors.push({ key: f[1], name: f[2] || f[1], line });
        else issues.push({ key: f[1], name: f[2] || f[1], line, marks: [] });
        break;
      }
      case "#M": {
        const issue = issues.find((x) => x.key === f[1]);
        const value = number(2, "position");
        if (!issue)
          at(
            line,
            ["issue"],
            `scale point for undeclared issue '${f[1]}' (declare it with #P first)`,
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
        if (!actors.some((a) => a.key === f[1]))
          at(line, ["actor"], `unknown actor '${f[1]}' (no #A record)`);
        if (!issues.some((i) => i.key === f[2]))
          at(line, ["issue"], `unknown issue '${f[2]}' (no #P record)`);
        if (salience < 0 || salience > 1)
          at(line, ["salience"], `salience ${salience} is outside 0–1`);
        if (power < 0) at(line, ["power"], `power ${power} is negative`);
        if (data.some((d) => d.actor === f[1] && d.issue === f[2]))
          at(line, [], `second #D record for actor '${f[1]}' on issue '${f[2]}'`);
        data.push({ actor: f[1], issue: f[2], position, salience, power, line });
        break;
      }
      default:
        at(line, [], `unknown record type '${tag}' (expected #O, #/, #A, #P, #M or #D)`);
    }
  });
  const powerOf = new Map<string, { power: number; line: number; issue: string }>();
  for (const d of data) {
    const first = powerOf.get(d.actor);
    if (!first) powerOf.set(d.actor, { power: d.power, line: d.line, issue: d.issue });
    else if (first.power !== d.power && Number.isFinite(d.power))
      at(
        d.line,
        ["power"],
        `power of '${d.actor}' is ${d.power} on '${d.issue}' but ${first.power} on '${first.issue}' (line ${first.line}); entente gives each actor one capability`,
      );
  }
  if (actors.length === 0) problems.push({ file, path: [], message: "no actors (#A records)" });
  if (issues.length === 0) problems.push({ file, path: [], message: "no issues (#P records)" });
  const scales = new Map<string, { low: number; high: number }>();
  for (const issue of issues) {
    const values = issue.marks.map((m) => m.value);
    const positions = data.filter((d) => d.issue === issue.key).map((d) => d.position);
    const scale =
      values.length >= 2 && Math.max(...values) > Math.min(...values)
        ? { low: Math.min(...values), high: Math.max(...values) }
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
  if (problems.length > 0) throw new InputError(problems);

  const actorIds = new Map(actors.map((a, i) => [a.key, keepIds(actors.map((x) => x.key))[i]]));
  const issueIds = new Map(issues.map((p, i) => [p.key, keepIds(issues.map((x) => x.key))[i]]));
  return {
    entente: 1,
    metadata: {
      title: title ?? "Imported decide table",
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
      ...(referencePoints.has(p.key) ? { referencePoint: referencePoints.get(p.key)!.value } : {}),
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

/** The keys as ids where they are valid and unique, else made into ids (`uniqueIds`). */
function keepIds(keys: string[]): string[] {
  const valid = keys.every((k) => Id.safeParse(k).success) && new Set(keys).size === keys.length;
  return valid ? keys : uniqueIds(keys);
}

/** Writes a scenario in the decide format (tab-separated), reference points as comment records. */
export function writeDecide(scenario: Scenario): string {
  const out: string[] = [`#O\t${scenario.metadata.title}`];
  for (const a of scenario.actors) out.push(`#A\t${a.id}\t${a.name}`);
  const capability = new Map(scenario.actors.map((a) => [a.id, a.capability]));
  for (const i of scenario.issues) {
    out.push(`#P\t${i.id}\t${i.name}`);
    const anchors = i.anchors ?? [];
    const marks = [...anchors];
    if (!marks.some((m) => m.value === i.scale.low)) marks.push({ value: i.scale.low, label: "" });
    if (!marks.some((m) => m.value === i.scale.high))
      marks.push({ value: i.scale.high, label: "" });
    marks.sort((a, b) => a.value - b.value);
    for (const m of marks) out.push(`#M\t${i.id}\t${m.value}\t${m.label}`);
    if (i.referencePoint !== undefined)
      out.push(`#/\tentente.referencePoint\t${i.id}\t${i.referencePoint}`);
  }
  for (const s of scenario.stances)
    out.push(
      `#D\t${s.actor}\t${s.issue}\t${s.position}\t${Number((s.salience / 100).toPrecision(12))}\t${capability.get(s.actor)}`,
    );
  return out.join("\n") + "\n";
}
