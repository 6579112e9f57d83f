/**
 * The expected-utility model's forecast for one issue, computed without its trace:
 * the inner loop of the Monte Carlo and sensitivity analyses, which need only the
 * final weighted median of each draw, thousands of times.
 *
 * It follows `runExpectedUtility` (src/models/expected-utility.ts, models.md §2)
 * operation for operation, so the forecasts are the same numbers to the last bit
 * (test/analysis/montecarlo-eu.test.ts checks this on random tables, ties included,
 * for every option). What it saves:
 * - no per-round copies of positions, exponents or moves (the trace);
 * - `x^1` is `x` (IEEE 754 `pow(x, 1)` is exact), so the first pass of the success
 *   probabilities (every exponent 1) and the security levels take no `pow`;
 * - the utilities of success and failure depend only on the distance and the
 *   challenger's exponent, so each ordered pair's are computed once per round and
 *   shared by both expected utilities of the pair (`perspective: own`) or read from
 *   the other actor's row (`each`): 3 `pow` per ordered pair and round instead of 11;
 * - small insertion sorts on preallocated typed arrays (stable, like the engine's
 *   sorts, so sums run in the same order).
 * Working arrays are allocated once per actor count and reused.
 *
 * If the model's rules change, change both; the equality test fails until they agree.
 */
import { challengeUtility, type ExpectedUtilityOptions } from "../models/expected-utility.js";

class Scratch {
  readonly x: Float64Array;
  readonly next: Float64Array;
  readonly w: Float64Array;
  readonly s: Float64Array;
  readonly r: Float64Array;
  readonly security: Float64Array;
  readonly pow: Float64Array;
  readonly prefix: Float64Array;
  readonly order: Int32Array;
  readonly sorted: Float64Array;
  readonly probability: Float64Array;
  readonly row: Float64Array;
  readonly uSuccess: Float64Array;
  readonly uFailure: Float64Array;
  readonly uStatusQuo: Float64Array;
  readonly medianOrder: Int32Array;
  /** Row k: the actors in order of distance from actor k (ties in any order). */
  readonly byDistance: Int32Array;
  readonly rank: Int32Array;
  readonly prev: Float64Array;
  constructor(readonly n: number) {
    this.x = new Float64Array(n);
    this.next = new Float64Array(n);
    this.w = new Float64Array(n);
    this.s = new Float64Array(n);
    this.r = new Float64Array(n);
    this.security = new Float64Array(n);
    this.pow = new Float64Array(n * n);
    this.prefix = new Float64Array(n * (n + 1));
    this.order = new Int32Array(n);
    this.sorted = new Float64Array(n);
    this.probability = new Float64Array(n * n);
    this.row = new Float64Array(n);
    this.uSuccess = new Float64Array(n * n);
    this.uFailure = new Float64Array(n * n);
    this.uStatusQuo = new Float64Array(n);
    this.medianOrder = new Int32Array(n);
    this.byDistance = new Int32Array(n * n);
    this.rank = new Int32Array(n);
    this.prev = new Float64Array(n);
  }
}

const scratches = new Map<number, Scratch>();
function scratchFor(n: number): Scratch {
  let s = scratches.get(n);
  if (!s) {
    s = new Scratch(n);
    scratches.set(n, s);
  }
  return s;
}

/** Stable insertion sort of `order[0..n)` by `key[order[t]]`. */
function sortIndices(order: Int32Array, key: ArrayLike<number>, n: number): void {
  for (let t = 0; t < n; t++) order[t] = t;
  for (let t = 1; t < n; t++) {
    const v = order[t];
    const kv = key[v];
    let u = t - 1;
    while (u >= 0 && key[order[u]] > kv) {
      order[u + 1] = order[u];
      u--;
    }
    order[u + 1] = v;
  }
}

/** Ascending insertion sort of `a[0..n)` (non-negative finite values). */
function sortValues(a: Float64Array, n: number): void {
  for (let t = 1; t < n; t++) {
    const v = a[t];
    let u = t - 1;
    while (u >= 0 && a[u] > v) {
      a[u + 1] = a[u];
      u--;
    }
    a[u + 1] = v;
  }
}

