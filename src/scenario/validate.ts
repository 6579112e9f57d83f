/**
 * Validation of a scenario: the schema (types, ranges, finiteness) and then the
 * cross-references the schema cannot see (unknown actor or issue in a stance,
 * duplicate ids, a position off its issue's scale, a reference point off the scale,
 * the same stance twice). Every problem is reported, not only the first.
 */
import { Scenario } from "./schema.js";
import type { Problem } from "./problems.js";
import { ruleProblems } from "./rules.js";
import { uncertaintyProblems } from "./uncertainty.js";
import { whatIfProblems } from "../analysis/whatif.js";

export type ValidationResult =
  { ok: true; scenario: Scenario; problems: [] } | { ok: false; problems: Problem[] };

export function validateScenario(input: unknown): ValidationResult {
  const parsed = Scenario.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.map((issue) => ({
      path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      message: describeZodIssue(issue),
    }));
    // The cross-reference checks can still run on what is well-formed enough.
    problems.push(...crossReferenceProblems(input));
    return { ok: false, problems: dedupe(problems) };
  }
  const problems = crossReferenceProblems(parsed.data);
  // Uncertainty and what-ifs refer to actors, issues and scales: checked on a
  // well-formed scenario only.
  if (problems.length === 0)
    problems.push(
      ...uncertaintyProblems(parsed.data),
      ...whatIfProblems(parsed.data, parsed.data.whatIfs ?? []),
    );
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
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")} (misspelt, or a value with a comma or colon that needs quotes?)`;
  if (issue.code === "invalid_type" && issue.input === undefined) return "is required";
  if (issue.code === "invalid_type" && issue.input !== undefined)
    return `${issue.message.replace(/^Invalid input: /, "")} (found ${JSON.stringify(issue.input)})`;
  if (
    issue.code === "invalid_type" &&
    typeof issue.input === "number" &&
    !Number.isFinite(issue.input)
  )
    return `must be a finite number (found ${issue.input})`;
  return issue.message;
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
  const problems: Problem[] = [];
  const actorIds = new Map<string, number>();
  asArray(input.actors).forEach((a, i) => {
    if (!isObject(a) || typeof a.id !== "string") return;
    const first = actorIds.get(a.id);
    if (first !== undefined)
      problems.push({
        path: ["actors", i, "id"],
        message: `duplicate actor id '${a.id}' (first used by actors[${first}]); give each actor its own id`,
      });
    else actorIds.set(a.id, i);
  });
  const issues = new Map<string, Loose>();
  asArray(input.issues).forEach((iss, i) => {
    if (!isObject(iss) || typeof iss.id !== "string") return;
    if (issues.has(iss.id))
      problems.push({ path: ["issues", i, "id"], message: `duplicate issue id '${iss.id}'` });
    else issues.set(iss.id, iss);
    const scale = isObject(iss.scale) ? iss.scale : undefined;
    const rp = iss.referencePoint;
    if (scale && typeof rp === "number" && offScale(rp, scale))
      problems.push({
        path: ["issues", i, "referencePoint"],
        message: `reference point ${rp} is off the scale [${scale.low}, ${scale.high}] of issue '${iss.id}'`,
      });
    asArray(iss.anchors).forEach((an, k) => {
      if (scale && isObject(an) && typeof an.value === "number" && offScale(an.value, scale))
        problems.push({
          path: ["issues", i, "anchors", k, "value"],
          message: `anchor ${an.value} is off the scale [${scale.low}, ${scale.high}] of issue '${iss.id}'`,
        });
    });
  });
  const seenStance = new Map<string, number>();
  asArray(input.stances).forEach((s, i) => {
    if (!isObject(s)) return;
    if (typeof s.actor === "string" && !actorIds.has(s.actor))
      problems.push({
        path: ["stances", i, "actor"],
        message: `unknown actor '${s.actor}'${suggest(s.actor, [...actorIds.keys()])}`,
      });
    const issue = typeof s.issue === "string" ? issues.get(s.issue) : undefined;
    if (typeof s.issue === "string" && !issue)
      problems.push({
        path: ["stances", i, "issue"],
        message: `unknown issue '${s.issue}'${suggest(s.issue, [...issues.keys()])}`,
      });
    const scale = issue && isObject(issue.scale) ? issue.scale : undefined;
    if (scale && typeof s.position === "number" && offScale(s.position, scale))
      problems.push({
        path: ["stances", i, "position"],
        message: `position ${s.position} of '${String(s.actor)}' is off the scale [${scale.low}, ${scale.high}] of issue '${String(s.issue)}'`,
      });
    if (typeof s.actor === "string" && typeof s.issue === "string") {
      const key = `${s.actor}\u0000${s.issue}`;
      const first = seenStance.get(key);
      if (first !== undefined)
        problems.push({
          path: ["stances", i],
          message: `second stance of '${s.actor}' on '${s.issue}' (first at stances[${first}]); keep one`,
        });
      else seenStance.set(key, i);
    }
  });
  problems.push(...ruleProblems(input));
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
  const close = known.filter(
    (k) =>
      k.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(k.toLowerCase()),
  );
  if (close.length > 0) return `; did you mean '${close[0]}'?`;
  return known.length > 0 && known.length <= 12 ? `; known: ${known.join(", ")}` : "";
}
