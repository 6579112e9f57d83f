/**
 * The named variants of KTAB's Spatial Model of Politics (KAPSARC Toolkit for
 * Behavioral Analysis; Wise et al., KAPSARC 2015–2017), as options.
 *
 * Every KTAB `ModelParameters` element (smp-algorithm.md §9, smpSchema.xsd) is an
 * option under a readable name; the defaults are the ones `smpc --csv` runs with
 * (smp-algorithm.md preamble): Linear victory probabilities, Proportional voting,
 * Conditional PCE, deterministic transitions, BigRRange Mid, BigRAdjust OneThird,
 * SemiCommit, S2P2 bargains, InitOnlyInterp. The stop rule (smp-algorithm.md §6) and
 * how much is recorded (`trace`, `winProbabilities`) are options too.
 */
import { z } from "zod";

export const VICTORY_PROB_MODELS = ["linear", "square", "quartic", "octic", "binary"] as const;
export const PCE_MODELS = ["conditional", "markov-uniform", "markov-incentive"] as const;
export const VOTING_RULES = [
  "prop",
  "binary",
  "prop-bin",
  "prop-cbc",
  "cubic",
  "asym-prosp",
] as const;
export const BIG_R_RANGES = ["min", "mid", "max"] as const;
export const BIG_R_ADJUSTS = ["none", "half", "one-third", "two-thirds", "full"] as const;
export const THIRD_PARTY_COMMITS = ["full", "semi", "none"] as const;
export const INTER_VEC_BARGAINS = ["s1p1", "s2p2", "s2pmax"] as const;
export const BARGAIN_MODELS = ["init-only", "init-rcvr", "pw-comp"] as const;
export const STATE_TRANSITIONS = ["deterministic", "stochastic"] as const;

export type VictoryProbModel = (typeof VICTORY_PROB_MODELS)[number];
export type PceModel = (typeof PCE_MODELS)[number];
export type VotingRule = (typeof VOTING_RULES)[number];
export type BigRRange = (typeof BIG_R_RANGES)[number];
export type BigRAdjust = (typeof BIG_R_ADJUSTS)[number];
export type ThirdPartyCommit = (typeof THIRD_PARTY_COMMITS)[number];
export type InterVecBargain = (typeof INTER_VEC_BARGAINS)[number];
export type BargainModel = (typeof BARGAIN_MODELS)[number];
export type StateTransitions = (typeof STATE_TRANSITIONS)[number];

/** A PRNG seed: a non-negative integer, or its decimal digits (KTAB's 64-bit seeds). */
export const SmpSeed = z.union([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^\d{1,20}$/, "must be the decimal digits of a non-negative integer"),
]);
export type SmpSeed = z.infer<typeof SmpSeed>;

/**
 * SMP's options: KTAB's `ModelParameters` (smp-algorithm.md §9) under readable names,
 * KTAB's defaults, the stop rule (§6) and what the trace records.
 */
export const SmpOptions = z
  .object({
    victoryProb: z
      .enum(VICTORY_PROB_MODELS)
      .default("linear")
      .describe(
        "KTAB VictoryProbModel (smp-algorithm.md §0, §9): P(a>b) = x_a/(x_a+x_b) with x = coalition " +
          "strength to the power 1 (linear), 2, 4 or 8; binary: a 10% edge wins outright.",
      ),
    pce: z
      .enum(PCE_MODELS)
      .default("conditional")
      .describe(
        "KTAB PCEModel (§0, §9): conditional p_a ∝ Π_b P(a>b); markov-uniform and markov-incentive " +
          "are the stationary distributions of challenge chains.",
      ),
    votingRule: z
      .enum(VOTING_RULES)
      .default("prop")
      .describe(
        "KTAB VotingRule (§0, §9): how a utility difference becomes a vote, weight × f(Δu).",
      ),
    bigRRange: z
      .enum(BIG_R_RANGES)
      .default("mid")
      .describe(
        "KTAB BigRRange (§2.4, §9): risk attitudes on [0,1] (min), [-0.5,1] (mid) or [-1,1] (max).",
      ),
    bigRAdjust: z
      .enum(BIG_R_ADJUSTS)
      .default("one-third")
      .describe(
        "KTAB BigRAdjust (§2.5, §9): how h estimates i's risk attitude: R_h (none), (R_h+R_i)/2, " +
          "(2R_h+R_i)/3 (one-third), (R_h+2R_i)/3, R_i (full).",
      ),
    thirdPartyCommit: z
      .enum(THIRD_PARTY_COMMITS)
      .default("semi")
      .describe(
        "KTAB ThirdPartyCommit (§4.4, §9): the payoffs a third party weighs before joining.",
      ),
    interVecBrgn: z
      .enum(INTER_VEC_BARGAINS)
      .default("s2p2")
      .describe(
        "KTAB InterVecBrgn (§5.1, §9): weights of the bargain interpolation, s²p² by default.",
      ),
    bargainModel: z
      .enum(BARGAIN_MODELS)
      .default("init-only")
      .describe(
        "KTAB BargnModel (§5.1, §9): the initiator's view only (init-only), both views (init-rcvr), " +
          "or their power-weighted compromise (pw-comp).",
      ),
    quirks: z
      .enum(["ktab", "fixed"])
      .default("ktab")
      .describe(
        "ktab: keep KTAB's coded behaviour (smp-algorithm.md §8.2, §9): init-rcvr/pw-comp interpolate the " +
          "receiver's view with dU instead of phi, pw-comp weighs the receiver's view with the initiator's " +
          "capability, and moved actors are valued with R_a but unmoved ones with r_aa. fixed: phi, " +
          "cap_j·S_j, and R_a throughout.",
      ),
    stateTransitions: z
      .enum(STATE_TRANSITIONS)
      .default("deterministic")
      .describe(
        "KTAB StateTransitions (§5.4, §9): each actor takes the most probable bargain of its queue, " +
          "or draws one with the seeded PRNG (KTAB's own PRNG and thread order cannot be matched).",
      ),
    seed: SmpSeed.default(0).describe("Seed of the PRNG for stochastic transitions."),
    maxTurns: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe("Stop after this many turns (§6)."),
    minRatio: z
      .number()
      .min(0)
      .default(0.02)
      .describe(
        "Stop when a turn moves the actors less than this fraction of the first turn's movement (§6).",
      ),
    trace: z
      .enum(["positions", "full"])
      .default("positions")
      .describe(
        "positions: record only each state's positions (explanations cost nothing); full: also every " +
          "actor's target, dU and phi, every bargain, every queue's probabilities and choice, risk attitudes " +
          "and win probabilities.",
      ),
    winProbabilities: z
      .boolean()
      .default(false)
      .describe("Record each state's win probabilities (§7) even when trace is 'positions'."),
  })
  .strict();

/** Resolved options (every field present). */
export type SmpOptions = z.infer<typeof SmpOptions>;
/** Options as a caller may write them (every field optional). */
export type SmpOptionsInput = z.input<typeof SmpOptions>;

/** KTAB's defaults (smp-algorithm.md preamble). */
export const DEFAULT_SMP_OPTIONS: SmpOptions = SmpOptions.parse({});
