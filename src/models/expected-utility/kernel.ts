/**
 * One round of Bueno de Mesquita's expected-utility model (models.md §2 steps 1–6):
 * risk exponents, probabilities of success, the expected utilities of challenges and
 * the offers they lead to, on typed working arrays kept between runs.
 *
 * Speed, without changing a single bit of the results:
 * - the probability of success `P(i, j)` sums each third party's vote; done directly
 *   that is O(n³) per pass. A third party `k` supports `i` against `j` exactly when it
 *   stands nearer to `x_i` than to `x_j` (the vote's sign does not depend on its risk
 *   exponent), i.e. on `i`'s side of their midpoint. With actors sorted by position
 *   and prefix sums of `w_k (|x_k − x_j|/Δ)^r_k` per column, every support sum is a
 *   difference of two prefix sums, and taking the pairs in position order the
 *   midpoints' ranks only move up: O(n²) per pass;
 * - the kind of offer an actor makes (step 5) depends on the powers of step 2 only
 *   through one ratio ρ, which narrow bounds enclose without a `pow`
 *   (bounds.ts): most offers are decided, with a margin far beyond
 *   rounding, without computing their expected utilities; the others (compromises,
 *   and cases near a boundary) are computed as the rules state them;
 * - each actor weighs the others nearest first, so its search for a confrontation
 *   (the nearest one is taken) stops at the first distance that has one, and the
 *   offers that surely are no confrontation are computed only if none is found;
 * - the utilities of success and failure depend only on the distance and the
 *   evaluator's exponent: computed once per distance and shared by E(i→j) and
 *   E(j→i); `x^1` is `x`, so the first pass (every exponent 1) takes no `pow`;
 * - equal distances (actors often share a position) share every `pow`;
 * - a round is a function of its starting positions alone, so once the positions
 *   repeat (a fixed point or a 2-cycle) the later rounds are copies: they are not
 *   computed again (the trace copies their records);
 * - typed working arrays are allocated once per table size and kept between runs of
 *   small tables.
 */
import { InputError } from "../../scenario/problems.js";
import { weightedMedian } from "../weights.js";
import {
  CAPITULATION,
  CONFRONTATION,
  decideOffer,
  MAX_EXPONENT,
  MIN_EXPONENT,
  NO_OFFER,
  NOT_CONFRONTATION,
  surelyNoOffer,
} from "./bounds.js";
import {
  EU_MAX_ACTORS,
  type EuTable,
  type ExpectedUtilityMove,
  type ExpectedUtilityOptions,
  type OfferKind,
} from "./options.js";

/**
 * Working arrays of one run, allocated once per actor count and reused by every
 * round and pass (and, for small tables, by later runs: the Monte Carlo calls the
 * model thousands of times on the same issues).
 */
