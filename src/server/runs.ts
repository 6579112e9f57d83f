/**
 * Running models for the workbench: parse the run request, resolve every model's
 * options (defaults filled in, so the stored request reproduces the run even if a
 * default changes later), pick a seed when none is given, run, and return what the
 * store keeps. Model ids come from the registry (`listModels()`), never a fixed list.
 *
 * With `draws > 0` the Monte Carlo analysis (src/analysis/montecarlo.ts) runs the
 * same models over that many draws of the scenario's uncertain inputs with the
 * run's seed; the run keeps its summaries and, for the distribution charts, a
 * histogram of each model's forecasts per issue (not every draw: 1,000 draws of 5
 * models on 9 issues would be 45,000 numbers per run).
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Scenario } from "../scenario/schema.js";
import { InputError, type Problem } from "../scenario/problems.js";
import { DEFAULT_MODELS, findModel, listModels } from "../models/registry.js";
import { resolveModels, runScenario } from "../run.js";
import { VERSION } from "../version.js";
import type { ModelRun } from "../models/types.js";
import { monteCarloJob } from "../analysis/montecarlo.js";
import { tornadoJob, type TornadoResult } from "../analysis/sensitivity.js";
import { ThreadBackend, type ChunkBackend } from "../jobs/backends.js";
import { InProcessBackend } from "../jobs/in-process.js";
import { JobRunner, runRange, type Job, type JobContext } from "../jobs/jobs.js";
import { asChunk, type ModelsResult } from "../jobs/chunks.js";
import type { ResultDiff } from "../jobs/diff.js";
import type { ForecastHistogram, RunOutput } from "../report/views.js";

/** The largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;
/** The most Monte Carlo draws one request may ask for (a run must finish in seconds, not hours). */
export const MAX_DRAWS = 20_000;
/**
 * Input draws of the headline every stored run carries (src/analysis/headline.ts),
 * seeded by the run's seed: enough for its 50% and 90% intervals, which also carry
 * the error model's spread, in well under a second on the flagship.
 */
export const HEADLINE_DRAWS = 200;
/** Bins of the stored forecast histograms, over each issue's scale. */
export const HISTOGRAM_BINS = 40;

/** What a client may ask for; the same fields are stored (resolved) with the run. */
export const RunSpec = z
  .object({
    models: z
      .array(z.string().min(1).max(80))
      .max(50)
      .optional()
      .describe("Model ids (default: the default set)."),
    options: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe('Options per model id, e.g. { "expected-utility": { "rounds": 20 } }.'),
    rounds: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe("Rounds of every dynamic model with a rounds option."),
    draws: z
      .number()
      .int()
      .min(0)
      .max(MAX_DRAWS)
      .optional()
      .describe("Monte Carlo draws (0 or absent: no Monte Carlo)."),
    seed: z
      .number()
      .int()
      .min(0)
      .max(MAX_SEED)
      .optional()
      .describe("Random seed (chosen and recorded when absent)."),
    tornado: z
      .object({
        swing: z
          .union([z.number().gt(0).max(100), z.literal("uncertainty")])
          .default(10)
          .describe("Percent swing of each input, or 'uncertainty' (its 5% and 95% quantiles)."),
      })
      .strict()
      .optional()
      .describe("One-at-a-time sensitivity (tornado) of every forecast."),
  })
  .strict();
export type RunSpec = z.infer<typeof RunSpec>;

/** The request as stored: every model with all its options. */
export interface ResolvedRequest {
  models: string[];
  options: Record<string, Record<string, unknown>>;
  rounds?: number;
  draws?: number;
  [key: string]: unknown;
}

export interface ExecutedRun {
  request: ResolvedRequest;
  seed: number;
  ententeVersion: string;
  result: RunOutput;
}

/** Model ids in the request that the registry does not know, as located problems. */
function unknownModels(models: string[] | undefined): Problem[] {
  const known = listModels().map((m) => m.id);
  return (models ?? []).flatMap((id, i) =>
    findModel(id)
      ? []
      : [
          {
            path: ["models", i],
            message: `unknown model '${id}'; known models: ${known.join(", ")}`,
          },
        ],
  );
}

