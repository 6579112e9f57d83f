/**
 * Nash bargaining solution (Nash 1950, "The bargaining problem", Econometrica 18;
 * for EU legislation Achen 2006, "Evaluating political decision-making models", in
 * Thomson et al., The European Union Decides, ch. 4; Thomson 2011, Resolving
 * Controversy in the European Union, ch. 8), one issue at a time.
 *
 * The rule (models.md §4). Actor `i` at `x_i` has quadratic utility
 * `u_i(x) = −(x − x_i)^2` and bargaining weight `w_i` (default `c_i s_i`, the
 * asymmetric Nash solution of Kalai 1977 with the actor's capability times its
 * salience as bargaining power). With the disagreement point `d` (default the
 * reference point `rp`, the outcome if no agreement is reached), the forecast is
 *
 *     x* = argmax_x  Σ_i w_i ln( u_i(x) − u_i(d) )
 *
 * over the positions every weighted actor (`w_i > 0`) weakly prefers to `d`.
 *
 * Solving it. `u_i(x) ≥ u_i(d)` means `|x − x_i| ≤ |d − x_i|`, an interval
 * `[lo_i, hi_i]` with `d` at one end and `2x_i − d` at the other, so the feasible set
 * is the interval `[L, U] = [max lo_i, min hi_i]`, which holds `d`. It shrinks to
 * the single point `d` as soon as actors sit on both sides of `d` (or one sits on
 * it): then no agreement improves on `d` for everyone, and the forecast is `d`.
 * Otherwise `u_i(x) − u_i(d) = (x − lo_i)(hi_i − x)` and the objective
 *
 *     f(x) = Σ_i w_i [ ln(x − lo_i) + ln(hi_i − x) ]
 *
 * is strictly concave on `(L, U)` and falls to −∞ at a bound held by an actor, so
 * its maximum is the one root of the decreasing derivative
 * `f'(x) = Σ_i w_i [ 1/(x − lo_i) − 1/(hi_i − x) ]`, found by bisection to
 * floating-point resolution (far below 1e-10 on a 0–100 scale). The solution lies
 * between the lowest and highest weighted position.
 *
 * Options (variants, each a named choice, recorded with the run):
 * - `weights`: `capability-salience` (default, `w_i = c_i s_i`), `capability`,
 *   `salience`, or `equal` (Nash's symmetric solution over every actor with a
 *   stance). Only actors with `w_i > 0` bargain and constrain the feasible set.
 * - `disagreement`: `reference-point` (default, the rule above; issues without a
 *   reference point get no forecast and a note), or `scale-end`, where each actor's
 *   disagreement point is the end of the issue's scale farthest from it (its worst
 *   outcome), so every point of the scale is feasible and the model needs no
 *   reference point. The second variant is an extension of this package, not a
 *   model from the literature: with far disagreement points and similar
 *   distances, the Nash solution approaches the weighted mean (Achen 2006's
 *   argument for the compromise model).
 */
import { z } from "zod";
import type { CompiledIssue } from "../scenario/compile.js";
import type { IssueRun, Model } from "./types.js";
import { runPerIssue } from "./per-issue.js";
import { maxOf, minOf } from "../extent.js";

const Options = z
  .object({
    weights: z
      .enum(["capability-salience", "capability", "salience", "equal"])
      .default("capability-salience")
      .describe("Bargaining weight of each actor."),
    disagreement: z
      .enum(["reference-point", "scale-end"])
      .default("reference-point")
      .describe("What each actor gets if no agreement is reached."),
  })
  .strict();

export type NashOptions = z.infer<typeof Options>;

/** One actor's share of the bargaining problem: weight, ideal point, disagreement point. */
export interface NashBargainer {
  weight: number;
  position: number;
  disagreement: number;
}

export interface NashSolution {
  /** The maximiser, or the common disagreement point when the feasible set is a point. */
  position: number;
  /**
   * The feasible set `[L, U]`: positions every bargainer weakly prefers to its
   * disagreement point; null when empty (possible only when disagreement points differ).
   */
  feasible: { low: number; high: number } | null;
  /** True when the feasible set is a single point or empty (then `position` is that point, or NaN). */
  degenerate: boolean;
}

/**
 * The (weighted) Nash bargaining solution with quadratic utilities over the real
 * line, clamped to `[bounds.low, bounds.high]` when given. Bargainers with zero
 * weight are ignored. Returns null when no bargainer has a positive weight.
 */
