/**
 * What stays fixed during a run of KTAB's Spatial Model of Politics (Wise et al.,
 * KAPSARC): sizes, capabilities, saliences, the salience sums `S_i` and the challenge
 * weights `S_i·cap_i` (smp-algorithm.md §0, §4.2), and the options as integer codes.
 */
import type { SmpOptions } from "./options.js";
import {
  PceWorkspace,
  pceCode,
  victoryProbCode,
  votingRuleCode,
  type PceConfig,
} from "./primitives.js";

export const RANGE_MIN = 0;
export const RANGE_MID = 1;
export const RANGE_MAX = 2;

export const ADJUST_NONE = 0;
export const ADJUST_HALF = 1;
export const ADJUST_ONE_THIRD = 2;
export const ADJUST_TWO_THIRDS = 3;
export const ADJUST_FULL = 4;

export const COMMIT_FULL = 0;
export const COMMIT_SEMI = 1;
export const COMMIT_NONE = 2;

export const BARGAIN_S1P1 = 0;
export const BARGAIN_S2P2 = 1;
export const BARGAIN_S2PMAX = 2;

export const MODEL_INIT_ONLY = 0;
export const MODEL_INIT_RCVR = 1;
export const MODEL_PW_COMP = 2;

/** The fixed numbers of a run and the options as codes (smp-algorithm.md §0). */
export interface SmpContext {
  /** Number of actors. */
  N: number;
  /** Number of dimensions. */
  D: number;
  /** Capability `cap_i` (KTAB's "power"), unscaled. */
  capability: Float64Array;
  /** Salience `[i*D + d]` on the internal [0, 1] scale. */
  salience: Float64Array;
  /** `S_i = Σ_d s_id`, summed d ascending (§0). */
  salienceSum: Float64Array;
  /** Challenge weights `S_i·cap_i` (§4.2). */
  challengeWeight: Float64Array;
  pce: PceConfig;
  bigRRange: number;
  bigRAdjust: number;
  thirdPartyCommit: number;
  interVecBrgn: number;
  bargainModel: number;
  /** True for KTAB's coded behaviour (smp-algorithm.md §8.2, §9), false for the fixes. */
  ktabQuirks: boolean;
  /** Scratch buffers for the PCEs. */
  workspace: PceWorkspace;
}

/** Sets up a run's context: salience sums `S_i` (d ascending) and weights `S_i·cap_i` (§0, §4.2). */
export function createContext(
  N: number,
  D: number,
  capability: Float64Array,
  salience: Float64Array,
  options: SmpOptions,
): SmpContext {
  const salienceSum = new Float64Array(N);
  const challengeWeight = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let d = 0; d < D; d++) s += salience[i * D + d];
    salienceSum[i] = s;
    challengeWeight[i] = s * capability[i];
  }
  return {
    N,
    D,
    capability,
    salience,
    salienceSum,
    challengeWeight,
    pce: {
      votingRule: votingRuleCode(options.votingRule),
      victoryProb: victoryProbCode(options.victoryProb),
      pce: pceCode(options.pce),
    },
    bigRRange: ["min", "mid", "max"].indexOf(options.bigRRange),
    bigRAdjust: ["none", "half", "one-third", "two-thirds", "full"].indexOf(options.bigRAdjust),
    thirdPartyCommit: ["full", "semi", "none"].indexOf(options.thirdPartyCommit),
    interVecBrgn: ["s1p1", "s2p2", "s2pmax"].indexOf(options.interVecBrgn),
    bargainModel: ["init-only", "init-rcvr", "pw-comp"].indexOf(options.bargainModel),
    ktabQuirks: options.quirks === "ktab",
    workspace: new PceWorkspace(),
  };
}
