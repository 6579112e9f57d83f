/**
 * The engine under the Monte Carlo and sensitivity analyses, shared by the main
 * thread and the worker threads: the scenario's uncertain numbers as a list of
 * inputs with their distributions, a draw of all of them from one generator, and
 * the chosen models' forecasts for a vector of inputs.
 *
 * Inputs, in a fixed order: each actor's capability (scenario order), then each
 * stance's position, then each stance's salience (stance order). A draw's generator
 * gives one uniform per input and, after them, one per stance for picking an expert
 * (always consumed, so the layout never depends on the data): the k-th input of draw
 * d is a function of `(seed, d, k)` alone.
 *
 * Distributions are those of uncertainty.ts (stated by `describeNoise`); every value
 * is clipped to where it can lie.
 */
import type { Scenario } from "../scenario/schema.js";
import type { Expert, StanceUncertainty, Spread } from "../scenario/uncertainty.js";
import { DEFAULT_NOISE } from "../scenario/uncertainty.js";
import {
  compileScenario,
  normaliseCapabilities,
  stanceCapabilities,
  type CompiledScenario,
} from "../scenario/compile.js";
import { findModel } from "../models/registry.js";
import {
  expectedUtilityForecast,
  type ExpectedUtilityOptions,
} from "../models/expected-utility.js";
import { drawRng, normalQuantile, triangularQuantile, type Uniform } from "./random.js";
import { maxOf, minOf } from "../extent.js";

/** Scenario-wide noise levels (shares; see DEFAULT_NOISE). */
export interface Noise {
  positionNoise: number;
  salienceNoise: number;
  capabilityNoise: number;
}

/** The noise of a scenario: its `uncertainty:` block over the defaults, then overrides. */
export function scenarioNoise(scenario: Scenario, overrides: Partial<Noise> = {}): Noise {
  const u = scenario.uncertainty ?? {};
  return {
    positionNoise: overrides.positionNoise ?? u.positionNoise ?? DEFAULT_NOISE.positionNoise,
    salienceNoise: overrides.salienceNoise ?? u.salienceNoise ?? DEFAULT_NOISE.salienceNoise,
    capabilityNoise:
      overrides.capabilityNoise ?? u.capabilityNoise ?? DEFAULT_NOISE.capabilityNoise,
  };
}

export type Distribution =
  | { type: "fixed" }
  | { type: "normal"; mean: number; sd: number }
  | { type: "uniform"; low: number; high: number }
  | { type: "triangular"; low: number; mode: number; high: number }
  /** One expert per draw: the values of the experts who give this number, with cumulative weights. */
  | { type: "expert"; values: number[]; cumulative: number[]; fallback: Distribution };

export type InputKind = "capability" | "position" | "salience";

export interface Input {
  kind: InputKind;
  actor: string;
  /** For positions and saliences. */
  issue?: string;
  /** The point estimate (the scenario's number). */
  point: number;
  /** Where a value can lie; draws are clipped to it. */
  min: number;
  max: number;
  distribution: Distribution;
  /** Where the spread comes from: a range, sd, experts, or the default noise. */
  source: "fixed" | "range" | "sd" | "experts" | "noise";
  /** For expert draws: the stance whose pick uniform this input shares. */
  stance?: number;
}

/** The scenario's inputs with their distributions. */
export interface InputModel {
  inputs: Input[];
  nActors: number;
  nStances: number;
  /** Uniforms per draw: one per input, then one pick per stance. */
  uniformsPerDraw: number;
}

function fromSpread(
  spread: Spread,
  point: number,
): { distribution: Distribution; source: Input["source"] } {
  if (spread.sd !== undefined)
    return {
      distribution:
        spread.sd > 0 ? { type: "normal", mean: point, sd: spread.sd } : { type: "fixed" },
      source: "sd",
    };
  const low = spread.low!;
  const high = spread.high!;
  if (high <= low) return { distribution: { type: "fixed" }, source: "range" };
  if (spread.distribution === "triangular")
    return {
      distribution: { type: "triangular", low, mode: Math.min(high, Math.max(low, point)), high },
      source: "range",
    };
  return { distribution: { type: "uniform", low, high }, source: "range" };
}

function noiseDistribution(point: number, sd: number): Distribution {
  return sd > 0 ? { type: "normal", mean: point, sd } : { type: "fixed" };
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function sampleSd(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) * (v - m), 0) / (values.length - 1));
}

