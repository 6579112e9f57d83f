/**
 * A KTAB Spatial Model of Politics scenario, format-neutral: what both KTAB's CSV and
 * its XML hold (read by ktab.ts), and what SMP's input is built from
 * (models/smp/input.ts). Types only, so both can use them without importing each other.
 */
import type { SmpOptions } from "../../models/smp/options.js";

/** An actor as KTAB's files give it (0–100 scales). */
export interface KtabActor {
  name: string;
  description: string;
  capability: number;
  /** One per dimension, 0–100. */
  position: number[];
  /** One per dimension, 0–100; they sum to at most 100. */
  salience: number[];
}

/** One pair of KTAB's `IdealAdjustment`: how far `actor`'s ideal moves toward `reference`'s position. */
export interface KtabIdealAdjustment {
  /** Index of the adjusting actor. */
  actor: number;
  /** Index of the actor whose position it adjusts toward. */
  reference: number;
  adjust: number;
}

/** A KTAB SMP scenario, format-neutral: what both the CSV and the XML hold. */
export interface KtabScenario {
  name: string;
  description: string;
  dimensions: string[];
  actors: KtabActor[];
  /** From the XML's `ModelParameters`. */
  parameters?: Partial<SmpOptions>;
  /** The XML's `prngSeed` (decimal digits, up to 64 bits). */
  seed?: string;
  /** The XML's `IdealAdjustment` pairs, when present. */
  idealAdjustment?: KtabIdealAdjustment[];
}
