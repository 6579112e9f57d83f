/**
 * The scenario: the one data model every part of entente speaks.
 *
 * A scenario is a stakeholder table in the sense of Bueno de Mesquita (1994) and
 * Thomson et al. (2006): actors with a capability, issues on a numeric scale with an
 * optional reference point (status quo), and stances (position and salience of an
 * actor on an issue). This zod schema is the single definition: the TypeScript types
 * are inferred from it, validation runs it, and `schema/scenario.schema.json` (for
 * editors) is generated from it by `npm run schema`.
 *
 * Conventions:
 * - positions are on the issue's own scale `[scale.low, scale.high]`;
 * - salience is on 0–100 (how much the issue matters to the actor; models read it as
 *   a share in [0, 1]);
 * - capability is a non-negative number on any scale (only ratios matter); a stance may
 *   carry its own (the actor's capability on that issue, Stokman & Van Oosten 1994's
 *   per-issue power `c[k][a]`), on the same scale as the actors'.
 */
import { z } from "zod";
import { DecisionRule } from "./rules.js";
import {
  CapabilityUncertainty,
  ScenarioUncertainty,
  StanceUncertainty,
  WhatIf,
} from "./uncertainty.js";

/** Identifiers: short, stable, used on the command line and in files. */
export const Id = z
  .string()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "must start with a letter or digit and hold only letters, digits, '-', '_' and '.'",
  );

/** zod 4 numbers are finite: NaN and ±Infinity are rejected (see validate.ts for the message). */
const FiniteNumber = z.number();

export const Source = z
  .object({
    title: z.string().min(1),
    url: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

export const Metadata = z
  .object({
    title: z.string().min(1, "must not be empty"),
    description: z.string().optional(),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
      .optional()
      .describe("The date of the knowledge the scenario encodes (YYYY-MM-DD)."),
    sources: z.array(z.union([z.string().min(1), Source])).optional(),
    notes: z.string().optional().describe("How capabilities and saliences were set, caveats."),
  })
  .strict();

export const Actor = z
  .object({
    id: Id,
    name: z.string().min(1, "must not be empty"),
    capability: z
      .number()
      .min(0, "must not be negative")
      .describe("Relative ability to sway outcomes (any non-negative scale; only ratios matter)."),
    description: z.string().optional(),
    capabilityUncertainty: CapabilityUncertainty.optional(),
  })
  .strict();

export const Anchor = z
  .object({
    value: FiniteNumber,
    label: z.string().min(1, "must not be empty"),
  })
  .strict();

export const Issue = z
  .object({
    id: Id,
    name: z.string().min(1, "must not be empty"),
    description: z.string().optional(),
    scale: z
      .object({ low: FiniteNumber, high: FiniteNumber })
      .strict()
      .superRefine((s, ctx) => {
        if (s.high > s.low) return;
        ctx.addIssue({
          code: "custom",
          message:
            s.high === s.low
              ? `scale.low and scale.high are both ${s.low}: a scale needs two different ends`
              : `scale.low (${s.low}) is above scale.high (${s.high}): entente reads scales from low to high; ` +
                `write low: ${s.high}, high: ${s.low} and each position, reference point and anchor as ` +
                `${s.low + s.high} − value (the anchors' labels keep the meaning)`,
        });
      }),
    anchors: z.array(Anchor).optional().describe("Labelled points of the scale."),
    referencePoint: FiniteNumber.optional().describe("The status quo on the issue's scale."),
    rule: DecisionRule.optional().describe(
      "How the issue is decided (overrides the scenario's defaultRule).",
    ),
  })
  .strict();

export const Stance = z
  .object({
    actor: Id,
    issue: Id,
    position: FiniteNumber.describe("On the issue's scale."),
    salience: z
      .number()
      .min(0, "must be between 0 and 100")
      .max(100, "must be between 0 and 100")
      .describe("How much the issue matters to the actor, 0–100."),
    capability: z
      .number()
      .min(0, "must not be negative")
      .optional()
      .describe(
        "This actor's capability on this issue, when it differs from the actor's (same scale as the actors' capabilities).",
      ),
    rationale: z.string().optional().describe("One line: why this position and salience."),
    uncertainty: StanceUncertainty.optional(),
  })
  .strict();

export const Scenario = z
  .object({
    $schema: z.string().optional(),
    entente: z
      .literal(1, {
        error: (issue) =>
          issue.input === undefined
            ? "is required: start the file with 'entente: 1' (the scenario format's version)"
            : `must be 1, the only version of the scenario format (found ${JSON.stringify(issue.input)})`,
      })
      .describe("Scenario format version."),
    metadata: Metadata,
    actors: z.array(Actor).min(1, "a scenario needs at least one actor"),
    issues: z.array(Issue).min(1, "a scenario needs at least one issue"),
    stances: z.array(Stance).min(1, "a scenario needs at least one stance"),
    defaultRule: DecisionRule.optional().describe("The decision rule of issues that state none."),
    uncertainty: ScenarioUncertainty.optional(),
    whatIfs: z.array(WhatIf).optional().describe("Named changes to compare against the scenario."),
  })
  .strict();

export type Scenario = z.infer<typeof Scenario>;
export type Actor = z.infer<typeof Actor>;
export type Issue = z.infer<typeof Issue>;
export type Stance = z.infer<typeof Stance>;
export type Metadata = z.infer<typeof Metadata>;
export type Anchor = z.infer<typeof Anchor>;