function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function fromExperts(
  experts: Expert[],
  field: "position" | "salience",
  aggregation: StanceUncertainty["aggregation"],
  fallback: Distribution,
): Distribution | undefined {
  const giving = experts.filter((e) => e[field] !== undefined);
  if (giving.length === 0) return undefined;
  const values = giving.map((e) => e[field]!);
  switch (aggregation ?? "draw") {
    case "mean": {
      const sd = sampleSd(values);
      return sd > 0
        ? { type: "normal", mean: mean(values), sd }
        : { type: "uniform", low: values[0], high: values[0] };
    }
    case "median": {
      const low = minOf(values);
      const high = maxOf(values);
      return { type: "triangular", low, mode: medianOf(values), high };
    }
    case "draw": {
      // Experts without this number fall back to the stance's default spread.
      const cumulative: number[] = [];
      let total = 0;
      for (const e of experts) {
        total += e.weight ?? 1;
        cumulative.push(total);
      }
      return {
        type: "expert",
        values: experts.map((e) => e[field] ?? Number.NaN),
        cumulative: cumulative.map((c) => c / total),
        fallback,
      };
    }
  }
}

/** The inputs of a scenario with their distributions, under the given noise. */
export function buildInputModel(scenario: Scenario, noise: Noise): InputModel {
  const inputs: Input[] = [];
  const issues = new Map(scenario.issues.map((i) => [i.id, i]));
  for (const actor of scenario.actors) {
    const point = actor.capability;
    const u = actor.capabilityUncertainty;
    const spec = u
      ? fromSpread(u, point)
      : {
          distribution: noiseDistribution(point, noise.capabilityNoise * point),
          source: "noise" as const,
        };
    inputs.push({ kind: "capability", actor: actor.id, point, min: 0, max: Infinity, ...spec });
  }
  const positions: Input[] = [];
  const saliences: Input[] = [];
  scenario.stances.forEach((stance, s) => {
    const issue = issues.get(stance.issue)!;
    const u = stance.uncertainty;
    for (const field of ["position", "salience"] as const) {
      const point = stance[field];
      const [min, max] = field === "position" ? [issue.scale.low, issue.scale.high] : [0, 100];
      const sd =
        field === "position"
          ? noise.positionNoise * (issue.scale.high - issue.scale.low)
          : noise.salienceNoise * point;
      const byNoise: Pick<Input, "distribution" | "source"> = {
        distribution: noiseDistribution(point, sd),
        source: "noise",
      };
      let spec = byNoise;
      if (u?.[field]) spec = fromSpread(u[field]!, point);
      else if (u?.experts) {
        const d = fromExperts(u.experts, field, u.aggregation, byNoise.distribution);
        if (d) spec = { distribution: d, source: "experts" };
      }
      const input: Input = {
        kind: field,
        actor: stance.actor,
        issue: stance.issue,
        point,
        min,
        max,
        ...spec,
      };
      if (spec.distribution.type === "expert") input.stance = s;
      (field === "position" ? positions : saliences).push(input);
    }
  });
  for (const input of positions) inputs.push(input);
  for (const input of saliences) inputs.push(input);
  for (const input of inputs) if (input.distribution.type === "fixed") input.source = "fixed";
  const nActors = scenario.actors.length;
  const nStances = scenario.stances.length;
  return { inputs, nActors, nStances, uniformsPerDraw: inputs.length + nStances };
}

/** The value of a distribution at uniform `u` (inverse transform), before clipping. */
export function quantileOf(d: Distribution, point: number, u: number, pick: number): number {
  switch (d.type) {
    case "fixed":
      return point;
    case "normal":
      return d.mean + d.sd * normalQuantile(u);
    case "uniform":
      return d.low + (d.high - d.low) * u;
    case "triangular":
      return triangularQuantile(u, d.low, d.mode, d.high);
    case "expert": {
      let k = 0;
      while (k < d.cumulative.length - 1 && pick >= d.cumulative[k]) k++;
      const v = d.values[k];
      return Number.isNaN(v) ? quantileOf(d.fallback, point, u, pick) : v;
    }
  }
}

/** The point estimates as an input vector. */
export function pointVector(model: InputModel): Float64Array {
  return Float64Array.from(model.inputs, (i) => i.point);
}

