/**
 * The equal-gain calculation of one exchange (exchange-model.md §5.5–5.7; Stokman &
 * Van Oosten 1994): the partner who cares relatively less about issue p moves on p
 * toward the other, who moves on q, sized so that both gain the same utility
 * (salience-weighted outcome shift), capped so nobody passes the partner and the
 * outcome does not pass the partner's position. Formulas F6–F19, evaluated left to
 * right exactly as the spec parenthesizes them.
 */
import type { Num } from "./arithmetic.js";
import { moveIsValid } from "./validity.js";
import { adjustedOutcome, neededShift } from "./outcome.js";
import { randomizeGain } from "./rex.js";
import type { Exchange, ExchangeActor, RoundContext } from "./state.js";

/** The last entry of a move list is replaced (§5.7, §5.8). */
function replaceLast(moves: Num[], m: Num): void {
  moves[moves.length - 1] = m;
}

/** §5.5 `calculate(E)`: moves, voting positions, gain and validity of the exchange. */
export function calculate(ctx: RoundContext, E: Exchange): void {
  const { A, B } = E;
  const Wp = ctx.W[E.p];
  const Wq = ctx.W[E.q];
  // First try: B moves fully to A's position on p.
  let rp = A.dx.minus(B.sx).abs().times(B.ss).times(B.sc).div(Wp); // F6
  let rq = B.ss.plus(A.ds).div(B.ds.plus(A.ss)).times(rp); // F7
  A.move = rq.times(Wq).div(A.sc.times(A.ss)); // F8
  B.move = A.dx.minus(B.sx).abs();
  if (A.move.abs().gt(B.dx.minus(A.sx).abs())) {
    // A would pass B: A moves fully instead.
    rq = B.dx.minus(A.sx).abs().times(A.ss).times(A.sc).div(Wq); // F9
    rp = A.ss.plus(B.ds).div(A.ds.plus(B.ss)).times(rq); // F10
    A.move = B.dx.minus(A.sx).abs(); // F11
    B.move = rp.times(Wp).div(B.sc.times(B.ss));
  }
  if (A.sx.gt(B.dx)) A.move = A.move.neg();
  if (B.sx.gt(A.dx)) B.move = B.move.neg();
  A.moves.push(A.move);
  B.moves.push(B.move);
  A.y = A.sx.plus(A.move); // F12
  B.y = B.sx.plus(B.move);
  // F13 (the program's 1e-20 assertion that euA = euB is not ported, Q16)
  const euA = rq.times(A.ss).minus(rp.times(A.ds)).abs();
  E.gain = euA;
  A.eu = euA;
  B.eu = euA;
  E.valid = moveIsValid(ctx.ar, A, A.move) && moveIsValid(ctx.ar, B, B.move);
  if (E.gain.lt(ctx.ar.epsMove)) E.valid = false;
  if (!E.valid) return;
  checkCrossing(ctx, E, A, B);
  checkCrossing(ctx, E, B, A);
  E.valid = moveIsValid(ctx.ar, A, A.move) && moveIsValid(ctx.ar, B, B.move);
  if (ctx.p.gt(ctx.ar.zero)) randomizeGain(ctx, E);
}

/**
 * §5.7 `check(X)`: if X's move would carry the outcome of its supply issue past the
 * partner's position, shrink it to land the outcome on that position, and the
 * partner's move to keep the gains equal (F15–F19). `eu` keeps the unshrunk value and
 * the partner's `nbs1` is not refreshed (Q7).
 */
export function checkCrossing(
  ctx: RoundContext,
  E: Exchange,
  X: ExchangeActor,
  Y: ExchangeActor,
): void {
  X.nbs0 = adjustedOutcome(ctx, E, X, X.sx);
  X.nbs1 = adjustedOutcome(ctx, E, X, X.y);
  const t = Y.dx;
  const d0 = t.minus(X.nbs0);
  const d1 = t.minus(X.nbs1);
  const zero = ctx.ar.zero;
  if ((d0.gte(zero) && d1.gte(zero)) || (d0.lte(zero) && d1.lte(zero))) return;
  const delta = neededShift(ctx, E, X, t).abs(); // F15
  const r1 = delta.times(X.ss).times(X.sc).div(ctx.W[X.supply]); // F16
  const r2 = X.ss.plus(Y.ds).div(X.ds.plus(Y.ss)).times(r1); // F17
  Y.move = r2.times(ctx.W[Y.supply]).div(Y.sc.times(Y.ss)).abs(); // F18
  X.move = delta;
  if (Y.sx.gt(X.dx)) Y.move = Y.move.neg();
  if (X.sx.gt(Y.dx)) X.move = X.move.neg();
  replaceLast(Y.moves, Y.move);
  replaceLast(X.moves, X.move);
  Y.y = Y.sx.plus(Y.move);
  X.y = X.sx.plus(X.move);
  E.gain = r2.times(Y.ss).minus(r1.times(Y.ds)).abs(); // F19
  X.nbs1 = adjustedOutcome(ctx, E, X, X.y);
}
