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
import { simulate } from "../analysis/montecarlo.js";
import { tornado, type TornadoResult } from "../analysis/sensitivity.js";
import { AnalysisPool, defaultWorkers } from "../runtime/pool.js";
import type { ForecastHistogram, RunOutput } from "./results/data.js";

/** The largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;
/** The most Monte Carlo draws one request may ask for (a run must finish in seconds, not hours). */
export const MAX_DRAWS = 20_000;
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
  /** Run Monte Carlo draws in this thread (tests) instead of worker threads. */
  inProcess?: boolean;
  /** Worker threads for Monte Carlo (default: all cores). */
  workers?: number;
}

/**
 * Runs requests: the models at once, Monte Carlo draws (when asked for) on a
 * worker pool started at the first such run and kept for the next ones.
 */
export class RunService {
  private pool: AnalysisPool | undefined;
  private readonly options: RunServiceOptions;

  constructor(options: RunServiceOptions = {}) {
    this.options = options;
  }

  /** The analyses this service can add to a run (the web app shows their panels). */
  analyses(): string[] {
    return ["montecarlo", "tornado"];
  }

  async execute(scenario: Scenario, spec: RunSpec): Promise<ExecutedRun> {
    const executed = executeRun(scenario, spec);
    const draws = spec.draws ?? 0;
    if (draws > 0) {
      const { models, options } = resolveRequest(spec);
      const sim = await simulate(scenario, {
        models,
        options,
        draws,
        seed: executed.seed,
        ...(this.options.inProcess ? { inProcess: true, workers: 1 } : { pool: this.getPool() }),
      });
      const histograms = forecastHistograms(
        sim.forecasts,
        draws,
        sim.result.models.map((m) => m.id),
        sim.result.issues,
      );
      executed.result.analyses = {
        ...executed.result.analyses,
        montecarlo: { ...sim.result, histograms },
      };
    }
    if (spec.tornado) {
      const { models, options } = resolveRequest(spec);
      const swing = spec.tornado.swing ?? 10;
      const result = tornado(scenario, {
        models,
        options,
        swing: swing === "uncertainty" ? "uncertainty" : { percent: swing },
      });
      executed.result.analyses = {
        ...executed.result.analyses,
        tornado: trimTornado(result, TORNADO_BARS),
      };
    }
    return executed;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  private getPool(): AnalysisPool {
    this.pool ??= new AnalysisPool(this.options.workers ?? defaultWorkers(), false);
    return this.pool;
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