/** Draw `index` of the given stream into `out`. */
export function sampleInto(
  model: InputModel,
  seed: number,
  index: number,
  stream: number,
  out: Float64Array,
  uniforms: Float64Array,
): void {
  const rng: Uniform = drawRng(seed, index, stream);
  for (let k = 0; k < model.uniformsPerDraw; k++) uniforms[k] = rng();
  const { inputs } = model;
  const pickBase = inputs.length;
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k];
    const pick = input.stance !== undefined ? uniforms[pickBase + input.stance] : 0;
    const v = quantileOf(input.distribution, input.point, uniforms[k], pick);
    out[k] = v < input.min ? input.min : v > input.max ? input.max : v;
  }
}

/**
 * The `p`-quantile of an input's distribution (for tornado swings "to the
 * uncertainty's 5% and 95%"); expert draws use the weighted experts' values.
 */
export function inputQuantile(input: Input, p: number): number {
  const d = input.distribution;
  let v: number;
  if (d.type === "expert") {
    const values = d.values.map((x) => (Number.isNaN(x) ? input.point : x));
    const weights = d.cumulative.map((c, k) => c - (k > 0 ? d.cumulative[k - 1] : 0));
    const order = values.map((_, k) => k).sort((a, b) => values[a] - values[b]);
    let cum = 0;
    v = values[order[order.length - 1]];
    for (const k of order) {
      cum += weights[k];
      if (cum >= p) {
        v = values[k];
        break;
      }
    }
  } else v = quantileOf(d, input.point, p, 0);
  return Math.min(input.max, Math.max(input.min, v));
}

/** A model to run, with its parsed options (as resolveModels gives them). */
export interface ModelSpec {
  id: string;
  options: object;
}

/**
 * Runs the chosen models on input vectors: writes `models × issues` forecasts per
 * vector (NaN where a model gives none). The expected-utility model runs through its
 * forecast-only entry point (`expectedUtilityForecast`: the same rounds as the traced
 * run, nothing recorded); every other model through the registry on a compiled
 * scenario whose arrays are refilled per vector.
 */
export class Evaluator {
  readonly compiled: CompiledScenario;
  readonly issueIds: string[];
  readonly models: ModelSpec[];
  private readonly stanceActor: Int32Array;
  private readonly stanceIssue: Int32Array;
  /** Index of the stance within its issue's arrays. */
  private readonly stanceSlot: Int32Array;
  private readonly nActors: number;
  private readonly nStances: number;
  /** The actors' capabilities as written (the point each draw is compared with). */
  private readonly actorPoint: Float64Array;
  /** Each stance's own capability as written, NaN where it has none. */
  private readonly stanceOwn: Float64Array;
  /** Scratch: the stances' own capabilities of the current draw. */
  private readonly stanceDrawn: Float64Array;

  /** Issues to compute (others give NaN where a model runs issue by issue); all when undefined. */
  private readonly wanted: Uint8Array;

  constructor(scenario: Scenario, models: ModelSpec[], issues?: string[]) {
    for (const m of models)
      if (!findModel(m.id))
        throw new Error(
          `model '${m.id}' is not registered in this thread: worker threads know only the models listed in ` +
            "src/models/registry.ts (models added with registerModel at run time need --workers 1)",
        );
    this.models = models;
    this.compiled = compileScenario(scenario);
    this.issueIds = this.compiled.issues.map((i) => i.id);
    this.wanted = Uint8Array.from(this.issueIds, (id) =>
      issues === undefined || issues.includes(id) ? 1 : 0,
    );
    this.nActors = scenario.actors.length;
    this.nStances = scenario.stances.length;
    const actorIndex = new Map(scenario.actors.map((a, i) => [a.id, i]));
    const issueIndex = new Map(scenario.issues.map((x, k) => [x.id, k]));
    this.stanceActor = Int32Array.from(scenario.stances, (s) => actorIndex.get(s.actor)!);
    this.stanceIssue = Int32Array.from(scenario.stances, (s) => issueIndex.get(s.issue)!);
    this.stanceSlot = Int32Array.from(scenario.stances, (s) =>
      this.compiled.issues[issueIndex.get(s.issue)!].actorIds.indexOf(s.actor),
    );
    this.actorPoint = Float64Array.from(scenario.actors, (a) => a.capability);
    this.stanceOwn = stanceCapabilities(scenario);
    this.stanceDrawn = new Float64Array(this.nStances);
  }

  /** Forecasts per vector: `models.length × issues`. */
  get width(): number {
    return this.models.length * this.issueIds.length;
  }

