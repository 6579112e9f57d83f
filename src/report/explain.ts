/**
 * Explanations in words: the stakeholder table of an issue, each model's forecast,
 * and, for the expected-utility model, its rounds as sentences: who challenged,
 * compromised with or gave in to whom, and the expected utilities behind it, with
 * the rounds of a cycle folded into one line (explain-expected-utility.ts).
 * Plain data in, lines of text out; the CLI prints them.
 */
import type { Scenario } from "../scenario/schema.js";
import type { IssueRun, ModelRun } from "../models/types.js";
import type { SmpMove, SmpRound } from "../models/smp/model.js";
import { formatNumber } from "./format.js";
import { explainExpectedUtility } from "./explain-expected-utility.js";

export interface ExplainContext {
  scenario: Scenario;
  issue: string;
  runs: ModelRun[];
}

export function explainIssue({ scenario, issue: issueId, runs }: ExplainContext): string[] {
  const issue = scenario.issues.find((i) => i.id === issueId);
  if (!issue) return [];
  const names = new Map(scenario.actors.map((a) => [a.id, a.name]));
  const name = (id: string) => names.get(id) ?? id;
  // Sentences name actors by id: short, and the stance table maps ids to names.
  const short = (id: string) => id;
  const out: string[] = [];
  out.push(`${issue.name} [${issue.id}], scale ${issue.scale.low}–${issue.scale.high}`);
  for (const a of issue.anchors ?? []) out.push(`  ${formatNumber(a.value)} = ${a.label}`);
  if (issue.referencePoint !== undefined)
    out.push(`Reference point (status quo): ${formatNumber(issue.referencePoint)}`);
  out.push("");

  const capability = new Map(scenario.actors.map((a) => [a.id, a.capability]));
  const stances = scenario.stances
    .filter((s) => s.issue === issueId)
    .map((s) => ({ ...s, power: (capability.get(s.actor) ?? 0) * (s.salience / 100) }))
    .sort((a, b) => a.position - b.position);
  const totalPower = stances.reduce((sum, s) => sum + s.power, 0);
  out.push("Stances, by position (effective power = capability × salience, as a share):");
  for (const s of stances) {
    const share = totalPower > 0 ? `${((100 * s.power) / totalPower).toFixed(1)}%` : "–";
    out.push(
      `  ${formatNumber(s.position).padStart(6)}  ${name(s.actor)} [${s.actor}] (salience ${formatNumber(s.salience)}, power ${share})` +
        (s.rationale ? ` — ${s.rationale}` : ""),
    );
  }
  out.push("");

  for (const run of runs) {
    const result = run.issues.find((r) => r.issue === issueId);
    if (!result) continue;
    out.push(
      `${run.model}: ${result.forecast === null ? "no forecast" : formatNumber(result.forecast)}` +
        (result.note ? ` (${result.note})` : ""),
    );
    const explainer = explainers[run.model];
    if (explainer) out.push(...explainer(result, short, run));
  }
  return out;
}

/** Per-model narrators of one issue's result (models without one print the forecast only). */
export type Explainer = (result: IssueRun, name: (id: string) => string, run: ModelRun) => string[];

const explainers: Record<string, Explainer> = {
  "expected-utility": (result, name) => (result.rounds ? explainExpectedUtility(result, name) : []),
  smp: (result, name) => (result.rounds ? explainSmp(result, name) : []),
};

/** Lets a model that lives in its own folder add its narrator. */
export function registerExplainer(model: string, explainer: Explainer): void {
  explainers[model] = explainer;
}

/**
 * SMP (KTAB) in words: per turn, the forecast (the expected outcome under the
 * state's win probabilities) and each actor that moved on this issue, with the
 * bargain it took, who proposed it, the challenge behind it and the bargain's
 * probability in the mover's queue.
 */
function explainSmp(result: IssueRun, name: (id: string) => string): string[] {
  const out: string[] = [];
  const rounds = result.rounds as SmpRound[];
  out.push(
    "  SMP moves all issues at once (bargains span every issue); below, the moves on this issue.",
  );
  for (const round of rounds) {
    out.push(`  Turn ${round.round}: expected outcome ${formatNumber(round.forecast)}.`);
    if (round.moves.length === 0) out.push("    Nobody moves on this issue.");
    for (const m of round.moves as SmpMove[]) {
      const move = `from ${formatNumber(m.from)} to ${formatNumber(m.position)}`;
      const chance = `the bargain had probability ${formatNumber(m.probability, 2)} in its queue`;
      if (m.role === "initiator")
        out.push(
          `    ${name(m.actor)} challenged ${name(m.with)}` +
            (m.dU !== undefined && m.phi !== undefined
              ? ` (expected gain ${formatNumber(m.dU, 4)}, estimating it prevails with probability ${formatNumber(m.phi, 2)})`
              : "") +
            ` and takes its side of the bargain it proposed, moving ${move}; ${chance}.`,
        );
      else
        out.push(
          `    ${name(m.actor)} accepts the bargain ${name(m.initiator)} proposed, moving ${move}; ${chance}.`,
        );
    }
  }
  if (typeof result.mostLikely === "number")
    out.push(
      `  Most likely single outcome in the final state: ${formatNumber(result.mostLikely)}.`,
    );
  return out;
}