/** Runs the request on a validated scenario. Throws InputError with body paths on bad requests. */
export function executeRun(scenario: Scenario, spec: RunSpec): ExecutedRun {
  const { models, options, request } = resolveRequest(spec);
  const seed = spec.seed ?? randomInt(0, MAX_SEED);
  const output = runScenario(scenario, { models, options });
  return { request, seed, ententeVersion: output.entente, result: { runs: output.runs } };
}

function resolveRequest(spec: RunSpec): {
  models: string[];
  options: Record<string, Record<string, unknown>>;
  request: ResolvedRequest;
} {
  const problems = unknownModels(spec.models);
  for (const id of Object.keys(spec.options ?? {}))
    if (!findModel(id))
      problems.push({ path: ["options", id], message: `options for unknown model '${id}'` });
  if (problems.length > 0) throw new InputError(problems);
  const models =
    spec.models && spec.models.length > 0 ? [...new Set(spec.models)] : [...DEFAULT_MODELS];
  const resolved = resolveModels({ models, options: spec.options, rounds: spec.rounds });
  const options: Record<string, Record<string, unknown>> = {};
  for (const r of resolved) options[r.id] = r.options as Record<string, unknown>;
  const request: ResolvedRequest = {
    models,
    options,
    ...(spec.rounds !== undefined ? { rounds: spec.rounds } : {}),
    ...(spec.draws !== undefined ? { draws: spec.draws } : {}),
    ...(spec.tornado !== undefined ? { tornado: { swing: spec.tornado.swing ?? 10 } } : {}),
  };
  return { models, options, request };
}

export interface RunServiceOptions {
  /** Run chunks in this thread (tests) instead of worker threads. */
  inProcess?: boolean;
  /** Worker threads (default: all cores). */
  workers?: number;
  /** Memory budget per worker thread, MB (default 1024). */
  memoryMb?: number;
  /** Time budget per job, ms (default 10 minutes). */
  timeBudgetMs?: number;
  /** Jobs running at once (default 2) and waiting beyond those (default 16). */
  maxRunning?: number;
  maxQueued?: number;
  /** A job nobody asks about for this long is cancelled, ms (default 60 s; 0: never). */
  abandonAfterMs?: number;
  /** Where chunks run (default: worker threads, or this thread with `inProcess`). */
  backend?: ChunkBackend;
}

/**
 * A run is trivial — answered at once with the run (201), not as a job (202) — when
 * it has no Monte Carlo draws and no tornado and its scenario is small: at most
 * TRIVIAL_ACTORS actors and TRIVIAL_CELLS actor × issue cells (the flagship has
 * 13 × 9 = 117). Even then the models run on a worker thread, off the event loop.
 */
export const TRIVIAL_ACTORS = 200;
/** Stored runs keep the moves of every round on issues with at most this many actors. */
export const STORED_MOVES_MAX_ACTORS = 500;
export const TRIVIAL_CELLS = 2000;

export function isTrivialRun(scenario: Scenario, spec: RunSpec): boolean {
  return (
    (spec.draws ?? 0) === 0 &&
    spec.tornado === undefined &&
    scenario.actors.length <= TRIVIAL_ACTORS &&
    scenario.actors.length * scenario.issues.length <= TRIVIAL_CELLS
  );
}

/** What a run job computes: the result as JSON text (stored without re-parsing). */
export interface ComputedRun {
  request: ResolvedRequest;
  seed: number;
  ententeVersion: string;
  resultJson: string;
  /** For re-runs: what differs from the stored result. */
  diff?: ResultDiff;
}

/**
 * The run as a job: the models (one chunk), the Monte Carlo (the point, then ranges of
 * draws) and the tornado (the point, then ranges of inputs), all on the back end at
 * once; merged here in a fixed order. Progress counts model evaluations: one for the
 * plain run, one per what-if of the scenario, one per draw, two per swung input.
 */