export class Workspace {
  readonly n: number;
  /** Positions at the start of the round, after it, and one round earlier. */
  readonly x: Float64Array;
  readonly next: Float64Array;
  readonly prev: Float64Array;
  /** Salience `s_i` and effective power `w_i = c_i s_i`. */
  readonly s: Float64Array;
  readonly w: Float64Array;
  /** Risk exponents `r_i` and security levels `D_i` of the round (step 1). */
  readonly r: Float64Array;
  readonly security: Float64Array;
  /** `|x_i − median| / Δ`, for the `Q < 1` term of step 4. */
  readonly dMedian: Float64Array;
  /**
   * Normalised distances `|x_k − x_j| / Δ` of the round, by the first pass: in row k's
   * order of distance (`unit[k * n + t]` for j = byDistance[k * n + t]) and by actor.
   */
  readonly unit: Float64Array;
  readonly unitByActor: Float64Array;
  /**
   * `prefix[j * (n + 1) + t] = sum_{u < t} w_k (|x_k − x_j| / Δ)^r_k` over the actors k
   * at ranks u < t; `columnSum` and `rowPairs` are scratch for building it and Z.
   */
  readonly prefix: Float64Array;
  readonly columnSum: Float64Array;
  readonly rowPairs: Float64Array;
  /** Actors stably sorted by position, the sorted positions and each actor's rank. */
  readonly order: Int32Array;
  readonly sorted: Float64Array;
  readonly rank: Int32Array;
  /** Row k: the actors in order of distance from actor k, merged outward from its rank. */
  readonly byDistance: Int32Array;
  /** `probability[i * n + j] = P(i, j)` (step 3). */
  readonly probability: Float64Array;
  /** U_sq per actor (step 2), NaN until needed in the round. */
  readonly uStatusQuo: Float64Array;
  /** 1 when the bounds of bounds.ts hold for actor i's exponent. */
  readonly boundable: Uint8Array;
  /** The two expected utilities of one offer (`expectations`). */
  readonly ab: Float64Array;
  /** The others an actor weighs only if it finds no confrontation. */
  readonly later: Int32Array;
  /** The states of the run: the initial positions, then those after each round. */
  history: Float64Array;
  constructor(n: number) {
    this.n = n;
    this.x = new Float64Array(n);
    this.next = new Float64Array(n);
    this.prev = new Float64Array(n);
    this.s = new Float64Array(n);
    this.w = new Float64Array(n);
    this.r = new Float64Array(n);
    this.security = new Float64Array(n);
    this.dMedian = new Float64Array(n);
    this.unit = new Float64Array(n * n);
    this.unitByActor = new Float64Array(n * n);
    this.columnSum = new Float64Array(n);
    this.rowPairs = new Float64Array(n);
    this.prefix = new Float64Array(n * (n + 1));
    this.order = new Int32Array(n);
    this.sorted = new Float64Array(n);
    this.rank = new Int32Array(n);
    this.byDistance = new Int32Array(n * n);
    this.probability = new Float64Array(n * n);
    this.uStatusQuo = new Float64Array(n);
    this.boundable = new Uint8Array(n);
    this.ab = new Float64Array(2);
    this.later = new Int32Array(n);
    this.history = new Float64Array(0);
  }

  /** The history array, grown to hold `states` states (rounds + 1). */
  historyFor(states: number): Float64Array {
    if (this.history.length < states * this.n) this.history = new Float64Array(states * this.n);
    return this.history;
  }

  /**
   * Loads one issue's table (`w = c s`, as `effectivePower`) and returns the range
   * `Δ = max x − min x` of its positions.
   */
  load(
    capability: ArrayLike<number>,
    salience: ArrayLike<number>,
    position: ArrayLike<number>,
  ): number {
    const { n, s, w, x } = this;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      s[i] = salience[i];
      w[i] = capability[i] * salience[i];
      x[i] = position[i];
      min = Math.min(min, x[i]);
      max = Math.max(max, x[i]);
    }
    return max - min;
  }
}

/**
 * Workspaces kept between runs: only for tables up to this many actors (larger
 * runs are dominated by their own arithmetic) and for a few sizes at a time, so a
 * long-lived process holds at most about 12 MB of them, plus the states of the
 * longest run of each size (at most 1001 × 128 positions, 1 MB, per size).
 */
const KEEP_ACTORS = 128;
const KEEP_SIZES = 16;
const kept = new Map<number, Workspace>();

export function workspaceFor(n: number, maxActors = EU_MAX_ACTORS): Workspace {
  // Refused before the n² tables are allocated (60,000 actors would need 158 GB).
  if (n > maxActors)
    throw new InputError([
      {
        path: ["options", "expected-utility", "maxActors"],
        message:
          `the expected-utility model takes at most ${maxActors.toLocaleString("en")} actors on one issue, ` +
          `and this one has ${n.toLocaleString("en")} (its tables would take ${((44 * n * n) / 1e9).toFixed(1)} GB); ` +
          "raise the limit with -o expected-utility.maxActors=N if the machine has the memory",
      },
    ]);
  if (n > KEEP_ACTORS) return new Workspace(n);
  let ws = kept.get(n);
  if (ws === undefined) {
    if (kept.size >= KEEP_SIZES) kept.delete(kept.keys().next().value!);
    ws = new Workspace(n);
    kept.set(n, ws);
  }
  return ws;
}

/**
 * Once per round (both passes of step 3 share it): actors stably sorted by position
 * (ties in actor order, as a stable `sort`), and for each actor `k` the others in
 * order of distance from `x_k`, merged outward from `k`'s rank (equal distances take
 * the left one first). Since `u ↦ u^r` is increasing, that order sorts row `k` of
 * `pow` in every pass.
 */
