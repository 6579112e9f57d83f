/**
 * Chunks: the units of work every long analysis is split into, and `executeChunk`,
 * the one function that computes any of them. A chunk is plain data (JSON-safe, so
 * it can cross to a worker thread or through a queue) and its result is a pure
 * function of it: the scenario snapshot, the options and the chunk's range. Where a
 * chunk runs (this thread, a worker thread, another machine) cannot change what it
 * returns, and analyses merge the results by index, so their output is the same
 * whatever the back end or the number of threads.
 *
 * Kinds:
 * - `range`: indices [start, end) of a Monte Carlo, Sobol', point or swings job
 *   (src/analysis/montecarlo-core.ts); the job travels as JSON text (`spec`), parsed
 *   once per thread and cached by its id, so a big scenario is not cloned per chunk.
 * - `models`: a plain run of models on a scenario (src/run.ts); the result comes back
 *   as JSON text of the model runs, which the caller stores without re-parsing. With
 *   `headline`, the headline of those runs (src/analysis/headline.ts) comes with it;
 *   with `whatIfs`, the scenario's what-ifs compared with those runs
 *   (src/analysis/whatif.ts).
 * - `diff`: the differences between two stored results (for `rerun`).
 * - `advise`: whom a client should persuade (src/analysis/advise.ts); the advice comes
 *   back as JSON text.
 * - `parse`: a file read into a scenario (the server's import), or its located
 *   problems (an InputError does not survive the trip between threads). The file
 *   travels as text, or as base64 for a binary file (an .xlsx workbook; a CSV with
 *   a byte-order mark), read through the bytes path (`parseInputBytes`); that one
 *   is asynchronous, so `executeChunk` returns a promise for it.
 * - `backtest`: one model under one capability option on every scored issue of a DEU
 *   backtest (src/analysis/backtest.ts); the issues travel as JSON text (`spec`),
 *   prepared once per thread and cached by its id, like a range chunk's job.
 */
import { PreparedJob, type JobSpec } from "../analysis/montecarlo-core.js";
import type { RangeChunk } from "./range-chunk.js";

export type { RangeChunk } from "./range-chunk.js";
import { runScenario } from "../run.js";
import type { Scenario } from "../scenario/schema.js";
import type { ModelRun } from "../models/types.js";
import { diffResults, type ResultDiff } from "./diff.js";
import { advise, type AdviseOptions } from "../analysis/advise.js";
import { parseInput, parseInputBytes, type ReadOptions } from "../scenario/formats.js";
import { InputError, type Problem } from "../scenario/problems.js";
import { computeHeadline } from "../analysis/headline.js";
import { compareWhatIfs } from "../analysis/whatif.js";
import {
  BacktestWork,
  type BacktestForecasts,
  type BacktestTask,
  type BacktestWorkSpec,
} from "../analysis/backtest.js";

export interface ModelsChunk {
  type: "models";
  /** The scenario as JSON text. */
  scenario: string;
  models: string[];
  options: Record<string, Record<string, unknown>>;
  /**
   * Issues with more actors than this keep each round's positions and figures but not
   * its moves (`movesOmitted` says how many there were): the moves of 2,000 actors over
   * ten rounds are megabytes no view can show. Default: keep every move.
   */
  maxMoveActors?: number;
  /** Also compute the headline of the runs, with this many input draws and this seed. */
  headline?: { draws: number; seed: number };
  /** Also compare the scenario's what-ifs with it under the same models (the runs made here are the baseline). */
  whatIfs?: boolean;
}

export interface DiffChunk {
  type: "diff";
  /** The stored result as JSON text. */
  original: string;
  /** The new result as JSON text. */
  rerun: string;
  /** Paths (dotted, `[]` for any index) left out of the comparison. */
  ignore?: string[];
  /**
   * Top-level keys left out when the stored result lacks them: parts added to stored
   * runs later (the headline), which a re-run of an older run computes anew.
   */
  newer?: string[];
}

export interface AdviseChunk {
  type: "advise";
  /** The scenario as JSON text. */
  scenario: string;
  options: AdviseOptions;
}

export interface AdviceResult {
  /** The advice (Advice) as JSON text. */
  advice: string;
}

export interface ParseChunk {
  type: "parse";
  /** The file's text; or */
  text?: string;
  /** its bytes in base64 (exactly one of the two). */
  base64?: string;
  fileName: string;
  options: ReadOptions;
}

export interface ParseResult {
  /** The scenario as JSON text, when the file reads. */
  scenario?: string;
  /** What the reader decided or noticed (salience scale, ignored columns, …), when it reads. */
  notes?: string[];
  /** Its problems, when it does not. */
  problems?: Problem[];
}

export interface BacktestChunk extends BacktestTask {
  type: "backtest";
  /** The backtest's id (unique per run; the cache key). */
  id: string;
  /** The backtest's work (BacktestWorkSpec: scored issues, settings) as JSON text. */
  spec: string;
}

export type Chunk = RangeChunk | ModelsChunk | DiffChunk | AdviseChunk | ParseChunk | BacktestChunk;

/**
 * A chunk written in place, checked against the kinds above (the runner and the back
 * ends take any `ChunkLike`, so the check happens here).
 */
export function asChunk(chunk: Chunk): Chunk {
  return chunk;
}

