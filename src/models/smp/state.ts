/**
 * The per-state setup of KTAB's Spatial Model of Politics (Wise et al., KAPSARC;
 * smp-algorithm.md §2), done once for every state and shared by everything that
 * happens in the turn that starts from it: distances `vd`, the risk-neutral PCE,
 * risk attitudes `R`, the estimates `r[h][i]` of one another's attitudes, and each
 * actor's own risk-aware utilities `U[a][a][·]`.
 *
 * The full tensor `U[h][i][j] = bsU(vd[i][j], r[h][i])` (N³ numbers) is never stored:
 * the challenge loop computes the entries it needs from `vd` and `r`, which gives
 * the same doubles.
 */
import {
  ADJUST_FULL,
  ADJUST_HALF,
  ADJUST_NONE,
  ADJUST_ONE_THIRD,
  RANGE_MAX,
  RANGE_MIN,
  type SmpContext,
} from "./context.js";
import { bsU, scalarPce, weightedDistance } from "./primitives.js";

/** The numbers of one state, in buffers reused from state to state. */
export interface SmpState {
  /** Positions `[i*D + d]`, internal [0, 1] scale. */
  position: Float64Array;
  /** Ideals `[i*D + d]` (equal to the positions with identity accommodation, §1.4). */
  ideal: Float64Array;
  /** `vd[i*N + j] = dist_i(pos_j)` (§2.1). */
  vd: Float64Array;
  /** The transpose, `vdT[j*N + i] = vd[i*N + j]`, for contiguous reads. */
  vdT: Float64Array;
  /** Risk-neutral utilities, option-major: `u0[j*N + k] = bsU(vd[k][j], 0)` (§2.2). */
  u0: Float64Array;
  /** The risk-neutral PCE probability of each actor's position (§2.3). */
  neutralProbability: Float64Array;
  /** Risk attitudes `R_i` (§2.4). */
  R: Float64Array;
  /** `r[h*N + i]`: h's estimate of i's risk attitude (§2.5). */
  r: Float64Array;
  /** `selfU[a*N + n] = U[a][a][n] = bsU(vd[a][n], r[a][a])` (§2.6). */
  selfU: Float64Array;
}

/** Buffers for one state, allocated once per run (two are reused turn after turn). */
export function allocateState(N: number, D: number): SmpState {
  return {
    position: new Float64Array(N * D),
    ideal: new Float64Array(N * D),
    vd: new Float64Array(N * N),
    vdT: new Float64Array(N * N),
    u0: new Float64Array(N * N),
    neutralProbability: new Float64Array(N),
    R: new Float64Array(N),
    r: new Float64Array(N * N),
    selfU: new Float64Array(N * N),
  };
}

/**
 * Fills a state's derived numbers from its `position` and `ideal` (smp-algorithm.md
 * §2, steps 1–6).
 *
 * Degenerate case: when every risk-neutral probability is the same (one actor, all
 * actors at one point, or nobody with capability), KTAB's risk-attitude formula
 * divides by zero (§8.6). We set every `R_i = 0` (risk neutral) instead; the same when
 * the spread `pMax − pMin` is at most 1e-12, which is rounding noise.
 */
