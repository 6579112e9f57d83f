/**
 * The exchange model over rounds (exchange-model.md §5, §6): each round computes the
 * outcomes, creates and realizes exchanges, takes the realized shifts as voting
 * positions (the round's voting outcome), then moves each trader's preference part of
 * the way to its vote (F20); the next round starts from those preferences. A fixed
 * number of rounds is run; there is no convergence test.
 */
import type { Arithmetic, Num } from "./arithmetic.js";
import { candidateExchanges } from "./candidates.js";
import { PythonRandom } from "./mt19937.js";
import { outcome, outcomeTerms, weightSum } from "./outcome.js";
import { realizeExchanges, type RealizedExchange } from "./realization.js";
import type { DrawRecord, ExchangeIssue, RoundContext } from "./state.js";
import {
  candidateRecord,
  type ExchangeTrace,
  type ExternalityRecord,
  type IssueActorValues,
  type RoundRecord,
} from "./trace.js";

/** The model's input: actors in `#A` order, issues in `#P` order, positions on each issue's own scale. */
export interface ExchangeInput {
  actorIds: string[];
  actorNames: string[];
  issues: ExchangeIssue[];
  /** `[issue][member slot]` positions on the issue's scale. */
  positions: Num[][];
}

export interface ExchangeRunOptions {
  ar: Arithmetic;
  /** REX's p in [0, 1] (0: equal gain). */
  p: Num;
  rounds: number;
  /** Seed of the MT19937 stream (Python's `random.seed(seed)`). */
  seed: number | bigint;
}

/** One round in numbers (internal 0–100 scale). */
export interface ExchangeRoundResult {
  start: Num[][];
  startOutcome: Num[];
  realized: RealizedExchange[];
  voting: Num[][];
  votingOutcome: Num[];
  next: Num[][];
  nextOutcome: Num[];
  /** Per actor index: own gain and the four externality sums (§8). */
  externalities: {
    own: Num;
    innerPositive: Num;
    innerNegative: Num;
    outerPositive: Num;
    outerNegative: Num;
  }[];
}

export interface ExchangeResult {
  trace: ExchangeTrace;
  rounds: ExchangeRoundResult[];
}

/** F0: the step `100 / (upper − lower)` of an issue (0 when upper = lower). */
export function stepOf(ar: Arithmetic, lower: Num, upper: Num): Num {
  const span = upper.minus(lower);
  return span.isZero() ? ar.zero : ar.hundred.div(span);
}

/** An internal value on the issue's scale: `lower` if `v = 0`, else `v / step + lower`. */
export function toScale(issue: ExchangeIssue, v: Num): Num {
  return v.isZero() || issue.step.isZero() ? issue.lower : v.div(issue.step).plus(issue.lower);
}

const str = (d: Num): string => d.toString();

/** F20: the preference after the round, a share `0.1 + 0.4 (1 − s)` of the way to the vote. */
function preference(ar: Arithmetic, s: Num, x: Num, y: Num): Num {
  const w = ar.one.minus(s).times(ar.salienceWeight);
  return w
    .times(y)
    .plus(ar.fixedWeight.times(y))
    .plus(ar.one.minus(w).minus(ar.fixedWeight).times(x));
}

