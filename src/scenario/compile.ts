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
 * write capabilities on.
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
 * to 12 digits). All zero: left as it is.
 */
export function normaliseCapabilities(capability: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < capability.length; i++) if (capability[i] > largest) largest = capability[i];
  if (!(largest > 0) || !Number.isFinite(largest)) return largest;
  for (let i = 0; i < capability.length; i++) {
    const share = capability[i] / largest;
    capability[i] =
      share === 1 || share === 0 ? share : Number(share.toPrecision(CAPABILITY_DIGITS));
  }
  return largest;
}

export function compileScenario(scenario: Scenario): CompiledScenario {
  const nActors = scenario.actors.length;
  const nIssues = scenario.issues.length;
  const actorIndex = new Map(scenario.actors.map((a, i) => [a.id, i]));
  const issueIndex = new Map(scenario.issues.map((iss, k) => [iss.id, k]));
  const capability = Float64Array.from(scenario.actors, (a) => a.capability);
  normaliseCapabilities(capability);
  const position = new Float64Array(nActors * nIssues).fill(Number.NaN);
  const salience = new Float64Array(nActors * nIssues);
  const hasStance = new Uint8Array(nActors * nIssues);
  for (const s of scenario.stances) {
    const i = actorIndex.get(s.actor);
    const k = issueIndex.get(s.issue);
    if (i === undefined || k === undefined)
      throw new Error(`stance refers to unknown actor or issue`);
    position[i * nIssues + k] = s.position;
    salience[i * nIssues + k] = s.salience / 100;
    hasStance[i * nIssues + k] = 1;
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
      capability: Float64Array.from(members, (i) => capability[i]),
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
