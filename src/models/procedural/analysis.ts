/**
 * The procedural reading of one compiled issue: its decision rule (the issue's own
 * or the scenario's default), the reversion point, the actors' ideals, and the win
 * set with its pivots, blockers, core and effective veto players (`spatial.ts`).
 * Shared by every procedural model, the explainer and the flagship notes.
 */
import type { CompiledIssue } from "../../scenario/compile.js";
import type { DecisionRule } from "../../scenario/rules.js";
import { removedBy, ruleActors } from "../../scenario/rules.js";
import type { IssueRun } from "../types.js";
import type { Interval, ProceduralGame, Side, WinSetAnalysis } from "./spatial.js";
import { analyseWinSet, coreOf, gameOfAmendment, gameOfRule } from "./spatial.js";

/** The figures every procedural model reports for an issue (besides the forecast). */
export interface ProceduralDetails {
  /** The reversion point the rule protects (the rule's, else the issue's). */
  referencePoint: number;
  /** The rule in words. */
  rule: string;
  /** The win set of the reference point, cut to the scale; null = only the reference point. */
  winSet: Interval | null;
  /** Points no passing coalition would change; null when empty. */
  core: Interval | null;
  /** Actors whose position bounds the win set (or closes a side of it). */
  blockers: string[];
  /** The two sides of the win set: how far moves go, and the pivotal actors. */
  pivots: { below: Side; above: Side };
  /** Actors every passing coalition needs (effective veto players). */
  vetoPlayers: string[];
  /** The veto players the rule states. */
  statedVetoPlayers: string[];
  agendaSetter?: string;
  /** Each decision path's own win set, where the rule has overrides. */
  paths?: { label: string; winSet: Interval | null }[];
  /** The core of the amendment rule, where the rule has one (null = empty). */
  amendmentCore?: Interval | null;
  /** Positions of the actors the rule names (voters, veto players, setter), by position. */
  rulePositions: Record<string, number>;
}

export interface PreparedIssue {
  issue: CompiledIssue;
  rule: DecisionRule;
  referencePoint: number;
  /** Ideal point of every actor with a stance on the issue. */
  ideals: Map<string, number>;
  game: ProceduralGame;
  analysis: WinSetAnalysis;
  details: ProceduralDetails;
}

export type Preparation = { ok: true; prepared: PreparedIssue } | { ok: false; run: IssueRun };

export const NO_RULE =
  "no decision rule: give the issue a `rule` or the scenario a `defaultRule` (procedural models need to know who decides)";
export const NO_REFERENCE_POINT =
  "no reference point: the procedural models need the status quo the rule protects (give the issue a referencePoint, or its rule one)";

/**
 * Reads an issue's rule and computes its win set; or says why it cannot (no rule, no
 * reference point, or actors in the rule without a stance on the issue).
 */
export function prepareIssue(issue: CompiledIssue): Preparation {
  const none = (note: string): Preparation => ({
    ok: false,
    run: { issue: issue.id, forecast: null, note },
  });
  const rule = issue.rule;
  if (!rule) return none(NO_RULE);
  const rp = rule.referencePoint ?? issue.referencePoint;
  if (rp === undefined) return none(NO_REFERENCE_POINT);
  const ideals = new Map<string, number>();
  issue.actorIds.forEach((id, i) => ideals.set(id, issue.position[i]));
  const missing = ruleActors(rule).filter((id) => !ideals.has(id));
  if (missing.length > 0)
    return none(
      `the decision rule names ${missing.length === 1 ? "an actor" : "actors"} without a stance on this issue (${missing.join(", ")}), so their position is unknown`,
    );
  const game = gameOfRule(rule);
  const analysis = analyseWinSet(game, ideals, rp, issue.scale);
  const details: ProceduralDetails = {
    referencePoint: rp,
    rule: describeRule(rule),
    winSet: analysis.winSet,
    core: analysis.core,
    blockers: analysis.blockers,
    pivots: { below: analysis.below, above: analysis.above },
    vetoPlayers: analysis.vetoPlayers,
    statedVetoPlayers: [...new Set(rule.vetoPlayers ?? [])],
    rulePositions: Object.fromEntries(
      ruleActors(rule)
        .map((id): [string, number] => [id, ideals.get(id)!])
        .sort((a, b) => a[1] - b[1]),
    ),
  };
  if (rule.agendaSetter !== undefined) details.agendaSetter = rule.agendaSetter;
  if (analysis.paths.length > 1) details.paths = analysis.paths;
  if (rule.amendment) details.amendmentCore = coreOf(gameOfAmendment(rule.amendment), ideals);
  return {
    ok: true,
    prepared: { issue, rule, referencePoint: rp, ideals, game, analysis, details },
  };
}

function formatWeight(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

function describeVote(v: {
  weights: Record<string, number>;
  quota: number;
  minMembers?: number;
  minBlocking?: number;
}): string {
  const entries = Object.entries(v.weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const members =
    entries.length <= 8
      ? entries.map(([id, w]) => `${id} ${formatWeight(w)}`).join(", ")
      : `${entries.length} members`;
  const share =
    total > 0 ? ` (${((100 * v.quota) / total).toFixed(1)}% of ${formatWeight(total)})` : "";
  let text = `a vote of ${members}, quota ${formatWeight(v.quota)}${share}`;
  if (v.minMembers) text += `, at least ${v.minMembers} members`;
  if (v.minBlocking) text += `, a blocking minority needs ${v.minBlocking} members`;
  return text;
}

/** The rule in one line of words. */
export function describeRule(rule: DecisionRule): string {
  const parts: string[] = [];
  const vetoes = [...new Set(rule.vetoPlayers ?? [])];
  if (rule.type === "consensus") parts.push(`consent of ${vetoes.join(", ")}`);
  else {
    parts.push(describeVote(rule));
    if (vetoes.length > 0) parts.push(`with the consent of ${vetoes.join(", ")}`);
  }
  for (const o of rule.overrides ?? [])
    parts.push(`or, without ${removedBy(o).join(", ")}, ${describeVote(o)}`);
  if (rule.agendaSetter) parts.push(`proposed by ${rule.agendaSetter}`);
  if (rule.amendment)
    parts.push(
      `amendable by ${rule.amendment.type === "consensus" ? `consent of ${rule.amendment.vetoPlayers.join(", ")}` : describeVote(rule.amendment)}`,
    );
  if (rule.referencePoint !== undefined)
    parts.push(`reversion point ${formatWeight(rule.referencePoint)}`);
  return parts.join("; ");
}