  /** Loads an input vector into the compiled scenario's arrays. */
  private load(values: Float64Array): void {
    const c = this.compiled;
    const nIssues = c.issues.length;
    for (let a = 0; a < this.nActors; a++) c.capability[a] = values[a];
    // A stance's own capability moves with its actor's draw (same ratio to the point),
    // so the actor's capability on every issue varies together; one divisor for all.
    for (let s = 0; s < this.nStances; s++) {
      const own = this.stanceOwn[s];
      const a = this.stanceActor[s];
      const point = this.actorPoint[a];
      this.stanceDrawn[s] = Number.isNaN(own) || !(point > 0) ? own : own * (values[a] / point);
    }
    normaliseCapabilities(c.capability, this.stanceDrawn);
    for (const issue of c.issues)
      for (let m = 0; m < issue.actorIndex.length; m++)
        issue.capability[m] = c.capability[issue.actorIndex[m]];
    for (let s = 0; s < this.nStances; s++)
      if (!Number.isNaN(this.stanceDrawn[s]))
        c.issues[this.stanceIssue[s]].capability[this.stanceSlot[s]] = this.stanceDrawn[s];
    const posBase = this.nActors;
    const salBase = this.nActors + this.nStances;
    for (let s = 0; s < this.nStances; s++) {
      const a = this.stanceActor[s];
      const k = this.stanceIssue[s];
      const issue = c.issues[k];
      const slot = this.stanceSlot[s];
      const position = values[posBase + s];
      const salience = values[salBase + s] / 100;
      issue.position[slot] = position;
      issue.salience[slot] = salience;
      c.position[a * nIssues + k] = position;
      c.salience[a * nIssues + k] = salience;
    }
  }

  /** Writes the forecasts for `values` into `out` from `offset` (model-major). */
  evaluate(values: Float64Array, out: Float64Array, offset: number): void {
    this.load(values);
    const c = this.compiled;
    const nIssues = c.issues.length;
    this.models.forEach((spec, m) => {
      const base = offset + m * nIssues;
      if (spec.id === "expected-utility") {
        const options = spec.options as ExpectedUtilityOptions;
        for (let k = 0; k < nIssues; k++) {
          const issue = c.issues[k];
          out[base + k] =
            issue.actorIds.length === 0 || !this.wanted[k]
              ? Number.NaN
              : expectedUtilityForecast(
                  issue.capability,
                  issue.salience,
                  issue.position,
                  options,
                  issue.scale.high - issue.scale.low,
                );
        }
        return;
      }
      const run = findModel(spec.id)!.run(c, spec.options);
      for (let k = 0; k < nIssues; k++) out[base + k] = Number.NaN;
      for (const r of run.issues) {
        const k = this.issueIds.indexOf(r.issue);
        if (k >= 0) out[base + k] = r.forecast ?? Number.NaN;
      }
    });
  }
}

// ---------------------------------------------------------------------------------
// Jobs: what a worker (or the main thread) computes for a range of indices.

/** What every chunk of a job shares; sent to workers with each chunk (and cached there). */
export interface JobSpec {
  /** Identifies the job within a process, for the workers' cache. */
  id: string;
  scenario: Scenario;
  noise: Noise;
  models: ModelSpec[];
  seed: number;
  /**
   * draws: one forecast vector per index (stream 0).
   * sobol: per index j, f(A_j), f(B_j) and f(A_j with group g from B_j) for each group
   * (A from stream 1, B from stream 2).
   * point: the forecasts at the point estimates (one index).
   * swings: per input k, the forecasts with input k at the low, then at the high end
   * of its swing (`swing`), the others at their point estimates (NaN when the swing is
   * empty).
   */
  kind: "draws" | "sobol" | "point" | "swings";
  /** For swings: how far each input swings. */
  swing?: Swing;
  /** Sobol groups: input indices per group. */
  groups?: number[][];
  /** Only these issues are needed (the expected-utility kernel skips the others). */
  issues?: string[];
}

export interface ChunkTask {
  job: JobSpec;
  start: number;
  end: number;
}

/** Prepared state of a job: built once per thread. */
export class PreparedJob {
  readonly inputModel: InputModel;
  readonly evaluator: Evaluator;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly mixed: Float64Array;
  private readonly uniforms: Float64Array;

