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
import { formatNumber, scenarioLabels } from "./format.js";
import { explainExpectedUtility } from "./explain-expected-utility.js";

export interface ExplainContext {
  scenario: Scenario;
  issue: string;
  runs: ModelRun[];
  /** Every turn of SMP move by move (default: one line per turn). */
  full?: boolean;
}

/** What a narrator gets besides the result: names, decimals, detail, actors without a stake. */
export interface ExplainDetail {
  /** Figures on this issue's scale with this many decimals (format.ts `decimalsForScale`). */
  decimals: number;
  full: boolean;
  /** Actors without a stance on the issue. */
  noStake: string[];
}

export function explainIssue({
  scenario,
  issue: issueId,
  runs,
  full = false,
}: ExplainContext): string[] {
  const issue = scenario.issues.find((i) => i.id === issueId);
  if (!issue) return [];
  // The stance list gives each actor's full name and id once (the id is what the
  // flags take); sentences use the short names (format.ts).
  const labels = scenarioLabels(scenario);
  const name = labels.actors.name;
  const short = labels.actors.short;
  const d = labels.decimals(issueId);
  const num = (x: number | null | undefined) => formatNumber(x, d);
  const out: string[] = [];
  out.push(`${issue.name} [${issue.id}], scale ${issue.scale.low}–${issue.scale.high}`);
  for (const a of issue.anchors ?? []) out.push(`  ${num(a.value)} = ${a.label}`);
  if (issue.referencePoint !== undefined)
    out.push(`Reference point (status quo): ${num(issue.referencePoint)}`);
  out.push("");

  const capability = new Map(scenario.actors.map((a) => [a.id, a.capability]));
  const stances = scenario.stances
    .filter((s) => s.issue === issueId)
    .map((s) => ({
      ...s,
      power: (s.capability ?? capability.get(s.actor) ?? 0) * (s.salience / 100),
    }))
    .sort((a, b) => a.position - b.position);
  const totalPower = stances.reduce((sum, s) => sum + s.power, 0);
  out.push("Stances, by position (effective power = capability × salience, as a share):");
  for (const s of stances) {
    const share = totalPower > 0 ? `${((100 * s.power) / totalPower).toFixed(1)}%` : "–";
    out.push(
      `  ${num(s.position).padStart(6)}  ${name(s.actor)} [${s.actor}] (salience ${formatNumber(s.salience)}, power ${share})` +
        (s.rationale ? ` — ${s.rationale}` : ""),
    );
  }
  out.push("");

  const withStance = new Set(stances.map((s) => s.actor));
  const detail: ExplainDetail = {
    decimals: d,
    full,
    noStake: scenario.actors.map((a) => a.id).filter((a) => !withStance.has(a)),
  };
  // Models with nothing to narrate and no note share one line.
  const plain: string[] = [];
  const flush = () => {
    if (plain.length > 0) out.push(`Forecasts: ${plain.join(", ")}.`);
    plain.length = 0;
  };
  for (const run of runs) {
    const result = run.issues.find((r) => r.issue === issueId);
    if (!result) continue;
    const forecast = result.forecast === null ? "no forecast" : num(result.forecast);
    const explainer = explainers[run.model];
    if (!explainer && !result.note) {
      plain.push(`${run.model} ${forecast}`);
      continue;
    }
    flush();
    out.push(`${run.model}: ${forecast}` + (result.note ? ` (${result.note})` : ""));
    if (explainer) out.push(...explainer(result, short, run, detail));
  }
  flush();
  return out;
}

/** Per-model narrators of one issue's result (models without one print the forecast only). */
export type Explainer = (
  result: IssueRun,
  name: (id: string) => string,
  run: ModelRun,
  detail?: ExplainDetail,
) => string[];

const explainers: Record<string, Explainer> = {
  "expected-utility": (result, name, _run, detail) =>
    result.rounds ? explainExpectedUtility(result, name, detail?.decimals) : [],
  smp: (result, name, _run, detail) =>
    result.rounds
      ? explainSmp(result, name, detail ?? { decimals: 1, full: true, noStake: [] })
      : [],
};

/** Lets a model that lives in its own folder add its narrator. */
export function registerExplainer(model: string, explainer: Explainer): void {
  explainers[model] = explainer;
}

/**
 * SMP (KTAB) in words: per turn, the forecast (the expected outcome under the
 * state's win probabilities) and the actors that moved on this issue — by default
 * one line per turn (who moved, from where to where), with `full` each move as a
 * sentence: the bargain it took, who proposed it, the challenge behind it and the
 * bargain's probability in the mover's queue.
 *
 * Actors without a stake. An actor without a stance on the issue takes part with
 * salience 0 there (smp/input.ts). KTAB's bargain point (smp-algorithm §5.1)
 * interpolates each dimension with weights s²·p²: with s = 0 on the mover's side
 * its weight is 1e-6 against the other's, so it adopts, to four decimals, the
 * position of the actor it bargains with on that dimension — KTAB does the same
 * with a salience of 0 (its files require a salience for every actor and dimension,
 * 0 allowed). Such an actor is challenged and bargains because of its other issues,
 * and the position it adopts counts in this issue's expected outcome.
 */
function explainSmp(
  result: IssueRun,
  name: (id: string) => string,
  detail: ExplainDetail,
): string[] {
  const out: string[] = [];
  const num = (x: number | null | undefined) => formatNumber(x, detail.decimals);
  const rounds = result.rounds as SmpRound[];
  out.push(
    "  SMP moves all issues at once (bargains span every issue); below, the moves on this issue.",
  );
  const noStake = new Set(detail.noStake);
  if (noStake.size > 0)
    out.push(
      `  Without a stake here: ${[...noStake].map(name).join(", ")}. They take part with salience 0; under KTAB's rules (bargains weighted by salience² × probability²) they adopt the positions of those they bargain with here, and those count in the expected outcome.`,
    );
  for (const round of rounds) {
    const moves = round.moves as SmpMove[];
    if (!detail.full) {
      const moved = moves
        .filter((m) => num(m.from) !== num(m.position))
        .map(
          (m) =>
            `${name(m.actor)}${noStake.has(m.actor) ? "*" : ""} ${num(m.from)}→${num(m.position)}`,
        );
      const small = moves.length - moved.length;
      out.push(
        `  Turn ${round.round}: expected outcome ${num(round.forecast)}` +
          (moves.length === 0
            ? "; nobody moves on this issue."
            : `; ${moved.length > 0 ? moved.join(", ") : "no visible move"}${small > 0 ? ` (and ${small} move${small > 1 ? "s" : ""} under ${formatNumber(Math.pow(10, -detail.decimals), detail.decimals)})` : ""}.`),
      );
      continue;
    }
    out.push(`  Turn ${round.round}: expected outcome ${num(round.forecast)}.`);
    if (moves.length === 0) out.push("    Nobody moves on this issue.");
    for (const m of moves) {
      const move = `from ${num(m.from)} to ${num(m.position)}`;
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
  if (!detail.full && noStake.size > 0 && rounds.length > 0)
    out.push("  * without a stake on this issue. Every move as a sentence: --full.");
  else if (!detail.full && rounds.length > 0) out.push("  Every move as a sentence: --full.");
  if (typeof result.mostLikely === "number")
    out.push(`  Most likely single outcome in the final state: ${num(result.mostLikely)}.`);
  return out;
}
