/**
 * The traced run of the expected-utility model: every round's positions, risk
 * exponents, moves with their expected utilities and forecasts, and, where the rounds
 * enter a cycle, its report (period, first round, the forecast over it, who alternates).
 */
import { weightedMean, weightedMedian, weightedMedianTie } from "../weights.js";
import type { CycleAt } from "./cycle.js";
import { cycleTolerance, outcome, play } from "./dynamics.js";
import { workspaceFor } from "./kernel.js";
import type {
  EuTable,
  ExpectedUtilityMove,
  ExpectedUtilityOptions,
  ExpectedUtilityRound,
  OfferKind,
} from "./options.js";

/**
 * A cycle of the rounds as the run reports it: where it starts, its period, the
 * forecast over its last period and what each actor that moves in it does.
 */
export interface ExpectedUtilityCycle {
  /** Rounds per cycle (1: a fixed point, nobody moves any more). */
  period: number;
  /**
   * The first state of the cycle: the positions after this round (0: the initial
   * positions) recur every `period` rounds to the last round.
   */
  firstRound: number;
  /** The rounds of the cycle's last period, T − period + 1 … T. */
  rounds: number[];
  /** The forecast (weighted median) after each of those rounds. */
  forecasts: number[];
  /** The least and greatest of those forecasts. */
  forecastRange: [number, number];
  /** Their mean: the model's forecast when `forecast` is `cycle-mean` and period ≥ 2. */
  meanForecast: number;
  /** The actors whose position changes within the cycle, in input order. */
  alternation: CycleAlternation[];
}

/** What one actor does over a cycle's last period. */
export interface CycleAlternation {
  actor: string;
  /** Its index in the input (names may repeat; the model works by index). */
  index: number;
  /** Its position after each round of the period. */
  positions: number[];
  /** Its move in each round of the period (null where it does not move). */
  moves: ({ type: OfferKind; with: string; withIndex: number; withPosition: number } | null)[];
}

/** The report of a cycle from the traced rounds. */
function describeCycle(
  at: CycleAt,
  rounds: ExpectedUtilityRound[],
  actors: readonly string[],
): ExpectedUtilityCycle {
  const last = rounds.slice(rounds.length - at.period);
  const forecasts = last.map((r) => r.median);
  const alternation: CycleAlternation[] = [];
  actors.forEach((actor, index) => {
    const positions = last.map((r) => r.positions[index]);
    const moves = last.map((r) => {
      const m = (r.moves as ExpectedUtilityMove[]).find((m) => m.actorIndex === index);
      return m === undefined
        ? null
        : { type: m.type, with: m.with, withIndex: m.withIndex, withPosition: m.withPosition };
    });
    // An actor that moves in a cycle comes back: it alternates.
    if (moves.some((m) => m !== null)) alternation.push({ actor, index, positions, moves });
  });
  const sum = forecasts.reduce((a, b) => a + b, 0);
  const min = Math.min(...forecasts);
  const max = Math.max(...forecasts);
  return {
    period: at.period,
    firstRound: at.firstRound,
    rounds: last.map((r) => r.round),
    forecasts,
    forecastRange: [min, max],
    meanForecast: min === max ? forecasts[forecasts.length - 1] : sum / at.period,
    alternation,
  };
}

/** Run the model on one issue's table; returns the full trace. */
export function runExpectedUtility(
  table: EuTable,
  options: ExpectedUtilityOptions,
): {
  positionRange: number;
  initial: number[];
  initialMedian: number;
  initialMean: number;
  /** When the initial weighted median is not unique: the lower and upper median. */
  initialMedianTie?: [number, number];
  rounds: ExpectedUtilityRound[];
  /** The model's forecast: the last round's median, or the mean over a cycle (`outcome`). */
  forecast: number;
  /** The weighted median after the last round. */
  lastRoundForecast: number;
  /** Where the rounds enter a cycle (or settle, period 1), if they do. */
  cycle?: ExpectedUtilityCycle;
} {
  const ws = workspaceFor(table.actors.length, options.maxActors);
  const range = ws.load(table.capability, table.salience, table.position);
  const initial = Array.from(ws.x);
  const initialMedian = weightedMedian(ws.x, ws.w);
  const initialMean = weightedMean(ws.x, ws.w);
  const initialTie = weightedMedianTie(ws.x, ws.w);
  const rounds: ExpectedUtilityRound[] = [];
  play(ws, range, options, rounds, table.actors);
  const result = outcome(ws, options.rounds, cycleTolerance(table.scaleWidth, range), options);
  return {
    positionRange: range,
    initial,
    initialMedian,
    initialMean,
    ...(initialTie !== undefined ? { initialMedianTie: initialTie } : {}),
    rounds,
    forecast: result.forecast,
    lastRoundForecast: result.lastRound,
    ...(result.cycle !== undefined
      ? { cycle: describeCycle(result.cycle, rounds, table.actors) }
      : {}),
  };
}