export function runAnalysis(
  scenario: Scenario,
  spec: RunSpec,
  seed: number,
  original?: { resultJson: string },
): (ctx: JobContext) => Promise<ComputedRun> {
  const { models, options, request } = resolveRequest(spec);
  const draws = spec.draws ?? 0;
  const mc = draws > 0 ? monteCarloJob(scenario, { models, options, draws, seed }) : undefined;
  const swing = spec.tornado?.swing ?? 10;
  const tj = spec.tornado
    ? tornadoJob(scenario, {
        models,
        options,
        swing: swing === "uncertainty" ? "uncertainty" : { percent: swing },
      })
    : undefined;
  const whatIfCount = scenario.whatIfs?.length ?? 0;
  return async (ctx) => {
    ctx.plan(1 + whatIfCount + (mc ? 1 + mc.count : 0) + (tj ? 1 + 2 * tj.inputs : 0));
    const plain = ctx.run<ModelsResult>(
      asChunk({
        type: "models",
        scenario: JSON.stringify(scenario),
        models,
        options,
        maxMoveActors: STORED_MOVES_MAX_ACTORS,
        headline: { draws: HEADLINE_DRAWS, seed },
        // What would change each forecast: the scenario's what-ifs, one evaluation each.
        whatIfs: whatIfCount > 0,
      }),
      1 + whatIfCount,
    );
    const montecarlo = mc
      ? Promise.all([
          runRange(ctx, mc.point, 1, mc.width, 1),
          runRange(ctx, mc.draws, mc.count, mc.width),
        ]).then(([point, forecasts]) => {
          const sim = mc.finish(point, forecasts);
          const histograms = forecastHistograms(
            sim.forecasts,
            draws,
            sim.result.models.map((m) => m.id),
            sim.result.issues,
          );
          return { ...sim.result, histograms };
        })
      : undefined;
    const swings = tj
      ? Promise.all([
          runRange(ctx, tj.point, 1, tj.width, 1),
          runRange(ctx, tj.swings, tj.inputs, 2 * tj.width, undefined, 2),
        ]).then(([baseline, values]) => trimTornado(tj.finish(baseline, values), TORNADO_BARS))
      : undefined;
    const [runs, mcResult, tornadoResult] = await Promise.all([plain, montecarlo, swings]);
    const analyses: Record<string, unknown> = {};
    if (mcResult) analyses.montecarlo = mcResult;
    if (tornadoResult) analyses.tornado = tornadoResult;
    // The model runs stay JSON text: a 2,000-actor run's rounds are megabytes.
    const headline = runs.headline
      ? `,"headline":${runs.headline}`
      : runs.headlineError
        ? `,"headlineError":${JSON.stringify(runs.headlineError)}`
        : "";
    const compared = runs.whatIfs
      ? `,"whatIfs":${runs.whatIfs}`
      : runs.whatIfsError
        ? `,"whatIfsError":${JSON.stringify(runs.whatIfsError)}`
        : "";
    const resultJson =
      Object.keys(analyses).length > 0
        ? `{"runs":${runs.runs}${headline}${compared},"analyses":${JSON.stringify(analyses)}}`
        : `{"runs":${runs.runs}${headline}${compared}}`;
    const computed: ComputedRun = { request, seed, ententeVersion: runs.entente, resultJson };
    if (original)
      computed.diff = await ctx.run<ResultDiff>(
        asChunk({
          type: "diff",
          original: original.resultJson,
          rerun: resultJson,
          newer: ["headline", "headlineError", "whatIfs", "whatIfsError"],
        }),
      );
    return computed;
  };
}

/**
 * Runs requests as jobs on a JobRunner (worker threads by default): `submit` queues
 * one (QueueFullError when the queue is full), `execute` runs one and waits.
 */
export class RunService {
  readonly jobs: JobRunner;

  constructor(options: RunServiceOptions = {}) {
    const backend =
      options.backend ??
      (options.inProcess
        ? new InProcessBackend()
        : new ThreadBackend({ workers: options.workers, memoryMb: options.memoryMb }));
    this.jobs = new JobRunner({
      backend,
      maxRunning: options.maxRunning,
      maxQueued: options.maxQueued,
      timeBudgetMs: options.timeBudgetMs,
      abandonAfterMs: options.abandonAfterMs,
    });
  }

