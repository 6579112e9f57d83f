/**
 * Bueno de Mesquita's expected-utility model of bargaining (Bueno de Mesquita 1994,
 * "Political forecasting: an expected utility method", in European Community
 * Decision Making; restated and replicated by Scholz, Calbert & Smith 2011,
 * "Unravelling Bueno De Mesquita's group decision model", J. Theoretical Politics
 * 23(4)). The rules and their numbering follow models.md §2.
 *
 * One issue at a time, rounds t = 1..T. Each round every actor weighs challenging
 * every other; offers of confrontation, compromise or capitulation follow from the
 * signs and sizes of the two expected utilities; all actors move at once; the
 * forecast is the weighted median of the new positions.
 *
 * Speed: the probability of success `P(i, j)` sums each third party's vote; done
 * directly that is O(n³) per pass. A third party `k` supports `i` against `j`
 * exactly when it stands nearer to `x_i` than to `x_j` (the vote's sign does not
 * depend on its risk exponent), i.e. on `i`'s side of their midpoint. With actors
 * sorted by position and prefix sums of `w_k (|x_k − x_j|/Δ)^r_k` per column,
 * every support sum is a difference of two prefix sums: O(n² log n) per pass, over
 * typed arrays allocated once per issue.
 */
import { z } from "zod";
import type { CompiledIssue } from "../scenario/compile.js";
import type { IssueRun, Model, Move, Round } from "./types.js";
import { runPerIssue } from "./per-issue.js";
import { effectivePower, weightedMean, weightedMedian } from "./weights.js";

export const ExpectedUtilityOptions = z
  .object({
    rounds: z.number().int().min(1).max(1000).default(10).describe("Number of rounds T."),
    statusQuoProbability: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe(
        "Q: probability that the status quo holds if nobody challenges (1 in the replication).",
      ),
    probability: z
      .enum(["scholz", "textbook"])
      .default("scholz")
      .describe(
        "scholz: P(i,j) = support(i over j) / Z with one Z per pass (replication code); " +
          "textbook: Z_ij = sum_k |vote_k(i,j)|, so P(i,j) + P(j,i) = 1.",
      ),
    perspective: z
      .enum(["own", "each"])
      .default("own")
      .describe(
        "own: actor i evaluates both E(i→j) and E(j→i) with its own risk exponent (replication); " +
          "each: E(j→i) is evaluated by j with j's exponent (textbook).",
      ),
    compromiseChoice: z
      .enum(["replication", "smallest-move"])
      .default("replication")
      .describe(
        "Which compromise an actor takes when it has several: the one with the smallest " +
          "(|a| x_i + |b| x_j)/(|a|+|b|) (replication code), or the smallest move.",
      ),
  })
  .strict();
export type ExpectedUtilityOptions = z.infer<typeof ExpectedUtilityOptions>;

export type OfferKind = "confrontation" | "compromise" | "capitulation";

/** What one round of the expected-utility model records, beyond the common fields. */
export interface ExpectedUtilityRound extends Round {
  riskExponents: number[];
  median: number;
  mean: number;
}

export interface ExpectedUtilityMove extends Move {
  type: OfferKind;
  /** E^i(i→j): what the mover expects from challenging the other. */
  eu: number;
  /** E^i(j→i): what the mover expects the other to gain by challenging it. */
  otherEu: number;
  /** The mover's position before the round. */
  from: number;
  /** The other actor's position before the round. */
  withPosition: number;
}

/** Inputs of one issue for the model: capability, salience in [0, 1], position. */
export interface EuTable {
  actors: string[];
  capability: ArrayLike<number>;
  salience: ArrayLike<number>;
  position: ArrayLike<number>;
}

/**
 * Working arrays for one issue, allocated once and reused every pass.
 * `pow[k * n + j] = (|x_k − x_j| / Δ)^r_k`.
 */
