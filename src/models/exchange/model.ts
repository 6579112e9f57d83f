/**
 * Stokman's exchange model (Stokman & Van Oosten 1994; Arregui, Stokman & Thomson
 * 2006) as an entente `Model`, computed as decide-exchange-model computes it
 * (docs/design/exchange-model.md): on all issues at once, actors on opposite sides of
 * two outcomes trade voting positions — each gives way on the issue it cares less
 * about for the partner's movement on the one it cares about more, both gaining the
 * same utility (equal gain; REX with `p > 0`). Exchanges are realized in order of
 * gain, rounds repeat from the updated preferences, and the forecast of an issue is
 * its outcome, the capability × salience weighted mean of the positions.
 *
 * Arithmetic is the program's: 28-digit decimals, half-even (decimal.ts), so that the
 * references replay exactly; ties are broken by Python's MT19937 stream seeded with
 * `seed` (mt19937.ts).
 */
import type { CompiledScenario } from "../../scenario/compile.js";
import type { IssueRun, Model, ModelRun, Move, Round } from "../types.js";
import type { Num } from "./arithmetic.js";
import { DECIMAL_ARITHMETIC, DOUBLE_ARITHMETIC } from "./arithmetic.js";
import { exchangeInputFromCompiled } from "./input.js";
import { ExchangeOptions } from "./options.js";
import { runExchange, toScale } from "./rounds.js";
import type { ExchangeTrace } from "./trace.js";

/** A move of the exchange model: the actor gave way on this issue in an exchange. */
export interface ExchangeMove extends Move {
  type: "exchange";
  /** Its position on this issue at the start of the round. */
  from: number;
  /** The issue it got movement on in return (its demand issue). */
  for: string;
  /** The partner's position on the partner's supply issue before and after. */
  partnerFrom: number;
  partnerTo: number;
  /** The exchange's gain (equal for both partners; utility = salience × outcome shift, 0–100 scale). */
  gain: number;
  /** Realization order within the round. */
  seq: number;
  /** The outcome of this issue before and after the move, as the exchange saw it. */
  outcomeBefore: number;
  outcomeAfter: number;
}

export interface ExchangeRound extends Round {
  /** Voting outcome of the round (issue scale). */
  votingOutcome: number;
  /** Outcome of the preferences after the round's update (issue scale). */
  preferenceOutcome: number;
  /** Preferences after the update, aligned with `actors`. */
  preferences: number[];
}

/** Per actor, externalities summed over the rounds (exchange-model.md §8). */
export interface ExternalityTotals {
  own: number;
  innerPositive: number;
  innerNegative: number;
  outerPositive: number;
  outerNegative: number;
}

export type ExchangeModelTrace = Partial<ExchangeTrace> & {
  externality_totals: Record<string, ExternalityTotals>;
};

const num = (d: Num): number => Number(d.toString());