  /** The analyses this service can add to a run (the web app shows their panels). */
  analyses(): string[] {
    return ["montecarlo", "tornado"];
  }

  /** Queues a job computing the run and then `finish`ing it (storing it). */
  submit<T>(
    kind: string,
    scenario: Scenario,
    spec: RunSpec,
    finish: (computed: ComputedRun) => Promise<T> | T,
    original?: { resultJson: string; seed: number },
  ): Job<T> {
    const seed = original?.seed ?? spec.seed ?? randomInt(0, MAX_SEED);
    const analysis = runAnalysis(scenario, spec, seed, original);
    return this.jobs.submit(kind, async (ctx) => {
      const computed = await analysis(ctx);
      if (ctx.signal.aborted) throw ctx.signal.reason as Error;
      return finish(computed);
    });
  }

  /** Runs a request and waits for it (the library's and the tests' way). */
  async execute(scenario: Scenario, spec: RunSpec): Promise<ExecutedRun> {
    const job = this.submit("run", scenario, spec, (c) => c);
    await job.finished;
    if (job.status !== "succeeded") throw new Error(job.error ?? `the run was ${job.status}`);
    const c = job.result!;
    return {
      request: c.request,
      seed: c.seed,
      ententeVersion: c.ententeVersion,
      result: JSON.parse(c.resultJson) as RunOutput,
    };
  }

  async close(): Promise<void> {
    await this.jobs.close();
  }
}

/** Bars kept per model and issue: the inputs that move the forecast most. */
export const TORNADO_BARS = 15;

function trimTornado(result: TornadoResult, bars: number): TornadoResult & { barsKept: number } {
  return {
    ...result,
    barsKept: bars,
    tornadoes: result.tornadoes.map((t) => ({ ...t, bars: t.bars.slice(0, bars) })),
  };
}

/** Counts of each model's forecasts per issue in HISTOGRAM_BINS equal bins over the issue's scale. */
export function forecastHistograms(
  forecasts: Float64Array,
  draws: number,
  models: string[],
  issues: { id: string; scale: { low: number; high: number } }[],
): ForecastHistogram[] {
  const width = models.length * issues.length;
  const out: ForecastHistogram[] = [];
  models.forEach((model, mi) =>
    issues.forEach((issue, k) => {
      const { low, high } = issue.scale;
      const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
      let none = 0;
      for (let d = 0; d < draws; d++) {
        const v = forecasts[d * width + mi * issues.length + k];
        if (!Number.isFinite(v)) {
          none++;
          continue;
        }
        const bin = Math.min(
          HISTOGRAM_BINS - 1,
          Math.max(0, Math.floor(((v - low) / (high - low)) * HISTOGRAM_BINS)),
        );
        counts[bin]++;
      }
      out.push({ model, issue: issue.id, low, high, counts, noForecast: none });
    }),
  );
  return out;
}

/** The forecasts of a run, for telling whether a re-run reproduced it. */
export function sameForecasts(a: ModelRun[], b: ModelRun[]): boolean {
  const key = (runs: ModelRun[]) =>
    JSON.stringify(runs.map((r) => [r.model, r.issues.map((i) => [i.issue, i.forecast])]));
  return key(a) === key(b);
}

/** The registry as the API lists it, with each model's options as JSON Schema. */
export function describeModels(): {
  id: string;
  name: string;
  summary: string;
  reference: string;
  dynamic: boolean;
  default: boolean;
  options: unknown;
}[] {
  return listModels().map((m) => ({
    id: m.id,
    name: m.name,
    summary: m.summary,
    reference: m.reference,
    dynamic: m.dynamic,
    default: DEFAULT_MODELS.includes(m.id),
    options: optionsSchema(m.options),
  }));
}

function optionsSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  } catch {
    return null;
  }
}

export { VERSION };
