/**
 * Bargains in KTAB's Spatial Model of Politics (Wise et al., KAPSARC;
 * smp-algorithm.md §5, §9): the proposal an initiator makes to its target, the
 * queues of proposals each actor faces, and the value every actor places on the
 * state each proposal would create.
 */
import {
  BARGAIN_S1P1,
  BARGAIN_S2P2,
  MODEL_INIT_ONLY,
  MODEL_PW_COMP,
  type SmpContext,
} from "./context.js";
import { challenge } from "./challenge.js";
import { bsU, round4, weightedDistance } from "./primitives.js";
import type { SmpState } from "./state.js";

/** Whose estimate of the contest a bargain interpolates with (§5.1, §9). */
export type BargainView = "initiator" | "receiver" | "compromise";

/** A proposal: the initiator moves to `initiatorPosition`, the receiver to `receiverPosition`. */
export interface Bargain {
  initiator: number;
  receiver: number;
  view: BargainView;
  initiatorPosition: Float64Array;
  receiverPosition: Float64Array;
}

/**
 * The bargain point between i and j for the probabilities `pI` (that i wins) and
 * `pJ` (smp-algorithm.md §5.1, §9 InterVecBrgn), per dimension with `s = salience`,
 * `t = position`:
 * - S2P2 (default): weights `wI = s_i²pI²`, `wJ = s_j²pJ²`;
 *   `bI = round4(((wI + 1e-6)t_i + wJ t_j) / (wI + 1e-6 + wJ))`,
 *   `bJ = round4((wI t_i + (1e-6 + wJ) t_j) / (wI + 1e-6 + wJ))`. The 1e-6 leans each
 *   side's point toward its own position; the 4-decimal truncating rounding puts
 *   movers on a 1e-4 grid. Both details shape the trajectory (§8.8).
 * - S1P1: the same with first powers.
 * - S2PMax: the weaker side moves toward the stronger one, by
 *   `d s_other² / (d s_other² + 1e-6 + (1 − d) s_own²)` with `d = max(0, p_other − p_own)`;
 *   no rounding.
 */
export function interpolate(
  ctx: SmpContext,
  position: Float64Array,
  i: number,
  j: number,
  pI: number,
  pJ: number,
  outI: Float64Array,
  outJ: Float64Array,
): void {
  const { D, salience } = ctx;
  for (let d = 0; d < D; d++) {
    const sI = salience[i * D + d];
    const sJ = salience[j * D + d];
    const tI = position[i * D + d];
    const tJ = position[j * D + d];
    if (ctx.interVecBrgn === BARGAIN_S2P2 || ctx.interVecBrgn === BARGAIN_S1P1) {
      const wI = ctx.interVecBrgn === BARGAIN_S2P2 ? sI * sI * (pI * pI) : sI * pI;
      const wJ = ctx.interVecBrgn === BARGAIN_S2P2 ? sJ * sJ * (pJ * pJ) : sJ * pJ;
      const den = wI + 1e-6 + wJ;
      outI[d] = round4(((wI + 1e-6) * tI + wJ * tJ) / den);
      outJ[d] = round4((wI * tI + (1e-6 + wJ) * tJ) / den);
    } else {
      const dI = Math.max(0, pJ - pI);
      const dJ = Math.max(0, pI - pJ);
      const sI2 = sI * sI;
      const sJ2 = sJ * sJ;
      const bI = tI + ((dI * sJ2) / (dI * sJ2 + 1e-6 + (1 - dI) * sI2)) * (tJ - tI);
      const bJ = tJ + ((dJ * sI2) / (dJ * sI2 + 1e-6 + (1 - dJ) * sJ2)) * (tI - tJ);
      // With KTAB's dU-as-probability quirk (§9) d can exceed 1 and a denominator
      // vanish: then the side stays where it is rather than produce NaN.
      outI[d] = Number.isFinite(bI) ? bI : tI;
      outJ[d] = Number.isFinite(bJ) ? bJ : tJ;
    }
  }
}

/**
 * The bargains initiator i offers its target j, given i's estimate `phi` that i
 * wins (smp-algorithm.md §5.1, §9 BargnModel):
 * - init-only: one bargain interpolated with `pI = phi`, `pJ = 1 − phi`;
 * - init-rcvr: that one and a second from j's view of the contest, `Chal(h=j, k=i, i, j)`,
 *   interpolated with `pI = x`, `pJ = 1 − x`. KTAB takes x = that challenge's dU (not
 *   its probability, which looks like a bug; quirks "fixed" takes phi);
 * - pw-comp: one bargain, per actor `(wI·b_iView + wJ·b_jView) / (wI + wJ)` with
 *   `wI = cap_i S_i` and, as KTAB codes it, `wJ = cap_i S_j` (fixed: `cap_j S_j`); no
 *   re-rounding. If both weights are 0 the two views are averaged.
 */
