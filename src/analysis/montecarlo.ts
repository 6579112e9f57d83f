/**
 * Monte Carlo forecasts: draw the scenario's uncertain numbers (montecarlo-core.ts)
 * many times, run the chosen models on every draw, and summarise each model's
 * forecasts per issue — median, 50% and 90% intervals, and the probability of
 * crossing thresholds the user names (`us-sanctions<40`).
 *
 * Reproducible: draw d depends on (seed, d) only and results are placed by index
 * (src/runtime/pool.ts), so the same seed gives the same numbers with any number
 * of workers. The result holds no timings, worker counts or dates for that reason.
 *
 * Quantiles are R's type 7 (linear interpolation between order statistics, the
 * default of R's `quantile` and of numpy); the 50% interval is [q25, q75], the 90%
 * interval [q05, q95]. Probabilities are shares of the draws with a forecast, with
 * their Monte Carlo standard error sqrt(p(1 − p)/n).
 */
import type { Scenario } from "../scenario/schema.js";
import { InputError } from "../scenario/problems.js";
import { resolveModels, type RunRequest } from "../run.js";
import { VERSION } from "../version.js";
import {
  buildInputModel,
  PreparedJob,
  scenarioNoise,
  type Input,
  type InputModel,
  type JobSpec,
  type ModelSpec,
  type Noise,
} from "./montecarlo-core.js";
import { isValidSeed } from "./random.js";
import { chunkSizeFor, runChunks, type AnalysisPool, type PoolOptions } from "../runtime/pool.js";
import { resultSizeProblem } from "../scenario/limits.js";
import type { ChunkBackend } from "../jobs/backends.js";
import { directContext, runRange } from "../jobs/jobs.js";

export interface Threshold {
  issue: string;
  op: "<" | "<=" | ">" | ">=";
  value: number;
  /** As written, e.g. `us-sanctions<40`. */
  text: string;
}

/** Parses `ISSUE<V`, `ISSUE<=V`, `ISSUE>V`, `ISSUE>=V` against the scenario's issues. */
export function parseThreshold(text: string, scenario: Scenario): Threshold {
  const match = /^\s*([^<>=\s]+)\s*(<=|>=|<|>)\s*(-?[0-9.eE+-]+)\s*$/.exec(text);
  if (!match)
    throw new InputError([
      {
        path: ["--threshold"],
        message: `'${text}' must look like ISSUE<VALUE (or <=, >, >=), e.g. us-sanctions<40`,
      },
    ]);
  const [, issue, op, valueText] = match;
  const value = Number(valueText);
  const problems = [];
  if (!scenario.issues.some((i) => i.id === issue))
    problems.push({
      path: ["--threshold"],
      message: `unknown issue '${issue}' in '${text}'; issues: ${scenario.issues.map((i) => i.id).join(", ")}`,
    });
  if (!Number.isFinite(value))
    problems.push({
      path: ["--threshold"],
      message: `'${valueText}' in '${text}' is not a number`,
    });
  if (problems.length > 0) throw new InputError(problems);
  return { issue, op: op as Threshold["op"], value, text: `${issue}${op}${value}` };
}

function crosses(x: number, t: Threshold): boolean {
  switch (t.op) {
    case "<":
      return x < t.value;
    case "<=":
      return x <= t.value;
    case ">":
      return x > t.value;
    case ">=":
      return x >= t.value;
  }
}

/** R's type-7 quantile of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface ThresholdResult {
  threshold: string;
  probability: number | null;
  standardError: number | null;
}

export interface ForecastSummary {
  model: string;
  issue: string;
  /** The forecast on the point estimates (what `entente run` gives). */
  point: number | null;
  median: number | null;
  /** [q25, q75]. */
  interval50: [number, number] | null;
  /** [q05, q95]. */
  interval90: [number, number] | null;
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Draws with a forecast. */
  draws: number;
  /** Draws where the model gave none. */
  noForecast: number;
  thresholds: ThresholdResult[];
}

export interface NoiseStatement {
  noise: Noise;
  /** One line per kind of input: how its draws are made. */
  lines: string[];
  /** Inputs by source of their spread. */
  counts: Record<Input["source"], number>;
}