class Workspace {
  readonly n: number;
  readonly pow: Float64Array;
  /** `prefix[j * (n + 1) + t] = sum_{u < t} w_{order[u]} pow[order[u], j]`. */
  readonly prefix: Float64Array;
  readonly order: Int32Array;
  readonly rank: Int32Array;
  readonly sorted: Float64Array;
  readonly probability: Float64Array;
  readonly row: Float64Array;
  constructor(n: number) {
    this.n = n;
    this.pow = new Float64Array(n * n);
    this.prefix = new Float64Array(n * (n + 1));
    this.order = new Int32Array(n);
    this.rank = new Int32Array(n);
    this.sorted = new Float64Array(n);
    this.probability = new Float64Array(n * n);
    this.row = new Float64Array(n);
  }
}

/**
 * Probabilities of success `P(i, j)` for all ordered pairs (models.md §2 step 3),
 * written into `ws.probability[i * n + j]`, for positions `x` and exponents `r`.
 */
function successProbabilities(
  ws: Workspace,
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  r: ArrayLike<number>,
  range: number,
  variant: "scholz" | "textbook",
): void {
  const { n, pow, prefix, order, rank, sorted, probability, row } = ws;
  for (let k = 0; k < n; k++) {
    const rk = r[k];
    if (rk === 1) for (let j = 0; j < n; j++) pow[k * n + j] = Math.abs(x[k] - x[j]) / range;
    else for (let j = 0; j < n; j++) pow[k * n + j] = Math.pow(Math.abs(x[k] - x[j]) / range, rk);
  }
  for (let t = 0; t < n; t++) order[t] = t;
  order.sort((a, b) => x[a] - x[b]);
  for (let t = 0; t < n; t++) sorted[t] = x[order[t]];
  for (let t = 0; t < n; t++) rank[order[t]] = t;
  for (let j = 0; j < n; j++) {
    const base = j * (n + 1);
    prefix[base] = 0;
    for (let t = 0; t < n; t++) {
      const k = order[t];
      prefix[base + t + 1] = prefix[base + t] + w[k] * pow[k * n + j];
    }
  }
  // Z (scholz): sum over voters k and ordered pairs (a, b) of |vote_k(a, b)|
  // = sum_k w_k · 2 · sum_{a<b} |pow[k,a] − pow[k,b]|. For sorted values v_t,
  // sum_{a<b} |v_a − v_b| = sum_t v_t (2t − n + 1); row k is sorted by distance from
  // x_k, which a merge outward from k's rank in the position order gives in O(n).
  let z = 0;
  if (variant === "scholz") {
    for (let k = 0; k < n; k++) {
      if (w[k] === 0) continue;
      let left = rank[k] - 1;
      let right = rank[k] + 1;
      row[0] = pow[k * n + k];
      for (let t = 1; t < n; t++) {
        const takeLeft = right >= n || (left >= 0 && x[k] - sorted[left] <= sorted[right] - x[k]);
        row[t] = pow[k * n + order[takeLeft ? left-- : right++]];
      }
      let pairs = 0;
      for (let t = 0; t < n; t++) pairs += row[t] * (2 * t - n + 1);
      z += w[k] * 2 * pairs;
    }
  }
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
      // Voters strictly below the midpoint side with `lo`, strictly above with `hi`.
      const below = lowerBound(sorted, mid);
      const above = upperBound(sorted, mid);
      const supportLo = prefix[hi * (n + 1) + below] - prefix[lo * (n + 1) + below];
      const supportHi =
        prefix[lo * (n + 1) + n] -
        prefix[lo * (n + 1) + above] -
        (prefix[hi * (n + 1) + n] - prefix[hi * (n + 1) + above]);
      let pLo: number;
      let pHi: number;
      if (variant === "scholz") {
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

/** First index t with `a[t] >= v`. */
function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** First index t with `a[t] > v`. */
function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
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
  let e = sTarget * (p * uSuccess + (1 - p) * uFailure) + (1 - sTarget) * uSuccess - q * uStatusQuo;
  if (q < 1) {
    const gain = dMedian - d;
    const uBetter = riskUtility((2 - gain) / 4, r);
    const uWorse = riskUtility((2 + gain) / 4, r);
    const t = gain >= 0 ? 1 : 0;
    e -= (1 - q) * (t * uBetter + (1 - t) * uWorse);
  }
  return e;
}

/** Run the model on one issue's table; returns the full trace. */
export function runExpectedUtility(
  table: EuTable,
  options: ExpectedUtilityOptions,
): {
  positionRange: number;
  initial: number[];
  initialMedian: number;
  initialMean: number;
  rounds: ExpectedUtilityRound[];
} {
  const n = table.actors.length;
  const s = Float64Array.from(table.salience);
  const w = effectivePower(table.capability, table.salience);
  let x = Float64Array.from(table.position);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, x[i]);
    max = Math.max(max, x[i]);
  }
  const range = max - min;
  const q = options.statusQuoProbability;
  const ws = new Workspace(n);
  const ones = new Float64Array(n).fill(1);
  const r = new Float64Array(n);
  const security = new Float64Array(n);
  const rounds: ExpectedUtilityRound[] = [];
  const initial = Array.from(x);

  for (let t = 1; t <= options.rounds; t++) {
    const median = weightedMedian(x, w);
    const moves: ExpectedUtilityMove[] = [];
    const next = Float64Array.from(x);
    if (range > 0) {
      // Step 1: risk exponents from security, with every exponent set to 1.
      successProbabilities(ws, x, w, ones, range, options.probability);
      security.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const d = Math.abs(x[j] - x[i]) / range;
          // E^j(j→i) with r = 1: j's utilities, i's salience.
          security[i] += challengeUtility(
            d,
            1,
            ws.probability[j * n + i],
            s[i],
            q,
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
      successProbabilities(ws, x, w, r, range, options.probability);
      for (let i = 0; i < n; i++) {
        const offer = bestOffer(i, x, s, r, ws.probability, range, q, median, options);
        if (offer === undefined) continue;
        next[i] = offer.position;
        moves.push({
          actor: table.actors[i],
          type: offer.kind,
          with: table.actors[offer.j],
          eu: offer.a,
          otherEu: offer.b,
          position: offer.position,
          from: x[i],
          withPosition: x[offer.j],
        });
      }
    } else r.fill(1);
    // Step 6: all actors move at once.
    x = next;
    const roundMedian = weightedMedian(x, w);
    rounds.push({
      round: t,
      positions: Array.from(x),
      forecast: roundMedian,
      moves,
      riskExponents: Array.from(r),
      median: roundMedian,
      mean: weightedMean(x, w),
    });
  }
  return {
    positionRange: range,
    initial,
    initialMedian: weightedMedian(initial, w),
    initialMean: weightedMean(initial, w),
    rounds,
  };
}

