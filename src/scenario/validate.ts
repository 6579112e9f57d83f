/**
 * Validation of a scenario: the schema (types, ranges, finiteness) and then the
 * cross-references the schema cannot see (unknown actor or issue in a stance,
 * duplicate ids, a position off its issue's scale, a reference point off the scale,
 * the same stance twice). Every problem is reported, not only the first.
 */
import { Scenario } from "./schema.js";
import type { Problem } from "./problems.js";
import { ruleProblems } from "./rules.js";
import { uncertaintyProblems } from "./uncertainty-checks.js";
import { whatIfProblems } from "./what-ifs.js";
import { excerpt, limitText, NUMBER_RANGE, resolveLimits, type Limits } from "./limits.js";

export type ValidationResult =
  { ok: true; scenario: Scenario; problems: [] } | { ok: false; problems: Problem[] };

export interface ValidateOptions {
  /** Limits on counts and lengths (defaults: limits.ts). */
  limits?: Partial<Limits>;
}

export function validateScenario(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const limits = resolveLimits(options.limits);
  // Counts first: nothing of a table beyond the limits is looked at.
  const tooMany = countProblems(input, limits);
  if (tooMany.length > 0) return { ok: false, problems: tooMany };
  const parsed = Scenario.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.slice(0, 1000).map((issue) => ({
      path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      message: describeZodIssue(issue),
    }));
    // The cross-reference checks can still run on what is well-formed enough.
    for (const p of crossReferenceProblems(input)) problems.push(p);
    for (const p of rangeProblems(input, limits)) problems.push(p);
    return { ok: false, problems: dedupe(problems) };
  }
  const problems = [...crossReferenceProblems(parsed.data), ...rangeProblems(parsed.data, limits)];
  // Uncertainty and what-ifs refer to actors, issues and scales: checked on a
  // well-formed scenario only.
  if (problems.length === 0)
    for (const p of [
      ...uncertaintyProblems(parsed.data),
      ...whatIfProblems(parsed.data, parsed.data.whatIfs ?? []),
    ])
      problems.push(p);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, scenario: parsed.data, problems: [] };
}

function describeZodIssue(issue: {
  code: string;
  message: string;
  input?: unknown;
  keys?: string[];
}): string {
  if (issue.code === "unrecognized_keys" && issue.keys)
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys
      .slice(0, 10)
      .map((k) => `'${excerpt(k)}'`)
      .join(
        ", ",
      )}${issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : ""} (misspelt, or a value with a comma or colon that needs quotes?)`;
  if (issue.code === "invalid_type" && issue.input === undefined) return "is required";
  if (
    issue.code === "invalid_type" &&
    typeof issue.input === "number" &&
    !Number.isFinite(issue.input)
  )
    return `must be a finite number (found ${String(issue.input)})`;
  if (issue.code === "invalid_type" && issue.input !== undefined)
    return `${issue.message.replace(/^Invalid input: /, "")} (found ${describeValue(issue.input)})`;
  return issue.message;
}

/** A value as a message shows it: short, without recursing into deep structures. */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "string") return `'${excerpt(x)}'`;
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint") return String(x);
  if (Array.isArray(x)) return `a list of ${x.length}`;
  if (typeof x === "object") {
    if (x instanceof Date) return `the date ${x.toISOString().slice(0, 10)} (quote it)`;
    const keys = Object.keys(x);
    return keys.length === 0
      ? "an empty mapping"
      : `a mapping (${keys
          .slice(0, 3)
          .map((k) => excerpt(k, 20))
          .join(", ")}${keys.length > 3 ? ", …" : ""})`;
  }
  return typeof x;
}

/** What-if changes in one scenario, at most. */
const MAX_WHAT_IF_CHANGES = 1000;

/** The counts of a scenario against the limits (before anything else is checked). */
function countProblems(input: unknown, limits: Limits): Problem[] {
  if (!isObject(input)) return [];
  const problems: Problem[] = [];
  const check = (field: "actors" | "issues" | "stances") => {
    const list = input[field];
    if (Array.isArray(list) && list.length > limits[field])
      problems.push({
        path: [field],
        message: `${list.length.toLocaleString("en")} ${field}; ${limitText(limits, field)}`,
      });
  };
  check("actors");
  check("issues");
  check("stances");
  // What-ifs are checked change by change against the whole scenario.
  const changes = Array.isArray(input.whatIfs)
    ? input.whatIfs.reduce(
        (n: number, w: unknown) =>
          n + (isObject(w) && Array.isArray(w.changes) ? w.changes.length : 1),
        0,
      )
    : 0;
  if (changes > MAX_WHAT_IF_CHANGES)
    problems.push({
      path: ["whatIfs"],
      message: `${changes.toLocaleString("en")} what-if changes; at most ${MAX_WHAT_IF_CHANGES.toLocaleString("en")} (each is checked against the whole scenario)`,
    });
  // The models' tables are dense, actors × issues, whatever the stances.
  const nA = Array.isArray(input.actors) ? input.actors.length : 0;
  const nI = Array.isArray(input.issues) ? input.issues.length : 0;
  if (problems.length === 0 && nA * nI > 10 * limits.stances)
    problems.push({
      path: ["issues"],
      message: `${nA.toLocaleString("en")} actors × ${nI.toLocaleString("en")} issues = ${(nA * nI).toLocaleString("en")} cells in the models' tables, more than ${(10 * limits.stances).toLocaleString("en")} (ten times the stance limit; raise with --max-stances)`,
    });
  return problems;
}

