/**
 * Stokman's exchange model (exchange-model.md), one concept per file:
 *
 * - decimal.ts, arithmetic.ts: the 28-digit half-even arithmetic, exact binary constants (§2),
 *   and the fast double-precision variant;
 * - mt19937.ts: Python's Mersenne Twister and seeding (§7);
 * - state.ts, outcome.ts: the round's state and outcomes F1–F4 (§4, §5.1);
 * - candidates.ts: groups and candidate exchanges (§5.2–5.4);
 * - equal-gain.ts, validity.ts, rex.ts: one exchange's calculation (§5.5–5.8);
 * - realization.ts: the selection loop and recalculation (§5.9–5.10);
 * - rounds.ts: rounds, voting and preference updates (§5.11, §6);
 * - trace.ts: the trace in the reference JSON's layout (§8);
 * - input.ts, options.ts, model.ts: the entente `Model`.
 */
export { exchangeModel } from "./model.js";
export type {
  ExchangeMove,
  ExchangeRound,
  ExchangeModelTrace,
  ExternalityTotals,
} from "./model.js";
export { ExchangeOptions } from "./options.js";
export { runExchange, toScale, stepOf } from "./rounds.js";
export type { ExchangeInput, ExchangeRunOptions, ExchangeResult } from "./rounds.js";
export { exchangeInputFromCompiled } from "./input.js";
export { PythonRandom } from "./mt19937.js";
export { Dec, exactDecimal, exactDecimalString } from "./decimal.js";
export { DECIMAL_ARITHMETIC, DOUBLE_ARITHMETIC, Float } from "./arithmetic.js";
export type { Arithmetic, Num } from "./arithmetic.js";
export type * from "./trace.js";
