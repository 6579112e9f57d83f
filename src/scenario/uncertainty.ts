/**
 * How sure the scenario's numbers are, and named what-ifs: the inputs of the Monte
 * Carlo (`entente simulate`), sensitivity (`entente sensitivity`) and what-if
 * (`entente compare`) analyses.
 *
 * A stance's `position` and `salience` and an actor's `capability` stay the point
 * estimates every command runs on; the blocks here only say how far they may be
 * off. Nothing here is required: where a number carries no uncertainty of its own,
 * the scenario-wide noise applies (`uncertainty:` at the top level, or the defaults
 * in `DEFAULT_NOISE`), so a scenario without any uncertainty data still gets a spread.
 *
 * ```yaml
 * uncertainty: { positionNoise: 0.05, salienceNoise: 0.1, capabilityNoise: 0.1 }
 * actors:
 *   - { id: gop-congress, name: …, capability: 85, capabilityUncertainty: { low: 60, high: 100 } }
 * stances:
 *   - actor: trump
 *     issue: us-sanctions
 *     position: 20
 *     salience: 55
 *     uncertainty:
 *       position: { low: 5, high: 40, distribution: triangular }   # mode at the point estimate
 *       salience: { sd: 10 }                                          # normal, clipped to 0–100
 *   - actor: putin
 *     issue: us-sanctions
 *     position: 0
 *     salience: 90
 *     uncertainty:
 *       experts: [{ name: A, position: 0, salience: 95 }, { name: B, position: 10, salience: 80 }]
 *       aggregation: draw   # each draw takes one expert at random
 * ```
 *
 * Distributions (stated in every analysis's output):
 * - a range `{ low, high }` is uniform on it, or triangular with its mode at the point
 *   estimate (`distribution: triangular`);
 * - `{ sd }` is normal around the point estimate;
 * - experts' estimates, by `aggregation`: `draw` takes one expert (at random, equally
 *   likely, or by `weight`) per draw, position and salience together; `mean` is
 *   normal around the experts' mean with their standard deviation; `median` is
 *   triangular from their lowest to their highest estimate with its mode at their
 *   median;
 * - the default noise is normal around the point estimate with standard deviation
 *   `positionNoise` × the issue's scale width for positions and `salienceNoise`
 *   (`capabilityNoise`) × the value for saliences (capabilities).
 * Every drawn value is clipped to where it can lie: positions to the issue's scale,
 * saliences to 0–100, capabilities to 0 and above.
 */
import { z } from "zod";

// The id pattern of schema.ts, repeated because schema.ts imports this module (an
// import back would meet `Id` before it is initialised).
const Id = z
  .string()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "must start with a letter or digit and hold only letters, digits, '-', '_' and '.'",
  );

const FiniteNumber = z.number().refine(Number.isFinite, "must be a finite number (not NaN)");
const NonNegative = FiniteNumber.refine((x) => x >= 0, "must not be negative");

/** The default scenario-wide noise: applies to every number with no uncertainty of its own. */
export const DEFAULT_NOISE = {
  /** Standard deviation of a position, as a share of its issue's scale width. */
  positionNoise: 0.05,
  /** Standard deviation of a salience, as a share of its value. */
  salienceNoise: 0.1,
  /** Standard deviation of a capability, as a share of its value. */
  capabilityNoise: 0.1,
} as const;

