/**
 * The headline forecast: one answer per issue that entente vouches for, with how
 * sure it is and why.
 *
 * - Point: the compromise model (Achen 2006, eq. 1), positions weighted by
 *   capability × salience. It is the model with the smallest out-of-sample error on
 *   the DEU table among the simple ones, and no tuned or selected alternative beats
 *   it there once the selection is inside the folds (docs/accuracy.md). On DEU
 *   issues every capability is 1 (compromise/equal); on a scenario its own
 *   capabilities count.
 * - Intervals and threshold probabilities: the predictive distribution that
 *   combines the input uncertainty (a small seeded Monte Carlo of the compromise
 *   forecast under the scenario's stated or default noise, montecarlo-core.ts)
 *   with the model's own error (the shipped error model, error-model.ts, fitted on
 *   DEU outcomes and rescaled to the issue's scale): every residual is applied to
 *   every draw's forecast. The 50% and 90% intervals are its central quantiles
 *   (type 7), so they are asymmetric where the forecast sits off-centre and stay
 *   on the scale.
 * - Decisive actors: the actors whose weight moves the point most (the change of
 *   the forecast if the actor's weight were removed, `f₋ᵢ − f = −wᵢ(xᵢ − f)/(W − wᵢ)`),
 *   and, where the issue has a decision rule, its veto players and pivots
 *   (procedural/analysis.ts).
 * - Disagreement: the smallest and largest forecast of the other models run.
 */
import type { Scenario } from "../scenario/schema.js";
import { compileScenario, type CompiledIssue } from "../scenario/compile.js";
import { InputError } from "../scenario/problems.js";
import type { ModelRun } from "../models/types.js";
import { effectivePower, weightedMean } from "../models/weights.js";
import { prepareIssue } from "../models/procedural/analysis.js";
import { quantileSorted } from "./bootstrap.js";
import { errorFeatures, predictiveSample, type FittedErrorModel } from "./error-model.js";
import { shippedErrorModel } from "./error-model-file.js";
import { PreparedJob, scenarioNoise } from "./montecarlo-core.js";
import { isValidSeed } from "./random.js";
import { parseThreshold, type Threshold } from "./montecarlo.js";

export const HEADLINE_MODEL = "compromise";

export interface HeadlineOptions {
  /** Monte Carlo draws of the inputs (default 200; 0: the point forecast only). */
  draws?: number;
  seed?: number;
  /** Thresholds as written (`us-sanctions>=75`). */
  thresholds?: string[];
  /** The error model (default: the shipped one). */
  errorModel?: FittedErrorModel;
  /** How many actors to name per issue (default 3). */
  decisive?: number;
}

export interface DecisiveActor {
  actor: string;
  /** Why it is decisive: its weight moves the point, or the rule gives it a veto or the pivot. */
  role: "weight" | "veto player" | "pivot";
  /** For `weight`: the change of the forecast if its weight were removed. */
  effect?: number;
  position: number;
}

export interface HeadlineRule {
  rule: string;
  referencePoint: number;
  winSet: [number, number] | null;
  vetoPlayers: string[];
  pivots: { below: string[]; above: string[] };
  blockers: string[];
}

export interface HeadlineIssue {
  issue: string;
  model: string;
  forecast: number | null;
  interval50: [number, number] | null;
  interval90: [number, number] | null;
  scale: { low: number; high: number };
  disagreement: { min: number; max: number; minModel: string; maxModel: string } | null;
  thresholds?: { threshold: string; probability: number }[];
  decisiveActors?: DecisiveActor[];
  rule?: HeadlineRule;
  note?: string;
}

export interface HeadlineStatement {
  model: string;
  errorModel: string;
  draws: number;
  seed: number;
  /** One line for the top of a table. */
  line: string;
}

/** The forecast without one actor's weight, minus the forecast. */
function removalEffect(issue: CompiledIssue, w: Float64Array, f: number, i: number): number {
  let total = 0;
  for (const x of w) total += x;
  const rest = total - w[i];
  return rest > 0 ? (-w[i] * (issue.position[i] - f)) / rest : Number.NaN;
}

function ruleOf(issue: CompiledIssue): HeadlineRule | undefined {
  const prepared = prepareIssue(issue);
  if (!prepared.ok) return undefined;
  const d = prepared.prepared.details;
  return {
    rule: d.rule,
    referencePoint: d.referencePoint,
    winSet: d.winSet ? [d.winSet.low, d.winSet.high] : null,
    vetoPlayers: d.vetoPlayers,
    pivots: { below: d.pivots.below.pivots, above: d.pivots.above.pivots },
    blockers: d.blockers,
  };
}

function crosses(x: number, t: Threshold): boolean {
  return t.op === "<"
    ? x < t.value
    : t.op === "<="
      ? x <= t.value
      : t.op === ">"
        ? x > t.value
        : x >= t.value;
}

