/**
 * The exchange model's options (exchange-model.md §1, §6, §7): the REX parameter `p`
 * (0 = equal gain), the number of rounds (10, as the program's command line), the
 * seed of the MT19937 stream that breaks ties and draws REX's splits, and which
 * outcome is the forecast.
 */
import { z } from "zod";

const DECIMAL_TEXT = /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/;

export const ExchangeOptions = z
  .object({
    p: z
      .union([
        z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
        z.string().regex(DECIMAL_TEXT, "must be a decimal between 0 and 1"),
      ])
      .default(0)
      .describe(
        "REX (randomized equal gain, Dijkstra et al. 2018): each exchange's split of the gain is " +
          "perturbed at random by up to p; 0 (default) is the equal-gain model.",
      ),
    rounds: z
      .number()
      .int()
      .min(1, "must be at least 1")
      .max(1000, "must be at most 1000")
      .default(10)
      .describe("Rounds of exchange (no convergence test, as the program; default 10)."),
    seed: z
      .union([
        z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        z.string().regex(/^\d{1,40}$/, "must be the decimal digits of a non-negative integer"),
      ])
      .default(1)
      .describe(
        "Seed of the Mersenne Twister that breaks exact ties (and draws REX's splits), seeded as " +
          "Python's random.seed(seed): the reference runs replay with their seed.",
      ),
    arithmetic: z
      .enum(["decimal", "double"])
      .default("decimal")
      .describe(
        "decimal (default): 28-digit decimals, half-even, as decide-exchange-model; reproduces its runs exactly. " +
          "double: IEEE doubles, five to ten times faster, but does NOT reproduce the reference runs beyond round 1's " +
          "candidates and small tie-free cases (the model's discrete choices are chaotic, exchange-model.md §2, §9).",
      ),
    forecast: z
      .enum(["voting", "preference"])
      .default("voting")
      .describe(
        "voting (default): the outcome of the last round's voting positions; preference: the outcome " +
          "of the positions after the last round's preference update.",
      ),
    trace: z
      .enum(["full", "summary"])
      .default("full")
      .describe(
        "full (default): the run's trace holds every round's groups, exchanges, draws and round 1's " +
          "candidates; summary: outcomes and realized exchanges only.",
      ),
  })
  .strict();
export type ExchangeOptions = z.infer<typeof ExchangeOptions>;