  constructor(readonly job: JobSpec) {
    this.inputModel = buildInputModel(job.scenario, job.noise);
    this.evaluator = new Evaluator(job.scenario, job.models, job.issues);
    const n = this.inputModel.inputs.length;
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    this.mixed = new Float64Array(n);
    this.uniforms = new Float64Array(this.inputModel.uniformsPerDraw);
  }

  /** Evaluations per index: 1 for draws and the point, 2 for swings, 2 + groups for Sobol. */
  get evaluationsPerIndex(): number {
    const kind = this.job.kind;
    if (kind === "draws" || kind === "point") return 1;
    return kind === "swings" ? 2 : 2 + (this.job.groups?.length ?? 0);
  }

  /** Values per index in the output. */
  get stride(): number {
    return this.evaluationsPerIndex * this.evaluator.width;
  }

  /** Computes indices [start, end); the result holds `stride` values per index. */
  run(start: number, end: number): Float64Array {
    const width = this.evaluator.width;
    const out = new Float64Array((end - start) * this.stride);
    const { seed } = this.job;
    if (this.job.kind === "point" || this.job.kind === "swings") {
      this.runAtPoint(start, end, out);
      return out;
    }
    for (let d = start; d < end; d++) {
      const offset = (d - start) * this.stride;
      if (this.job.kind === "draws") {
        sampleInto(this.inputModel, seed, d, 0, this.a, this.uniforms);
        this.evaluator.evaluate(this.a, out, offset);
        continue;
      }
      sampleInto(this.inputModel, seed, d, 1, this.a, this.uniforms);
      sampleInto(this.inputModel, seed, d, 2, this.b, this.uniforms);
      this.evaluator.evaluate(this.a, out, offset);
      this.evaluator.evaluate(this.b, out, offset + width);
      (this.job.groups ?? []).forEach((group, g) => {
        this.mixed.set(this.a);
        for (const k of group) this.mixed[k] = this.b[k];
        this.evaluator.evaluate(this.mixed, out, offset + (2 + g) * width);
      });
    }
    return out;
  }

  /** Point and swing jobs: every vector is the point estimates, one input changed at most. */
  private runAtPoint(start: number, end: number, out: Float64Array): void {
    const width = this.evaluator.width;
    const point = pointVector(this.inputModel);
    this.a.set(point);
    if (this.job.kind === "point") {
      for (let d = start; d < end; d++) this.evaluator.evaluate(this.a, out, (d - start) * width);
      return;
    }
    const swing = this.job.swing ?? { percent: 10 };
    const scales = new Map(this.job.scenario.issues.map((i) => [i.id, i.scale]));
    for (let k = start; k < end; k++) {
      const offset = (k - start) * this.stride;
      const input = this.inputModel.inputs[k];
      const [low, high] = swingBounds(
        input,
        swing,
        input.issue ? scales.get(input.issue) : undefined,
      );
      if (!(high > low)) {
        out.fill(Number.NaN, offset, offset + 2 * width);
        continue;
      }
      this.a[k] = low;
      this.evaluator.evaluate(this.a, out, offset);
      this.a[k] = high;
      this.evaluator.evaluate(this.a, out, offset + width);
      this.a[k] = point[k];
    }
  }
}

/** How far each input swings in a one-at-a-time sensitivity analysis. */
export type Swing = { percent: number } | "uncertainty";

/**
 * The low and high end of an input's swing: ± percent of the issue's scale for
 * positions, of the value for saliences and capabilities, clipped to where the input
 * can lie; or its 5% and 95% quantiles under the scenario's uncertainty.
 */
export function swingBounds(
  input: Input,
  swing: Swing,
  scale: { low: number; high: number } | undefined,
): [number, number] {
  if (swing === "uncertainty") return [inputQuantile(input, 0.05), inputQuantile(input, 0.95)];
  const share = swing.percent / 100;
  const delta =
    input.kind === "position" ? share * (scale!.high - scale!.low) : share * Math.abs(input.point);
  return [Math.max(input.min, input.point - delta), Math.min(input.max, input.point + delta)];
}

const cache = new Map<string, PreparedJob>();

/** Runs one chunk; prepared jobs are cached per thread (the last few). */
export function runChunk(task: ChunkTask): Float64Array {
  let prepared = cache.get(task.job.id);
  if (!prepared) {
    prepared = new PreparedJob(task.job);
    cache.set(task.job.id, prepared);
    while (cache.size > 4) cache.delete(cache.keys().next().value!);
  }
  return prepared.run(task.start, task.end);
}
