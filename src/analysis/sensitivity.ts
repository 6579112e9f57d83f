/**
 * Which inputs move each forecast most.
 *
 * One at a time (the tornado): every input — each actor's capability, each stance's
 * position and salience — is set to a low and then a high value with all others at
 * their point estimates, and the models run on each. The inputs are ranked per
 * model and issue by the range of forecasts they produce. The swing is either
 * - a percentage (`--swing 10`): positions ± 10% of the issue's scale width,
 *   saliences and capabilities ± 10% of their value; or
 * - the input's own uncertainty (`--swing uncertainty`): its 5% and 95% quantiles
 *   under the scenario's distributions (montecarlo-core.ts);
 * always clipped to where the input can lie.
 *
 * Variance-based (Sobol') first-order and total indices, as an option: for groups
 * of inputs (by default everything about one actor; or each input alone, or each
 * kind of input), `S_g = V(E[Y | X_g]) / V(Y)` — the share of the forecast's variance
 * that the group explains alone — and `ST_g`, the share it takes part in with
 * interactions. Estimated from two independent sample matrices A and B of N draws
 * and one matrix per group (A with the group's columns from B): Saltelli et al.
 * (2010), "Variance based sensitivity analysis of model output", Comput. Phys.
 * Commun. 181, Table 2 (b) for S (with the outputs centred on their mean, as SALib
 * does, which keeps its variance down) and (f), Jansen's estimator, for ST. N(G + 2) runs;
 * the draws are seeded and run on the worker pool like the Monte Carlo's.
 */
import type { Scenario } from "../scenario/schema.js";
import { InputError } from "../scenario/problems.js";
import { resolveModels, type RunRequest } from "../run.js";
import { VERSION } from "../version.js";
import {
  buildInputModel,
  Evaluator,
  PreparedJob,
  scenarioNoise,
  swingBounds,
  type Swing,
  type Input,
  type JobSpec,
  type ModelSpec,
  type Noise,
} from "./montecarlo-core.js";
import { describeNoise, newJobId, type NoiseStatement } from "./montecarlo.js";
import { isValidSeed } from "./random.js";
import { chunkSizeFor, runChunks, type PoolOptions } from "../runtime/pool.js";
import { maxOf, minOf } from "../extent.js";
import { resultSizeProblem } from "../scenario/limits.js";
import type { ChunkBackend } from "../jobs/backends.js";
import { directContext, runRange } from "../jobs/jobs.js";

/** A human label of an input: `trump capability`, `putin on us-sanctions: position`. */
export function inputLabel(input: Input): string {
  return input.kind === "capability"
    ? `${input.actor} capability`
    : `${input.actor} ${input.kind} on ${input.issue}`;
}

export type { Swing };

/** Parses `--swing`: a percentage (> 0) or `uncertainty`. */
export function parseSwing(text: string): Swing {
  if (text.trim() === "uncertainty") return "uncertainty";
  const percent = Number(text.replace(/%$/, ""));
  if (!Number.isFinite(percent) || percent <= 0)
    throw new InputError([
      {
        path: ["--swing"],
        message: `'${text}' must be a percentage above 0 (e.g. 10) or 'uncertainty'`,
      },
    ]);
  return { percent };
}

export interface TornadoBar {
  input: string;
  kind: Input["kind"];
  actor: string;
  issue?: string;
  /** The input's point estimate and the values it was set to. */
  point: number;
  low: number;
  high: number;
  /** Forecasts with the input at its low and high value. */
  forecastLow: number | null;
  forecastHigh: number | null;
  /** |forecastHigh − forecastLow|, or the spread to the baseline where one side has no forecast. */
  range: number;
}

export interface Tornado {
  model: string;
  issue: string;
  baseline: number | null;
  /** Inputs that move the forecast, largest range first. */
  bars: TornadoBar[];
}

export interface TornadoResult {
  entente: string;
  analysis: "one-at-a-time";
  scenario: string;
  whatIf?: string;
  swing: string;
  models: ModelSpec[];
  issues: {
    id: string;
    name: string;
    scale: { low: number; high: number };
    referencePoint: number | null;
  }[];
  /** Inputs varied (each twice). */
  inputs: number;
  tornadoes: Tornado[];
}

export interface TornadoOptions extends RunRequest {
  swing?: Swing;
  noise?: Partial<Noise>;
  issues?: string[];
  whatIf?: string;
}