export interface SimulationResult {
  entente: string;
  analysis: "monte-carlo";
  scenario: string;
  whatIf?: string;
  draws: number;
  seed: number;
  models: ModelSpec[];
  generator: string;
  uncertainty: NoiseStatement;
  issues: {
    id: string;
    name: string;
    scale: { low: number; high: number };
    referencePoint: number | null;
  }[];
  thresholds: string[];
  summaries: ForecastSummary[];
}

export interface SimulateOptions extends RunRequest, PoolOptions {
  draws: number;
  seed: number;
  thresholds?: string[];
  noise?: Partial<Noise>;
  /** Label of the what-if the scenario was changed by (for the output). */
  whatIf?: string;
  pool?: AnalysisPool;
  /** Where the chunks run instead of the pool (worker threads, a queue: src/jobs). */
  backend?: ChunkBackend;
}

/** The result and, kept out of the JSON, every draw's forecasts. */
export interface Simulation {
  result: SimulationResult;
  /** `draws × models × issues` forecasts (NaN where none), draw-major then model-major. */
  forecasts: Float64Array;
}

export const GENERATOR_STATEMENT =
  "sfc32 per draw, seeded by hashing (seed, draw index) with MurmurHash3's finaliser; inverse-transform sampling";

/** States how the draws are made, for the output. */
export function describeNoise(model: InputModel, noise: Noise): NoiseStatement {
  const counts: Record<Input["source"], number> = {
    fixed: 0,
    range: 0,
    sd: 0,
    experts: 0,
    noise: 0,
  };
  for (const input of model.inputs) counts[input.source]++;
  const pct = (x: number): string => `${+(x * 100).toFixed(2)}%`;
  const own = (kind: Input["kind"]): string => {
    const c: Record<string, number> = {};
    for (const i of model.inputs)
      if (i.kind === kind && i.source !== "noise") c[i.source] = (c[i.source] ?? 0) + 1;
    const parts = Object.entries(c).map(
      ([source, n]) =>
        `${n} ${source === "fixed" ? "fixed" : `with ${source === "sd" ? "an sd" : source === "range" ? "a range" : "experts' estimates"}`}`,
    );
    return parts.length > 0 ? ` (own spread: ${parts.join(", ")})` : "";
  };
  return {
    noise,
    counts,
    lines: [
      `positions: normal around the point estimate, sd ${pct(noise.positionNoise)} of the issue's scale, clipped to the scale${own("position")}`,
      `saliences: normal, sd ${pct(noise.salienceNoise)} of the value, clipped to 0–100${own("salience")}`,
      `capabilities: normal, sd ${pct(noise.capabilityNoise)} of the value, clipped at 0${own("capability")}`,
    ],
  };
}

/** Summaries per model and issue from the forecasts of every draw. */
export function summarise(
  forecasts: Float64Array,
  draws: number,
  models: ModelSpec[],
  issueIds: string[],
  point: Float64Array,
  thresholds: Threshold[],
): ForecastSummary[] {
  const nIssues = issueIds.length;
  const width = models.length * nIssues;
  const summaries: ForecastSummary[] = [];
  const values = new Float64Array(draws);
  models.forEach((m, mi) =>
    issueIds.forEach((issue, k) => {
      let n = 0;
      for (let d = 0; d < draws; d++) {
        const v = forecasts[d * width + mi * nIssues + k];
        if (Number.isFinite(v)) values[n++] = v;
      }
      const sorted = values.slice(0, n).sort();
      let sum = 0;
      for (let t = 0; t < n; t++) sum += sorted[t];
      const mean = sum / n;
      let ss = 0;
      for (let t = 0; t < n; t++) ss += (sorted[t] - mean) * (sorted[t] - mean);
      const q = (p: number): number => quantileSorted(sorted, p);
      const p0 = point[mi * nIssues + k];
      summaries.push({
        model: m.id,
        issue,
        point: Number.isFinite(p0) ? p0 : null,
        median: n > 0 ? q(0.5) : null,
        interval50: n > 0 ? [q(0.25), q(0.75)] : null,
        interval90: n > 0 ? [q(0.05), q(0.95)] : null,
        mean: n > 0 ? mean : null,
        sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null,
        min: n > 0 ? sorted[0] : null,
        max: n > 0 ? sorted[n - 1] : null,
        draws: n,
        noForecast: draws - n,
        thresholds: thresholds
          .filter((t) => t.issue === issue)
          .map((t) => {
            if (n === 0) return { threshold: t.text, probability: null, standardError: null };
            let c = 0;
            for (let i = 0; i < n; i++) if (crosses(sorted[i], t)) c++;
            const p = c / n;
            return {
              threshold: t.text,
              probability: p,
              standardError: Math.sqrt((p * (1 - p)) / n),
            };
          }),
      });
    }),
  );
  return summaries;
}