function runModel(scenario: CompiledScenario, options: ExchangeOptions): ModelRun {
  const parsed = ExchangeOptions.parse(options);
  const ar = parsed.arithmetic === "double" ? DOUBLE_ARITHMETIC : DECIMAL_ARITHMETIC;
  const { input, notes, idle } = exchangeInputFromCompiled(scenario, ar);
  const { trace, rounds } = runExchange(input, {
    ar,
    p: ar.fromText(String(parsed.p)),
    rounds: parsed.rounds,
    seed: typeof parsed.seed === "string" ? BigInt(parsed.seed) : parsed.seed,
  });
  const ids = scenario.actorIds;
  const issues = scenario.issues.map((iss, k): IssueRun => {
    const xi = input.issues[k];
    if (xi.members.length === 0)
      return { issue: iss.id, forecast: null, note: "no actor holds a stance on this issue" };
    const scaled = (v: Num): number => num(toScale(xi, v));
    // Positions aligned with the issue's actors in scenario order.
    const slots = Array.from(iss.actorIndex, (a) => xi.slot[a]);
    const initialPositions = Array.from(iss.position);
    // An actor that never moved keeps the exact value of its stance.
    const start0 = rounds[0].start[k];
    const atScale = (values: Num[]): number[] =>
      slots.map((m, n) => (values[m] === start0[m] ? initialPositions[n] : scaled(values[m])));
    const roundRecords: ExchangeRound[] = rounds.map((r, index) => {
      const moves: ExchangeMove[] = [];
      for (const { exchange: R, record } of r.realized)
        for (const [X, Y, rec] of [
          [R.A, R.B, record.i],
          [R.B, R.A, record.j],
        ] as const) {
          if (X.supply !== k) continue;
          const partnerIssue = input.issues[Y.supply];
          moves.push({
            actor: ids[X.actor],
            type: "exchange",
            with: ids[Y.actor],
            position: scaled(ar.fromText(rec.y)),
            from: scaled(X.start),
            for: partnerIssue.id,
            partnerFrom: num(toScale(partnerIssue, Y.start)),
            partnerTo: num(
              toScale(partnerIssue, ar.fromText((rec === record.i ? record.j : record.i).y)),
            ),
            gain: Number(record.gain),
            seq: record.seq,
            outcomeBefore: scaled(ar.fromText(rec.nbs_0)),
            outcomeAfter: scaled(ar.fromText(rec.nbs_1)),
          });
        }
      const voting = r.votingOutcome[k];
      const preference = r.nextOutcome[k];
      return {
        round: index + 1,
        positions: atScale(r.voting[k]),
        forecast: scaled(parsed.forecast === "voting" ? voting : preference),
        moves,
        votingOutcome: scaled(voting),
        preferenceOutcome: scaled(preference),
        preferences: atScale(r.next[k]),
      };
    });
    const last = rounds[rounds.length - 1];
    const finalOutcome = parsed.forecast === "voting" ? last.votingOutcome[k] : last.nextOutcome[k];
    const run: IssueRun = {
      issue: iss.id,
      forecast: scaled(finalOutcome),
      actors: [...iss.actorIds],
      initial: initialPositions,
      rounds: roundRecords,
      initialOutcome: scaled(rounds[0].startOutcome[k]),
      votingOutcome: scaled(last.votingOutcome[k]),
      preferenceOutcome: scaled(last.nextOutcome[k]),
    };
    if (idle[k].length > 0)
      run.note = `${idle[k].join(", ")} hold a stance with salience or power 0 and take part in no exchange on this issue`;
    return run;
  });
  const totals: Record<string, ExternalityTotals> = {};
  ids.forEach((id, a) => {
    const t: ExternalityTotals = {
      own: 0,
      innerPositive: 0,
      innerNegative: 0,
      outerPositive: 0,
      outerNegative: 0,
    };
    for (const r of rounds) {
      const e = r.externalities[a];
      t.own += num(e.own);
      t.innerPositive += num(e.innerPositive);
      t.innerNegative += num(e.innerNegative);
      t.outerPositive += num(e.outerPositive);
      t.outerNegative += num(e.outerNegative);
    }
    totals[id] = t;
  });
  const out: ExchangeModelTrace =
    parsed.trace === "full"
      ? { ...trace, externality_totals: totals }
      : {
          format_version: 1,
          parameters: trace.parameters,
          issues: trace.issues,
          actors: trace.actors,
          final: trace.final,
          rounds: trace.rounds.map((r) => ({ ...r, groups: [], start: r.start })),
          externality_totals: totals,
        };
  return {
    model: "exchange",
    options: { ...parsed },
    issues,
    ...(notes.length > 0 ? { notes } : {}),
    trace: out,
  };
}

/** The exchange model under the id `exchange` (exchange-model.md). */
export const exchangeModel: Model<ExchangeOptions> = {
  id: "exchange",
  name: "Exchange model (Stokman, equal gain)",
  summary:
    "On all issues at once, actors on opposite sides of two outcomes trade voting positions, each giving way " +
    "on the issue it cares less about for movement on the other, with equal gain (REX: randomized split, p); " +
    "forecast = the salience × power weighted mean of the voting positions after the rounds.",
  reference:
    "Stokman & Van Oosten (1994); Arregui, Stokman & Thomson (2006); Dijkstra et al. (2018) for REX; " +
    "computed as decide-exchange-model (J. Draaijer) does, rule in docs/design/exchange-model.md",
  dynamic: true,
  options: ExchangeOptions,
  run: runModel,
};