/**
 * `weightedMedian` of src/models/weights.ts; `order` must hold the actors stably
 * sorted by `x` (as the model's `Array.prototype.sort`, which is stable).
 */
function weightedMedianSorted(
  order: Int32Array,
  x: Float64Array,
  w: Float64Array,
  n: number,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  if (!(total > 0)) return Number.NaN;
  const half = total / 2 - total * 1e-12;
  let cumulative = 0;
  for (let t = 0; t < n; t++) {
    const v = x[order[t]];
    cumulative += w[order[t]];
    if (t + 1 < n && x[order[t + 1]] === v) continue;
    if (cumulative >= half) return v;
  }
  return x[order[n - 1]];
}

function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function upperBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/**
 * Once per round: actors sorted by position (stably, as the model's sorts), and for
 * each actor the others in order of distance from it, merged outward from its rank.
 * Since `u ↦ u^r` is increasing, that order also sorts the row of every pass, so
 * the normaliser Z needs no sort per row; an insertion sort still runs over each
 * row (O(n) on sorted input) in case `pow` rounds two neighbours out of order.
 */
function orderRound(ws: Scratch, x: Float64Array): void {
  const { n, order, sorted, rank, byDistance } = ws;
  sortIndices(order, x, n);
  for (let t = 0; t < n; t++) {
    sorted[t] = x[order[t]];
    rank[order[t]] = t;
  }
  for (let k = 0; k < n; k++) {
    const xk = x[k];
    let left = rank[k] - 1;
    let right = rank[k] + 1;
    const base = k * n;
    byDistance[base] = k;
    for (let u = 1; u < n; u++) {
      if (right >= n || (left >= 0 && xk - sorted[left] <= sorted[right] - xk))
        byDistance[base + u] = order[left--];
      else byDistance[base + u] = order[right++];
    }
  }
}

/** Success probabilities as in the model; `unit` means every exponent is 1. Needs `orderRound`. */
function successProbabilities(
  ws: Scratch,
  x: Float64Array,
  w: Float64Array,
  r: Float64Array,
  unit: boolean,
  range: number,
  scholz: boolean,
): void {
  const { n, pow, prefix, order, sorted, probability, row, byDistance } = ws;
  for (let k = 0; k < n; k++) {
    const rk = r[k];
    const xk = x[k];
    const base = k * n;
    if (unit) for (let j = 0; j < n; j++) pow[base + j] = Math.abs(xk - x[j]) / range;
    else {
      // Actors often share a position (after confronting or giving in): walking the
      // row in position order, an equal position repeats the previous value exactly,
      // and 0^r = 0.
      let lastX = Number.NaN;
      let last = 0;
      for (let t = 0; t < n; t++) {
        const j = order[t];
        const xj = x[j];
        if (xj !== lastX) {
          lastX = xj;
          last = xk === xj ? 0 : Math.pow(Math.abs(xk - xj) / range, rk);
        }
        pow[base + j] = last;
      }
    }
  }
  for (let j = 0; j < n; j++) {
    const base = j * (n + 1);
    prefix[base] = 0;
    for (let t = 0; t < n; t++) {
      const k = order[t];
      prefix[base + t + 1] = prefix[base + t] + w[k] * pow[k * n + j];
    }
  }
  // Z (scholz): as in the model, each voter's row sorted ascending.
  let z = 0;
  if (scholz) {
    for (let k = 0; k < n; k++) {
      if (w[k] === 0) continue;
      const base = k * n;
      for (let u = 0; u < n; u++) row[u] = pow[base + byDistance[base + u]];
      sortValues(row, n);
      let pairs = 0;
      for (let t = 0; t < n; t++) pairs += row[t] * (2 * t - n + 1);
      z += w[k] * 2 * pairs;
    }
  }
  const n1 = n + 1;
  for (let i = 0; i < n; i++) {
    probability[i * n + i] = 0;
    for (let j = i + 1; j < n; j++) {
      if (x[i] === x[j]) {
        probability[i * n + j] = 0;
        probability[j * n + i] = 0;
        continue;
      }
      const lo = x[i] < x[j] ? i : j;
      const hi = lo === i ? j : i;
      const mid = (x[lo] + x[hi]) / 2;
      const below = lowerBound(sorted, n, mid);
      const above = upperBound(sorted, n, mid);
      const supportLo = prefix[hi * n1 + below] - prefix[lo * n1 + below];
      const supportHi =
        prefix[lo * n1 + n] -
        prefix[lo * n1 + above] -
        (prefix[hi * n1 + n] - prefix[hi * n1 + above]);
      let pLo: number;
      let pHi: number;
      if (scholz) {
        pLo = z > 0 ? supportLo / z : 0;
        pHi = z > 0 ? supportHi / z : 0;
      } else {
        const sum = supportLo + supportHi;
        pLo = sum > 0 ? supportLo / sum : 0.5;
        pHi = sum > 0 ? supportHi / sum : 0.5;
      }
      probability[lo * n + hi] = pLo;
      probability[hi * n + lo] = pHi;
    }
  }
}