export function runExchange(input: ExchangeInput, options: ExchangeRunOptions): ExchangeResult {
  const { issues, actorIds } = input;
  const ar = options.ar;
  const issueIds = issues.map((i) => i.id);
  const N = actorIds.length;
  const rng = new PythonRandom(options.seed);
  const draws: DrawRecord[] = [];
  let pos = issues.map((iss, k) =>
    input.positions[k].map((x) => x.minus(iss.lower).times(iss.step)),
  );
  const W = issues.map(weightSum);
  const positionsRecord = (values: Num[][]): IssueActorValues =>
    Object.fromEntries(
      issues.map((iss, k) => [
        iss.id,
        Object.fromEntries(iss.members.map((a, m) => [actorIds[a], str(values[k][m])])),
      ]),
    );
  const outcomesOf = (values: Num[][]): Num[] =>
    issues.map((iss, k) => outcome(iss, values[k], W[k]));
  const outcomeRecord = (o: Num[]): Record<string, string> =>
    Object.fromEntries(issues.map((iss, k) => [iss.id, str(o[k])]));

  const rounds: RoundRecord[] = [];
  const results: ExchangeRoundResult[] = [];
  let round1Candidates: ReturnType<typeof candidateRecord>[] = [];
  let startOutcome = outcomesOf(pos);
  const initialOutcome = startOutcome;
  for (let round = 1; round <= options.rounds; round++) {
    const ctx: RoundContext = {
      issues,
      pos,
      terms: issues.map((iss, k) => outcomeTerms(iss, pos[k])),
      W,
      ar,
      p: options.p,
      rng,
      round,
      draws,
      actorIds,
      issueIds,
    };
    const { groups, candidates } = candidateExchanges(ctx, startOutcome, N);
    if (round === 1)
      round1Candidates = candidates.map((E) => candidateRecord(E, actorIds, issueIds));
    const candidatesValid = candidates.filter((E) => E.valid).length;
    const { realized, ties } = realizeExchanges(ctx, candidates);

    // §5.11: voting positions, the voting outcome, then the preference update.
    const voting = pos.map((xs) => [...xs]);
    for (const { exchange: R } of realized)
      for (const X of [R.A, R.B]) voting[X.supply][issues[X.supply].slot[X.actor]] = X.y;
    const votingOutcome = outcomesOf(voting);
    const next = voting.map((xs) => [...xs]);
    for (const { exchange: R } of realized)
      for (const X of [R.A, R.B])
        next[X.supply][issues[X.supply].slot[X.actor]] = preference(ar, X.ss, X.start, X.y);
    const nextOutcome = outcomesOf(next);

    const records = realized.map(({ exchange: R, record }) => {
      const r = { ...record, valid_at_end_of_round: R.valid };
      if (str(R.A.y) !== record.i.y || str(R.B.y) !== record.j.y)
        r.end_of_round = { i_y: str(R.A.y), j_y: str(R.B.y) };
      return r;
    });
    const externalities = externalitiesOf(ar, issues, pos, groups, realized, N);
    rounds.push({
      round,
      start: { nbs: outcomeRecord(startOutcome), positions: positionsRecord(pos) },
      groups: groups.map((g) => ({
        p: issueIds[g.p],
        q: issueIds[g.q],
        a: g.a.map((a) => actorIds[a]),
        b: g.b.map((a) => actorIds[a]),
        c: g.c.map((a) => actorIds[a]),
        d: g.d.map((a) => actorIds[a]),
      })),
      candidates: candidates.length,
      candidates_valid: candidatesValid,
      exchanges: records,
      ties,
      realized: realized.length,
      voting: { nbs: outcomeRecord(votingOutcome), positions: positionsRecord(voting) },
      next_start: { positions: positionsRecord(next), nbs: outcomeRecord(nextOutcome) },
      externalities: Object.fromEntries(
        externalities.map((e, a): [string, ExternalityRecord] => [
          actorIds[a],
          {
            own: str(e.own),
            inner_positive: str(e.innerPositive),
            inner_negative: str(e.innerNegative),
            outer_positive: str(e.outerPositive),
            outer_negative: str(e.outerNegative),
          },
        ]),
      ),
    });
    results.push({
      start: pos,
      startOutcome,
      realized,
      voting,
      votingOutcome,
      next,
      nextOutcome,
      externalities,
    });
    pos = next;
    startOutcome = nextOutcome;
  }
  const last = results[results.length - 1];
  const final = Object.fromEntries(
    issues.map((iss, k) => {
      const voting = last ? last.votingOutcome[k] : initialOutcome[k];
      const pref = last ? last.nextOutcome[k] : initialOutcome[k];
      return [
        iss.id,
        {
          initial_nbs: str(initialOutcome[k]),
          initial_nbs_scale: str(toScale(iss, initialOutcome[k])),
          voting_nbs_last_round: str(voting),
          voting_nbs_last_round_scale: str(toScale(iss, voting)),
          preference_nbs_after_last_round: str(pref),
          preference_nbs_after_last_round_scale: str(toScale(iss, pref)),
        },
      ];
    }),
  );
  return {
    trace: {
      format_version: 1,
      arithmetic:
        ar.name === "decimal"
          ? "decimal, 28 significant digits, ROUND_HALF_EVEN (Python's default context)"
          : "double (IEEE 754; does not reproduce the reference runs)",
      parameters: {
        p: str(options.p),
        iterations: options.rounds,
        seed: typeof options.seed === "bigint" ? options.seed.toString() : options.seed,
        salience_weight: str(ar.salienceWeight),
        fixed_weight: str(ar.fixedWeight),
      },
      issues: issues.map((iss) => ({
        id: iss.id,
        lower: str(iss.lower),
        upper: str(iss.upper),
        step_size: str(iss.step),
      })),
      actors: actorIds.map((id, a) => ({ id, name: input.actorNames[a] })),
      rounds,
      final,
      round1_candidates: round1Candidates,
      rng_trace: draws,
    },
    rounds: results,
  };
}

