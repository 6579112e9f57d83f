/**
 * The expected-utility model's rounds over time (models.md §2 step 7): `options.rounds`
 * rounds of the kernel from the initial positions, stopping early once the positions
 * repeat (a fixed point or a 2-cycle), and the forecast from the states of the run,
 * the weighted median after the last round or the mean over a cycle (cycle.ts).
 */
import { weightedMean, weightedMedian, weightedMedianTie } from "../weights.js";
import { findCycle, type CycleAt } from "./cycle.js";
import { playRound, workspaceFor, type Workspace } from "./kernel.js";
import type {
  ExpectedUtilityMove,
  ExpectedUtilityOptions,
  ExpectedUtilityRound,
} from "./options.js";

/** Positions equal as a round sees them (`===`, and the same sign of zero). */
function samePositions(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i] || (a[i] === 0 && 1 / a[i] !== 1 / b[i])) return false;
  return true;
}

/** `{ medianTie }` when the weighted median of `x` is not unique, else nothing. */
export function tieOf(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
): { medianTie?: [number, number] } {
  const tie = weightedMedianTie(x, w);
  return tie === undefined ? {} : { medianTie: tie };
}

/** A round's record again, for a later round that repeats it. */
function repeatRound(round: ExpectedUtilityRound, t: number): ExpectedUtilityRound {
  return {
    round: t,
    positions: round.positions.slice(),
    forecast: round.forecast,
    moves: round.moves.map((m) => ({ ...m })),
    riskExponents: round.riskExponents.slice(),
    median: round.median,
    mean: round.mean,
    ...(round.medianTie !== undefined ? { medianTie: [...round.medianTie] } : {}),
  };
}

/**
 * Plays `options.rounds` rounds from the positions loaded in `ws.x` and returns the
 * final positions (one of the workspace's arrays). With `rounds`, appends every
 * round's record (the trace); without it, records nothing. Either way the states
 * (the initial positions, then those after each round) go to `ws.history`, where
 * `outcome` looks for a cycle.
 *
 * A round is a function of its starting positions alone (the exponents are
 * recomputed from them, step 1), so once the positions after a round equal those
 * before it (a fixed point), or those of one round earlier (a 2-cycle), every later
 * round repeats a round already played: the run stops computing and, when tracing,
 * copies those rounds' records.
 */
export function play(
  ws: Workspace,
  range: number,
  options: ExpectedUtilityOptions,
  rounds: ExpectedUtilityRound[] | undefined,
  actors: readonly string[],
): Float64Array {
  const { n, w, prev, r } = ws;
  const history = ws.historyFor(options.rounds + 1);
  history.set(ws.x, 0);
  const tracing = rounds !== undefined;
  // The round's median enters the utilities only when Q < 1 (and the trace records it).
  const medians = tracing || options.statusQuoProbability < 1;
  let x = ws.x;
  let next = ws.next;
  let median = medians ? weightedMedian(x, w) : Number.NaN;
  let havePrev = false;
  for (let t = 1; t <= options.rounds; t++) {
    const moves: ExpectedUtilityMove[] | undefined = tracing ? [] : undefined;
    playRound(ws, x, next, median, range, options, moves, actors);
    const nextMedian = medians ? weightedMedian(next, w) : Number.NaN;
    if (rounds !== undefined)
      rounds.push({
        round: t,
        positions: Array.from(next),
        forecast: nextMedian,
        moves: moves!,
        riskExponents: Array.from(r),
        median: nextMedian,
        mean: weightedMean(next, w),
        ...tieOf(next, w),
      });
    history.set(next, t * n);
    const remaining = options.rounds - t;
    if (remaining === 0) return next;
    const period = samePositions(next, x) ? 1 : havePrev && samePositions(next, prev) ? 2 : 0;
    if (period > 0) {
      for (let u = t + 1; u <= options.rounds; u++)
        history.copyWithin(u * n, (u - period) * n, (u - period + 1) * n);
      if (rounds !== undefined)
        for (let u = t + 1; u <= options.rounds; u++)
          rounds.push(repeatRound(rounds[u - 1 - period], u));
      // A 2-cycle alternates next, x, next, …: the last state is next when `remaining` is even.
      return period === 1 || remaining % 2 === 0 ? next : x;
    }
    prev.set(x);
    havePrev = true;
    const swap = x;
    x = next;
    next = swap;
    median = nextMedian;
  }
  return x;
}

/**
 * The forecast of a run (models.md §2 step 7, and the choice below for cycles)
 * from the states in `ws.history` after `rounds` rounds: the weighted median after
 * the last round, unless the rounds have entered a cycle of period 2 or more
 * (`findCycle`, states equal within `tolerance`) and `options.forecast` is
 * `cycle-mean`: then the mean of the weighted median over the cycle's last period
 * (rounds T − p + 1 … T), since which of the cycle's states the last round lands
 * on is an accident of T. Where the median is the same in every state of the
 * cycle, that value itself.
 */
export function outcome(
  ws: Workspace,
  rounds: number,
  tolerance: number,
  options: ExpectedUtilityOptions,
): { forecast: number; lastRound: number; cycle: CycleAt | undefined } {
  const { n, w, history } = ws;
  const median = (v: number) => weightedMedian(history.subarray(v * n, (v + 1) * n), w);
  const lastRound = median(rounds);
  const cycle = findCycle(history, rounds + 1, n, tolerance);
  if (cycle === undefined || cycle.period < 2 || options.forecast === "last-round")
    return { forecast: lastRound, lastRound, cycle };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let v = rounds - cycle.period + 1; v <= rounds; v++) {
    const m = median(v);
    sum += m;
    min = Math.min(min, m);
    max = Math.max(max, m);
  }
  return { forecast: min === max ? lastRound : sum / cycle.period, lastRound, cycle };
}

/** States within this share of the scale's width of each other count as one (cycles). */
export const CYCLE_TOLERANCE = 1e-9;

/** The tolerance of `findCycle` for a table: 1e-9 of the scale's width, else of Δ. */
export function cycleTolerance(scaleWidth: number | undefined, range: number): number {
  const width = scaleWidth !== undefined && scaleWidth > 0 ? scaleWidth : range;
  return CYCLE_TOLERANCE * (Number.isFinite(width) ? width : 0);
}

/**
 * The model's forecast alone, for the Monte Carlo and sensitivity analyses: the
 * same number to the last bit as the `forecast` of `runExpectedUtility` (the same
 * rounds, without recording them): the weighted median after `options.rounds`
 * rounds, or the mean over a cycle (`outcome`). `scaleWidth` is the width of the
 * issue's scale (cycle detection; the range of the positions when not given). NaN
 * when no actor has weight (the model's "no forecast").
 */
export function expectedUtilityForecast(
  capability: ArrayLike<number>,
  salience: ArrayLike<number>,
  position: ArrayLike<number>,
  options: ExpectedUtilityOptions,
  scaleWidth?: number,
): number {
  const ws = workspaceFor(position.length, options.maxActors);
  const range = ws.load(capability, salience, position);
  const final = play(ws, range, options, undefined, noActors);
  if (options.forecast === "last-round") return weightedMedian(final, ws.w);
  return outcome(ws, options.rounds, cycleTolerance(scaleWidth, range), options).forecast;
}
const noActors: readonly string[] = [];
