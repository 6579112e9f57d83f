/**
 * The one interface every model implements: a pure function from a compiled
 * scenario and named options to a run (per-issue forecasts and, for dynamic models,
 * every round's positions and the moves with their reasons). Models never print,
 * read files or know about the CLI, the server or the database.
 */
import type { z } from "zod";
import type { CompiledScenario } from "../scenario/compile.js";

/** One actor's move in a round of a dynamic model, with the reason for it. */
export interface Move {
  /** The actor who moves. */
  actor: string;
  /** The kind of move in the model's own terms (e.g. `compromise`). */
  type: string;
  /** The actor whose position or offer caused the move. */
  with: string;
  /** The actor's new position. */
  position: number;
  /** Model-specific figures behind the move (expected utilities, probabilities). */
  [detail: string]: unknown;
}

/** One round of a dynamic one-issue model. */
export interface Round {
  round: number;
  /** Positions after the round, aligned with `IssueRun.actors`. */
  positions: number[];
  /** The model's forecast after this round. */
  forecast: number;
  moves: Move[];
  /** Model-specific per-round figures (e.g. risk exponents, the weighted mean). */
  [detail: string]: unknown;
}

export interface IssueRun {
  issue: string;
  /** The forecast on the issue's scale, or null where the model cannot say (with a note). */
  forecast: number | null;
  /** Why there is no forecast, or a caveat. */
  note?: string;
  /** Actors taking part, in scenario order (dynamic models). */
  actors?: string[];
  /** Positions before the first round, aligned with `actors`. */
  initial?: number[];
  rounds?: Round[];
  /** Model-specific figures for the issue. */
  [detail: string]: unknown;
}

export interface ModelRun {
  model: string;
  options: Record<string, unknown>;
  issues: IssueRun[];
  /** Caveats about the whole run (not one issue). */
  notes?: string[];
  /** Model-specific trace for models that work on all issues at once. */
  trace?: unknown;
}

export interface Model<Options extends object = Record<string, unknown>> {
  /** Registry id, used on the command line (`--model ID`). */
  id: string;
  name: string;
  /** One sentence: the rule. */
  summary: string;
  /** Where the rule comes from. */
  reference: string;
  /** True for models that move actors over rounds. */
  dynamic: boolean;
  /** Parses and defaults the model's options; errors name the option. */
  options: z.ZodType<Options>;
  run(scenario: CompiledScenario, options: Options): ModelRun;
}
