/**
 * Compile a validated scenario into the numeric arrays the models run on.
 *
 * Per issue: the actors holding a stance on it (scenario order), with capability,
 * position (issue scale) and salience read as a share in [0, 1] (the file's 0–100
 * divided by 100, models.md §0). For multi-issue models: dense actor × issue
 * matrices indexed `[actor * issueCount + issue]`, with `hasStance` marking cells
 * that carry data.
 *
 * Capabilities are given to the models as shares of the largest (see
 * {@link normaliseCapabilities}): only their ratios carry meaning, and some models
 * (KTAB's SMP, the expected-utility model) add small absolute constants to weights,
 * so without this step their forecasts would depend on the scale a user happened to
 * write capabilities on. A stance's own capability (the actor's capability on that
 * issue: Stokman & Van Oosten 1994's per-issue power `c[k][a]`) replaces the actor's
 * in that issue's `capability` array; actors' and stances' capabilities share one
 * divisor (the largest of them all), so every ratio between them is kept.
 */
import type { Scenario } from "./schema.js";
import type { DecisionRule } from "./rules.js";

export interface CompiledIssue {
  id: string;
  name: string;
  /** Index of the issue in the scenario. */
  index: number;
  scale: { low: number; high: number };
  referencePoint: number | undefined;
  /** The issue's decision rule, or the scenario's default rule. */
  rule: DecisionRule | undefined;
  /** Ids of the actors with a stance on this issue, in scenario order. */
  actorIds: string[];
  /** Their indices among the scenario's actors. */
  actorIndex: Int32Array;
  capability: Float64Array;
  position: Float64Array;
  /** Salience as a share in [0, 1]. */
  salience: Float64Array;
  /** The members' indices in this issue's arrays in the order of the scenario's stances (a decide file's `#D` rows). */
  stanceOrder: Int32Array;
}

export interface CompiledScenario {
  title: string;
  actorIds: string[];
  actorNames: string[];
  /** The actors' capabilities (shares of the largest capability of actors and stances). */
  capability: Float64Array;
  issues: CompiledIssue[];
  /** Dense `[actor * issues.length + issue]` positions (NaN where no stance). */
  position: Float64Array;
  /** Dense salience shares (0 where no stance). */
  salience: Float64Array;
  hasStance: Uint8Array;
}

/** Significant digits the normalised capabilities keep (see {@link normaliseCapabilities}). */
export const CAPABILITY_DIGITS = 12;

/**
 * Divides every capability by the largest (in place) and rounds the shares to
 * {@link CAPABILITY_DIGITS} significant digits; returns the largest. Rounding removes
 * the last-bit noise of the division, so capabilities scaled by any factor give the
 * same shares to the bit and hence the same forecasts (a capability is never known
 * to 12 digits). All zero: left as it is. `more` (the stances' own capabilities, NaN
 * where a stance has none) share the divisor: the largest is taken over all arrays.
 */
export function normaliseCapabilities(capability: Float64Array, ...more: Float64Array[]): number {
  const all = [capability, ...more];
  let largest = 0;
  for (const xs of all) for (let i = 0; i < xs.length; i++) if (xs[i] > largest) largest = xs[i];
  if (!(largest > 0) || !Number.isFinite(largest)) return largest;
  for (const xs of all)
    for (let i = 0; i < xs.length; i++) {
      const share = xs[i] / largest;
      xs[i] =
        share === 1 || share === 0 || Number.isNaN(share)
          ? share
          : Number(share.toPrecision(CAPABILITY_DIGITS));
    }
  return largest;
}

/** Each stance's own capability in scenario order, NaN where it has none. */
export function stanceCapabilities(scenario: Scenario): Float64Array {
  return Float64Array.from(scenario.stances, (s) => s.capability ?? Number.NaN);
}

export function compileScenario(scenario: Scenario): CompiledScenario {
  const nActors = scenario.actors.length;
  const nIssues = scenario.issues.length;
  const actorIndex = new Map(scenario.actors.map((a, i) => [a.id, i]));
  const issueIndex = new Map(scenario.issues.map((iss, k) => [iss.id, k]));
  const capability = Float64Array.from(scenario.actors, (a) => a.capability);
  const own = stanceCapabilities(scenario);
  normaliseCapabilities(capability, own);
  const position = new Float64Array(nActors * nIssues).fill(Number.NaN);
  /** Dense capability on each issue: the stance's own where given, else the actor's. */
  const capabilityOn = new Float64Array(nActors * nIssues);
  const salience = new Float64Array(nActors * nIssues);
  const hasStance = new Uint8Array(nActors * nIssues);
  for (const [n, s] of scenario.stances.entries()) {
    const i = actorIndex.get(s.actor);
    const k = issueIndex.get(s.issue);
    if (i === undefined || k === undefined)
      throw new Error(`stance refers to unknown actor or issue`);
    position[i * nIssues + k] = s.position;
    salience[i * nIssues + k] = s.salience / 100;
    hasStance[i * nIssues + k] = 1;
    capabilityOn[i * nIssues + k] = Number.isNaN(own[n]) ? capability[i] : own[n];
  }
  const stanceActors: number[][] = scenario.issues.map(() => []);
  for (const s of scenario.stances)
    stanceActors[issueIndex.get(s.issue)!].push(actorIndex.get(s.actor)!);
  const issues = scenario.issues.map((iss, k): CompiledIssue => {
    const members: number[] = [];
    const slotOf = new Map<number, number>();
    for (let i = 0; i < nActors; i++)
      if (hasStance[i * nIssues + k]) {
        slotOf.set(i, members.length);
        members.push(i);
      }
    return {
      id: iss.id,
      name: iss.name,
      index: k,
      scale: { low: iss.scale.low, high: iss.scale.high },
      referencePoint: iss.referencePoint,
      rule: iss.rule ?? scenario.defaultRule,
      actorIds: members.map((i) => scenario.actors[i].id),
      actorIndex: Int32Array.from(members),
      capability: Float64Array.from(members, (i) => capabilityOn[i * nIssues + k]),
      position: Float64Array.from(members, (i) => position[i * nIssues + k]),
      salience: Float64Array.from(members, (i) => salience[i * nIssues + k]),
      stanceOrder: Int32Array.from(stanceActors[k], (i) => slotOf.get(i)!),
    };
  });
  return {
    title: scenario.metadata.title,
    actorIds: scenario.actors.map((a) => a.id),
    actorNames: scenario.actors.map((a) => a.name),
    capability,
    issues,
    position,
    salience,
    hasStance,
  };
}
