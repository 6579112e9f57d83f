/**
 * Bueno de Mesquita's expected-utility model of bargaining (Bueno de Mesquita 1994,
 * "Political forecasting: an expected utility method", in European Community
 * Decision Making; restated and replicated by Scholz, Calbert & Smith 2011,
 * "Unravelling Bueno De Mesquita's group decision model", J. Theoretical Politics
 * 23(4)). The rules and their numbering follow models.md §2.
 *
 * One issue at a time, rounds t = 1..T. Each round every actor weighs challenging
 * every other; offers of confrontation, compromise or capitulation follow from the
 * signs and sizes of the two expected utilities; all actors move at once; the
 * forecast is the weighted median of the new positions.
 *
 * The default variant reproduces the public replication code
 * (jmckib/bdm-scholz-expected-utility-model) with its quirks (models.md §2,
 * "Replication-code quirks"): nobody ever capitulates (the code tests b against |b|;
 * `capitulation: "paper"` gives the paper's b <= |a|); among equally good offers of
 * the kind taken the actor listed first wins (`ties: "lower-position"` takes the
 * lower position, independent of the order); actors are worked by index, so
 * repeated names are distinct actors. Where the code's median (a tournament over
 * the distinct positions in a Python set's order) is not determined, because the
 * weighted median ties exactly, the round records the tie (`medianTie`).
 *
 * The reported forecast, a documented choice: the rounds often enter a cycle (a
 * state of all positions that recurs, within 1e-9 of the scale's width;
 * expected-utility/cycle.ts), and then which state the last round lands on is an
 * accident of T. When the cycle has a period of 2 or more, the model reports the
 * mean of the weighted median over the cycle's last period (rounds T − p + 1 … T);
 * the last round's median stays in `lastRoundForecast` (and in the run's note when
 * they differ), and `forecast: "last-round"` reports it instead. The run records the
 * cycle (`cycle`: period, first round, the forecast's range over it, who alternates).
 *
 * One implementation serves two uses: `runExpectedUtility` records every round (the
 * trace: positions, exponents, moves with their expected utilities, forecasts), and
 * `expectedUtilityForecast` gives the final forecast alone, thousands of times, for
 * the Monte Carlo and sensitivity analyses. Both play the same rounds (`playRound`);
 * recording is switched by whether a list of moves is passed, so the forecast-only
 * path allocates no move or round objects, and its number is the traced run's final
 * median to the last bit.
 *
 * The rounds are played in expected-utility/: kernel.ts (one round: steps 1–6, and the
 * speed-ups that leave every bit of the results as the rules give them), dynamics.ts
 * (the rounds over time, fixed points and cycles, the forecast alone) and trace.ts (the
 * recorded run and its cycle report); options.ts holds the options and record types.
 */
import type { CompiledIssue } from "../scenario/compile.js";
import type { IssueRun, Model } from "./types.js";
import { runPerIssue } from "./per-issue.js";
import { ExpectedUtilityOptions } from "./expected-utility/options.js";
import { runExpectedUtility } from "./expected-utility/trace.js";

export {
  EU_MAX_ACTORS,
  ExpectedUtilityOptions,
  type EuTable,
  type ExpectedUtilityMove,
  type ExpectedUtilityRound,
  type OfferKind,
} from "./expected-utility/options.js";
export { challengeExpectations, challengeUtility } from "./expected-utility/kernel.js";
export { CYCLE_TOLERANCE, expectedUtilityForecast } from "./expected-utility/dynamics.js";
export {
  runExpectedUtility,
  type CycleAlternation,
  type ExpectedUtilityCycle,
} from "./expected-utility/trace.js";

/** The model for the registry: runs every issue on its own. */
export const expectedUtilityModel: Model<ExpectedUtilityOptions> = {
  id: "expected-utility",
  name: "Expected utility (Bueno de Mesquita)",
  summary:
    "Actors challenge, compromise with or give in to each other over rounds according to expected utilities; the forecast is the final weighted median (the mean over a cycle when the rounds cycle).",
  reference:
    "Bueno de Mesquita (1994) in European Community Decision Making; Scholz, Calbert & Smith (2011), J. Theoretical Politics 23(4)",
  dynamic: true,
  options: ExpectedUtilityOptions,
  run: (scenario, options) =>
    runPerIssue("expected-utility", options, scenario, (issue: CompiledIssue): IssueRun => {
      const trace = runExpectedUtility(
        {
          actors: issue.actorIds,
          capability: issue.capability,
          salience: issue.salience,
          position: issue.position,
          scaleWidth: issue.scale.high - issue.scale.low,
        },
        options,
      );
      const last = trace.rounds[trace.rounds.length - 1];
      const forecast = trace.forecast;
      if (!Number.isFinite(forecast))
        return {
          issue: issue.id,
          forecast: null,
          note: "every actor on this issue has zero capability or zero salience, so no actor has weight",
        };
      const tie = last.medianTie;
      const notes = [
        issue.actorIds.length === 1
          ? "a single actor: its position is the outcome"
          : cycleNote(trace),
        tie === undefined
          ? undefined
          : `after round ${last.round} the weighted median is not unique (anywhere from ` +
            `${tie[0].toFixed(1)} to ${tie[1].toFixed(1)} splits the weight in half); reported is the lower`,
      ].filter((n) => n !== undefined);
      const note = notes.length > 0 ? notes.join("; ") : undefined;
      return {
        issue: issue.id,
        forecast,
        lastRoundForecast: trace.lastRoundForecast,
        mean: last.mean,
        actors: issue.actorIds,
        initial: trace.initial,
        initialForecast: trace.initialMedian,
        initialMean: trace.initialMean,
        ...(trace.initialMedianTie !== undefined
          ? { initialMedianTie: trace.initialMedianTie }
          : {}),
        positionRange: trace.positionRange,
        rounds: trace.rounds,
        ...(trace.cycle !== undefined ? { cycle: trace.cycle } : {}),
        ...(note !== undefined ? { note } : {}),
      };
    }),
};

/**
 * The run's note when the forecast is the mean over a cycle and differs from the
 * last round's value, which it names.
 */
function cycleNote(trace: ReturnType<typeof runExpectedUtility>): string | undefined {
  const cycle = trace.cycle;
  if (cycle === undefined || trace.forecast === trace.lastRoundForecast) return undefined;
  const [lo, hi] = cycle.forecastRange.map((v) => v.toFixed(1));
  const t = trace.rounds.length;
  return (
    `the rounds cycle with period ${cycle.period} from round ${cycle.firstRound + 1}, the forecast ` +
    `swinging between ${lo} and ${hi}; reported is its mean over the cycle; round ${t} alone gives ` +
    `${trace.lastRoundForecast.toFixed(1)}`
  );
}