/**
 * §8: the externality of each realized exchange (still valid at the end of the round)
 * for every bystander holding both its issues, from start-of-round positions —
 * `(|B.nbs0 − x_p| − |B.nbs1 − x_p|) s_p + (|A.nbs0 − x_q| − |A.nbs1 − x_q|) s_q` —
 * "inner" for members of the two groups that traded (0 counts as negative); for the
 * two traders their gain ("own").
 */
function externalitiesOf(
  ar: Arithmetic,
  issues: ExchangeIssue[],
  pos: Num[][],
  groups: { p: number; q: number; a: number[]; b: number[]; c: number[]; d: number[] }[],
  realized: RealizedExchange[],
  N: number,
): ExchangeRoundResult["externalities"] {
  const out = Array.from({ length: N }, () => ({
    own: ar.zero,
    innerPositive: ar.zero,
    innerNegative: ar.zero,
    outerPositive: ar.zero,
    outerNegative: ar.zero,
  }));
  for (const { exchange: R } of realized) {
    if (!R.valid) continue;
    const P = issues[R.p];
    const Q = issues[R.q];
    const g = groups.find((x) => x.p === R.p && x.q === R.q)!;
    const inner = new Set(R.groups === "a-d" ? [...g.a, ...g.d] : [...g.b, ...g.c]);
    for (let k = 0; k < N; k++) {
      if (k === R.A.actor || k === R.B.actor) {
        out[k].own = out[k].own.plus(R.gain);
        continue;
      }
      const mp = P.slot[k];
      const mq = Q.slot[k];
      if (mp < 0 || mq < 0) continue;
      const xp = pos[R.p][mp];
      const xq = pos[R.q][mq];
      const e = R.B.nbs0
        .minus(xp)
        .abs()
        .minus(R.B.nbs1.minus(xp).abs())
        .times(P.salience[mp])
        .plus(R.A.nbs0.minus(xq).abs().minus(R.A.nbs1.minus(xq).abs()).times(Q.salience[mq]));
      const isInner = inner.has(k);
      const o = out[k];
      if (e.gt(ar.zero)) {
        if (isInner) o.innerPositive = o.innerPositive.plus(e);
        else o.outerPositive = o.outerPositive.plus(e);
      } else if (isInner) o.innerNegative = o.innerNegative.plus(e);
      else o.outerNegative = o.outerNegative.plus(e);
    }
  }
  return out;
}
