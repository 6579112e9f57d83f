/**
 * The primitive functions of KTAB's Spatial Model of Politics (KAPSARC Toolkit for
 * Behavioral Analysis; Wise et al., KAPSARC 2015–2017), smp-algorithm.md §0 and §9:
 * salience-weighted distance, the scalar utility of a distance with a risk attitude
 * (`bsU`), votes, coalition strengths, victory probabilities and the probabilistic
 * Condorcet election (PCE).
 *
 * Everything runs over `Float64Array`s and follows the evaluation order the spec
 * states, so that results agree with KTAB's to the last bit. Utilities handed to the
 * PCE are laid out option-major, `u[m * N + k]` = voter k's utility of option m, so
 * the innermost loop (over voters) reads memory contiguously.
 */
import type { PceModel, VictoryProbModel, VotingRule } from "./options.js";

// ---------------------------------------------------------------------------
// Codes: the option strings as small integers, decided once per run, so the hot
// loops switch on a number.

export const VOTE_PROP = 0;
export const VOTE_BINARY = 1;
export const VOTE_PROP_BIN = 2;
export const VOTE_PROP_CBC = 3;
export const VOTE_CUBIC = 4;
export const VOTE_ASYM_PROSP = 5;

export const VP_LINEAR = 0;
export const VP_SQUARE = 1;
export const VP_QUARTIC = 2;
export const VP_OCTIC = 3;
export const VP_BINARY = 4;

export const PCE_CONDITIONAL = 0;
export const PCE_MARKOV_UNIFORM = 1;
export const PCE_MARKOV_INCENTIVE = 2;

/** The code of a voting rule (§9 VotingRule). */
export function votingRuleCode(rule: VotingRule): number {
  return ["prop", "binary", "prop-bin", "prop-cbc", "cubic", "asym-prosp"].indexOf(rule);
}
/** The code of a victory-probability model (§9 VictoryProbModel). */
export function victoryProbCode(model: VictoryProbModel): number {
  return ["linear", "square", "quartic", "octic", "binary"].indexOf(model);
}
/** The code of a PCE model (§9 PCEModel). */
export function pceCode(model: PceModel): number {
  return ["conditional", "markov-uniform", "markov-incentive"].indexOf(model);
}

/** How a PCE is run: the voting rule, the victory-probability model and the PCE model. */
export interface PceConfig {
  votingRule: number;
  victoryProb: number;
  pce: number;
}

// ---------------------------------------------------------------------------
// Distance and utility (smp-algorithm.md §0)

/**
 * Salience-weighted distance from actor i's ideal to a point x (smp-algorithm.md §0):
 * `sqrt( Σ_d (s_d (ideal_d − x_d))² / Σ_d s_d² )`, summed d ascending with
 * `t = (ideal − x)·s; num += t·t; den += s·s`.
 *
 * An actor with zero salience on every dimension cares about nothing: the ratio is
 * 0/0, which we define as distance 0 (every point is as good as its ideal) so that no
 * NaN can enter the run. KTAB does not guard this case.
 */
export function weightedDistance(
  ideal: Float64Array,
  idealOffset: number,
  salience: Float64Array,
  salienceOffset: number,
  x: Float64Array,
  xOffset: number,
  D: number,
): number {
  let num = 0;
  let den = 0;
  for (let d = 0; d < D; d++) {
    const s = salience[salienceOffset + d];
    const t = (ideal[idealOffset + d] - x[xOffset + d]) * s;
    num += t * t;
    den += s * s;
  }
  return den > 0 ? Math.sqrt(num / den) : 0;
}

/**
 * KTAB's scalar utility of a distance `s >= 0` for risk attitude `R`
 * (smp-algorithm.md §0; Wise et al.): `(1 − s)(1 + sR)` for `s <= 1`, else
 * `(1 − s)(1 + R)`. Risk-averse actors (R < 0) value moderate distances less.
 */
export function bsU(s: number, R: number): number {
  return s <= 1 ? (1 - s) * (1 + s * R) : (1 - s) * (1 + R);
}

