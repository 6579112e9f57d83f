/**
 * Outcomes of an issue (exchange-model.md §5.1): the capability-and-salience weighted
 * mean of the positions, F1–F4, summed from 0 in `#D` row order.
 */
import type { Num } from "./arithmetic.js";
import type { Exchange, ExchangeActor, ExchangeIssue, RoundContext } from "./state.js";

/** F1: `W_k = 0 + s·c + s·c + …`. */
export function weightSum(issue: ExchangeIssue): Num {
  let w = issue.ar.zero;
  for (let m = 0; m < issue.members.length; m++)
    w = w.plus(issue.salience[m].times(issue.power[m]));
  return w;
}

/** Each member's term `(x·s)·c` of the outcome's numerator. */
export function outcomeTerms(issue: ExchangeIssue, positions: Num[]): Num[] {
  return positions.map((x, m) => x.times(issue.salience[m]).times(issue.power[m]));
}

/** F2: `O_k = Σ (x·s)·c / W_k` (0 when `W_k = 0`). */
export function outcome(issue: ExchangeIssue, positions: Num[], W: Num): Num {
  if (W.isZero()) return issue.ar.zero;
  let num = issue.ar.zero;
  for (let m = 0; m < issue.members.length; m++)
    num = num.plus(positions[m].times(issue.salience[m]).times(issue.power[m]));
  return num.div(W);
}

/**
 * F3 `adjO(X, v)`: the outcome of X's supply issue with the moves `E` was told about
 * (`E.updates`) and X's own position set to `v`.
 */
export function adjustedOutcome(ctx: RoundContext, E: Exchange, X: ExchangeActor, v: Num): Num {
  const k = X.supply;
  const W = ctx.W[k];
  if (W.isZero()) return ctx.ar.zero;
  const issue = ctx.issues[k];
  const terms = ctx.terms[k];
  const upd = E.updates.get(k);
  let num = ctx.ar.zero;
  for (let m = 0; m < issue.members.length; m++) {
    const a = issue.members[m];
    let x: Num | undefined = upd?.get(a);
    if (a === X.actor) x = v;
    // Unchanged actors contribute their start-of-round term, computed once per round.
    num = num.plus(x === undefined ? terms[m] : x.times(issue.salience[m]).times(issue.power[m]));
  }
  return num.div(W);
}

/**
 * F4 `need(X, t)`: the shift of X that puts the outcome of its supply issue on `t`.
 * X's entry is set to `X.sx` *before* the updates apply, and `N` includes X (Q8).
 */
export function neededShift(ctx: RoundContext, E: Exchange, X: ExchangeActor, t: Num): Num {
  const k = X.supply;
  const W = ctx.W[k];
  const issue = ctx.issues[k];
  const terms = ctx.terms[k];
  const upd = E.updates.get(k);
  let num = ctx.ar.zero;
  for (let m = 0; m < issue.members.length; m++) {
    const a = issue.members[m];
    let x: Num | undefined = a === X.actor ? X.sx : undefined;
    const u = upd?.get(a);
    if (u !== undefined) x = u;
    num = num.plus(x === undefined ? terms[m] : x.times(issue.salience[m]).times(issue.power[m]));
  }
  return t.times(W).minus(num).div(X.ss.times(X.sc));
}