/**
 * Lengths of names and texts, and the range of numbers the models can compute with
 * (limits.ts `NUMBER_RANGE`): capabilities up to 1e300, a positive one at least
 * 1e-300 and 1e-12 of the largest; scale ends within ±1e15 and a scale not
 * vanishingly narrow for its ends.
 */
function rangeProblems(input: unknown, limits: Limits): Problem[] {
  if (!isObject(input)) return [];
  const problems: Problem[] = [];
  const text = (value: unknown, path: (string | number)[], max: number) => {
    if (typeof value === "string" && value.length > max)
      problems.push({
        path,
        message: `${value.length.toLocaleString("en")} characters, more than the ${max.toLocaleString("en")} allowed here ('${excerpt(value)}')`,
      });
  };
  const meta = isObject(input.metadata) ? input.metadata : {};
  text(meta.title, ["metadata", "title"], limits.nameLength);
  for (const key of ["description", "notes"]) text(meta[key], ["metadata", key], limits.textLength);
  const R = NUMBER_RANGE;
  const actors = asArray(input.actors);
  const stances = asArray(input.stances);
  // One largest over actors and stances: compile divides both by it (ratios kept).
  let largest = 0;
  for (const x of [...actors, ...stances])
    if (isObject(x) && typeof x.capability === "number" && x.capability > largest)
      largest = x.capability;
  const checkCapability = (c: unknown, where: (string | number)[], zero: string) => {
    if (typeof c !== "number" || !Number.isFinite(c) || c <= 0) return;
    if (c > R.capabilityMax)
      problems.push({
        path: where,
        message: `capability ${c} is beyond ${R.capabilityMax}; only ratios matter, so write all capabilities on a smaller scale`,
      });
    else if (c < R.capabilityMin)
      problems.push({
        path: where,
        message: `capability ${c} is below ${R.capabilityMin}; write 0 for ${zero}, or all capabilities on a larger scale`,
      });
    else if (largest <= R.capabilityMax && c < R.capabilityRatio * largest)
      problems.push({
        path: where,
        message: `capability ${c} is less than ${R.capabilityRatio} of the largest (${largest}); no model can tell it from 0 — write 0`,
      });
  };
  actors.forEach((a, i) => {
    if (!isObject(a)) return;
    text(a.name, ["actors", i, "name"], limits.nameLength);
    text(a.description, ["actors", i, "description"], limits.textLength);
    checkCapability(a.capability, ["actors", i, "capability"], "an actor without capability");
  });
  stances.forEach((s, i) => {
    if (isObject(s))
      checkCapability(s.capability, ["stances", i, "capability"], "no capability on this issue");
  });
  asArray(input.issues).forEach((iss, i) => {
    if (!isObject(iss)) return;
    text(iss.name, ["issues", i, "name"], limits.nameLength);
    text(iss.description, ["issues", i, "description"], limits.textLength);
    asArray(iss.anchors).forEach((an, k) => {
      if (isObject(an)) text(an.label, ["issues", i, "anchors", k, "label"], limits.nameLength);
    });
    const scale = isObject(iss.scale) ? iss.scale : undefined;
    if (!scale || typeof scale.low !== "number" || typeof scale.high !== "number") return;
    const { low, high } = scale as { low: number; high: number };
    const big = Math.max(Math.abs(low), Math.abs(high));
    if (big > R.valueMax)
      problems.push({
        path: ["issues", i, "scale"],
        message: `the scale [${low}, ${high}] reaches beyond ±${R.valueMax}; use a smaller unit`,
      });
    else if (high > low && high - low < R.scaleRatio * big)
      problems.push({
        path: ["issues", i, "scale"],
        message: `the scale [${low}, ${high}] is too narrow for the size of its ends; shift it (e.g. to [0, ${high - low}])`,
      });
  });
  stances.forEach((s, i) => {
    if (isObject(s)) text(s.rationale, ["stances", i, "rationale"], limits.textLength);
  });
  return problems;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.path, p.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Loose = Record<string, unknown>;
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const isObject = (x: unknown): x is Loose => typeof x === "object" && x !== null;

/** Checks that need the whole document; tolerant of malformed parts (skips them). */
function crossReferenceProblems(input: unknown): Problem[] {
  if (!isObject(input)) return [];
  // Suggestions for misspelt ids come from a small table only (a search over a large
  // one for each of many unknown ids would be quadratic), and for the first 100.
  let suggestionsLeft = 100;
  const suggestions = (name: string, known: Map<string, unknown>): string => {
    if (known.size > 1000 || suggestionsLeft <= 0) return "";
    suggestionsLeft--;
    return suggest(name, [...known.keys()]);
  };
  const problems: Problem[] = [];
  const actorIds = new Map<string, number>();
  asArray(input.actors).forEach((a, i) => {
    if (!isObject(a) || typeof a.id !== "string") return;
    const first = actorIds.get(a.id);
    if (first !== undefined)
      problems.push({
        path: ["actors", i, "id"],
        message: `duplicate actor id '${excerpt(a.id)}' (first used by actors[${first}]); give each actor its own id`,
      });
    else actorIds.set(a.id, i);
  });
  const issues = new Map<string, Loose>();
  asArray(input.issues).forEach((iss, i) => {
    if (!isObject(iss) || typeof iss.id !== "string") return;
    if (issues.has(iss.id))
      problems.push({
        path: ["issues", i, "id"],
        message: `duplicate issue id '${excerpt(iss.id)}'`,
      });
    else issues.set(iss.id, iss);
    const scale = isObject(iss.scale) ? iss.scale : undefined;
    const rp = iss.referencePoint;
    if (scale && typeof rp === "number" && offScale(rp, scale))
      problems.push({
        path: ["issues", i, "referencePoint"],
        message: `reference point ${rp} is off the scale [${scale.low}, ${scale.high}] of issue '${excerpt(iss.id)}'`,
      });
    asArray(iss.anchors).forEach((an, k) => {
      if (scale && isObject(an) && typeof an.value === "number" && offScale(an.value, scale))
        problems.push({
          path: ["issues", i, "anchors", k, "value"],
          message: `anchor ${an.value} is off the scale [${scale.low}, ${scale.high}] of issue '${excerpt(String(iss.id))}'`,
        });
    });
  });
  const seenStance = new Map<string, number>();
  asArray(input.stances).forEach((s, i) => {
    if (!isObject(s)) return;
    if (typeof s.actor === "string" && !actorIds.has(s.actor))
      problems.push({
        path: ["stances", i, "actor"],
        message: `unknown actor '${excerpt(s.actor)}'${suggestions(s.actor, actorIds)}`,
      });
    const issue = typeof s.issue === "string" ? issues.get(s.issue) : undefined;
    if (typeof s.issue === "string" && !issue)
      problems.push({
        path: ["stances", i, "issue"],
        message: `unknown issue '${excerpt(s.issue)}'${suggestions(s.issue, issues)}`,
      });
    const scale = issue && isObject(issue.scale) ? issue.scale : undefined;
    if (scale && typeof s.position === "number" && offScale(s.position, scale))
      problems.push({
        path: ["stances", i, "position"],
        message: `position ${s.position} of '${excerpt(String(s.actor))}' is off the scale [${scale.low}, ${scale.high}] of issue '${excerpt(String(s.issue))}'`,
      });
    if (typeof s.actor === "string" && typeof s.issue === "string") {
      const key = `${s.actor}\u0000${s.issue}`;
      const first = seenStance.get(key);
      if (first !== undefined)
        problems.push({
          path: ["stances", i],
          message: `second stance of '${excerpt(s.actor)}' on '${excerpt(s.issue)}' (first at stances[${first}]); keep one`,
        });
      else seenStance.set(key, i);
    }
  });
  for (const p of ruleProblems(input)) problems.push(p);
  return problems;
}

/** Off a well-formed scale (a reversed or empty scale has its own problem, not one per value). */
function offScale(x: number, scale: Loose): boolean {
  return (
    typeof scale.low === "number" &&
    typeof scale.high === "number" &&
    scale.high > scale.low &&
    Number.isFinite(x) &&
    (x < scale.low || x > scale.high)
  );
}

function suggest(name: string, known: string[]): string {
  if (name.length > 80 || known.length > 10_000) return "";
  const close = known.filter(
    (k) =>
      k.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(k.toLowerCase()),
  );
  if (close.length > 0) return `; did you mean '${close[0]}'?`;
  return known.length > 0 && known.length <= 12 ? `; known: ${known.join(", ")}` : "";
}