function checkIssues(scenario: Scenario, issues: string[] | undefined): string[] {
  const known = scenario.issues.map((i) => i.id);
  if (!issues || issues.length === 0) return known;
  const unknown = issues.filter((i) => !known.includes(i));
  if (unknown.length > 0)
    throw new InputError(
      unknown.map((i) => ({
        path: ["--issue"],
        message: `unknown issue '${i}'; issues: ${known.join(", ")}`,
      })),
    );
  return known.filter((i) => issues.includes(i));
}

/**
 * A tornado as a job: the forecasts at the point estimates (`point`, one index) and
 * each input's two swings (`swings`, one index per input, 2 × width values each),
 * computed anywhere (this thread, worker threads, a queue), then `finish` builds the
 * bars from them in input order, so the result does not depend on where they ran.
 */
export interface TornadoJob {
  point: JobSpec;
  swings: JobSpec;
  /** Inputs (indices of the swings job). */
  inputs: number;
  /** Forecasts per evaluation (models × issues). */
  width: number;
  finish(baseline: Float64Array, swings: Float64Array): TornadoResult;
}

export function tornadoJob(scenario: Scenario, options: TornadoOptions = {}): TornadoJob {
  const models = resolveModels(options);
  const swing = options.swing ?? { percent: 10 };
  const issueIds = checkIssues(scenario, options.issues);
  const noise = scenarioNoise(scenario, options.noise);
  const inputModel = buildInputModel(scenario, noise);
  const width = models.length * scenario.issues.length;
  const base = { scenario, noise, models, seed: 0, issues: issueIds };
  return {
    point: { ...base, id: newJobId("tornado-point"), kind: "point" },
    swings: { ...base, id: newJobId("tornado"), kind: "swings", swing },
    inputs: inputModel.inputs.length,
    width,
    finish: (baseline, swings) =>
      tornadoFromSwings(scenario, options, models, swing, issueIds, baseline, swings),
  };
}

/** The tornado with its swings computed on `backend` (worker threads, a queue). */
export async function tornadoOn(
  backend: ChunkBackend,
  scenario: Scenario,
  options: TornadoOptions = {},
  onProgress?: (done: number, total: number) => void,
): Promise<TornadoResult> {
  const job = tornadoJob(scenario, options);
  const ctx = directContext(backend, onProgress);
  ctx.plan(1 + job.inputs);
  const [baseline, swings] = await Promise.all([
    runRange(ctx, job.point, 1, job.width, 1),
    runRange(
      ctx,
      job.swings,
      job.inputs,
      2 * job.width,
      chunkSizeFor(job.inputs, backend.concurrency),
    ),
  ]);
  return job.finish(baseline, swings);
}

/** One-at-a-time swings of every input (runs in this thread: 2 runs per input). */
export function tornado(scenario: Scenario, options: TornadoOptions = {}): TornadoResult {
  const job = tornadoJob(scenario, options);
  const baseline = new PreparedJob(job.point).run(0, 1);
  const swings = new PreparedJob(job.swings).run(0, job.inputs);
  return job.finish(baseline, swings);
}

