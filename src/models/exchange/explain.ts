/**
 * `entente explain` lines for the exchange model: per round, the outcome of the issue
 * before the round, its voting outcome and the preference outcome after it, and every
 * exchange on the issue in words — "the Netherlands gave way on emissions (−12) for
 * Germany's movement on the budget (+8)" — with the gain each partner makes. Rounds
 * that repeat the same exchanges (same partners and issues) are folded into one line.
 * Then the externalities of the run per actor (exchange-model.md §8): own gains, and
 * the gains and losses of bystanders inside and outside the trading groups.
 *
 * Reads only plain data (`IssueRun`, `ModelRun`); imports the report only as a type.
 */
import type { Explainer } from "../../report/explain.js";
import { formatNumber } from "../../report/format.js";
import type { IssueRun, ModelRun } from "../types.js";
import type { ExchangeModelTrace, ExchangeMove, ExchangeRound } from "./model.js";

const n = (x: number) => formatNumber(x, 1);
const signed = (x: number): string => {
  const r = Math.abs(x) < 0.05 ? x.toFixed(2) : x.toFixed(1);
  return (x < 0 ? "−" : "+") + r.replace("-", "");
};
const gainText = (g: number): string =>
  g === 0 ? "0" : Math.abs(g) >= 0.01 ? g.toFixed(2) : g.toPrecision(2);

function sentence(m: ExchangeMove, issue: string, name: (id: string) => string): string {
  return (
    `${name(m.actor)} gave way on ${issue} (${signed(m.position - m.from)}, ${n(m.from)} → ${n(m.position)}) ` +
    `for ${name(m.with)}'s movement on ${m.for} (${signed(m.partnerTo - m.partnerFrom)}, ` +
    `${n(m.partnerFrom)} → ${n(m.partnerTo)}); each gains ${gainText(m.gain)}`
  );
}

/** The partners and issues of a round's exchanges on this issue, to tell repeated rounds. */
const shape = (r: ExchangeRound): string =>
  (r.moves as ExchangeMove[]).map((m) => `${m.actor}>${m.with}>${m.for}`).join("|");

export const explainExchange: Explainer = (result: IssueRun, name, run: ModelRun) => {
  const rounds = result.rounds as ExchangeRound[] | undefined;
  if (!rounds) return [];
  const out: string[] = [
    "  The exchange model trades on all issues at once: an actor gives way on the issue it cares " +
      "less about for its partner's movement on the one it cares about more (equal gain" +
      (Number(run.options.p ?? 0) > 0
        ? `, split randomized with p = ${String(run.options.p)}`
        : "") +
      "). Below, the exchanges that involve this issue; gains are in salience × outcome shift (0–100 scale).",
  ];
  let before = typeof result.initialOutcome === "number" ? result.initialOutcome : undefined;
  for (let i = 0; i < rounds.length;) {
    let j = i;
    while (j + 1 < rounds.length && shape(rounds[j + 1]) === shape(rounds[i])) j++;
    const r = rounds[i];
    const moves = r.moves as ExchangeMove[];
    const from = before !== undefined ? `${n(before)} → ` : "";
    out.push(
      `  Round ${r.round}: outcome ${from}${n(r.votingOutcome)} on the votes, ${n(r.preferenceOutcome)} after preferences move.`,
    );
    if (moves.length === 0) out.push("    No exchange involves this issue.");
    for (const m of moves) out.push(`    ${sentence(m, result.issue, name)}.`);
    if (j > i) {
      const last = rounds[j];
      out.push(
        `  Rounds ${i + 2 === j + 1 ? r.round + 1 : `${r.round + 1}–${last.round}`} repeat ` +
          (moves.length === 0
            ? "that: no exchange on this issue"
            : "these exchanges (same partners and issues)") +
          `; outcome ${n(r.preferenceOutcome)} → ${n(last.votingOutcome)} on the votes, ${n(last.preferenceOutcome)} after.`,
      );
    }
    before = rounds[j].preferenceOutcome;
    i = j + 1;
  }
  const trace = run.trace as ExchangeModelTrace | undefined;
  const totals = trace?.externality_totals;
  if (totals) {
    out.push(
      "  Externalities over all rounds and issues (exchange-model.md §8): own gains from trading; " +
        "gains (+) and losses (−) of bystanders inside and outside the groups that traded.",
    );
    const rows = Object.entries(totals).filter(
      ([, t]) =>
        t.own !== 0 ||
        t.innerPositive !== 0 ||
        t.innerNegative !== 0 ||
        t.outerPositive !== 0 ||
        t.outerNegative !== 0,
    );
    rows.sort((a, b) => b[1].own - a[1].own);
    for (const [id, t] of rows)
      out.push(
        `    ${name(id)}: own ${gainText(t.own)}; as bystander inside +${gainText(t.innerPositive)} ` +
          `/ −${gainText(-t.innerNegative)}, outside +${gainText(t.outerPositive)} / −${gainText(-t.outerNegative)}.`,
      );
  }
  return out;
};