export function nashBargainingSolution(
  bargainers: readonly NashBargainer[],
  bounds?: { low: number; high: number },
): NashSolution | null {
  const active = bargainers.filter((b) => b.weight > 0);
  if (active.length === 0) return null;
  // Each actor accepts [lo_i, hi_i]: the points at least as close to its ideal as its
  // disagreement point. The ends are computed so that the disagreement end is exact.
  const lo = active.map((b) =>
    b.position >= b.disagreement ? b.disagreement : 2 * b.position - b.disagreement,
  );
  const hi = active.map((b) =>
    b.position >= b.disagreement ? 2 * b.position - b.disagreement : b.disagreement,
  );
  let low = maxOf(lo);
  let high = minOf(hi);
  if (bounds) {
    low = Math.max(low, bounds.low);
    high = Math.min(high, bounds.high);
  }
  if (low > high) return { position: Number.NaN, feasible: null, degenerate: true };
  if (low === high) return { position: low, feasible: { low, high }, degenerate: true };
  // f' decreases on (low, high). At a bound held by an actor one of its terms is 1/0,
  // so f' is ±Infinity there; at a bound set by `bounds` alone (a scale end) f' is
  // finite and, when it points outwards, the maximum is at that bound.
  const derivative = (x: number): number => {
    let d = 0;
    for (let i = 0; i < active.length; i++)
      d += active[i].weight * (1 / (x - lo[i]) - 1 / (hi[i] - x));
    return d;
  };
  if (derivative(low) <= 0) return { position: low, feasible: { low, high }, degenerate: false };
  if (derivative(high) >= 0) return { position: high, feasible: { low, high }, degenerate: false };
  let a = low;
  let b = high;
  for (let iteration = 0; iteration < 200; iteration++) {
    const mid = (a + b) / 2;
    if (mid <= a || mid >= b) break; // no float strictly between: converged
    const slope = derivative(mid);
    if (slope > 0) a = mid;
    else if (slope < 0) b = mid;
    else {
      a = b = mid;
      break;
    }
  }
  return { position: (a + b) / 2, feasible: { low, high }, degenerate: false };
}

function bargainingWeight(
  issue: CompiledIssue,
  i: number,
  weights: NashOptions["weights"],
): number {
  switch (weights) {
    case "capability-salience":
      return issue.capability[i] * issue.salience[i];
    case "capability":
      return issue.capability[i];
    case "salience":
      return issue.salience[i];
    case "equal":
      return 1;
  }
}

/** The Nash solution on one compiled issue, as an `IssueRun` with the feasible set. */
export function nashIssue(issue: CompiledIssue, options: NashOptions): IssueRun {
  const n = issue.actorIds.length;
  const rp = issue.referencePoint;
  if (options.disagreement === "reference-point" && rp === undefined)
    return {
      issue: issue.id,
      forecast: null,
      note: "the issue has no reference point, which the Nash bargaining solution needs as the disagreement point",
    };
  const { low: scaleLow, high: scaleHigh } = issue.scale;
  const bargainers: NashBargainer[] = [];
  for (let i = 0; i < n; i++) {
    const x = issue.position[i];
    const disagreement =
      options.disagreement === "reference-point"
        ? rp!
        : x - scaleLow >= scaleHigh - x
          ? scaleLow
          : scaleHigh;
    bargainers.push({
      weight: bargainingWeight(issue, i, options.weights),
      position: x,
      disagreement,
    });
  }
  const solution = nashBargainingSolution(
    bargainers,
    options.disagreement === "scale-end" ? issue.scale : undefined,
  );
  if (!solution)
    return {
      issue: issue.id,
      forecast: null,
      note: "no actor on this issue has a positive bargaining weight",
    };
  if (solution.feasible === null)
    // Only with differing disagreement points; models.md §4 falls back to the reference point.
    return rp === undefined
      ? {
          issue: issue.id,
          forecast: null,
          note: "no position is acceptable to every weighted actor",
        }
      : {
          issue: issue.id,
          forecast: rp,
          note: "the reference point: no position is acceptable to every weighted actor",
        };
  const run: IssueRun = {
    issue: issue.id,
    forecast: solution.position,
    feasible: solution.feasible,
  };
  if (solution.degenerate && options.disagreement === "reference-point")
    run.note =
      "the reference point: no other position is weakly preferred to it by every weighted actor (actors on both sides of it, or one on it)";
  return run;
}

export const nashModel: Model<NashOptions> = {
  id: "nash",
  name: "Nash bargaining solution",
  summary:
    "The position maximising the weighted product of the actors' gains over the reference point, among the positions every actor weakly prefers to it.",
  reference:
    "Nash (1950), The bargaining problem, Econometrica 18; Achen (2006), in Thomson et al., The European Union Decides, ch. 4",
  dynamic: false,
  options: Options,
  run: (scenario, options) =>
    runPerIssue("nash", options, scenario, (issue) => nashIssue(issue, options)),
};
