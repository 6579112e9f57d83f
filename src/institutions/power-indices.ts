/**
 * Voting power in weighted voting games: the Shapley–Shubik index (Shapley & Shubik
 * 1954) and the Banzhaf index (Banzhaf 1965; Penrose 1946), raw and normalised,
 * computed exactly by counting coalitions, not by sampling and not by listing all
 * `2^n` of them.
 *
 * The game. Players `i = 1..n` have non-negative integer weights `w_i`; a coalition
 * `S` wins when
 *
 *     (|S| >= minMembers  and  w(S) >= quota)   or   |S| >= winsWithMembers.
 *
 * The first clause is the weighted game with an optional member floor (the Council's
 * qualified majority under Nice also needs a majority of the members); the second
 * expresses the Lisbon clause that a blocking minority needs at least four members
 * (TEU Art. 16(4)), so any coalition of `n - 3` members or more wins.
 *
 * Swings. Player `i` is decisive for a coalition `S` without `i` when `S` loses and
 * `S ∪ {i}` wins. With `η_i(s)` the number of such coalitions of size `s`:
 *
 *     Shapley–Shubik   φ_i = Σ_s η_i(s) · s! (n − 1 − s)! / n!  =  (1/n) Σ_s η_i(s) / C(n−1, s)
 *     Banzhaf (raw)    β'_i = Σ_s η_i(s) / 2^(n−1)       (Penrose's measure; Dubey & Shapley 1979)
 *     Banzhaf (norm.)  β_i = Σ_s η_i(s) / Σ_j Σ_s η_j(s)
 *
 * Counting. Because winning depends on a coalition only through its size and its
 * weight, it suffices to know how many coalitions without `i` have each (size,
 * weight). Two exact methods are offered:
 *
 * - `dynamic-programming` (the method of generating functions, Brams & Affuso 1976;
 *   Bilbao, Fernández, Jiménez & López 2000, "Generating functions for computing
 *   power indices efficiently", TOP 8): a table `N[s][w]` of the number of
 *   coalitions of size `s` and weight `w`, built by adding players one at a time
 *   (a 0/1 knapsack over two dimensions). Only weights below the quota are kept,
 *   since every swing is decided there. The table without player `i` is obtained
 *   from the full one by undoing `i`'s step (`N_{-i}[s][w] = N[s][w] −
 *   N_{-i}[s−1][w − w_i]`), so all players cost one table. Time and memory are
 *   `O(n · quota)` per player; suited to vote weights (quota 62, 232, 260, …).
 * - `meet-in-the-middle`: the other players are split in two halves; the `2^(n/2)`
 *   sub-coalitions of each half are grouped by size and sorted by weight, and the
 *   coalitions of a given size below a weight threshold are counted pairwise with
 *   two pointers. Exact for any integer weights (e.g. populations in persons, where
 *   a quota of 3·10^8 rules out a table); practical up to about 40 players.
 *
 * `auto` (the default) takes the table when it is small and the halves otherwise.
 *
 * Exactness. Coalition counts are integers below `2^n` and are held in binary64,
 * which is exact up to `2^53`: every count, the undoing step and the swings are
 * exact for `n <= 52` (the EU's 28 members need `2^28`). The indices are then one
 * division (Banzhaf) or a sum of `n` correctly rounded terms (Shapley–Shubik), so
 * they are exact to about 1e-15. Weights must be integers; `scaleWeights` turns
 * decimal weights into integers without changing the game.
 */

/** A weighted voting game (see the module comment for the winning rule). */
export interface WeightedVotingGame {
  /** Non-negative integer weights, one per player (votes, or population in persons). */
  weights: readonly number[];
  /** A coalition whose weight reaches the quota wins (when it has `minMembers`). */
  quota: number;
  /** Fewest members a coalition needs to win by weight (default 0: no floor). */
  minMembers?: number;
  /** Coalitions with at least this many members win whatever their weight (default: never). */
  winsWithMembers?: number;
}