/** Parses thresholds against the scenario; every problem at once. */
export function parseThresholds(texts: readonly string[], scenario: Scenario): Threshold[] {
  const problems: InputError["problems"] = [];
  const out: Threshold[] = [];
  for (const t of texts)
    try {
      out.push(parseThreshold(t, scenario));
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  for (const t of out) {
    const { low, high } = scenario.issues.find((i) => i.id === t.issue)!.scale;
    if (t.value < low || t.value > high)
      problems.push({
        path: ["--threshold"],
        message: `${t.value} in '${t.text}' is off the scale [${low}, ${high}] of issue '${t.issue}'`,
      });
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

/** The compromise forecast of every draw, per issue (NaN where none). */
function inputDraws(scenario: Scenario, draws: number, seed: number): Float64Array[] {
  const nIssues = scenario.issues.length;
  if (draws === 0) return scenario.issues.map(() => new Float64Array(0));
  const job = new PreparedJob({
    id: `headline-${seed}-${draws}`,
    scenario,
    noise: scenarioNoise(scenario),
    models: [{ id: HEADLINE_MODEL, options: {} }],
    seed,
    kind: "draws",
  });
  const out = job.run(0, draws);
  return scenario.issues.map((_, k) => {
    const values: number[] = [];
    for (let d = 0; d < draws; d++) {
      const v = out[d * nIssues + k];
      if (Number.isFinite(v)) values.push(v);
    }
    return Float64Array.from(values);
  });
}

/** The headline of every issue of a scenario (see the module comment). */
export function computeHeadline(
  scenario: Scenario,
  runs: readonly ModelRun[],
  options: HeadlineOptions = {},
): { statement: HeadlineStatement; issues: HeadlineIssue[] } {
  const draws = options.draws ?? 200;
  const seed = options.seed ?? 1;
  const problems: InputError["problems"] = [];
  if (!Number.isInteger(draws) || draws < 0 || draws > 100_000)
    problems.push({
      path: ["--draws"],
      message: `the headline's draws must be a whole number from 0 to 100000, not ${draws}`,
    });
  if (!isValidSeed(seed))
    problems.push({
      path: ["--seed"],
      message: `the seed must be a whole number from 0 to 2^53 − 1, not ${seed}`,
    });
  if (problems.length > 0) throw new InputError(problems);
  const thresholds = parseThresholds(options.thresholds ?? [], scenario);
  const shipped = options.errorModel ? undefined : shippedErrorModel();
  const errorModel = options.errorModel ?? shipped!.model;
  const compiled = compileScenario(scenario);
  const byDraw = inputDraws(scenario, draws, seed);
  const top = options.decisive ?? 3;
  const issues = compiled.issues.map((issue, k): HeadlineIssue => {
    const w = effectivePower(issue.capability, issue.salience);
    const f = weightedMean(issue.position, w);
    const scale = issue.scale;
    const others = runs
      .filter((r) => r.model !== HEADLINE_MODEL)
      .map((r) => ({ model: r.model, f: r.issues.find((x) => x.issue === issue.id)?.forecast }))
      .filter((x): x is { model: string; f: number } => typeof x.f === "number");
    const disagreement =
      others.length === 0
        ? null
        : others.reduce(
            (acc, x) => ({
              min: x.f < acc.min ? x.f : acc.min,
              minModel: x.f < acc.min ? x.model : acc.minModel,
              max: x.f > acc.max ? x.f : acc.max,
              maxModel: x.f > acc.max ? x.model : acc.maxModel,
            }),
            { min: Infinity, max: -Infinity, minModel: "", maxModel: "" },
          );
    const rule = ruleOf(issue);
    const base: HeadlineIssue = {
      issue: issue.id,
      model: HEADLINE_MODEL,
      forecast: null,
      interval50: null,
      interval90: null,
      scale,
      disagreement,
      ...(rule ? { rule } : {}),
    };
    if (!Number.isFinite(f))
      return { ...base, note: "no actor on this issue has weight, so there is no forecast" };
    const forecasts = byDraw[k].length > 0 ? byDraw[k] : [f];
    const sample = predictiveSample(errorModel, forecasts, scale, errorFeatures(issue));
    const q = (p: number) => quantileSorted(sample, p);
    const own = thresholds.filter((t) => t.issue === issue.id);
    const decisive: DecisiveActor[] = [];
    const named = new Set<string>();
    const add = (actor: string, role: DecisiveActor["role"], effect?: number) => {
      if (named.has(actor)) return;
      named.add(actor);
      const i = issue.actorIds.indexOf(actor);
      decisive.push({
        actor,
        role,
        ...(effect !== undefined ? { effect } : {}),
        position: issue.position[i],
      });
    };
    if (rule) {
      for (const a of rule.vetoPlayers) add(a, "veto player");
      for (const a of [...rule.pivots.above, ...rule.pivots.below]) add(a, "pivot");
    }
    issue.actorIds
      .map((id, i) => ({ id, effect: removalEffect(issue, w, f, i) }))
      .filter((x) => Number.isFinite(x.effect) && x.effect !== 0)
      .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || a.id.localeCompare(b.id))
      .slice(0, top)
      .forEach((x) => add(x.id, "weight", x.effect));
    return {
      ...base,
      forecast: f,
      interval50: [q(0.25), q(0.75)],
      interval90: [q(0.05), q(0.95)],
      ...(own.length > 0
        ? {
            thresholds: own.map((t) => {
              let c = 0;
              for (const x of sample) if (crosses(x, t)) c++;
              return { threshold: t.text, probability: c / sample.length };
            }),
          }
        : {}),
      decisiveActors: decisive,
    };
  });
  const errorName = shipped
    ? `error model fitted on ${shipped.provenance.table} (${shipped.provenance.issues} DEU issues, out-of-sample residuals, ${shipped.model.variant.scaling}/${shipped.model.variant.condition})`
    : "the given error model";
  return {
    statement: {
      model: HEADLINE_MODEL,
      errorModel: errorName,
      draws,
      seed,
      line: `Headline: compromise model (capability × salience) + ${errorName}, with ${draws} input draws (seed ${seed}); the other models are single models, not forecasts we vouch for.`,
    },
    issues,
  };
}