/** KTAB rounds bargain coordinates to four decimals by C `(int)` truncation (§5.1). */
export function round4(x: number): number {
  return Math.trunc(0.5 + x * 10000.0) / 10000.0;
}

// ---------------------------------------------------------------------------
// Votes (smp-algorithm.md §0, §9)

/** Clip `du / 1e-8` to [-1, 1]: the binary part of the Binary and PropBin rules. */
function binaryResponse(du: number): number {
  const r = du / 1e-8;
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * Vote of a voter with weight `w` between options a and b, from its utilities
 * (smp-algorithm.md §0 and §9). Positive supports a. Proportional: `w (ua − ub)`;
 * Binary `w·clip(Δu/1e-8)`; PropBin `w (0.8Δu + 0.2 bin)`; PropCbc
 * `w (0.5Δu + 0.5Δu³)`; Cubic `wΔu³`; ASymProsp `wΔu` for losses, `2wΔu/3` for gains.
 */
export function vote(rule: number, w: number, ua: number, ub: number): number {
  const du = ua - ub;
  switch (rule) {
    case VOTE_PROP:
      return w * du;
    case VOTE_BINARY:
      return w * binaryResponse(du);
    case VOTE_PROP_BIN:
      return w * (0.8 * du + 0.2 * binaryResponse(du));
    case VOTE_PROP_CBC:
      return w * (0.5 * du + 0.5 * (du * du * du));
    case VOTE_CUBIC:
      return w * (du * du * du);
    case VOTE_ASYM_PROSP:
      return du < 0 ? w * du : du > 0 ? (2 * w * du) / 3 : 0;
    default:
      throw new Error(`unknown voting rule code ${rule}`);
  }
}

// ---------------------------------------------------------------------------
// Coalitions, victory probabilities, PCE (smp-algorithm.md §0, §9)

/**
 * Coalition strengths over M options (smp-algorithm.md §0): for a > b (a ascending,
 * b = 0..a−1), `C[a][b] = 1e-8 + Σ_{k: v>0} v` and `C[b][a] = 1e-8 + Σ_{k: v<0} (−v)`
 * with `v = vote(w_k, u_k(a), u_k(b))`, voters k ascending; `C[a][a] = 1e-8`.
 * `u` is option-major (`u[m*N + k]`); `C` is written row-major `[a*M + b]`.
 */
export function coalitionStrengths(
  w: Float64Array,
  u: Float64Array,
  N: number,
  M: number,
  rule: number,
  C: Float64Array,
): void {
  for (let a = 0; a < M; a++) {
    C[a * M + a] = 1e-8;
    const ao = a * N;
    for (let b = 0; b < a; b++) {
      const bo = b * N;
      let cab = 1e-8;
      let cba = 1e-8;
      if (rule === VOTE_PROP) {
        for (let k = 0; k < N; k++) {
          const v = w[k] * (u[ao + k] - u[bo + k]);
          if (v > 0) cab += v;
          else if (v < 0) cba -= v;
        }
      } else {
        for (let k = 0; k < N; k++) {
          const v = vote(rule, w[k], u[ao + k], u[bo + k]);
          if (v > 0) cab += v;
          else if (v < 0) cba -= v;
        }
      }
      C[a * M + b] = cab;
      C[b * M + a] = cba;
    }
  }
}

/**
 * Probability that a coalition of strength s1 beats one of strength s2, and the
 * converse (smp-algorithm.md §0, §9). Linear: `s1/(s1+s2)`, each side by its own
 * division; Square/Quartic/Octic: the same on s², s⁴, s⁸; Binary: a 10% edge wins
 * (1 vs 1e-6), else linear in between, normalized. Writes [p1, p2] into `out`.
 */
export function victoryProbability(model: number, s1: number, s2: number, out: Float64Array): void {
  let x1 = s1;
  let x2 = s2;
  switch (model) {
    case VP_LINEAR:
      break;
    case VP_SQUARE:
      x1 = s1 * s1;
      x2 = s2 * s2;
      break;
    case VP_QUARTIC: {
      const a = s1 * s1;
      const b = s2 * s2;
      x1 = a * a;
      x2 = b * b;
      break;
    }
    case VP_OCTIC: {
      const a = s1 * s1;
      const b = s2 * s2;
      const a4 = a * a;
      const b4 = b * b;
      x1 = a4 * a4;
      x2 = b4 * b4;
      break;
    }
    case VP_BINARY: {
      const minP = 1e-6;
      let p1: number;
      let p2: number;
      if (s1 >= 1.1 * s2) {
        p1 = 1;
        p2 = minP;
      } else if (s2 >= 1.1 * s1) {
        p1 = minP;
        p2 = 1;
      } else {
        const r = s1 / (s1 + s2);
        p1 = (2.1 * r - 1) / 0.1;
        p1 = p1 < minP ? minP : p1 > 1 ? 1 : p1;
        p2 = 1 - p1;
        p2 = p2 < minP ? minP : p2;
      }
      const sum = p1 + p2;
      out[0] = p1 / sum;
      out[1] = p2 / sum;
      return;
    }
    default:
      throw new Error(`unknown victory-probability code ${model}`);
  }
  const sum = x1 + x2;
  // Overflowing powers (huge coalitions under Octic) would give ∞/∞: fall back to
  // comparing the plain strengths. Normal data never reaches this.
  if (!Number.isFinite(sum) || sum === 0) {
    const s = s1 + s2;
    out[0] = s > 0 ? s1 / s : 0.5;
    out[1] = s > 0 ? s2 / s : 0.5;
    return;
  }
  out[0] = x1 / sum;
  out[1] = x2 / sum;
}

/** `P[a][b]` for all pairs from the coalition matrix; `P[a][a] = 0.5` (§0). */
export function victoryProbabilities(
  C: Float64Array,
  M: number,
  model: number,
  P: Float64Array,
): void {
  const pair = new Float64Array(2);
  for (let a = 0; a < M; a++) {
    P[a * M + a] = 0.5;
    for (let b = 0; b < a; b++) {
      victoryProbability(model, C[a * M + b], C[b * M + a], pair);
      P[a * M + b] = pair[0];
      P[b * M + a] = pair[1];
    }
  }
}

/**
 * Conditional PCE (smp-algorithm.md §0): `q_a = Π_b P[a][b]` (from 1.0, b ascending,
 * the diagonal 0.5 included), `p_a = q_a / Σ_b q_b`.
 *
 * With hundreds of options every product can underflow to 0; then (only then) the
 * same distribution is computed in logarithms, so the result is never 0/0.
 */
export function conditionalPce(P: Float64Array, M: number, p: Float64Array): void {
  let sum = 0;
  for (let a = 0; a < M; a++) {
    let q = 1.0;
    const ao = a * M;
    for (let b = 0; b < M; b++) q *= P[ao + b];
    p[a] = q;
    sum += q;
  }
  if (sum > 0 && Number.isFinite(sum)) {
    for (let a = 0; a < M; a++) p[a] = p[a] / sum;
    return;
  }
  let top = -Infinity;
  for (let a = 0; a < M; a++) {
    let lq = 0;
    for (let b = 0; b < M; b++) lq += Math.log(P[a * M + b]);
    p[a] = lq;
    if (lq > top) top = lq;
  }
  if (!Number.isFinite(top)) {
    p.fill(1 / M, 0, M);
    return;
  }
  let total = 0;
  for (let a = 0; a < M; a++) {
    p[a] = Math.exp(p[a] - top);
    total += p[a];
  }
  for (let a = 0; a < M; a++) p[a] = p[a] / total;
}

const MARKOV_MAX_ITERATIONS = 100_000;

/**
 * Markov-uniform PCE (smp-algorithm.md §9): from the uniform distribution, iterate
 * `q_a = Σ_b P[a][b](p_a + p_b) / M`, `p ← (p + q)/2` until `max|q − p| <= 1e-6`
 * (the gap measured before averaging).
 */
export function markovUniformPce(P: Float64Array, M: number, p: Float64Array): void {
  const q = new Float64Array(M);
  p.fill(1 / M, 0, M);
  for (let it = 0; it < MARKOV_MAX_ITERATIONS; it++) {
    let gap = 0;
    for (let a = 0; a < M; a++) {
      let s = 0;
      for (let b = 0; b < M; b++) s += P[a * M + b] * (p[a] + p[b]);
      q[a] = s / M;
      const g = Math.abs(q[a] - p[a]);
      if (g > gap) gap = g;
    }
    for (let a = 0; a < M; a++) p[a] = (p[a] + q[a]) / 2;
    if (gap <= 1e-6) return;
  }
}

/**
 * Markov-incentive PCE (smp-algorithm.md §9): the incentive to challenge is
 * `n[a][b] = C[a][b]·P[a][b]` (+1e-10 on the diagonal); the probability that a is the
 * challenger when b holds is `Q[a][b] = n[a][b] / Σ_c n[c][b]`; from the uniform
 * distribution iterate `ct[a][b] = p_a Q[b][a]`, `q_a = Σ_b P[a][b](ct[a][b] + ct[b][a])`,
 * `p ← (p + q)/2` until `max|q − p| <= 1e-8`.
 */
export function markovIncentivePce(
  C: Float64Array,
  P: Float64Array,
  M: number,
  p: Float64Array,
): void {
  const Q = new Float64Array(M * M);
  for (let a = 0; a < M; a++)
    for (let b = 0; b < M; b++) Q[a * M + b] = C[a * M + b] * P[a * M + b] + (a === b ? 1e-10 : 0);
  for (let b = 0; b < M; b++) {
    let s = 0;
    for (let c = 0; c < M; c++) s += Q[c * M + b];
    for (let a = 0; a < M; a++) Q[a * M + b] = Q[a * M + b] / s;
  }
  const q = new Float64Array(M);
  p.fill(1 / M, 0, M);
  for (let it = 0; it < MARKOV_MAX_ITERATIONS; it++) {
    let gap = 0;
    for (let a = 0; a < M; a++) {
      let s = 0;
      for (let b = 0; b < M; b++) {
        const ctab = p[a] * Q[b * M + a];
        const ctba = p[b] * Q[a * M + b];
        s += P[a * M + b] * (ctab + ctba);
      }
      q[a] = s;
      const g = Math.abs(q[a] - p[a]);
      if (g > gap) gap = g;
    }
    for (let a = 0; a < M; a++) p[a] = (p[a] + q[a]) / 2;
    if (gap <= 1e-8) return;
  }
}

/** Scratch buffers for PCEs, grown on demand and reused across calls. */
export class PceWorkspace {
  C = new Float64Array(0);
  P = new Float64Array(0);
  ensure(M: number): void {
    if (this.C.length < M * M) {
      this.C = new Float64Array(M * M);
      this.P = new Float64Array(M * M);
    }
  }
}

/**
 * KTAB's `scalarPCE` (smp-algorithm.md §0): the PCE of M options among N voters with
 * weights `w` and option-major utilities `u[m*N + k]`: coalition strengths, victory
 * probabilities, then the configured PCE. Writes the M option probabilities to `p`.
 */
export function scalarPce(
  w: Float64Array,
  u: Float64Array,
  N: number,
  M: number,
  config: PceConfig,
  ws: PceWorkspace,
  p: Float64Array,
): void {
  ws.ensure(M);
  const C = ws.C.length === M * M ? ws.C : ws.C.subarray(0, M * M);
  const P = ws.P.length === M * M ? ws.P : ws.P.subarray(0, M * M);
  coalitionStrengths(w, u, N, M, config.votingRule, C);
  victoryProbabilities(C, M, config.victoryProb, P);
  switch (config.pce) {
    case PCE_CONDITIONAL:
      conditionalPce(P, M, p);
      return;
    case PCE_MARKOV_UNIFORM:
      markovUniformPce(P, M, p);
      return;
    case PCE_MARKOV_INCENTIVE:
      markovIncentivePce(C, P, M, p);
      return;
    default:
      throw new Error(`unknown PCE code ${config.pce}`);
  }
}