export interface PowerIndices {
  /** Shapley–Shubik index: the share of orderings in which the player is pivotal. */
  shapleyShubik: number[];
  /** Normalised Banzhaf index: the player's share of all swings. */
  banzhaf: number[];
  /** Raw (absolute) Banzhaf index, Penrose's measure: swings / 2^(n−1). */
  banzhafRaw: number[];
  /** Number of coalitions (without the player) that the player turns from losing to winning. */
  swings: number[];
}

export type PowerIndexMethod = "auto" | "dynamic-programming" | "meet-in-the-middle";

export interface PowerIndexOptions {
  method?: PowerIndexMethod;
}

/** Largest `n` for which every coalition count (< 2^n) is exact in binary64. */
const MAX_PLAYERS = 52;
/** Largest `n` for meet-in-the-middle (two halves of at most 2^22 sub-coalitions). */
const MAX_PLAYERS_HALVES = 44;
/** `auto` uses the table up to this many cells ((n + 1) × quota). */
const AUTO_TABLE_CELLS = 1 << 21;
/** `dynamic-programming` refuses tables larger than this (two tables of 8 bytes a cell). */
const MAX_TABLE_CELLS = 1 << 25;

/** The game's parameters, checked, with the quota as an integer (weights are integers). */
interface NormalisedGame {
  weights: number[];
  n: number;
  quota: number;
  minMembers: number;
  winsWithMembers: number;
}

function normaliseGame(game: WeightedVotingGame): NormalisedGame {
  const weights = [...game.weights];
  const n = weights.length;
  if (n === 0) throw new RangeError("a voting game needs at least one player");
  if (n > MAX_PLAYERS)
    throw new RangeError(
      `${n} players: coalition counts up to 2^${n} would not be exact in floating point (at most ${MAX_PLAYERS} players)`,
    );
  weights.forEach((w, i) => {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(
        `weight of player ${i} is ${w}: weights must be non-negative integers (use scaleWeights for decimals)`,
      );
  });
  if (!Number.isFinite(game.quota))
    throw new RangeError(`quota ${game.quota} is not a finite number`);
  // Integer weights: w(S) >= quota  ⇔  w(S) >= ceil(quota).
  const quota = Math.max(0, Math.ceil(game.quota));
  const minMembers = game.minMembers ?? 0;
  const winsWithMembers = game.winsWithMembers ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(minMembers) || minMembers < 0)
    throw new RangeError(`minMembers ${minMembers} must be a non-negative integer`);
  if (
    winsWithMembers !== Number.POSITIVE_INFINITY &&
    (!Number.isInteger(winsWithMembers) || winsWithMembers < 0)
  )
    throw new RangeError(`winsWithMembers ${winsWithMembers} must be a non-negative integer`);
  return { weights, n, quota, minMembers, winsWithMembers };
}

/** True when the coalition (player indices) wins the game. */
export function isWinningCoalition(game: WeightedVotingGame, coalition: Iterable<number>): boolean {
  const members = new Set(coalition);
  let weight = 0;
  for (const i of members) weight += game.weights[i];
  const size = members.size;
  if (game.winsWithMembers !== undefined && size >= game.winsWithMembers) return true;
  return size >= (game.minMembers ?? 0) && weight >= game.quota;
}

/**
 * Exact Shapley–Shubik and Banzhaf indices of a weighted voting game.
 *
 * @example
 * // The EEC Council of 1958 (FR DE IT 4, BE NL 2, LU 1; quota 12):
 * powerIndices({ weights: [4, 4, 4, 2, 2, 1], quota: 12 }).shapleyShubik
 * // → [7/30, 7/30, 7/30, 3/20, 3/20, 0]
 */
export function powerIndices(
  game: WeightedVotingGame,
  options: PowerIndexOptions = {},
): PowerIndices {
  const g = normaliseGame(game);
  const method = chooseMethod(g, options.method ?? "auto");
  const swingsBySize = method === "dynamic-programming" ? swingsByTable(g) : swingsByHalves(g);
  return indicesFromSwings(g.n, swingsBySize);
}

/** Shapley–Shubik index of each player (see `powerIndices`). */
export function shapleyShubikIndex(
  game: WeightedVotingGame,
  options?: PowerIndexOptions,
): number[] {
  return powerIndices(game, options).shapleyShubik;
}

