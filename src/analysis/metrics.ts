/**
 * Accuracy of point forecasts against known outcomes (models.md §4, "Backtest
 * metrics"), as used by the DEU backtest (Thomson et al. 2006, The European Union
 * Decides, ch. 10; Achen 2006, ch. 4 of the same book, which scores models by the
 * mean absolute error on the 0–100 issue scale).
 *
 * For forecasts `f_i` and outcomes `y_i`, `i = 1..n`, with errors `e_i = |f_i − y_i|`:
 *
 * - mean absolute error `MAE = (1/n) Σ e_i` (the field's headline figure);
 * - median absolute error: the middle `e_i` in order (the mean of the two middle
 *   ones when `n` is even);
 * - root mean square error `RMSE = sqrt((1/n) Σ e_i²)`, which weighs large misses more;
 * - share within `t` points: the share of issues with `e_i <= t` (default `t = 10`,
 *   inclusive, so an error of exactly 10 counts as within).
 *
 * Issues a model cannot forecast are left out of that model's figures (callers pass
 * only the pairs that have a forecast); `n` says how many were scored. An empty set
 * gives `n = 0` and NaN figures, never a made-up number.
 */

/** Summary of a model's absolute errors. */
export interface ErrorSummary {
  /** Issues scored. */
  n: number;
  /** Mean absolute error. */
  mae: number;
  /** Median absolute error. */
  medianAe: number;
  /** Root mean square error. */
  rmse: number;
  /** Share (0–1) of issues with an absolute error of at most `within` points. */
  withinShare: number;
  /** The threshold used for `withinShare` (10 by default). */
  within: number;
}

/** Absolute errors `|f_i − y_i|`, pairwise. Throws when the lengths differ. */
export function absoluteErrors(
  forecasts: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): Float64Array {
  if (forecasts.length !== outcomes.length)
    throw new RangeError(
      `${forecasts.length} forecasts but ${outcomes.length} outcomes: they must pair up`,
    );
  const errors = new Float64Array(forecasts.length);
  for (let i = 0; i < errors.length; i++) errors[i] = Math.abs(forecasts[i] - outcomes[i]);
  return errors;
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total / values.length;
}

/** Median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mean absolute error of absolute errors (their mean). */
export function meanAbsoluteError(errors: ArrayLike<number>): number {
  return mean(errors);
}

/** Root mean square of the errors. */
export function rootMeanSquareError(errors: ArrayLike<number>): number {
  if (errors.length === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < errors.length; i++) total += errors[i] * errors[i];
  return Math.sqrt(total / errors.length);
}

/** Share of absolute errors at most `threshold` (inclusive). NaN for an empty list. */
export function shareWithin(errors: ArrayLike<number>, threshold = 10): number {
  if (errors.length === 0) return Number.NaN;
  let count = 0;
  for (let i = 0; i < errors.length; i++) if (Math.abs(errors[i]) <= threshold) count++;
  return count / errors.length;
}

/** Every figure of `ErrorSummary` from absolute errors. */
export function summarizeErrors(errors: ArrayLike<number>, within = 10): ErrorSummary {
  return {
    n: errors.length,
    mae: meanAbsoluteError(errors),
    medianAe: median(errors),
    rmse: rootMeanSquareError(errors),
    withinShare: shareWithin(errors, within),
    within,
  };
}
