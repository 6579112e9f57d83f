/**
 * REX, the randomized equal-gain exchange (exchange-model.md §5.8; Dijkstra, Van Assen,
 * Stokman & Draaijer 2018): each exchange's split of the gain between the partners is
 * perturbed at random by up to `p`. `calcMax` bounds each partner's utility, `rgain`
 * draws the split. The program's oddities are mirrored (Q10).
 */
import type { Num } from "./arithmetic.js";
import { adjustedOutcome, neededShift } from "./outcome.js";
import { moveIsValid } from "./validity.js";
import type { Exchange, ExchangeActor, RoundContext } from "./state.js";
import { exchangeId } from "./trace.js";

/** `calcMax`: the maximum utilities `eu_max` of both partners. */
function maximumUtilities(ctx: RoundContext, E: Exchange): void {
  const { A, B } = E;
  const poA = A.dx.eq(A.y); // sic: positions on different issues (Q10)
  const poB = B.dx.eq(B.y);
  const nA = adjustedOutcome(ctx, E, A, poA ? A.y : B.dx);
  const nB = adjustedOutcome(ctx, E, B, poB ? B.y : A.dx);
  const dA = A.nbs0.minus(nA).abs();
  const dB = B.nbs0.minus(nB).abs();
  const l1 = dB.times(B.ss);
  const g2 = dB.times(A.ds);
  const l2 = dA.times(A.ss);
  const g1 = dA.times(B.ds);
  let ow: Num | undefined;
  if (poA && g1.minus(l1).gt(ctx.ar.zero)) ow = g2.minus(l1.div(B.ds).times(A.ss));
  if (poB && g2.minus(l2).gt(ctx.ar.zero)) ow = g1.minus(l2.div(A.ds).times(B.ss));
  let X: ExchangeActor, Y: ExchangeActor, G: Num, L: Num;
  if (g2.gt(g1)) {
    X = B;
    Y = A;
    G = g1;
    L = l2;
  } else {
    X = A;
    Y = B;
    G = g2;
    L = l1;
  }
  const sigma = X.ss.div(X.ss.plus(Y.ds));
  const d1 = L.div(sigma.times(Y.ds));
  const d2 = G.div(sigma.times(X.ss));
  Y.euMax = ow !== undefined && !ow.isZero() ? ow : sigma.times(Y.ds).times(d2).minus(L);
  X.euMax = G.minus(sigma.times(X.ss).times(d1));
}

/** §5.5 step 10: draw `u`, `v`, `z`, then `calcMax` and `rgain`. */
export function randomizeGain(ctx: RoundContext, E: Exchange): void {
  const draw = (purpose: "u" | "v" | "z"): number => {
    const value = ctx.rng.random();
    ctx.draws.push({
      round: ctx.round,
      call: "random",
      value: String(value),
      purpose,
      exchange: exchangeId(E, ctx.actorIds, ctx.issueIds),
    });
    return value;
  };
  const u = draw("u");
  const v = draw("v");
  const zDouble = draw("z");
  maximumUtilities(ctx, E);
  const { A, B } = E;
  const [X, Y] = u < 0.5 ? [A, B] : [B, A];
  for (const side of [A, B]) {
    side.u = u;
    side.v = v;
    side.z = zDouble;
  }
  const z = ctx.ar.fromDouble(zDouble);
  const eu = E.gain;
  const P = ctx.p;
  const eX =
    v < 0.5 ? eu.plus(P.times(z).times(X.euMax!.minus(eu))) : eu.minus(P.times(z).times(eu));
  const WX = ctx.W[X.supply];
  const WY = ctx.W[Y.supply];
  let mX = X.sx.minus(Y.dx).abs();
  let rX = mX.times(X.ss).times(X.sc).div(WX);
  let rY = eX.plus(rX.times(X.ss)).div(X.ds);
  let mY = rY.times(WY).div(Y.sc.times(Y.ss));
  let eY = rY.times(Y.ss).minus(rX.times(Y.ds)).abs();
  const dY = Y.sx.minus(X.dx).abs();
  if (mY.abs().gt(dY)) {
    rY = dY.times(Y.ss).times(Y.sc).div(WY);
    rX = eX.minus(rY.times(X.ds)).div(X.ss).abs();
    mY = dY;
    mX = rX.times(WX).div(X.sc.times(X.ss));
    if (mX.abs().lt(X.sx.minus(Y.dx).abs())) eY = rY.times(Y.ss).minus(rX.times(Y.ds)).abs();
  } else {
    const mXs = X.sx.gt(Y.dx) ? mX.neg() : mX;
    const n = adjustedOutcome(ctx, E, X, X.sx.plus(mXs));
    const t = Y.dx;
    if (!(t.gte(X.nbs0) && t.gte(n)) && !(t.lte(X.nbs0) && t.lte(n))) {
      const delta = neededShift(ctx, E, X, t).abs();
      rX = delta.times(X.ss).times(X.sc).div(WX);
      rY = eX.plus(rX.times(X.ss)).div(X.ds);
      mY = rY.times(WY).div(Y.sc.times(Y.ss));
      eY = rY.times(Y.ss).minus(rX.times(Y.ds)).abs();
      mX = mXs; // already signed, and flipped again below (Q10)
    }
  }
  X.eu = eX;
  Y.eu = eY;
  X.move = mX;
  Y.move = mY;
  if (X.sx.gt(Y.dx)) X.move = X.move.neg();
  if (Y.sx.gt(X.dx)) Y.move = Y.move.neg();
  X.moves[X.moves.length - 1] = X.move;
  Y.moves[Y.moves.length - 1] = Y.move;
  X.y = X.sx.plus(X.move);
  Y.y = Y.sx.plus(Y.move);
  E.valid = moveIsValid(ctx.ar, X, X.move) && moveIsValid(ctx.ar, Y, Y.move);
  X.nbs0 = adjustedOutcome(ctx, E, X, X.sx);
  X.nbs1 = adjustedOutcome(ctx, E, X, X.y);
  Y.nbs0 = adjustedOutcome(ctx, E, Y, Y.sx);
  Y.nbs1 = adjustedOutcome(ctx, E, Y, Y.y);
}
