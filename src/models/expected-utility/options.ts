/**
 * The options of the expected-utility model and the records of its runs: one table
 * (an issue), one round, one move.
 */
import { z } from "zod";
import type { Move, Round } from "../types.js";

/** The default limit on actors per issue (the option `maxActors`). */
export const EU_MAX_ACTORS = 3000;

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
    capitulation: z
      .enum(["replication", "paper"])
      .default("replication")
      .describe(
        "replication: no actor ever capitulates (the replication code tests b against |b|, " +
          "never true); paper: the paper's rule, for the textbook variant: capitulation when " +
          "b > 0 > a and b <= |a| (Bueno de Mesquita 1994).",
      ),
    forecast: z
      .enum(["cycle-mean", "last-round"])
      .default("cycle-mean")
      .describe(
        "cycle-mean: when the rounds enter a cycle (period 2 or more), the forecast is the " +
          "mean of the weighted median over the cycle's last period; last-round: the weighted " +
          "median after the last round, cycle or not.",
      ),
    ties: z
      .enum(["input-order", "lower-position"])
      .default("input-order")
      .describe(
        "Which of equally near offers an actor takes: the actor listed first in the input " +
          "(replication code), or the lower position, then the one listed first.",
      ),
    maxActors: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe(
        `The most actors on one issue (default ${EU_MAX_ACTORS}): the model's tables take 44·n² bytes ` +
          "(400 MB at 3000 actors) and its time grows with n² log n per round; raise it on a machine with the memory.",
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
  /**
   * When the weighted median is not unique (`weightedMedianTie`): the lower and upper
   * median. `median` is the lower; the replication code may print either.
   */
  medianTie?: [number, number];
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
  /** The indices of the mover and the other actor in the input (names may repeat). */
  actorIndex: number;
  withIndex: number;
}

/** Inputs of one issue for the model: capability, salience in [0, 1], position. */
export interface EuTable {
  actors: string[];
  capability: ArrayLike<number>;
  salience: ArrayLike<number>;
  position: ArrayLike<number>;
  /**
   * Width of the scale: states of the rounds within 1e-9 of it count as equal
   * when looking for a cycle. The range of the initial positions when not given.
   */
  scaleWidth?: number;
}