export function orderRound(ws: Workspace, x: Float64Array): void {
  const { n, order, sorted, rank, byDistance } = ws;
  // Insertion sort: stable, no allocation, and fast on the small tables of the Monte Carlo.
  for (let t = 0; t < n; t++) {
    const v = t;
    const xv = x[v];
    let u = t - 1;
    while (u >= 0 && x[order[u]] > xv) {
      order[u + 1] = order[u];
      u--;
    }
    order[u + 1] = v;
  }
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
    for (let t = 1; t < n; t++) {
      const takeLeft = right >= n || (left >= 0 && xk - sorted[left] <= sorted[right] - xk);
      byDistance[base + t] = order[takeLeft ? left-- : right++];
    }
  }
}

/**
 * Probabilities of success `P(i, j)` for all ordered pairs (models.md §2 step 3),
 * written into `ws.probability[i * n + j]`, for positions `x` (as ordered by
 * `orderRound`) and exponents `r`: every exponent 1 when `r` is undefined (the first
 * pass of a round, step 1), which also keeps the normalised distances that a pass
 * with exponents (step 3) then reads.
 */
export function successProbabilities(
  ws: Workspace,
  x: Float64Array,
  w: ArrayLike<number>,
  r: ArrayLike<number> | undefined,
  range: number,
  variant: "scholz" | "textbook",
): void {
  const { n, prefix, order, sorted, byDistance, probability, unit, unitByActor } = ws;
  const { columnSum, rowPairs } = ws;
  // Row k of `(|x_k − x_j|/Δ)^r_k`, walked in order of distance from x_k: equal
  // distances (actors often share a position after confronting or giving in) repeat
  // the previous value exactly, and (0/Δ)^r = 0 when r > 0 takes no `pow` either.
  // The rows are taken in position order, each value, times w_k, extending column
  // j's prefix sum over voters in position order. And for Z (scholz), the sum over
  // voters k and ordered pairs (a, b) of |vote_k(a, b)| = sum_k w_k · 2 ·
  // sum_{a<b} |pow[k,a] − pow[k,b]|, a row of sorted values v_t gives
  // sum_{a<b} |v_a − v_b| = sum_t v_t (2t − n + 1).
  const n1 = n + 1;
  for (let j = 0; j < n; j++) {
    columnSum[j] = 0;
    prefix[j * n1] = 0;
  }
  for (let at = 0; at < n; at++) {
    const k = order[at];
    const rk = r === undefined ? 1 : r[k];
    const xk = x[k];
    const wk = w[k];
    const base = k * n;
    let pairs = 0;
    if (r === undefined)
      // The first pass also keeps the normalised distances for the second and for
      // the security levels.
      for (let t = 0; t < n; t++) {
        const j = byDistance[base + t];
        const value = Math.abs(xk - x[j]) / range;
        unit[base + t] = value;
        unitByActor[base + j] = value;
        prefix[j * n1 + at + 1] = columnSum[j] += wk * value;
        pairs += value * (2 * t - n + 1);
      }
    else {
      const zeroAtOwn = rk > 0;
      let lastUnit = Number.NaN;
      let last = 0;
      for (let t = 0; t < n; t++) {
        const j = byDistance[base + t];
        const value = unit[base + t];
        if (value !== lastUnit) {
          lastUnit = value;
          last = rk === 1 ? value : zeroAtOwn && value === 0 ? 0 : Math.pow(value, rk);
        }
        prefix[j * n1 + at + 1] = columnSum[j] += wk * last;
        pairs += last * (2 * t - n + 1);
      }
    }
    rowPairs[k] = pairs;
  }
  // Z in actor order.
  const scholz = variant === "scholz";
  let z = 0;
  if (scholz) for (let k = 0; k < n; k++) if (w[k] !== 0) z += w[k] * 2 * rowPairs[k];
  const positiveZ = z > 0;
  // Pairs in position order: for ranks a < b, `lo` and `hi` are the actors at them.
  // The midpoint grows with b, so the two boundaries below (voters strictly below the
  // midpoint side with `lo`, strictly above with `hi`) only move up: no search.
  for (let i = 0; i < n; i++) probability[i * n + i] = 0;
  let first = 0;
  for (let a = 0; a < n; a++) {
    const lo = order[a];
    const xLo = sorted[a];
    if (a > 0 && sorted[a - 1] !== xLo) first = a;
    // The midpoint is at least x_lo: neither boundary lies before x_lo's first rank.
    let below = first;
    let above = first;
    for (let b = a + 1; b < n; b++) {
      const hi = order[b];
      if (sorted[b] === xLo) {
        probability[lo * n + hi] = 0;
        probability[hi * n + lo] = 0;
        continue;
      }
      const mid = (xLo + sorted[b]) / 2;
      while (below < n && sorted[below] < mid) below++;
      if (above < below) above = below;
      while (above < n && sorted[above] <= mid) above++;
      const supportLo = prefix[hi * n1 + below] - prefix[lo * n1 + below];
      const supportHi =
        prefix[lo * n1 + n] -
        prefix[lo * n1 + above] -
        (prefix[hi * n1 + n] - prefix[hi * n1 + above]);
      let pLo: number;
      let pHi: number;
      if (scholz) {
        pLo = positiveZ ? supportLo / z : 0;
        pHi = positiveZ ? supportHi / z : 0;
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
 * Expected utility of challenging (models.md §2 step 4; Scholz et al. 2011 eqs.
 * 20–23): `E = s_j [P U_s + (1 − P) U_f] + (1 − s_j) U_s − Q U_sq
 * − (1 − Q)[T U_b + (1 − T) U_w]`, with the challenger's utilities at normalised
 * distance `d` and risk exponent `r`. `sTarget` is the salience of the challenged
 * actor. The last term only counts when Q < 1: `dMedian` is the challenger's
 * normalised distance to the current weighted median; T = 1 when the challenged
 * position is no farther from the challenger than the median (things get better).
 */
export function challengeUtility(
  d: number,
  r: number,
  p: number,
  sTarget: number,
  q: number,
  dMedian: number,
): number {
  return fromUtilities(
    riskUtility(0.5 - 0.5 * d, r),
    riskUtility(0.5 + 0.5 * d, r),
    riskUtility(0.5, r),
    p,
    sTarget,
    q,
    d,
    r,
    dMedian,
  );
}

/** `2 − 4 v^r`, the utility form of models.md §2 step 2 (no `pow` when r = 1). */
function riskUtility(v: number, r: number): number {
  return 2 - 4 * (r === 1 ? v : Math.pow(v, r));
}

/** Step 4 from utilities already computed (they are shared by E(i→j) and E(j→i)). */
function fromUtilities(
  uSuccess: number,
  uFailure: number,
  uStatusQuo: number,
  p: number,
  sTarget: number,
  q: number,
  d: number,
  r: number,
  dMedian: number,
): number {
  const e =
    sTarget * (p * uSuccess + (1 - p) * uFailure) + (1 - sTarget) * uSuccess - q * uStatusQuo;
  return q < 1 ? e - notStatusQuo(q, d, r, dMedian) : e;
}

/** The last term of step 4, `(1 − Q)[T U_b + (1 − T) U_w]`, for Q < 1. */
function notStatusQuo(q: number, d: number, r: number, dMedian: number): number {
  const gain = dMedian - d;
  const t = gain >= 0 ? 1 : 0;
  // With |gain| <= 2 and r > 0 both utilities are finite and neither is −0, so
  // `T U_b + (1 − T) U_w` is exactly the one that T selects: one `pow`, not two.
  if (Math.abs(gain) <= 2 && r > 0)
    return (1 - q) * (t === 1 ? riskUtility((2 - gain) / 4, r) : riskUtility((2 + gain) / 4, r));
  const uBetter = riskUtility((2 - gain) / 4, r);
  const uWorse = riskUtility((2 + gain) / 4, r);
  return (1 - q) * (t * uBetter + (1 - t) * uWorse);
}

/**
 * One round (models.md §2 steps 1–6) from the positions `x` (with `median` their
 * weighted median), writing the positions after it into `next` and the round's
 * exponents into `ws.r`. The round is a function of `x` alone. `moves`, when given,
 * receives the moves (the traced run; `actors` names them); without it nothing is
 * allocated.
 */
export function playRound(
  ws: Workspace,
  x: Float64Array,
  next: Float64Array,
  median: number,
  range: number,
  options: ExpectedUtilityOptions,
  moves: ExpectedUtilityMove[] | undefined,
  actors: readonly string[],
): void {
  const { n, s, w, r, security, dMedian, probability, uStatusQuo, byDistance, unitByActor } = ws;
  const { boundable, ab, later } = ws;
  const q = options.statusQuoProbability;
  next.set(x);
  if (!(range > 0)) {
    r.fill(1);
    return;
  }
  orderRound(ws, x);
  if (q < 1) for (let i = 0; i < n; i++) dMedian[i] = Math.abs(x[i] - median) / range;
  // Step 1: risk exponents from security, with every exponent set to 1.
  successProbabilities(ws, x, w, undefined, range, options.probability);
  for (let i = 0; i < n; i++) {
    const si = s[i];
    const row = i * n;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = unitByActor[row + j];
      // E^j(j→i) with r = 1 (`challengeUtility(d, 1, …)`: with r = 1, `2 − 4 v^r` is
      // `2 − 4 v` and U_sq is 0): j's utilities, i's salience. With Q = 1 the last
      // term, `− Q U_sq`, is `− 0` and changes nothing.
      const uS = 2 - 4 * (0.5 - 0.5 * d);
      const uF = 2 - 4 * (0.5 + 0.5 * d);
      const p = probability[j * n + i];
      sum +=
        q === 1
          ? si * (p * uS + (1 - p) * uF) + (1 - si) * uS
          : fromUtilities(uS, uF, 0, p, si, q, d, 1, dMedian[j]);
    }
    security[i] = sum;
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
  // Steps 2–3 with the new exponents.
  successProbabilities(ws, x, w, r, range, options.probability);
  for (let i = 0; i < n; i++) {
    // U_sq, computed when first needed; whether the bounds of
    // bounds.ts hold for the exponent (not when Q < 1 adds its own
    // term).
    uStatusQuo[i] = Number.NaN;
    const ri = r[i];
    boundable[i] = q === 1 && ri >= MIN_EXPONENT && ri <= MAX_EXPONENT ? 1 : 0;
  }
  // Steps 4–5: the offer each actor accepts, if any: the nearest confrontation, else
  // the chosen compromise, else the nearest capitulation. The others are taken
  // nearest first (`byDistance`), so the search for a confrontation stops at the
  // first distance that has one; ties are broken as a scan in actor order would.
  // Offers that bounds decide (bounds.ts) take no powers; the
  // others are computed, with the utilities of success and failure, which depend
  // only on the distance and the evaluator's exponent, once per distance.
  const own = options.perspective === "own";
  const replication = options.compromiseChoice === "replication";
  const capitulate = options.capitulation === "paper";
  const byPosition = options.ties === "lower-position";
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const si = s[i];
    const ri = r[i];
    // Bounds decide only for the replication's perspective (a and b with i's exponent).
    const bounded = own && boundable[i] === 1;
    let confJ = -1;
    let confA = Number.NaN;
    let confB = Number.NaN;
    let confDistance = Infinity;
    let compJ = -1;
    let compA = 0;
    let compB = 0;
    let compKey = Infinity;
    let compPosition = 0;
    let capJ = -1;
    let capA = Number.NaN;
    let capB = Number.NaN;
    let capDistance = Infinity;
    let lastDistance = Number.NaN;
    let uS = 0;
    let uF = 0;
    let laterCount = 0;
    const row = i * n;
    // Nearest first; then, if no confrontation was found, the offers the bounds put
    // off (no confrontation for sure): compromises and capitulations, whose choice
    // does not depend on the order they are weighed in.
    for (let t = 1; t < n + laterCount; t++) {
      let j: number;
      if (t < n) j = byDistance[row + t];
      else if (confJ < 0) j = later[t - n];
      else break;
      const xj = x[j];
      const distance = Math.abs(xj - xi);
      if (distance > confDistance) break;
      if (xj === xi) continue;
      // |x_i − x_j| / Δ, as the first pass computed it.
      const d = unitByActor[row + j];
      const ji = j * n + i;
      const tB = si * (1 - probability[ji]);
      if (bounded && t < n) {
        const kind = decideOffer(tB, s[j] * (1 - probability[row + j]), d, ri);
        if (kind === NO_OFFER) continue;
        if (kind === CONFRONTATION) {
          if (confJ < 0 || before(distance, xj, j, confDistance, x[confJ], confJ, byPosition)) {
            confJ = j;
            confA = confB = Number.NaN;
            confDistance = distance;
          }
          continue;
        }
        if (kind === CAPITULATION) {
          if (!capitulate) continue;
          if (capJ < 0 || before(distance, xj, j, capDistance, x[capJ], capJ, byPosition)) {
            capJ = j;
            capA = capB = Number.NaN;
            capDistance = distance;
          }
          continue;
        }
        if (kind === NOT_CONFRONTATION) {
          later[laterCount++] = j;
          continue;
        }
      } else if (!own && boundable[j] === 1 && surelyNoOffer(tB, d, r[j])) continue;
      if (distance !== lastDistance) {
        lastDistance = distance;
        uS = riskUtility(0.5 - 0.5 * d, ri);
        uF = riskUtility(0.5 + 0.5 * d, ri);
      }
      expectations(ws, i, j, d, uS, uF, q, own, ab);
      const a = ab[0];
      const b = ab[1];
      if (b > a && a > 0) {
        if (confJ < 0 || before(distance, xj, j, confDistance, x[confJ], confJ, byPosition)) {
          confJ = j;
          confA = a;
          confB = b;
          confDistance = distance;
        }
      } else if (b > 0 && a < 0 && b > Math.abs(a)) {
        const position = xi + (xj - xi) * Math.abs(a / b);
        const key = replication
          ? (Math.abs(a) * xi + Math.abs(b) * xj) / (Math.abs(a) + Math.abs(b))
          : Math.abs(position - xi);
        if (key < compKey || (key === compKey && j < compJ)) {
          compKey = key;
          compJ = j;
          compA = a;
          compB = b;
          compPosition = position;
        }
      } else if (capitulate && b > 0 && a < 0) {
        if (capJ < 0 || before(distance, xj, j, capDistance, x[capJ], capJ, byPosition)) {
          capJ = j;
          capA = a;
          capB = b;
          capDistance = distance;
        }
      }
    }
    // The trace records the expected utilities of the offer taken, also when the
    // bounds decided it.
    if (
      moves !== undefined &&
      (confJ >= 0 ? Number.isNaN(confA) : compJ < 0 && capJ >= 0 && Number.isNaN(capA))
    ) {
      const j = confJ >= 0 ? confJ : capJ;
      const d = Math.abs(x[j] - xi) / range;
      expectations(
        ws,
        i,
        j,
        d,
        riskUtility(0.5 - 0.5 * d, ri),
        riskUtility(0.5 + 0.5 * d, ri),
        q,
        own,
        ab,
      );
      if (confJ >= 0) [confA, confB] = ab;
      else [capA, capB] = ab;
    }
    // Step 6: all actors move at once (into `next`).
    if (confJ >= 0) {
      next[i] = x[confJ];
      moves?.push(move(actors, "confrontation", i, confJ, confA, confB, next[i], x));
    } else if (compJ >= 0) {
      next[i] = compPosition;
      moves?.push(move(actors, "compromise", i, compJ, compA, compB, next[i], x));
    } else if (capJ >= 0) {
      next[i] = x[capJ];
      moves?.push(move(actors, "capitulation", i, capJ, capA, capB, next[i], x));
    }
  }
}

/**
 * The two expected utilities of i's offer to j at normalised distance d (models.md
 * §2 step 4), into `out`: `a = E^i(i→j)` and `b = E^i(j→i)`, over the same distance,
 * so with i's utilities `uS`, `uF` there (`U_s`, `U_f` of step 2) when i evaluates
 * both with its own exponent (`own`, the replication), else b with j's.
 */
function expectations(
  ws: Workspace,
  i: number,
  j: number,
  d: number,
  uS: number,
  uF: number,
  q: number,
  own: boolean,
  out: Float64Array,
): void {
  const { n, s, r, probability, uStatusQuo, dMedian } = ws;
  const ri = r[i];
  if (Number.isNaN(uStatusQuo[i])) uStatusQuo[i] = riskUtility(0.5, ri);
  out[0] = fromUtilities(uS, uF, uStatusQuo[i], probability[i * n + j], s[j], q, d, ri, dMedian[i]);
  if (own) {
    out[1] = fromUtilities(
      uS,
      uF,
      uStatusQuo[i],
      probability[j * n + i],
      s[i],
      q,
      d,
      ri,
      dMedian[j],
    );
    return;
  }
  const rj = r[j];
  if (Number.isNaN(uStatusQuo[j])) uStatusQuo[j] = riskUtility(0.5, rj);
  out[1] = fromUtilities(
    riskUtility(0.5 - 0.5 * d, rj),
    riskUtility(0.5 + 0.5 * d, rj),
    uStatusQuo[j],
    probability[j * n + i],
    s[i],
    q,
    d,
    rj,
    dMedian[j],
  );
}

/**
 * Does a candidate (distance, position, actor) come before the current one? The
 * nearer first; at equal distance the actor listed first in the input (the
 * replication code takes a stable minimum over the list of actors, models.md §2,
 * "Replication-code quirks"), or with `byPosition` (option `ties: lower-position`)
 * the lower position first, then the actor listed first, so that the choice does
 * not depend on the order of the actors.
 */
function before(
  distance: number,
  xj: number,
  j: number,
  currentDistance: number,
  xCurrent: number,
  current: number,
  byPosition: boolean,
): boolean {
  if (distance !== currentDistance) return distance < currentDistance;
  if (byPosition && xj !== xCurrent) return xj < xCurrent;
  return j < current;
}

/** The record of actor `i`'s move towards (or because of) actor `j`, from positions `x`. */
function move(
  actors: readonly string[],
  type: OfferKind,
  i: number,
  j: number,
  eu: number,
  otherEu: number,
  position: number,
  x: Float64Array,
): ExpectedUtilityMove {
  return {
    actor: actors[i],
    type,
    with: actors[j],
    eu,
    otherEu,
    position,
    from: x[i],
    withPosition: x[j],
    actorIndex: i,
    withIndex: j,
  };
}

/**
 * The two expected utilities behind each possible offer of actor `i` at the given
 * positions and risk exponents (models.md §2 steps 3–4): `eu = E^i(i→j)` and
 * `otherEu = E^i(j→i)` for every other actor `j` (NaN for `i` itself and for actors on
 * `i`'s position). The data of a challenge map; the same arithmetic as the rounds.
 */
export function challengeExpectations(
  table: EuTable,
  i: number,
  positions: ArrayLike<number>,
  riskExponents: ArrayLike<number>,
  range: number,
  options: ExpectedUtilityOptions,
): { eu: number; otherEu: number }[] {
  const n = table.actors.length;
  const ws = new Workspace(n);
  ws.load(table.capability, table.salience, positions);
  const { x, s, w } = ws;
  const r = Float64Array.from(riskExponents);
  orderRound(ws, x);
  successProbabilities(ws, x, w, undefined, range, options.probability);
  successProbabilities(ws, x, w, r, range, options.probability);
  const median = weightedMedian(x, w);
  const q = options.statusQuoProbability;
  return Array.from({ length: n }, (_, j) => {
    if (j === i || x[j] === x[i]) return { eu: Number.NaN, otherEu: Number.NaN };
    const d = Math.abs(x[i] - x[j]) / range;
    const eu = challengeUtility(
      d,
      r[i],
      ws.probability[i * n + j],
      s[j],
      q,
      Math.abs(x[i] - median) / range,
    );
    const rj = options.perspective === "own" ? r[i] : r[j];
    const otherEu = challengeUtility(
      d,
      rj,
      ws.probability[j * n + i],
      s[i],
      q,
      Math.abs(x[j] - median) / range,
    );
    return { eu, otherEu };
  });
}