export function formBargains(
  ctx: SmpContext,
  st: SmpState,
  i: number,
  j: number,
  phi: number,
): Bargain[] {
  const D = ctx.D;
  const own: Bargain = {
    initiator: i,
    receiver: j,
    view: "initiator",
    initiatorPosition: new Float64Array(D),
    receiverPosition: new Float64Array(D),
  };
  interpolate(ctx, st.position, i, j, phi, 1 - phi, own.initiatorPosition, own.receiverPosition);
  if (ctx.bargainModel === MODEL_INIT_ONLY) return [own];
  const seenByJ = challenge(ctx, st, j, i, i, j);
  const x = ctx.ktabQuirks ? seenByJ.dU : seenByJ.phi;
  const theirs: Bargain = {
    initiator: i,
    receiver: j,
    view: "receiver",
    initiatorPosition: new Float64Array(D),
    receiverPosition: new Float64Array(D),
  };
  interpolate(ctx, st.position, i, j, x, 1 - x, theirs.initiatorPosition, theirs.receiverPosition);
  if (ctx.bargainModel !== MODEL_PW_COMP) return [own, theirs];
  const { capability: cap, salienceSum: S } = ctx;
  let wI = cap[i] * S[i];
  let wJ = ctx.ktabQuirks ? cap[i] * S[j] : cap[j] * S[j];
  if (!(wI + wJ > 0)) {
    wI = 1;
    wJ = 1;
  }
  const compromise: Bargain = {
    initiator: i,
    receiver: j,
    view: "compromise",
    initiatorPosition: new Float64Array(D),
    receiverPosition: new Float64Array(D),
  };
  for (let d = 0; d < D; d++) {
    compromise.initiatorPosition[d] =
      (wI * own.initiatorPosition[d] + wJ * theirs.initiatorPosition[d]) / (wI + wJ);
    compromise.receiverPosition[d] =
      (wI * own.receiverPosition[d] + wJ * theirs.receiverPosition[d]) / (wI + wJ);
  }
  return [compromise];
}

/**
 * Each voter's value of the status quo (smp-algorithm.md §5.3):
 * `V[a][SQ] = (Σ_n U[a][a][n]) / N`, n ascending. `selfU` is `U[a][a][·]` (or, with
 * quirks "fixed", the same utilities at `R_a`).
 */
export function statusQuoValues(N: number, selfU: Float64Array, out: Float64Array): void {
  for (let a = 0; a < N; a++) {
    let s = 0;
    const ao = a * N;
    for (let n = 0; n < N; n++) s += selfU[ao + n];
    out[a] = s / N;
  }
}

/**
 * Each voter's value of the state each bargain would create (smp-algorithm.md §5.3):
 * the mean over all actors' positions after the bargain of a's utility, only the
 * bargain's two actors moved: `(0 + posU_a(bI) + posU_a(bR) + Σ_{n ≠ I,R} U[a][a][n]) / N`
 * in that order, with `posU_a(x) = bsU(dist_a(x), R_a)` (§2.7; R_a, not r_aa, §8.2).
 * Writes voter a's value of bargain m to `out[m*N + a]`.
 *
 * Each sum runs n ascending as the spec says; four bargains are summed side by side
 * (independent chains, so the processor overlaps them), skipping a bargain's own two
 * actors by adding +0, which leaves a sum unchanged.
 */
export function bargainValues(
  ctx: SmpContext,
  st: SmpState,
  selfU: Float64Array,
  bargains: Bargain[],
  out: Float64Array,
): void {
  const { N, D, salience } = ctx;
  const { ideal, R } = st;
  const B = bargains.length;
  const posU = (a: number, x: Float64Array): number =>
    bsU(weightedDistance(ideal, a * D, salience, a * D, x, 0, D), R[a]);
  for (let a = 0; a < N; a++) {
    const ao = a * N;
    for (let m = 0; m < B; m += 4) {
      const b0 = bargains[m];
      const b1 = bargains[Math.min(m + 1, B - 1)];
      const b2 = bargains[Math.min(m + 2, B - 1)];
      const b3 = bargains[Math.min(m + 3, B - 1)];
      const i0 = b0.initiator,
        r0 = b0.receiver,
        i1 = b1.initiator,
        r1 = b1.receiver;
      const i2 = b2.initiator,
        r2 = b2.receiver,
        i3 = b3.initiator,
        r3 = b3.receiver;
      let s0 = 0 + posU(a, b0.initiatorPosition) + posU(a, b0.receiverPosition);
      let s1 = 0 + posU(a, b1.initiatorPosition) + posU(a, b1.receiverPosition);
      let s2 = 0 + posU(a, b2.initiatorPosition) + posU(a, b2.receiverPosition);
      let s3 = 0 + posU(a, b3.initiatorPosition) + posU(a, b3.receiverPosition);
      for (let n = 0; n < N; n++) {
        const x = selfU[ao + n];
        s0 += n === i0 || n === r0 ? 0 : x;
        s1 += n === i1 || n === r1 ? 0 : x;
        s2 += n === i2 || n === r2 ? 0 : x;
        s3 += n === i3 || n === r3 ? 0 : x;
      }
      out[m * N + a] = s0 / N;
      if (m + 1 < B) out[(m + 1) * N + a] = s1 / N;
      if (m + 2 < B) out[(m + 2) * N + a] = s2 / N;
      if (m + 3 < B) out[(m + 3) * N + a] = s3 / N;
    }
  }
}