/**
 * `challengeUtility` with the challenger's utilities already computed. The same
 * expression, in the same order; the `Q < 1` term is left to the model's function.
 */
function utility(
  uS: number,
  uF: number,
  uSQ: number,
  p: number,
  sTarget: number,
  q: number,
  d: number,
  r: number,
  dMedian: number,
): number {
  if (q < 1) return challengeUtility(d, r, p, sTarget, q, dMedian);
  return sTarget * (p * uS + (1 - p) * uF) + (1 - sTarget) * uS - q * uSQ;
}

/**
 * The expected-utility model's final forecast (weighted median after `rounds`) for
 * one issue's table; NaN when no actor has weight (the model's "no forecast").
 */
export function expectedUtilityForecast(
  capability: ArrayLike<number>,
  salience: ArrayLike<number>,
  position: ArrayLike<number>,
  options: ExpectedUtilityOptions,
): number {
  const n = position.length;
  if (n === 0) return Number.NaN;
  const ws = scratchFor(n);
  const { s, w, r, security, probability, uSuccess, uFailure, uStatusQuo, medianOrder } = ws;
  let x = ws.x;
  let next = ws.next;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    s[i] = salience[i];
    w[i] = capability[i] * salience[i];
    x[i] = position[i];
    min = Math.min(min, x[i]);
    max = Math.max(max, x[i]);
  }
  const range = max - min;
  if (!(range > 0)) {
    sortIndices(medianOrder, x, n);
    return weightedMedianSorted(medianOrder, x, w, n);
  }
  const q = options.statusQuoProbability;
  const scholz = options.probability === "scholz";
  const own = options.perspective === "own";
  const replication = options.compromiseChoice === "replication";
  const prev = ws.prev;
  let havePrev = false;
  let final = x;
  for (let t = 1; t <= options.rounds; t++) {
    orderRound(ws, x);
    // The round's median only enters the utilities when Q < 1.
    const median = q < 1 ? weightedMedianSorted(ws.order, x, w, n) : Number.NaN;
    for (let i = 0; i < n; i++) next[i] = x[i];
    // Step 1: security levels with every exponent 1 (so pow(u, 1) = u).
    successProbabilities(ws, x, w, r, true, range, scholz);
    security.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const d = Math.abs(x[j] - x[i]) / range;
        const uS = 2 - 4 * (0.5 - 0.5 * d);
        const uF = 2 - 4 * (0.5 + 0.5 * d);
        security[i] += utility(
          uS,
          uF,
          0,
          probability[j * n + i],
          s[i],
          q,
          d,
          1,
          Math.abs(x[j] - median) / range,
        );
      }
    }
    let dMax = -Infinity;
    let dMin = Infinity;
    for (let i = 0; i < n; i++) {
      dMax = Math.max(dMax, security[i]);
      dMin = Math.min(dMin, security[i]);
    }
    for (let i = 0; i < n; i++) {
      if (dMax === dMin) r[i] = 1;
      else {
        const bigR = (2 * security[i] - dMax - dMin) / (dMax - dMin);
        r[i] = (1 - bigR / 3) / (1 + bigR / 3);
      }
    }
    // Steps 2–5 with the new exponents.
    successProbabilities(ws, x, w, r, false, range, scholz);
    const order = ws.order;
    for (let i = 0; i < n; i++) {
      const ri = r[i];
      const xi = x[i];
      uStatusQuo[i] = 2 - 4 * Math.pow(0.5, ri);
      // In position order, so that actors at one position share one pair of pow.
      let lastX = Number.NaN;
      let lastS = 0;
      let lastF = 0;
      for (let t = 0; t < n; t++) {
        const j = order[t];
        const xj = x[j];
        if (xj === xi) continue;
        if (xj !== lastX) {
          lastX = xj;
          const d = Math.abs(xi - xj) / range;
          lastS = 2 - 4 * Math.pow(0.5 - 0.5 * d, ri);
          lastF = 2 - 4 * Math.pow(0.5 + 0.5 * d, ri);
        }
        uSuccess[i * n + j] = lastS;
        uFailure[i * n + j] = lastF;
      }
    }
    for (let i = 0; i < n; i++) {
      // bestOffer of the model: confrontation, else compromise, else capitulation.
      let confJ = -1;
      let compJ = -1;
      let compKey = Infinity;
      let compPosition = 0;
      let capJ = -1;
      const xi = x[i];
      for (let j = 0; j < n; j++) {
        const xj = x[j];
        if (j === i || xj === xi) continue;
        const d = Math.abs(xi - xj) / range;
        const ij = i * n + j;
        const a = utility(
          uSuccess[ij],
          uFailure[ij],
          uStatusQuo[i],
          probability[ij],
          s[j],
          q,
          d,
          r[i],
          Math.abs(xi - median) / range,
        );
        const ji = j * n + i;
        const b = own
          ? utility(
              uSuccess[ij],
              uFailure[ij],
              uStatusQuo[i],
              probability[ji],
              s[i],
              q,
              d,
              r[i],
              Math.abs(xj - median) / range,
            )
          : utility(
              uSuccess[ji],
              uFailure[ji],
              uStatusQuo[j],
              probability[ji],
              s[i],
              q,
              d,
              r[j],
              Math.abs(xj - median) / range,
            );
        const distance = Math.abs(xj - xi);
        if (b > a && a > 0) {
          if (confJ < 0 || nearer(distance, xj, confJ, x, xi)) confJ = j;
        } else if (b > 0 && a < 0 && b > Math.abs(a)) {
          const position = xi + (xj - xi) * Math.abs(a / b);
          const key = replication
            ? (Math.abs(a) * xi + Math.abs(b) * xj) / (Math.abs(a) + Math.abs(b))
            : Math.abs(position - xi);
          if (key < compKey) {
            compKey = key;
            compJ = j;
            compPosition = position;
          }
        } else if (b > 0 && a < 0) {
          if (capJ < 0 || nearer(distance, xj, capJ, x, xi)) capJ = j;
        }
      }
      if (confJ >= 0) next[i] = x[confJ];
      else if (compJ >= 0) next[i] = compPosition;
      else if (capJ >= 0) next[i] = x[capJ];
    }
    // A round depends on the positions alone, so a state seen one round ago (a fixed
    // point) or two rounds ago (a 2-cycle) repeats: jump to the last round's state.
    const remaining = options.rounds - t;
    if (remaining === 0 || same(next, x, n)) {
      final = next;
      break;
    }
    if (havePrev && same(next, prev, n)) {
      // States alternate next, x, next, …: the last one is next when `remaining` is even.
      final = remaining % 2 === 0 ? next : x;
      break;
    }
    prev.set(x);
    havePrev = true;
    const swap = x;
    x = next;
    next = swap;
  }
  sortIndices(ws.order, final, n);
  return weightedMedianSorted(ws.order, final, w, n);
}

/** Positions equal as the model would see them (`===`, and the same sign of zero). */
function same(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++)
    if (a[i] !== b[i] || (a[i] === 0 && 1 / a[i] !== 1 / b[i])) return false;
  return true;
}

function nearer(
  distance: number,
  xj: number,
  current: number,
  x: Float64Array,
  xi: number,
): boolean {
  const currentDistance = Math.abs(x[current] - xi);
  if (distance !== currentDistance) return distance < currentDistance;
  return xj < x[current];
}