export interface ModelsResult {
  /** The model runs (ModelRun[]) as JSON text. */
  runs: string;
  entente: string;
  /** The headline ({ statement, issues }) as JSON text, when asked for and computable. */
  headline?: string;
  /** Why there is no headline, when it was asked for but could not be computed. */
  headlineError?: string;
  /** The what-if comparison (Comparison) as JSON text, when asked for and the scenario has what-ifs. */
  whatIfs?: string;
  /** Why the what-ifs could not be compared (a change that does not fit the scenario). */
  whatIfsError?: string;
}

const prepared = new Map<string, PreparedJob>();

/** The prepared job of a range chunk, built once per thread (the last few are kept). */
function preparedJob(chunk: RangeChunk): PreparedJob {
  let job = prepared.get(chunk.id);
  if (!job) {
    job = new PreparedJob(JSON.parse(chunk.spec) as JobSpec);
    prepared.set(chunk.id, job);
    while (prepared.size > 4) prepared.delete(prepared.keys().next().value!);
  }
  return job;
}

const backtests = new Map<string, BacktestWork>();

/** The work of a backtest chunk, prepared once per thread (the last two are kept). */
function backtestWork(chunk: BacktestChunk): BacktestWork {
  let work = backtests.get(chunk.id);
  if (!work) {
    work = new BacktestWork(JSON.parse(chunk.spec) as BacktestWorkSpec);
    backtests.set(chunk.id, work);
    while (backtests.size > 2) backtests.delete(backtests.keys().next().value!);
  }
  return work;
}

/** Computes one chunk. Throws on bad data (the caller fails the analysis with the message). */
export function executeChunk(
  chunk: Chunk,
):
  | Float64Array
  | ModelsResult
  | ResultDiff
  | AdviceResult
  | ParseResult
  | Promise<ParseResult>
  | BacktestForecasts {
  switch (chunk.type) {
    case "range":
      return preparedJob(chunk).run(chunk.start, chunk.end);
    case "models": {
      const scenario = JSON.parse(chunk.scenario) as Scenario;
      const output = runScenario(scenario, { models: chunk.models, options: chunk.options });
      const result: ModelsResult = { runs: "", entente: output.entente };
      if (chunk.headline) {
        try {
          result.headline = JSON.stringify(computeHeadline(scenario, output.runs, chunk.headline));
        } catch (e) {
          result.headlineError = e instanceof InputError ? e.message : (e as Error).message;
        }
      }
      if (chunk.whatIfs && (scenario.whatIfs?.length ?? 0) > 0) {
        try {
          const request = { models: chunk.models, options: chunk.options };
          result.whatIfs = JSON.stringify(
            compareWhatIfs(scenario, scenario.whatIfs!, request, output.runs),
          );
        } catch (e) {
          // The run goes on without them; the result says why.
          if (!(e instanceof InputError)) throw e;
          result.whatIfsError = e.message;
        }
      }
      if (chunk.maxMoveActors !== undefined) omitMoves(output.runs, chunk.maxMoveActors);
      result.runs = JSON.stringify(output.runs);
      return result;
    }
    case "diff": {
      const original = JSON.parse(chunk.original) as Record<string, unknown>;
      const ignore = [
        ...(chunk.ignore ?? []),
        ...(chunk.newer ?? []).filter((k) => !(k in original)),
      ];
      return diffResults(original, JSON.parse(chunk.rerun), ignore);
    }
    case "parse":
      if (chunk.base64 !== undefined) return parseBytes(chunk);
      try {
        const read = parseInput(chunk.text ?? "", chunk.fileName, chunk.options);
        return { scenario: JSON.stringify(read.scenario), notes: read.notes };
      } catch (e) {
        if (e instanceof InputError) return { problems: e.problems };
        throw e;
      }
    case "advise":
      return {
        advice: JSON.stringify(advise(JSON.parse(chunk.scenario) as Scenario, chunk.options)),
      };
    case "backtest":
      return backtestWork(chunk).forecasts({
        model: chunk.model,
        options: chunk.options,
        capability: chunk.capability,
      });
    default:
      throw new Error(`unknown chunk type '${(chunk as { type: string }).type}'`);
  }
}

/** A parse chunk's base64 bytes read in any format (the workbook included). */
async function parseBytes(chunk: ParseChunk): Promise<ParseResult> {
  try {
    const bytes = new Uint8Array(Buffer.from(chunk.base64 ?? "", "base64"));
    const read = await parseInputBytes(bytes, chunk.fileName, chunk.options);
    return { scenario: JSON.stringify(read.scenario), notes: read.notes };
  } catch (e) {
    if (e instanceof InputError) return { problems: e.problems };
    throw e;
  }
}

/** Drops the moves of rounds on issues with more than `max` actors (see ModelsChunk). */
export function omitMoves(runs: ModelRun[], max: number): void {
  for (const run of runs)
    for (const issue of run.issues) {
      if (!issue.rounds || (issue.actors?.length ?? 0) <= max) continue;
      for (const round of issue.rounds) {
        round.movesOmitted = round.moves.length;
        round.moves = [];
      }
      issue.movesNote = `the moves of each round are not stored for issues with more than ${max} actors (this one has ${issue.actors!.length}); \`entente run --format json\` on the scenario gives them`;
    }
}
