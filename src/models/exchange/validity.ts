/**
 * Move validity (exchange-model.md §5.6, F14): a move must be real (more than 1e-10),
 * stay on the 0–100 scale, and keep the direction of every earlier tentative move of
 * the exchange actor (Q6).
 */
import type { Arithmetic, Num } from "./arithmetic.js";
import type { ExchangeActor } from "./state.js";

/** F14 `ok(X, m)`: whether X may move by `m`. */
export function moveIsValid(ar: Arithmetic, X: ExchangeActor, m: Num): boolean {
  const size = m.abs();
  if (size.gt(ar.hundred) || size.lte(ar.epsMove)) return false;
  const to = X.sx.plus(m);
  if (to.lt(ar.zero) || to.gt(ar.hundred)) return false;
  let sum = ar.zero;
  for (const x of X.moves) sum = sum.plus(x);
  if (sum.gt(ar.hundred)) return false;
  return X.moves.every((x) => x.lt(ar.zero)) || X.moves.every((x) => x.gt(ar.zero));
}
