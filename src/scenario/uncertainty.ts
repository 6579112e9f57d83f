/**
 * Uncertainty about stances and capabilities, and named what-ifs: the inputs of the
 * Monte Carlo, sensitivity and what-if analyses. Placeholder shapes; see issue
 * "How sure, and what if".
 */
import { z } from "zod";

export const StanceUncertainty = z.object({}).strict().describe("How unsure the stance is.");
export const CapabilityUncertainty = z
  .object({})
  .strict()
  .describe("How unsure the capability is.");
export const ScenarioUncertainty = z
  .object({})
  .strict()
  .describe("Scenario-wide uncertainty defaults.");
export const WhatIf = z
  .object({ id: z.string() })
  .strict()
  .describe("A named, declarative change.");