let jobCounter = 0;
/** A job id unique within this process (for the workers' cache). */
export function newJobId(prefix: string): string {
  return `${prefix}-${process.pid}-${++jobCounter}-${Date.now()}`;
}

/**
 * The Monte Carlo analysis as a job: the forecasts at the point estimates (`point`,
 * one index) and one forecast vector per draw (`draws`, `count` indices of `width`
 * values), computed anywhere (this thread, worker threads, a queue); `finish`
 * summarises them. Checks the options first (InputError).
 */
export interface MonteCarloJob {
  point: JobSpec;
  draws: JobSpec;
  count: number;
  width: number;
  finish(point: Float64Array, forecasts: Float64Array): Simulation;
}

export function monteCarloJob(scenario: Scenario, options: SimulateOptions): MonteCarloJob {
  const problems = [];
  if (!Number.isInteger(options.draws) || options.draws < 1)
    problems.push({
      path: ["--draws"],
      message: `the number of draws must be a whole number of at least 1, not ${options.draws}`,
    });
  if (!isValidSeed(options.seed))
    problems.push({
      path: ["--seed"],
      message: `the seed must be a whole number from 0 to 2^53 − 1, not ${options.seed}`,
    });
  if (problems.length > 0) throw new InputError(problems);
  const models = resolveModels(options);
  const thresholds = (options.thresholds ?? []).map((t) => parseThreshold(t, scenario));
  const noise = scenarioNoise(scenario, options.noise);
  const inputModel = buildInputModel(scenario, noise);
  const issueIds = scenario.issues.map((i) => i.id);
  const tooBig = resultSizeProblem(options.draws, models.length * issueIds.length, "draws");
  if (tooBig) throw new InputError([tooBig]);
  const base = { scenario, noise, models, seed: options.seed };
  return {
    point: { ...base, id: newJobId("mc-point"), kind: "point" },
    draws: { ...base, id: newJobId("mc"), kind: "draws" },
    count: options.draws,
    width: models.length * issueIds.length,
    finish(point, forecasts) {
      const result: SimulationResult = {
        entente: VERSION,
        analysis: "monte-carlo",
        scenario: scenario.metadata.title,
        ...(options.whatIf ? { whatIf: options.whatIf } : {}),
        draws: options.draws,
        seed: options.seed,
        models,
        generator: GENERATOR_STATEMENT,
        uncertainty: describeNoise(inputModel, noise),
        issues: scenario.issues.map((i) => ({
          id: i.id,
          name: i.name,
          scale: i.scale,
          referencePoint: i.referencePoint ?? null,
        })),
        thresholds: thresholds.map((t) => t.text),
        summaries: summarise(forecasts, options.draws, models, issueIds, point, thresholds),
      };
      return { result, forecasts };
    },
  };
}

/** Runs the Monte Carlo analysis (the point here, the draws on the pool). */
export async function simulate(scenario: Scenario, options: SimulateOptions): Promise<Simulation> {
  const job = monteCarloJob(scenario, options);
  const point = new PreparedJob(job.point).run(0, 1);
  if (options.backend) {
    const ctx = directContext(options.backend, options.onProgress);
    ctx.plan(job.count);
    const size = options.chunkSize ?? chunkSizeFor(job.count, options.backend.concurrency);
    return job.finish(point, await runRange(ctx, job.draws, job.count, job.width, size));
  }
  const forecasts = await runChunks(job.draws, job.count, job.width, options);
  return job.finish(point, forecasts);
}

/** Every draw's forecasts as long CSV (draw, model, issue, forecast), for R or pandas. */
export function drawsCsv(sim: Simulation): string {
  const { result, forecasts } = sim;
  const issues = result.issues.map((i) => i.id);
  const width = result.models.length * issues.length;
  const lines = ["draw,model,issue,forecast"];
  for (let d = 0; d < result.draws; d++)
    result.models.forEach((m, mi) =>
      issues.forEach((issue, k) => {
        const v = forecasts[d * width + mi * issues.length + k];
        lines.push(`${d},${m.id},${issue},${Number.isFinite(v) ? v : ""}`);
      }),
    );
  return lines.join("\n") + "\n";
}
