/**
 * Advice for one actor (the client): on each issue it holds a stance on, which
 * other actors, if persuaded to move towards the client's position (by a number of
 * points, or all the way), move the headline forecast most towards the client, and
 * which actors block.
 *
 * Levers are computed by perturbation through the what-if machinery
 * (`applyChange` of whatif.ts: `set` the actor's position on the issue) and the
 * headline itself (`computeHeadline`, the same seed for the base and every
 * perturbation, so the differences are not Monte Carlo noise). The effect of a
 * lever is how much nearer the headline forecast comes to the client's position:
 * `|f₀ − x_c| − |f₁ − x_c|` (positive: it helps). With the client's thresholds,
 * the shift of their probabilities is given too.
 *
 * Blockers come from the issue's decision rule (procedural/analysis.ts): moving
 * the outcome from the reference point towards the client passes only within the
 * win set; when that side is closed, its blockers (veto players or a blocking
 * coalition) block; when the win set stops short of the client's position, the
 * pivots on that side set the limit.
 */
import type { Scenario } from "../scenario/schema.js";
import { compileScenario } from "../scenario/compile.js";
import { InputError } from "../scenario/problems.js";
import { prepareIssue } from "../models/procedural/analysis.js";
import { applyChange } from "../scenario/what-ifs.js";
import { computeHeadline, parseThresholds } from "./headline.js";
import type { FittedErrorModel } from "./error-model.js";

export interface AdviseOptions {
  /** The client's id. */
  actor: string;
  /** Issues to advise on (default: every issue the client holds a stance on). */
  issues?: string[];
  /** Points each other actor is moved towards the client (default 10); ignored with `toClient`. */
  move?: number;
  /** Move each other actor all the way to the client's position. */
  toClient?: boolean;
  thresholds?: string[];
  draws?: number;
  seed?: number;
  errorModel?: FittedErrorModel;
}

export interface Lever {
  actor: string;
  from: number;
  to: number;
  /** The headline forecast after the move. */
  forecast: number;
  /** How much nearer the client the forecast comes (points; negative: farther). */
  effect: number;
  /** Per client threshold: probability after − before. */
  probabilityShift?: { threshold: string; before: number; after: number; shift: number }[];
}

export interface IssueAdvice {
  issue: string;
  clientPosition: number;
  forecast: number | null;
  interval90: [number, number] | null;
  /** Levers, the largest effect first. */
  levers: Lever[];
  /** Who blocks a move from the reference point towards the client (from the rule). */
  blockers?: { actors: string[]; reason: string };
  /** The issue's decision rule in words; absent when it has none (blocking is then not modelled). */
  rule?: string;
}

export interface Advice {
  client: string;
  move: number | "to-client";
  draws: number;
  seed: number;
  issues: IssueAdvice[];
}

/**
 * The problems of an advice request (unknown actor or issue, a bad move, thresholds),
 * as an `InputError`, before any model runs; the thresholds and issues it names.
 */
export function checkAdvice(
  scenario: Scenario,
  options: AdviseOptions,
): { thresholds: ReturnType<typeof parseThresholds>; issues: string[] } {
  const problems: InputError["problems"] = [];
  const client = options.actor;
  if (!scenario.actors.some((a) => a.id === client))
    problems.push({
      path: ["--actor"],
      message: `unknown actor '${client}'; actors: ${scenario.actors.map((a) => a.id).join(", ")}`,
    });
  const held = scenario.issues
    .filter((i) => scenario.stances.some((s) => s.actor === client && s.issue === i.id))
    .map((i) => i.id);
  for (const id of options.issues ?? []) {
    if (!scenario.issues.some((i) => i.id === id))
      problems.push({
        path: ["--issue"],
        message: `unknown issue '${id}'; issues: ${scenario.issues.map((i) => i.id).join(", ")}`,
      });
    else if (!held.includes(id) && problems.length === 0)
      problems.push({
        path: ["--issue"],
        message: `'${client}' holds no stance on '${id}', so there is no position to move others towards`,
      });
  }
  const move = options.move ?? 10;
  if (!options.toClient && !(Number.isFinite(move) && move > 0))
    problems.push({
      path: ["--move"],
      message: `--move must be a positive number of points, not ${move}`,
    });
  if (problems.length > 0) throw new InputError(problems);
  const thresholds = parseThresholds(options.thresholds ?? [], scenario);
  const issues = options.issues && options.issues.length > 0 ? options.issues : held;
  if (issues.length === 0)
    throw new InputError([
      { path: ["--actor"], message: `'${client}' holds no stance on any issue` },
    ]);
  return { thresholds, issues };
}