interface Offer {
  kind: OfferKind;
  j: number;
  a: number;
  b: number;
  position: number;
}

/** Steps 4–5: the offer actor `i` accepts this round, if any. */
function bestOffer(
  i: number,
  x: Float64Array,
  s: Float64Array,
  r: Float64Array,
  probability: Float64Array,
  range: number,
  q: number,
  median: number,
  options: ExpectedUtilityOptions,
): Offer | undefined {
  const n = x.length;
  let confrontation: Offer | undefined;
  let compromise: Offer | undefined;
  let compromiseKey = Infinity;
  let capitulation: Offer | undefined;
  for (let j = 0; j < n; j++) {
    if (j === i || x[j] === x[i]) continue;
    const d = Math.abs(x[i] - x[j]) / range;
    const uSuccess = riskUtility(0.5 - 0.5 * d, r[i]);
    const uFailure = riskUtility(0.5 + 0.5 * d, r[i]);
    const uStatusQuo = riskUtility(0.5, r[i]);
    const dMedianI = Math.abs(x[i] - median) / range;
    const a = fromUtilities(
      uSuccess,
      uFailure,
      uStatusQuo,
      probability[i * n + j],
      s[j],
      q,
      d,
      r[i],
      dMedianI,
    );
    // E^i(j→i): the same distance, so the same utilities when i evaluates with its own exponent.
    const b =
      options.perspective === "own"
        ? fromUtilities(
            uSuccess,
            uFailure,
            uStatusQuo,
            probability[j * n + i],
            s[i],
            q,
            d,
            r[i],
            Math.abs(x[j] - median) / range,
          )
        : challengeUtility(
            d,
            r[j],
            probability[j * n + i],
            s[i],
            q,
            Math.abs(x[j] - median) / range,
          );
    const distance = Math.abs(x[j] - x[i]);
    if (b > a && a > 0) {
      if (confrontation === undefined || nearer(distance, x[j], confrontation, x, i))
        confrontation = { kind: "confrontation", j, a, b, position: x[j] };
    } else if (b > 0 && a < 0 && b > Math.abs(a)) {
      const position = x[i] + (x[j] - x[i]) * Math.abs(a / b);
      const key =
        options.compromiseChoice === "replication"
          ? (Math.abs(a) * x[i] + Math.abs(b) * x[j]) / (Math.abs(a) + Math.abs(b))
          : Math.abs(position - x[i]);
      if (key < compromiseKey) {
        compromiseKey = key;
        compromise = { kind: "compromise", j, a, b, position };
      }
    } else if (b > 0 && a < 0) {
      if (capitulation === undefined || nearer(distance, x[j], capitulation, x, i))
        capitulation = { kind: "capitulation", j, a, b, position: x[j] };
    }
  }
  return confrontation ?? compromise ?? capitulation;
}