function tornadoFromSwings(
  scenario: Scenario,
  options: TornadoOptions,
  models: ModelSpec[],
  swing: Swing,
  issueIds: string[],
  baseline: Float64Array,
  swings: Float64Array,
): TornadoResult {
  const inputModel = buildInputModel(scenario, scenarioNoise(scenario, options.noise));
  const scales = new Map(scenario.issues.map((i) => [i.id, i.scale]));
  const allIssues = scenario.issues.map((i) => i.id);
  const nIssues = allIssues.length;
  const width = models.length * nIssues;
  const bars = new Map<string, TornadoBar[]>();
  inputModel.inputs.forEach((input, k) => {
    const [low, high] = swingBounds(
      input,
      swing,
      input.issue ? scales.get(input.issue) : undefined,
    );
    if (!(high > low)) return;
    const lowAt = k * 2 * width;
    const highAt = lowAt + width;
    models.forEach((m, mi) =>
      allIssues.forEach((issue, j) => {
        const at = mi * nIssues + j;
        const base = baseline[at];
        const lo = swings[lowAt + at];
        const hi = swings[highAt + at];
        const finite = [lo, hi, base].filter(Number.isFinite);
        const range =
          Number.isFinite(lo) && Number.isFinite(hi)
            ? Math.abs(hi - lo)
            : finite.length > 1
              ? maxOf(finite) - minOf(finite)
              : 0;
        if (
          !(range > 0) &&
          Number.isFinite(lo) === Number.isFinite(base) &&
          Number.isFinite(hi) === Number.isFinite(base)
        )
          return;
        const key = `${m.id}\u0000${issue}`;
        if (!bars.has(key)) bars.set(key, []);
        bars.get(key)!.push({
          input: inputLabel(input),
          kind: input.kind,
          actor: input.actor,
          ...(input.issue ? { issue: input.issue } : {}),
          point: input.point,
          low,
          high,
          forecastLow: Number.isFinite(lo) ? lo : null,
          forecastHigh: Number.isFinite(hi) ? hi : null,
          range,
        });
      }),
    );
  });
  const tornadoes: Tornado[] = [];
  models.forEach((m, mi) =>
    allIssues.forEach((issue, j) => {
      if (!issueIds.includes(issue)) return;
      const list = (bars.get(`${m.id}\u0000${issue}`) ?? []).sort(
        (a, b) => b.range - a.range || a.input.localeCompare(b.input),
      );
      const base = baseline[mi * nIssues + j];
      tornadoes.push({
        model: m.id,
        issue,
        baseline: Number.isFinite(base) ? base : null,
        bars: list,
      });
    }),
  );
  return {
    entente: VERSION,
    analysis: "one-at-a-time",
    scenario: scenario.metadata.title,
    ...(options.whatIf ? { whatIf: options.whatIf } : {}),
    swing:
      swing === "uncertainty"
        ? "each input from its 5% to its 95% quantile under the scenario's uncertainty"
        : `positions ± ${swing.percent}% of the issue's scale, saliences and capabilities ± ${swing.percent}% of their value`,
    models,
    issues: scenario.issues
      .filter((i) => issueIds.includes(i.id))
      .map((i) => ({
        id: i.id,
        name: i.name,
        scale: i.scale,
        referencePoint: i.referencePoint ?? null,
      })),
    inputs: inputModel.inputs.length,
    tornadoes,
  };
}

// ---------------------------------------------------------------------------------
// Sobol' indices

export const SOBOL_GROUPINGS = ["actor", "input", "kind"] as const;
export type SobolGrouping = (typeof SOBOL_GROUPINGS)[number];

export interface InputGroup {
  name: string;
  inputs: number[];
}

const KIND_NAMES: Record<Input["kind"], string> = {
  capability: "capabilities",
  position: "positions",
  salience: "saliences",
};

/** Groups of inputs: per actor (capability and all its stances), per input, or per kind. */
export function groupInputs(inputs: Input[], by: SobolGrouping): InputGroup[] {
  const groups = new Map<string, number[]>();
  inputs.forEach((input, k) => {
    if (input.source === "fixed") return; // a number that does not vary explains nothing
    const name =
      by === "actor" ? input.actor : by === "kind" ? KIND_NAMES[input.kind] : inputLabel(input);
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name)!.push(k);
  });
  return [...groups].map(([name, list]) => ({ name, inputs: list }));
}

export interface SobolIndex {
  group: string;
  /** First-order index S (share of variance explained alone). */
  first: number;
  /** Total index ST (share with interactions). */
  total: number;
}

export interface SobolTable {
  model: string;
  issue: string;
  mean: number | null;
  variance: number | null;
  /** Draws used (those where every run gave a forecast). */
  draws: number;
  /** Largest first-order index first. */
  indices: SobolIndex[];
  note?: string;
}

export interface SobolResult {
  entente: string;
  analysis: "sobol";
  scenario: string;
  whatIf?: string;
  draws: number;
  seed: number;
  groupBy: SobolGrouping;
  models: ModelSpec[];
  uncertainty: NoiseStatement;
  estimator: string;
  groups: { name: string; inputs: string[] }[];
  issues: {
    id: string;
    name: string;
    scale: { low: number; high: number };
    referencePoint: number | null;
  }[];
  tables: SobolTable[];
}

export interface SobolOptions extends RunRequest, PoolOptions {
  draws: number;
  seed: number;
  groupBy?: SobolGrouping;
  noise?: Partial<Noise>;
  issues?: string[];
  whatIf?: string;
  /** Where the chunks run instead of the pool (worker threads, a queue: src/jobs). */
  backend?: ChunkBackend;
}