/** A range or a standard deviation, on the number's own scale. */
export const Spread = z
  .object({
    low: FiniteNumber.optional().describe("Lowest plausible value."),
    high: FiniteNumber.optional().describe("Highest plausible value."),
    sd: NonNegative.optional().describe(
      "Standard deviation of a normal distribution around the point estimate.",
    ),
    distribution: z
      .enum(["uniform", "triangular", "normal"])
      .optional()
      .describe(
        "For a range: uniform (default) or triangular with its mode at the point estimate. For sd: normal (the only choice).",
      ),
  })
  .strict()
  .superRefine((s, ctx) => {
    const range = s.low !== undefined || s.high !== undefined;
    if (range && s.sd !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["sd"],
        message: "give either a range (low, high) or a standard deviation (sd), not both",
      });
    else if (!range && s.sd === undefined)
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "needs a range (low and high) or a standard deviation (sd)",
      });
    else if (range && (s.low === undefined || s.high === undefined))
      ctx.addIssue({
        code: "custom",
        path: [s.low === undefined ? "low" : "high"],
        message: "a range needs both low and high",
      });
    else if (range && s.low! > s.high!)
      ctx.addIssue({
        code: "custom",
        path: ["high"],
        message: `high (${s.high}) must not be below low (${s.low})`,
      });
    if (range && s.distribution === "normal")
      ctx.addIssue({
        code: "custom",
        path: ["distribution"],
        message: "a range is uniform or triangular; for a normal spread give sd",
      });
    if (s.sd !== undefined && s.distribution !== undefined && s.distribution !== "normal")
      ctx.addIssue({
        code: "custom",
        path: ["distribution"],
        message:
          "a standard deviation means a normal spread; for uniform or triangular give low and high",
      });
  })
  .describe("A range (low, high) or a standard deviation (sd) on the number's own scale.");
export type Spread = z.infer<typeof Spread>;

export const Expert = z
  .object({
    name: z.string().optional().describe("Who made the estimate."),
    position: FiniteNumber.optional().describe(
      "The expert's estimate of the position (issue scale).",
    ),
    salience: FiniteNumber.refine((s) => s >= 0 && s <= 100, "must be between 0 and 100")
      .optional()
      .describe("The expert's estimate of the salience (0–100)."),
    weight: NonNegative.optional().describe(
      "Relative weight of this expert when aggregation is draw (default 1).",
    ),
  })
  .strict()
  .refine(
    (e) => e.position !== undefined || e.salience !== undefined,
    "an expert needs a position or a salience",
  );
export type Expert = z.infer<typeof Expert>;

export const AGGREGATIONS = ["draw", "mean", "median"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const StanceUncertainty = z
  .object({
    position: Spread.optional().describe("Spread of the position, on the issue's scale."),
    salience: Spread.optional().describe("Spread of the salience, on 0–100."),
    experts: z
      .array(Expert)
      .min(2, "give at least two experts' estimates")
      .optional()
      .describe("Several experts' estimates."),
    aggregation: z
      .enum(AGGREGATIONS)
      .optional()
      .describe(
        "How the experts' estimates make a distribution: draw (default) takes one expert per draw; " +
          "mean is normal with the experts' mean and standard deviation; median is triangular from the lowest " +
          "to the highest estimate with its mode at the median.",
      ),
    note: z.string().optional().describe("Where the spread comes from."),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.aggregation !== undefined && u.experts === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["aggregation"],
        message: "aggregation needs experts' estimates (experts:)",
      });
    for (const field of ["position", "salience"] as const) {
      if (u[field] !== undefined && u.experts?.some((e) => e[field] !== undefined))
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `the experts already give the ${field}'s spread; drop either '${field}' or the experts' ${field}s`,
        });
    }
  })
  .describe(
    "How unsure the stance is: ranges, a standard deviation, or several experts' estimates.",
  );
export type StanceUncertainty = z.infer<typeof StanceUncertainty>;

export const CapabilityUncertainty = Spread.describe(
  "How unsure the capability is: a range (low, high) or a standard deviation (sd), on the capability's scale.",
);
export type CapabilityUncertainty = z.infer<typeof CapabilityUncertainty>;

export const ScenarioUncertainty = z
  .object({
    positionNoise: NonNegative.refine((x) => x <= 1, "must be at most 1 (the whole scale)")
      .optional()
      .describe(
        `Standard deviation of positions with no spread of their own, as a share of the scale width (default ${DEFAULT_NOISE.positionNoise}).`,
      ),
    salienceNoise: NonNegative.optional().describe(
      `Standard deviation of saliences with no spread of their own, as a share of the value (default ${DEFAULT_NOISE.salienceNoise}).`,
    ),
    capabilityNoise: NonNegative.optional().describe(
      `Standard deviation of capabilities with no spread of their own, as a share of the value (default ${DEFAULT_NOISE.capabilityNoise}).`,
    ),
    note: z.string().optional().describe("Why these noise levels."),
  })
  .strict()
  .describe(
    "Scenario-wide noise for the numbers that carry no uncertainty of their own; 0 turns it off.",
  );