/** The scenario reduced to one issue (its stances; the actors kept). */
function oneIssue(scenario: Scenario, issueId: string): Scenario {
  return {
    ...scenario,
    issues: scenario.issues.filter((i) => i.id === issueId),
    stances: scenario.stances.filter((s) => s.issue === issueId),
    whatIfs: undefined,
  };
}

/** Whom the client should persuade on each issue it holds a stance on (see above). */
export function advise(scenario: Scenario, options: AdviseOptions): Advice {
  const { thresholds, issues } = checkAdvice(scenario, options);
  const client = options.actor;
  const move = options.move ?? 10;
  const draws = options.draws ?? 200;
  const seed = options.seed ?? 1;
  const compiled = compileScenario(scenario);
  const out: IssueAdvice[] = issues.map((issueId) => {
    const base = oneIssue(scenario, issueId);
    const own = thresholds.filter((t) => t.issue === issueId).map((t) => t.text);
    const headlineOf = (s: Scenario) =>
      computeHeadline(s, [], {
        draws,
        seed,
        thresholds: own,
        ...(options.errorModel ? { errorModel: options.errorModel } : {}),
      }).issues[0];
    const h0 = headlineOf(base);
    const stances = base.stances;
    const xc = stances.find((s) => s.actor === client)!.position;
    const levers: Lever[] = [];
    if (h0.forecast !== null)
      for (const s of stances) {
        if (s.actor === client || s.position === xc) continue;
        const to = options.toClient
          ? xc
          : s.position < xc
            ? Math.min(xc, s.position + move)
            : Math.max(xc, s.position - move);
        const changed = applyChange(base, {
          op: "set",
          field: "position",
          actor: s.actor,
          issue: issueId,
          value: to,
        });
        const h1 = headlineOf(changed);
        if (h1.forecast === null) continue;
        const lever: Lever = {
          actor: s.actor,
          from: s.position,
          to,
          forecast: h1.forecast,
          effect: Math.abs(h0.forecast - xc) - Math.abs(h1.forecast - xc),
        };
        if (own.length > 0)
          lever.probabilityShift = (h1.thresholds ?? []).map((t, k) => {
            const before = h0.thresholds![k].probability;
            return {
              threshold: t.threshold,
              before,
              after: t.probability,
              shift: t.probability - before,
            };
          });
        levers.push(lever);
      }
    levers.sort((a, b) => b.effect - a.effect || a.actor.localeCompare(b.actor));
    const advice: IssueAdvice = {
      issue: issueId,
      clientPosition: xc,
      forecast: h0.forecast,
      interval90: h0.interval90,
      levers,
    };
    const prepared = prepareIssue(compiled.issues.find((i) => i.id === issueId)!);
    if (prepared.ok) {
      const { details } = prepared.prepared;
      advice.rule = details.rule;
      const rp = details.referencePoint;
      if (xc !== rp) {
        const side = xc > rp ? details.pivots.above : details.pivots.below;
        const reaches = xc > rp ? side.bound >= xc : side.bound <= xc;
        if (side.limitedBy === "closed" || side.limitedBy === "no-coalition")
          advice.blockers = {
            actors: side.blockers,
            reason: `no move from the reference point ${rp} towards ${xc} passes under the rule`,
          };
        else if (!reaches)
          advice.blockers = {
            actors: side.pivots,
            reason: `moves towards ${xc} pass only as far as ${+side.bound.toFixed(2)} (the win set); the pivot sets that limit`,
          };
      }
    }
    return advice;
  });
  return { client, move: options.toClient ? "to-client" : move, draws, seed, issues: out };
}