export function setupState(ctx: SmpContext, st: SmpState): void {
  const { N, D, salience, capability } = ctx;
  const { position, ideal, vd, vdT, u0, neutralProbability: p, R, r, selfU } = st;
  // 1. vd[i][j] = dist_i(pos_j)
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const v = weightedDistance(ideal, i * D, salience, i * D, position, j * D, D);
      vd[i * N + j] = v;
      vdT[j * N + i] = v;
    }
  }
  // 2. risk-neutral utilities, option-major (option j, voter k)
  for (let j = 0; j < N; j++) for (let k = 0; k < N; k++) u0[j * N + k] = bsU(vdT[j * N + k], 0);
  // 3. risk-neutral PCE over all N positions (duplicates included), weights cap only
  scalarPce(capability, u0, N, N, ctx.pce, ctx.workspace, p);
  // 4. risk attitudes
  let pMin = 1.0;
  let pMax = 0.0;
  for (let i = 0; i < N; i++) {
    if (p[i] < pMin) pMin = p[i];
    if (p[i] > pMax) pMax = p[i];
  }
  const spread = pMax - pMin;
  for (let i = 0; i < N; i++) {
    if (!(spread > 1e-12)) R[i] = 0;
    else if (ctx.bigRRange === RANGE_MIN) R[i] = (p[i] - pMin) / spread;
    else if (ctx.bigRRange === RANGE_MAX) R[i] = (2 * p[i] - pMax - pMin) / spread;
    else R[i] = (3 * p[i] - (pMax + 2 * pMin)) / (2 * (pMax - pMin));
  }
  // 5. h's estimate of i's attitude
  for (let h = 0; h < N; h++) {
    const Rh = R[h];
    for (let i = 0; i < N; i++) {
      const Ri = R[i];
      let v: number;
      switch (ctx.bigRAdjust) {
        case ADJUST_NONE:
          v = Rh;
          break;
        case ADJUST_HALF:
          v = (Rh + Ri) / 2;
          break;
        case ADJUST_ONE_THIRD:
          v = (2.0 * Rh + Ri) / 3.0;
          break;
        case ADJUST_FULL:
          v = Ri;
          break;
        default: // two-thirds
          v = (Rh + 2 * Ri) / 3;
      }
      r[h * N + i] = v;
    }
  }
  // 6. (the part of U that is stored) each actor's own risk-aware utilities
  for (let a = 0; a < N; a++) {
    const raa = r[a * N + a];
    for (let n = 0; n < N; n++) selfU[a * N + n] = bsU(vd[a * N + n], raa);
  }
}

/** The options a state offers for the win probabilities of §7: unique positions. */
export interface SmpOutcomes {
  /** The actor standing for each distinct position (first in actor order). */
  representatives: number[];
  /** The PCE probability of each distinct position. */
  probabilities: number[];
  /** Per actor, the probability KTAB reports (§7). */
  actorProbabilities: number[];
}

/**
 * Win probabilities of a state as KTAB reports them (smp-algorithm.md §7): actors
 * within 1e-3 (Euclidean, internal scale) of an earlier group's representative join
 * that group (first match); each voter a values group g at `U[a][a][rep g]`; a PCE
 * with weights `cap` gives the groups' probabilities; an actor reports the probability
 * of the last group whose representative lies within 1e-3 of it. Reporting only: the
 * dynamics never read it.
 */
export function stateOutcomes(ctx: SmpContext, st: SmpState): SmpOutcomes {
  const { N, D } = ctx;
  const pos = st.position;
  const reps: number[] = [];
  const near = (i: number, u: number): boolean => {
    let s = 0;
    for (let d = 0; d < D; d++) {
      const x = pos[i * D + d] - pos[u * D + d];
      s += x * x;
    }
    return Math.sqrt(s) < 1e-3;
  };
  for (let i = 0; i < N; i++) {
    let found = false;
    for (const u of reps)
      if (near(i, u)) {
        found = true;
        break;
      }
    if (!found) reps.push(i);
  }
  const M = reps.length;
  const u = new Float64Array(M * N);
  for (let g = 0; g < M; g++) {
    const rep = reps[g];
    for (let a = 0; a < N; a++) u[g * N + a] = st.selfU[a * N + rep];
  }
  const p = new Float64Array(M);
  scalarPce(ctx.capability, u, N, M, ctx.pce, ctx.workspace, p);
  const actorProbabilities: number[] = new Array<number>(N);
  for (let i = 0; i < N; i++) {
    let last = 0;
    for (let g = 0; g < M; g++) if (near(i, reps[g])) last = g;
    actorProbabilities[i] = p[last];
  }
  return { representatives: reps, probabilities: Array.from(p), actorProbabilities };
}
