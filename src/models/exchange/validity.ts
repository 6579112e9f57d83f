/**
 * Move validity (exchange-model.md §5.6, F14): a move must be real (more than 1e-10),
 * stay on the 0–100 scale, and keep the direction of every earlier tentative move of
 * the exchange actor (Q6).
 */
import { EPS_MOVE, HUNDRED, ZERO, type Dec } from "./decimal.js";
import type { ExchangeActor } from "./state.js";

/** F14 `ok(X, m)`: whether X may move by `m`. */
export function moveIsValid(X: ExchangeActor, m: Dec): boolean {
  const size = m.abs();
  if (size.gt(HUNDRED) || size.lte(EPS_MOVE)) return false;
  const to = X.sx.plus(m);
  if (to.lt(ZERO) || to.gt(HUNDRED)) return false;
  let sum = ZERO;
  for (const x of X.moves) sum = sum.plus(x);
  if (sum.gt(HUNDRED)) return false;
  return X.moves.every((x) => x.lt(ZERO)) || X.moves.every((x) => x.gt(ZERO));
}