export type ScenarioUncertainty = z.infer<typeof ScenarioUncertainty>;

// ---------------------------------------------------------------------------------
// What-ifs

export const CHANGE_FIELDS = ["capability", "position", "salience"] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];
const Field = z.enum(CHANGE_FIELDS);

/** Position keywords: the issue's scale ends, or the end nearer the actor's current position. */
export const POSITION_KEYWORDS = ["low", "high", "extreme"] as const;

const SetChange = z
  .object({
    op: z.literal("set"),
    actor: Id,
    issue: Id.optional().describe(
      "For position and salience: one issue (default: every issue the actor has a stance on).",
    ),
    field: Field,
    value: z
      .union([FiniteNumber, z.enum(POSITION_KEYWORDS)])
      .describe(
        "The new value; for positions also low, high (the scale's ends) or extreme (the end nearer the current position).",
      ),
  })
  .strict();

const ScaleChange = z
  .object({
    op: z.literal("scale"),
    actor: Id,
    issue: Id.optional().describe(
      "For position and salience: one issue (default: every issue the actor has a stance on).",
    ),
    field: Field,
    by: NonNegative.describe(
      "Factor. Capability and salience are multiplied by it (salience capped at 100); a position's distance from the " +
        "issue's reference point (the scale's middle when there is none) is multiplied by it, within the scale.",
    ),
  })
  .strict();

const RemoveChange = z
  .object({
    op: z.literal("remove"),
    actor: Id.describe("The actor to remove, with all its stances."),
  })
  .strict();

const MergeChange = z
  .object({
    op: z.literal("merge"),
    actors: z.array(Id).min(2, "merge at least two actors").describe("The actors to merge."),
    into: Id.optional().describe("Id of the merged actor (default: the first actor's id)."),
    name: z
      .string()
      .min(1)
      .optional()
      .describe("Name of the merged actor (default: the names joined with ' + ')."),
  })
  .strict()
  .describe(
    "One actor in place of several: the summed capability; on each issue the power-weighted mean position and the " +
      "salience that keeps the members' summed capability × salience.",
  );

export const Change = z
  .discriminatedUnion("op", [SetChange, ScaleChange, RemoveChange, MergeChange])
  .superRefine((c, ctx) => {
    if ((c.op === "set" || c.op === "scale") && c.field === "capability" && c.issue !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["issue"],
        message: "capability belongs to the actor, not to an issue: drop 'issue'",
      });
    if (c.op === "set" && typeof c.value === "string" && c.field !== "position")
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `'${c.value}' is a position keyword; give ${c.field} a number`,
      });
    if (
      c.op === "set" &&
      typeof c.value === "number" &&
      c.field === "salience" &&
      (c.value < 0 || c.value > 100)
    )
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "a salience must be between 0 and 100",
      });
    if (c.op === "set" && typeof c.value === "number" && c.field === "capability" && c.value < 0)
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "a capability must not be negative",
      });
    if (c.op === "merge" && new Set(c.actors).size !== c.actors.length)
      ctx.addIssue({ code: "custom", path: ["actors"], message: "the same actor is named twice" });
  })
  .describe("One declarative change: set, scale, remove or merge.");
export type Change = z.infer<typeof Change>;

export const WhatIf = z
  .object({
    id: Id,
    name: z.string().min(1).optional().describe("A short title."),
    rationale: z.string().optional().describe("One line: why this change is worth comparing."),
    changes: z.array(Change).min(1, "a what-if needs at least one change"),
  })
  .strict()
  .describe("A named, declarative change to compare against the scenario (entente compare).");
export type WhatIf = z.infer<typeof WhatIf>;