/** Sobol' first-order and total indices per model and issue. */
export async function sobolIndices(
  scenario: Scenario,
  options: SobolOptions,
): Promise<SobolResult> {
  const problems = [];
  if (!Number.isInteger(options.draws) || options.draws < 2)
    problems.push({
      path: ["--draws"],
      message: `Sobol' indices need a whole number of at least 2 draws, not ${options.draws}`,
    });
  if (!isValidSeed(options.seed))
    problems.push({
      path: ["--seed"],
      message: `the seed must be a whole number from 0 to 2^53 − 1, not ${options.seed}`,
    });
  if (problems.length > 0) throw new InputError(problems);
  const models = resolveModels(options);
  const issueIds = checkIssues(scenario, options.issues);
  const noise = scenarioNoise(scenario, options.noise);
  const inputModel = buildInputModel(scenario, noise);
  const groupBy = options.groupBy ?? "actor";
  const groups = groupInputs(inputModel.inputs, groupBy);
  const evaluator = new Evaluator(scenario, models, issueIds);
  const width = evaluator.width;
  const job: JobSpec = {
    issues: issueIds,
    id: newJobId("sobol"),
    scenario,
    noise,
    models,
    seed: options.seed,
    kind: "sobol",
    groups: groups.map((g) => g.inputs),
  };
  const per = 2 + groups.length;
  const stride = per * width;
  const tooBig = resultSizeProblem(options.draws * per, width, "runs (draws × (groups + 2))");
  if (tooBig) throw new InputError([tooBig]);
  let values: Float64Array;
  if (options.backend) {
    const ctx = directContext(options.backend, options.onProgress);
    ctx.plan(options.draws);
    const size = options.chunkSize ?? chunkSizeFor(options.draws, options.backend.concurrency);
    values = await runRange(ctx, job, options.draws, stride, size);
  } else values = await runChunks(job, options.draws, stride, options);
  const nIssues = evaluator.issueIds.length;
  const tables: SobolTable[] = [];
  models.forEach((m, mi) =>
    evaluator.issueIds.forEach((issue, j) => {
      if (!issueIds.includes(issue)) return;
      const at = (d: number, e: number): number =>
        values[d * stride + e * width + mi * nIssues + j];
      const usable: number[] = [];
      for (let d = 0; d < options.draws; d++) {
        let ok = true;
        for (let e = 0; e < per && ok; e++) ok = Number.isFinite(at(d, e));
        if (ok) usable.push(d);
      }
      const n = usable.length;
      if (n < 2) {
        tables.push({
          model: m.id,
          issue,
          mean: null,
          variance: null,
          draws: n,
          indices: [],
          note: "too few draws with a forecast",
        });
        return;
      }
      // Variance from the pooled A and B outputs.
      let sum = 0;
      for (const d of usable) sum += at(d, 0) + at(d, 1);
      const mean = sum / (2 * n);
      let ss = 0;
      for (const d of usable) ss += (at(d, 0) - mean) ** 2 + (at(d, 1) - mean) ** 2;
      const variance = ss / (2 * n - 1);
      if (!(variance > 0)) {
        tables.push({
          model: m.id,
          issue,
          mean,
          variance,
          draws: n,
          indices: [],
          note: "the forecast does not vary",
        });
        return;
      }
      const indices = groups.map((g, gi): SobolIndex => {
        let first = 0;
        let total = 0;
        for (const d of usable) {
          const fA = at(d, 0);
          const fB = at(d, 1);
          const fAB = at(d, 2 + gi);
          // Centred f(B): the same expectation, far less variance when the mean is large (as SALib does).
          first += (fB - mean) * (fAB - fA);
          total += (fA - fAB) ** 2;
        }
        return { group: g.name, first: first / n / variance, total: total / (2 * n) / variance };
      });
      indices.sort(
        (a, b) => b.first - a.first || b.total - a.total || a.group.localeCompare(b.group),
      );
      tables.push({ model: m.id, issue, mean, variance, draws: n, indices });
    }),
  );
  return {
    entente: VERSION,
    analysis: "sobol",
    scenario: scenario.metadata.title,
    ...(options.whatIf ? { whatIf: options.whatIf } : {}),
    draws: options.draws,
    seed: options.seed,
    groupBy,
    models,
    uncertainty: describeNoise(inputModel, noise),
    estimator:
      "Saltelli et al. (2010) Table 2: (b) on centred outputs for first-order S, (f) Jansen for total ST; N(G + 2) runs",
    groups: groups.map((g) => ({
      name: g.name,
      inputs: g.inputs.map((k) => inputLabel(inputModel.inputs[k])),
    })),
    issues: scenario.issues
      .filter((i) => issueIds.includes(i.id))
      .map((i) => ({
        id: i.id,
        name: i.name,
        scale: i.scale,
        referencePoint: i.referencePoint ?? null,
      })),
    tables,
  };
}
