/**
 * Aggregates of a one-issue stakeholder table used by several models: the
 * salience-weighted mean and median with weights `c_i s_i` (models.md §1).
 */

/**
 * Weighted mean `sum_i w_i x_i / sum_i w_i` (the compromise model of Achen 2006 and
 * Thomson et al. 2006 when `w_i = c_i s_i`). NaN when the total weight is zero;
 * callers turn that into a stated "no forecast".
 */
export function weightedMean(position: ArrayLike<number>, weight: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < position.length; i++) {
    num += weight[i] * position[i];
    den += weight[i];
  }
  return den > 0 ? num / den : Number.NaN;
}

/**
 * Weighted median (Black 1948's median voter with weights): sort the positions; the
 * first position at which the cumulative weight reaches half the total. Equal
 * positions pool their weight, so an exact half at a boundary between two positions
 * takes the lower one. NaN when the total weight is zero.
 */
export function weightedMedian(position: ArrayLike<number>, weight: ArrayLike<number>): number {
  const n = position.length;
  const order = sortedOrder(position);
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i];
  if (!(total > 0)) return Number.NaN;
  // Cumulative sums of decimal weights (0.8 + 0.2, ...) carry rounding error; a
  // relative tolerance keeps an exact half in real arithmetic an exact half here.
  const half = total / 2 - total * 1e-12;
  let cumulative = 0;
  for (let t = 0; t < n; t++) {
    const x = position[order[t]];
    cumulative += weight[order[t]];
    // Pool equal positions before testing the half.
    if (t + 1 < n && position[order[t + 1]] === x) continue;
    if (cumulative >= half) return x;
  }
  return position[order[n - 1]];
}

/**
 * Where the weighted median is not unique: `[lower, upper]` when the cumulative
 * weight reaches exactly half the total at `lower` (within the tolerance of
 * `weightedMedian`) and `upper` is the next position with weight, so that both, and
 * every position between them, leave half the weight on either side; undefined
 * otherwise (or when no actor has weight).
 * `weightedMedian` gives `lower` then. The replication code of the expected-utility
 * model finds its median by a tournament over the distinct positions in the order
 * of a Python set, which picks either one here (models.md §2): such a tie is
 * reported, not guessed.
 */
export function weightedMedianTie(
  position: ArrayLike<number>,
  weight: ArrayLike<number>,
): [number, number] | undefined {
  const n = position.length;
  const order = Array.from(sortedOrder(position));
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i];
  if (!(total > 0)) return undefined;
  const half = total / 2 - total * 1e-12;
  let cumulative = 0;
  for (let t = 0; t < n; t++) {
    const x = position[order[t]];
    cumulative += weight[order[t]];
    if (t + 1 < n && position[order[t + 1]] === x) continue;
    if (cumulative < half) continue;
    if (cumulative > total / 2 + total * 1e-12) return undefined;
    // Positions without weight up to the next weighted one tie as well.
    for (let u = t + 1; u < n; u++) if (weight[order[u]] > 0) return [x, position[order[u]]];
    return undefined;
  }
  return undefined;
}

let scratch = new Int32Array(16);

/**
 * The indices of `position` in ascending order of position, ties in index order (a
 * stable sort). Small tables, whose median a Monte Carlo takes thousands of times,
 * take an insertion sort into a scratch array reused by the next call.
 */
function sortedOrder(position: ArrayLike<number>): ArrayLike<number> {
  const n = position.length;
  if (n > 64)
    return Array.from({ length: n }, (_, i) => i).sort((a, b) => position[a] - position[b]);
  if (scratch.length < n) scratch = new Int32Array(Math.max(n, 2 * scratch.length));
  const order = scratch;
  for (let t = 0; t < n; t++) {
    const v = position[t];
    let u = t - 1;
    while (u >= 0 && position[order[u]] > v) {
      order[u + 1] = order[u];
      u--;
    }
    order[u + 1] = t;
  }
  return order;
}

/** `w_i = c_i s_i`, the effective power of each actor on the issue. */
export function effectivePower(
  capability: ArrayLike<number>,
  salience: ArrayLike<number>,
): Float64Array {
  const w = new Float64Array(capability.length);
  for (let i = 0; i < w.length; i++) w[i] = capability[i] * salience[i];
  return w;
}