/** Normalised Banzhaf index of each player (see `powerIndices`). */
export function banzhafIndex(game: WeightedVotingGame, options?: PowerIndexOptions): number[] {
  return powerIndices(game, options).banzhaf;
}

/** Raw Banzhaf index (Penrose measure) of each player (see `powerIndices`). */
export function banzhafRawIndex(game: WeightedVotingGame, options?: PowerIndexOptions): number[] {
  return powerIndices(game, options).banzhafRaw;
}

/**
 * Turns decimal weights and quota into integers by a power of ten, so the game is
 * unchanged: `{ weights: [0.5, 1.25], quota: 1.5 }` with 2 decimals becomes
 * `{ weights: [50, 125], quota: 150 }`. Throws when a weight has more decimals.
 */
export function scaleWeights(
  weights: readonly number[],
  quota: number,
  decimals: number,
): { weights: number[]; quota: number } {
  const factor = 10 ** decimals;
  const scaled = weights.map((w, i) => {
    const s = Math.round(w * factor);
    if (Math.abs(s - w * factor) > 1e-6 * Math.max(1, Math.abs(s)))
      throw new RangeError(`weight of player ${i} (${w}) has more than ${decimals} decimals`);
    return s;
  });
  // The quota may keep its decimals: integer weights reach q exactly when they reach ceil(q).
  return {
    weights: scaled,
    quota: Math.ceil(quota * factor - 1e-9 * Math.max(1, Math.abs(quota * factor))),
  };
}

function chooseMethod(
  g: NormalisedGame,
  method: PowerIndexMethod,
): "dynamic-programming" | "meet-in-the-middle" {
  const cells = (g.n + 1) * g.quota;
  if (method === "dynamic-programming") {
    if (cells > MAX_TABLE_CELLS)
      throw new RangeError(
        `a table of (n + 1) × quota = ${cells} cells is too large; use method 'meet-in-the-middle' or smaller weight units`,
      );
    return method;
  }
  if (method === "meet-in-the-middle") {
    if (g.n > MAX_PLAYERS_HALVES)
      throw new RangeError(
        `meet-in-the-middle handles at most ${MAX_PLAYERS_HALVES} players, not ${g.n}`,
      );
    return method;
  }
  if (cells <= AUTO_TABLE_CELLS || g.n > MAX_PLAYERS_HALVES) {
    if (cells > MAX_TABLE_CELLS)
      throw new RangeError(
        `${g.n} players with quota ${g.quota}: too large for either exact method`,
      );
    return "dynamic-programming";
  }
  return "meet-in-the-middle";
}

/** Binomial coefficients C(m, 0..m), computed in BigInt and exact as floats for m <= 52. */
function binomialRow(m: number): Float64Array {
  const row = new Float64Array(m + 1);
  let c = 1n;
  for (let k = 0; k <= m; k++) {
    row[k] = Number(c);
    c = (c * BigInt(m - k)) / BigInt(k + 1);
  }
  return row;
}

/**
 * Swings of player `i` by coalition size, given `below(s, t)`: the number of
 * coalitions of size `s` among the other players whose weight is below `t`
 * (`t <= quota`). The cases follow the winning rule (module comment): `S` of size
 * `s` and weight `w` is a swing for `i` (weight `a`) when `S` loses and `S ∪ {i}`
 * wins.
 */
function swingsOfPlayer(
  g: NormalisedGame,
  a: number,
  below: (s: number, t: number) => number,
  others: Float64Array,
): Float64Array {
  const { n, quota: q, minMembers: m, winsWithMembers: K } = g;
  const eta = new Float64Array(n);
  for (let s = 0; s <= n - 1; s++) {
    if (s >= K) continue; // S already wins on numbers.
    if (s + 1 >= K) {
      // Adding i reaches the member count that wins outright; S loses unless it wins by weight.
      eta[s] = s >= m ? below(s, q) : others[s];
    } else if (s + 1 < m) {
      continue; // Even with i the coalition is too small.
    } else if (s >= m) {
      eta[s] = below(s, q) - below(s, q - a); // q − a <= w(S) < q
    } else {
      eta[s] = others[s] - below(s, q - a); // s = m − 1: S loses on numbers; S ∪ {i} needs w(S) >= q − a
    }
  }
  return eta;
}

