/**
 * Scores of probabilistic forecasts given as samples (an ensemble): the continuous
 * ranked probability score, interval coverage and the probability integral
 * transform (Gneiting & Raftery 2007, "Strictly proper scoring rules, prediction,
 * and estimation", JASA 102, §4.2 and eq. 20–21; Hersbach 2000, Weather and
 * Forecasting 15, for the ensemble form).
 *
 * CRPS. For a predictive distribution F and an outcome y,
 * `CRPS(F, y) = ∫ (F(x) − 1{x ≥ y})² dx = E|X − y| − ½ E|X − X'|` (Gneiting &
 * Raftery eq. 21), X and X' independent draws from F. For the empirical
 * distribution of a sample x_1..x_m this is
 * `(1/m) Σ_j |x_j − y| − (1/(2m²)) Σ_j Σ_k |x_j − x_k|`, computed in O(m log m)
 * from the sorted sample: `Σ_j Σ_k |x_j − x_k| = 2 Σ_i (2i − m + 1) x_(i)` with
 * `x_(0) ≤ … ≤ x_(m−1)`. A point mass scores its absolute error; lower is better;
 * the score is on the outcome's own scale (points on DEU's 0–100).
 *
 * Coverage: the share of outcomes inside their interval, ends included.
 *
 * PIT: `F(y)`, the predictive distribution's value at the outcome; with ties (an
 * outcome equal to sample values, common on DEU where outcomes sit on positions)
 * the midpoint `(F(y−) + F(y))/2`, the mean of the randomised PIT (Czado, Gneiting
 * & Held 2009, Biometrics 65), so it stays deterministic. A calibrated forecast has
 * PIT values spread evenly over [0, 1].
 */

/** CRPS of the empirical distribution of a sorted sample at outcome `y`. */
export function crpsSorted(sorted: ArrayLike<number>, y: number): number {
  const m = sorted.length;
  if (m === 0) return Number.NaN;
  let absolute = 0;
  let spread = 0;
  for (let i = 0; i < m; i++) {
    const x = sorted[i];
    absolute += Math.abs(x - y);
    spread += (2 * i - m + 1) * x;
  }
  return absolute / m - spread / (m * m);
}

/** CRPS of the empirical distribution of a sample (any order) at outcome `y`. */
export function crpsSample(sample: ArrayLike<number>, y: number): number {
  return crpsSorted(Float64Array.from(sample).sort(), y);
}

/** Share of outcomes inside `[low, high]` (inclusive); NaN for none. */
export function coverage(
  intervals: readonly (readonly [number, number])[],
  outcomes: ArrayLike<number>,
): number {
  if (intervals.length !== outcomes.length)
    throw new RangeError(`${intervals.length} intervals but ${outcomes.length} outcomes`);
  if (intervals.length === 0) return Number.NaN;
  let inside = 0;
  intervals.forEach(([low, high], i) => {
    if (outcomes[i] >= low && outcomes[i] <= high) inside++;
  });
  return inside / intervals.length;
}

/** Mid-PIT `(F(y−) + F(y))/2` of a sorted sample at `y` (see the module comment). */
export function pitSorted(sorted: ArrayLike<number>, y: number): number {
  const m = sorted.length;
  if (m === 0) return Number.NaN;
  // below: values < y; atOrBelow: values <= y (binary searches).
  const search = (strict: boolean): number => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? sorted[mid] < y : sorted[mid] <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (search(true) + search(false)) / (2 * m);
}

/** Counts of PIT values in `bins` equal bins of [0, 1] (1 goes to the last bin). */
export function pitHistogram(pits: ArrayLike<number>, bins = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < pits.length; i++) {
    const p = pits[i];
    if (!Number.isFinite(p)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))]++;
  }
  return counts;
}