/**
 * Is a candidate at `distance` (position `xj`) nearer than the current offer? Equal
 * distances go to the lower position, then to the earlier actor (the replication's
 * scan order), so the choice does not depend on the order of actors otherwise.
 */
function nearer(distance: number, xj: number, current: Offer, x: Float64Array, i: number): boolean {
  const currentDistance = Math.abs(x[current.j] - x[i]);
  if (distance !== currentDistance) return distance < currentDistance;
  return xj < x[current.j];
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
  const x = Float64Array.from(positions);
  const r = Float64Array.from(riskExponents);
  const s = Float64Array.from(table.salience);
  const w = effectivePower(table.capability, table.salience);
  const ws = new Workspace(n);
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

/** The model for the registry: runs every issue on its own. */
export const expectedUtilityModel: Model<ExpectedUtilityOptions> = {
  id: "expected-utility",
  name: "Expected utility (Bueno de Mesquita)",
  summary:
    "Actors challenge, compromise with or give in to each other over rounds according to expected utilities; the forecast is the final weighted median.",
  reference:
    "Bueno de Mesquita (1994) in European Community Decision Making; Scholz, Calbert & Smith (2011), J. Theoretical Politics 23(4)",
  dynamic: true,
  options: ExpectedUtilityOptions,
  run: (scenario, options) =>
    runPerIssue("expected-utility", options, scenario, (issue: CompiledIssue): IssueRun => {
      const trace = runExpectedUtility(
        {
          actors: issue.actorIds,
          capability: issue.capability,
          salience: issue.salience,
          position: issue.position,
        },
        options,
      );
      const last = trace.rounds[trace.rounds.length - 1];
      const forecast = last.median;
      if (!Number.isFinite(forecast))
        return {
          issue: issue.id,
          forecast: null,
          note: "every actor on this issue has zero capability or zero salience, so no actor has weight",
        };
      return {
        issue: issue.id,
        forecast,
        mean: last.mean,
        actors: issue.actorIds,
        initial: trace.initial,
        initialForecast: trace.initialMedian,
        initialMean: trace.initialMean,
        positionRange: trace.positionRange,
        rounds: trace.rounds,
        ...(issue.actorIds.length === 1
          ? { note: "a single actor: its position is the outcome" }
          : {}),
      };
    }),
};
