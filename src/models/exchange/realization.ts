/**
 * Realizing exchanges within a round (exchange-model.md §5.9–5.10): the candidates are
 * ranked by gain, the best is realized, every remaining exchange that shares an
 * actor-issue with it is recalculated (invalid ones dropped), and so on until none is
 * left. Exact ties are broken by a draw; the program's tie duplicate (Q1), its partial
 * tracking of outcomes (Q4) and its move histories (Q6) are mirrored.
 */
import { calculate } from "./equal-gain.js";
import type { Exchange, ExchangeActor, RoundContext } from "./state.js";
import { exchangeId, snapshotExchange, type ExchangeRecord } from "./trace.js";

const sameSupply = (X: ExchangeActor, Z: ExchangeActor): boolean =>
  X.actor === Z.actor && X.supply === Z.supply;
const sameDemand = (X: ExchangeActor, Z: ExchangeActor): boolean =>
  X.actor === Z.actor && X.demand === Z.demand;

/** Tells `E` that exchange actor `Z` of a realized exchange moved on issue `k` (keeps the value nearer Z's start). */
function recordMove(E: Exchange, k: number, Z: ExchangeActor): void {
  let upd = E.updates.get(k);
  if (!upd) {
    upd = new Map();
    E.updates.set(k, upd);
  }
  const o = upd.get(Z.actor);
  if (o === undefined) upd.set(Z.actor, Z.y);
  else if (Z.start.lte(o)) upd.set(Z.actor, o.lt(Z.y) ? o : Z.y);
  else upd.set(Z.actor, o.gt(Z.y) ? o : Z.y);
}

const last = <T>(xs: T[]): T => xs[xs.length - 1];

/** §5.10 `recalc(E, R)` after realizing `R`. */
export function recalculate(ctx: RoundContext, E: Exchange, R: Exchange): void {
  let re = false;
  let matched = false;
  for (const X of [E.A, E.B]) {
    const Z = sameSupply(X, R.A) ? R.A : sameSupply(X, R.B) ? R.B : undefined;
    if (Z) {
      X.sx = Z.y;
      X.moves.push(last(Z.moves));
      matched = true;
    }
  }
  if (matched) {
    E.A.moves.pop();
    E.B.moves.pop();
    re = true;
  }
  if (sameDemand(R.B, E.B) || sameDemand(R.B, E.A)) {
    recordMove(E, R.B.demand, R.A);
    if (!re) {
      E.A.moves.pop();
      E.B.moves.pop();
      re = true;
    }
  }
  if (sameDemand(R.A, E.B) || sameDemand(R.A, E.A)) {
    recordMove(E, R.A.demand, R.B);
    if (!re) {
      E.A.moves.pop();
      E.B.moves.pop();
      re = true;
    }
  }
  if (re) calculate(ctx, E);
}

/**
 * Highest gain first. Gains whose doubles differ by more than 1e-12 relative are in
 * the order of their doubles (a double is within 1e-16 of its decimal); closer ones
 * are compared as decimals. The same order as comparing decimals, at a fraction of it.
 */
function byGain(x: Exchange, y: Exchange): number {
  const a = x.key!;
  const b = y.key!;
  const d = b - a;
  if (d !== 0 && Math.abs(d) > 1e-12 * Math.max(Math.abs(a), Math.abs(b))) return d;
  return y.gain.cmp(x.gain);
}

export interface RealizedExchange {
  exchange: Exchange;
  /** Its state when realized (reported values, §5.9.3). */
  record: ExchangeRecord;
}

/** §5.9: realizes exchanges until no candidate is left; returns them in order. */
export function realizeExchanges(
  ctx: RoundContext,
  candidates: Exchange[],
): { realized: RealizedExchange[]; ties: number } {
  let L = [...candidates];
  const realized: RealizedExchange[] = [];
  let ties = 0;
  while (L.length > 0) {
    for (const E of L)
      if (E.keyOf !== E.gain) {
        E.keyOf = E.gain;
        E.key = Number(E.gain.toString());
      }
    L.sort(byGain); // stable: equal gains keep their order
    let R = L.shift()!;
    if (L.length > 0 && R.gain.minus(L[0].gain).abs().lt(ctx.ar.epsTie)) {
      ties++;
      const r = ctx.rng.random();
      const next = L[0];
      const swap = r >= 0.5;
      ctx.draws.push({
        round: ctx.round,
        call: "random",
        value: String(r),
        purpose: "tie-break",
        popped: exchangeId(R, ctx.actorIds, ctx.issueIds),
        next: exchangeId(next, ctx.actorIds, ctx.issueIds),
        popped_valid: R.valid,
        next_valid: next.valid,
        gain: R.gain.toString(),
        swap,
      });
      if (swap) {
        L.push(R);
        R = L.shift()!;
      } else L.push(next); // the runner-up is now in L twice (Q1)
    }
    if (!R.valid) continue;
    const kept: Exchange[] = [];
    let removed = 0;
    for (const E of L) {
      if (!E.valid) continue;
      recalculate(ctx, E, R);
      if (E.valid) kept.push(E);
      else removed++;
    }
    L = kept;
    realized.push({
      exchange: R,
      record: snapshotExchange(
        R,
        realized.length + 1,
        removed,
        L.length,
        ctx.actorIds,
        ctx.issueIds,
      ),
    });
  }
  return { realized, ties };
}