/** Swings by size for every player, from the (size, weight) table (dynamic programming). */
function swingsByTable(g: NormalisedGame): Float64Array[] {
  const { n, weights, quota: W } = g;
  const others = binomialRow(n - 1);
  if (W === 0) {
    // Every coalition reaches the quota: only the member counts matter.
    return weights.map((a) => swingsOfPlayer(g, a, () => 0, others));
  }
  // full[s * W + w]: coalitions of size s and weight w (< quota) among all players.
  const full = new Float64Array((n + 1) * W);
  full[0] = 1;
  for (let j = 0; j < n; j++) {
    const a = weights[j];
    for (let s = j + 1; s >= 1; s--) {
      const row = s * W;
      const prev = (s - 1) * W;
      for (let w = W - 1; w >= a; w--) full[row + w] += full[prev + w - a];
    }
  }
  const without = new Float64Array((n + 1) * W);
  return weights.map((a) => {
    // Undo player i's knapsack step: N_{-i}[s][w] = N[s][w] − N_{-i}[s−1][w − a].
    for (let w = 0; w < W; w++) without[w] = full[w];
    for (let s = 1; s <= n; s++) {
      const row = s * W;
      const prev = (s - 1) * W;
      for (let w = 0; w < W; w++)
        without[row + w] = full[row + w] - (w >= a ? without[prev + w - a] : 0);
    }
    const below = (s: number, t: number): number => {
      let count = 0;
      const row = s * W;
      for (let w = 0; w < Math.min(t, W); w++) count += without[row + w];
      return count;
    };
    return swingsOfPlayer(g, a, below, others);
  });
}

/** Sub-coalition weights of a group of players, bucketed by size and sorted. */
function subCoalitionsBySize(weights: readonly number[]): Float64Array[] {
  const h = weights.length;
  const count = 1 << h;
  const sum = new Float64Array(count);
  const size = new Uint8Array(count);
  const bucketSizes = new Array<number>(h + 1).fill(0);
  bucketSizes[0] = 1;
  for (let mask = 1; mask < count; mask++) {
    const low = 31 - Math.clz32(mask & -mask);
    const rest = mask & (mask - 1);
    sum[mask] = sum[rest] + weights[low];
    size[mask] = size[rest] + 1;
    bucketSizes[size[mask]]++;
  }
  const buckets = bucketSizes.map((k) => new Float64Array(k));
  const fill = new Array<number>(h + 1).fill(0);
  for (let mask = 0; mask < count; mask++) buckets[size[mask]][fill[size[mask]]++] = sum[mask];
  for (const b of buckets) b.sort();
  return buckets;
}

/** Pairs (x from a, y from b), both sorted ascending, with x + y < t. */
function pairsBelow(a: Float64Array, b: Float64Array, t: number): number {
  let count = 0;
  let k = b.length; // b[0..k) are the y with x + y < t for the current x
  for (let i = 0; i < a.length; i++) {
    while (k > 0 && a[i] + b[k - 1] >= t) k--;
    if (k === 0) break;
    count += k;
  }
  return count;
}

/** Swings by size for every player, counting sub-coalitions of two halves (meet in the middle). */
function swingsByHalves(g: NormalisedGame): Float64Array[] {
  const { n, weights } = g;
  const others = binomialRow(n - 1);
  return weights.map((a, i) => {
    const rest = weights.filter((_, j) => j !== i);
    const half = rest.length >> 1;
    const left = subCoalitionsBySize(rest.slice(0, half));
    const right = subCoalitionsBySize(rest.slice(half));
    const cache = new Map<number, Float64Array>();
    const below = (s: number, t: number): number => {
      if (t <= 0) return 0;
      let bySize = cache.get(t);
      if (!bySize) {
        bySize = new Float64Array(n);
        for (let s1 = 0; s1 < left.length; s1++)
          for (let s2 = 0; s2 < right.length; s2++)
            bySize[s1 + s2] += pairsBelow(left[s1], right[s2], t);
        cache.set(t, bySize);
      }
      return bySize[s];
    };
    return swingsOfPlayer(g, a, below, others);
  });
}

