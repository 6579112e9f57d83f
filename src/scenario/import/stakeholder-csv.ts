/**
 * The single-issue stakeholder table of the expected-utility literature
 * (Bueno de Mesquita 1994; Scholz et al. 2011): a CSV with the header
 * `Actor,Capability,Position,Salience`, one row per actor.
 *
 * Salience is read on 0–1 unless `salienceScale: 100` says the file uses 0–100.
 * Names that repeat are an error unless `disambiguate` is set, in which case the
 * repeats are numbered ("Attorney", "Attorney (2)").
 */
import { readCsvRecords } from "./csv-records.js";
import type { Problem } from "../problems.js";
import { InputError } from "../problems.js";
import type { Scenario } from "../schema.js";
import { uniqueIds } from "../ids.js";
import { readDecimal } from "./decimal.js";
import { excerpt, limitText, MAX_PROBLEMS, resolveLimits, type Limits } from "../limits.js";

export interface StakeholderCsvOptions {
  file?: string;
  /** The scale salience is written on in the file: 1 (default) or 100. */
  salienceScale?: 1 | 100;
  /** Number repeated actor names instead of failing. */
  disambiguate?: boolean;
  issueId?: string;
  issueName?: string;
  title?: string;
  /** The issue's scale; by default the smallest of [0,1], [0,100] or [min,max] that holds every position. */
  scale?: { low: number; high: number };
  referencePoint?: number;
  /** Limits on rows and lengths (defaults: limits.ts). */
  limits?: Partial<Limits>;
}

const HEADER = ["actor", "capability", "position", "salience"];

export function looksLikeStakeholderCsv(text: string): boolean {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const cells = first.split(",").map((c) => c.trim().toLowerCase());
  return HEADER.every((h, i) => cells[i] === h);
}

export function readStakeholderCsv(text: string, options: StakeholderCsvOptions = {}): Scenario {
  const file = options.file;
  const salienceScale = options.salienceScale ?? 1;
  const problems: Problem[] = [];
  const at = (line: number, path: (string | number)[], message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, line, path, message });
  };
  const limits = resolveLimits(options.limits);
  const records = readCsvRecords(text, file, {
    maxRecords: Math.min(limits.rows, limits.actors) + 1,
  });
  if (records.length > Math.min(limits.rows, limits.actors) + 1) {
    const over = records[records.length - 1];
    const key = limits.actors <= limits.rows ? "actors" : "rows";
    throw new InputError([
      {
        file,
        line: over.info.lines,
        path: [],
        message: `more than ${Math.min(limits.rows, limits.actors).toLocaleString("en")} ${key === "actors" ? "actors" : "rows"}; ${limitText(limits, key)}`,
      },
    ]);
  }
  if (records.length === 0)
    throw new InputError([{ file, path: [], message: "the file is empty" }]);
  const header = records[0].record.map((c) => c.toLowerCase());
  if (!HEADER.every((h, i) => header[i] === h) || header.length !== 4)
    throw new InputError([
      {
        file,
        line: records[0].info.lines,
        path: ["header"],
        message: `expected the header 'Actor,Capability,Position,Salience', found '${excerpt(records[0].record.join(","), 80)}'`,
      },
    ]);
  const rows = records.slice(1);
  if (rows.length === 0) at(records[0].info.lines, [], "the table has a header but no actors");
  const names: string[] = [];
  const values: { capability: number; position: number; salience: number }[] = [];
  const firstLineOf = new Map<string, number>();
  const repeated: { name: string; line: number; first: number }[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== 4) {
      at(
        line,
        [],
        `expected 4 fields (Actor,Capability,Position,Salience), found ${record.length}`,
      );
      continue;
    }
    const [name, capText, posText, salText] = record;
    if (name.length === 0) at(line, ["Actor"], "the actor's name is empty");
    if (name.length > limits.nameLength)
      at(line, ["Actor"], `the name has ${name.length} characters, more than ${limits.nameLength}`);
    const number = (text: string, column: string): number => {
      const x = readDecimal(text) ?? Number.NaN;
      if (!Number.isFinite(x))
        at(line, [column], `'${excerpt(text)}' is not a number (write decimal notation, e.g. 0.5)`);
      return x;
    };
    const capability = number(capText, "Capability");
    const position = number(posText, "Position");
    const salienceRaw = number(salText, "Salience");
    if (capability < 0) at(line, ["Capability"], `capability ${capability} is negative`);
    if (salienceRaw < 0 || salienceRaw > salienceScale)
      at(
        line,
        ["Salience"],
        `salience ${salienceRaw} is outside 0–${salienceScale}` +
          (salienceScale === 1 && salienceRaw <= 100
            ? " (if the file uses 0–100, say so: --salience-scale 100)"
            : ""),
      );
    const first = firstLineOf.get(name);
    if (first !== undefined) repeated.push({ name, line, first });
    else firstLineOf.set(name, line);
    names.push(name);
    // Keep salience exact on the scenario's 0–100 scale (0.07 * 100 would not be 7).
    const salience =
      salienceScale === 100 ? salienceRaw : Number((salienceRaw * 100).toPrecision(12));
    values.push({ capability, position, salience });
  }
  if (repeated.length > 0 && !options.disambiguate)
    for (const r of repeated)
      at(
        r.line,
        ["Actor"],
        `actor name '${excerpt(r.name)}' repeats line ${r.first}; rename one, or number the repeats (--disambiguate)`,
      );
  if (problems.length > 0) throw new InputError(problems);

  const displayNames = numberRepeats(names);
  const ids = uniqueIds(displayNames);
  const positions = values.map((v) => v.position);
  const scale = options.scale ?? inferScale(positions);
  const issueId = options.issueId ?? "issue";
  return {
    entente: 1,
    metadata: {
      title: options.title ?? (file ? baseName(file) : "Stakeholder table"),
      description:
        "Imported from a single-issue stakeholder table (Actor,Capability,Position,Salience).",
      ...(options.scale
        ? {}
        : { notes: `Issue scale [${scale.low}, ${scale.high}] inferred from the positions.` }),
    },
    actors: ids.map((id, i) => ({ id, name: displayNames[i], capability: values[i].capability })),
    issues: [
      {
        id: issueId,
        name: options.issueName ?? options.title ?? "Issue",
        scale,
        ...(options.referencePoint !== undefined ? { referencePoint: options.referencePoint } : {}),
      },
    ],
    stances: ids.map((id, i) => ({
      actor: id,
      issue: issueId,
      position: values[i].position,
      salience: values[i].salience,
    })),
  };
}

/** "Attorney", "Attorney" → "Attorney", "Attorney (2)". */
function numberRepeats(names: string[]): string[] {
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
  return max > min ? { low: min, high: max } : { low: min - 1, high: max + 1 };
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]+$/, "");
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
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