function indicesFromSwings(n: number, swingsBySize: Float64Array[]): PowerIndices {
  const others = binomialRow(n - 1);
  const swings = swingsBySize.map((eta) => eta.reduce((x, y) => x + y, 0));
  const shapleyShubik = swingsBySize.map((eta) => {
    let phi = 0;
    for (let s = 0; s < n; s++) if (eta[s] > 0) phi += eta[s] / others[s];
    return phi / n;
  });
  const totalSwings = swings.reduce((x, y) => x + y, 0);
  const banzhaf = swings.map((x) => (totalSwings > 0 ? x / totalSwings : 0));
  const banzhafRaw = swings.map((x) => x / 2 ** (n - 1));
  return { shapleyShubik, banzhaf, banzhafRaw, swings };
}

/**
 * A double-majority rule: a coalition wins with at least `memberPercent` % of the
 * members (and at least `minMembers` of them) representing at least
 * `populationPercent` % of the population; and whatever its population when fewer
 * than `minBlocking` members remain outside it.
 */
export interface DoubleMajorityRule {
  memberPercent: number;
  minMembers: number;
  populationPercent: number;
  minBlocking: number;
}

/**
 * The Council's qualified majority since 1 November 2014 (TEU Art. 16(4); TFEU
 * Art. 238(3) for acts not on a Commission proposal uses 72 % of members instead):
 * 55 % of the members, at least 15, representing 65 % of the Union's population; a
 * blocking minority needs at least four members.
 */
export const LISBON_DOUBLE_MAJORITY: DoubleMajorityRule = {
  memberPercent: 55,
  minMembers: 15,
  populationPercent: 65,
  minBlocking: 4,
};

/**
 * The double-majority rule as a weighted game on populations: weights are the
 * populations (integers, persons), the quota is `ceil(populationPercent % of the
 * total)`, computed in integers so that e.g. 65 % of 507 416 607 is not rounded
 * the wrong way; the member floor is `max(ceil(memberPercent % of n), minMembers)`;
 * and every coalition of `n − minBlocking + 1` members or more wins.
 */
export function doubleMajorityGame(
  population: readonly number[],
  rule: DoubleMajorityRule = LISBON_DOUBLE_MAJORITY,
): WeightedVotingGame {
  const n = population.length;
  population.forEach((p, i) => {
    if (!Number.isSafeInteger(p) || p < 0)
      throw new RangeError(
        `population of member ${i} is ${p}: populations must be non-negative integers`,
      );
  });
  const total = population.reduce((x, y) => x + y, 0);
  return {
    weights: [...population],
    quota: ceilPercent(total, rule.populationPercent),
    minMembers: Math.max(ceilPercent(n, rule.memberPercent), rule.minMembers),
    winsWithMembers: Math.max(0, n - rule.minBlocking + 1),
  };
}

/** `ceil(percent/100 · x)` in integer arithmetic (percent an integer). */
function ceilPercent(x: number, percent: number): number {
  if (!Number.isInteger(percent)) throw new RangeError(`percent ${percent} must be an integer`);
  const product = BigInt(x) * BigInt(percent);
  const quotient = product / 100n;
  return Number(product % 100n === 0n ? quotient : quotient + 1n);
}

/**
 * Exact power indices under a double-majority rule (Lisbon by default). With
 * populations in persons the quota is about 3·10^8, so `auto` counts by meet in the
 * middle over (member count, population); pass populations in coarser units and
 * `method: "dynamic-programming"` to use the (member count, population) table of
 * the rounded game instead.
 */
export function doubleMajorityIndices(
  population: readonly number[],
  rule: DoubleMajorityRule = LISBON_DOUBLE_MAJORITY,
  options: PowerIndexOptions = {},
): PowerIndices {
  return powerIndices(doubleMajorityGame(population, rule), options);
}
