/**
 * Results shaped for people: the rows behind the workbench's tables and charts and
 * the HTML report. Pure functions from a stored run (the scenario snapshot and the
 * models' runs) to plain rows; no DOM, no Node APIs, so the web app (bundled by
 * Vite), the HTTP API and the report share one definition of every figure.
 *
 * The one computation here that goes beyond reshaping is the expected-utility
 * challenge map: the model's trace records, per round, the positions, the risk
 * exponents and the offer each actor took, but not the two expected utilities of
 * every pair. They follow from what is recorded with the model's own
 * `challengeUtility` (Scholz et al. 2011 eqs. 20–23) and the success probability
 * of models.md §2 step 3; test/report/views.test.ts checks that they reproduce
 * every recorded move's `eu` and `otherEu`.
 */
import type { Scenario } from "../scenario/schema.js";
import type { IssueRun, ModelRun } from "../models/types.js";
import { challengeExpectations, ExpectedUtilityOptions } from "../models/expected-utility.js";
import { weightedMean, weightedMedian } from "../models/weights.js";
import type { ForecastSummary } from "../analysis/montecarlo.js";
import type { TornadoBar } from "../analysis/sensitivity.js";
import type { HeadlineIssue, HeadlineStatement } from "../analysis/headline.js";
import type { Comparison as WhatIfComparison } from "../analysis/whatif.js";
import { maxOf, minOf } from "../extent.js";

/** What a stored run's `result` holds. */
export interface RunOutput {
  runs: ModelRun[];
  /** Analyses run with the models, by name (present only when they ran). */
  analyses?: Record<string, unknown>;
  /** The headline of the run (computeHeadline over its runs, seeded by the run's seed). */
  headline?: { statement: HeadlineStatement; issues: HeadlineIssue[] };
  /** Why the run has no headline (runs stored before it existed have neither). */
  headlineError?: string;
  /** The scenario's what-ifs compared with it under the run's models (when it has any). */
  whatIfs?: WhatIfComparison;
  /** Why the what-ifs could not be compared (a change that does not fit the scenario). */
  whatIfsError?: string;
}

/** A run as the results views need it. */
export interface RunView {
  id?: string;
  createdAt?: string;
  label?: string | null;
  snapshot: Scenario;
  result: RunOutput;
}

// --- forecast table --------------------------------------------------------------

export interface ForecastRow {
  issue: string;
  name: string;
  scale: { low: number; high: number };
  referencePoint: number | null;
  referenceLabel: string | null;
  forecasts: Record<string, number | null>;
  /** The anchor label nearest each forecast, when one is close (5% of the scale). */
  labels: Record<string, string | null>;
  notes: Record<string, string>;
  /**
   * Per model, over the run's Monte Carlo draws (when it has them): the median and the
   * 5–95 % interval of the forecasts, and the draws with a forecast.
   */
  drawn?: Record<string, DrawnForecast>;
}

/** A model's forecast on an issue over the Monte Carlo draws. */
export interface DrawnForecast {
  median: number | null;
  /** [q05, q95]. */
  interval90: [number, number] | null;
  /** [q25, q75]. */
  interval50: [number, number] | null;
  draws: number;
  noForecast: number;
}

export interface ForecastTable {
  models: string[];
  rows: ForecastRow[];
  /** The run's Monte Carlo draws, when it has them (then every row has `drawn`). */
  draws: number | null;
}

export function forecastTable(view: RunView): ForecastTable {
  const models = view.result.runs.map((r) => r.model);
  const mc = monteCarlo(view);
  const summaries = new Map(
    (mc?.summaries ?? []).map((x) => [`${x.model}\u0000${x.issue}`, x] as const),
  );
  const rows = view.snapshot.issues.map((issue): ForecastRow => {
    const forecasts: Record<string, number | null> = {};
    const labels: Record<string, string | null> = {};
    const notes: Record<string, string> = {};
    for (const run of view.result.runs) {
      const r = run.issues.find((x) => x.issue === issue.id);
      const value = r?.forecast ?? null;
      forecasts[run.model] = value;
      labels[run.model] = value === null ? null : nearestAnchor(issue, value);
      if (r?.note) notes[run.model] = r.note;
    }
    const rp = issue.referencePoint ?? null;
    const row: ForecastRow = {
      issue: issue.id,
      name: issue.name,
      scale: issue.scale,
      referencePoint: rp,
      referenceLabel: rp === null ? null : nearestAnchor(issue, rp),
      forecasts,
      labels,
      notes,
    };
    if (mc) {
      const drawn: Record<string, DrawnForecast> = {};
      for (const model of models) {
        const x = summaries.get(`${model}\u0000${issue.id}`);
        drawn[model] = {
          median: x?.median ?? null,
          interval90: x?.interval90 ?? null,
          interval50: x?.interval50 ?? null,
          draws: x?.draws ?? 0,
          noForecast: x?.noForecast ?? mc.draws,
        };
      }
      row.drawn = drawn;
    }
    return row;
  });
  return { models, rows, draws: mc ? mc.draws : null };
}

/** The label of the anchor within 5% of the scale from `value`, if any. */
export function nearestAnchor(issue: Scenario["issues"][number], value: number): string | null {
  const tolerance = 0.05 * (issue.scale.high - issue.scale.low);
  let best: { label: string; distance: number } | null = null;
  for (const a of issue.anchors ?? []) {
    const distance = Math.abs(a.value - value);
    if (distance <= tolerance && (best === null || distance < best.distance))
      best = { label: a.label, distance };
  }
  return best?.label ?? null;
}

/**
 * The forecast table as CSV: a column per model with its point forecast; when the
 * run has Monte Carlo draws, each model's column is followed by the median and the
 * 5 % and 95 % quantiles of its forecasts over the draws (`MODEL_median`,
 * `MODEL_q05`, `MODEL_q95`), and a last column gives the number of draws.
 */
export function forecastCsv(view: RunView): string {
  const table = forecastTable(view);
  const withDraws = table.draws !== null;
  const rows: Cell[][] = [
    [
      "issue",
      "name",
      "reference_point",
      ...table.models.flatMap((m) =>
        withDraws ? [m, `${m}_median`, `${m}_q05`, `${m}_q95`] : [m],
      ),
      ...(withDraws ? ["draws"] : []),
    ],
  ];
  for (const r of table.rows)
    rows.push([
      r.issue,
      r.name,
      r.referencePoint,
      ...table.models.flatMap((m) => {
        const d = r.drawn?.[m];
        return withDraws
          ? [r.forecasts[m], d?.median, d?.interval90?.[0], d?.interval90?.[1]]
          : [r.forecasts[m]];
      }),
      ...(withDraws ? [table.draws] : []),
    ]);
  return toCsv(rows);
}

// --- what-ifs ----------------------------------------------------------------------

/** One issue under one model: the forecast, and each what-if's forecast and difference. */
export interface WhatIfRow {
  issue: string;
  name: string;
  scale: { low: number; high: number };
  baseline: number | null;
  whatIfs: Record<string, { forecast: number | null; difference: number | null }>;
}

/** The run's what-if comparison, by model, with issue names and scales. */
export interface WhatIfTable {
  models: string[];
  whatIfs: { id: string; name: string; rationale?: string }[];
  byModel: Record<string, WhatIfRow[]>;
}

/**
 * The scenario's what-ifs as the run compared them (`result.whatIfs`, computed with
 * the run's models); undefined for a run without what-ifs (or stored before runs had
 * them).
 */
export function whatIfTable(view: RunView): WhatIfTable | undefined {
  const c = view.result.whatIfs;
  if (!c || c.whatIfs.length === 0) return undefined;
  const issues = new Map(view.snapshot.issues.map((i) => [i.id, i]));
  const byModel: Record<string, WhatIfRow[]> = {};
  for (const r of c.rows) {
    const issue = issues.get(r.issue);
    (byModel[r.model] ??= []).push({
      issue: r.issue,
      name: issue?.name ?? r.issue,
      scale: issue?.scale ?? { low: 0, high: 100 },
      baseline: r.baseline,
      whatIfs: Object.fromEntries(
        Object.entries(r.whatIfs).map(([id, w]) => [
          id,
          { forecast: w.forecast, difference: w.difference },
        ]),
      ),
    });
  }
  return {
    models: c.models.map((m) => m.id),
    whatIfs: c.whatIfs.map((w) => ({
      id: w.id,
      name: w.name ?? w.id,
      ...(w.rationale ? { rationale: w.rationale } : {}),
    })),
    byModel,
  };
}

/** The what-if table as CSV: one row per model and issue, a forecast and a difference per what-if. */
export function whatIfCsv(table: WhatIfTable): string {
  const rows: Cell[][] = [
    [
      "model",
      "issue",
      "name",
      "baseline",
      ...table.whatIfs.flatMap((w) => [w.id, `${w.id}_difference`]),
    ],
  ];
  for (const model of table.models)
    for (const r of table.byModel[model] ?? [])
      rows.push([
        model,
        r.issue,
        r.name,
        r.baseline,
        ...table.whatIfs.flatMap((w) => [
          r.whatIfs[w.id]?.forecast ?? null,
          r.whatIfs[w.id]?.difference ?? null,
        ]),
      ]);
  return toCsv(rows);
}

// --- trajectories ------------------------------------------------------------------

/** Models of the run whose issues carry rounds (dynamic models). */
export function dynamicModels(view: RunView): string[] {
  return view.result.runs.filter((r) => r.issues.some((i) => hasRounds(i))).map((r) => r.model);
}

function hasRounds(issue: IssueRun): boolean {
  return Array.isArray(issue.rounds) && issue.rounds.length > 0 && Array.isArray(issue.actors);
}

export interface TrajectoryPoint {
  round: number;
  actor: string;
  name: string;
  position: number;
}

export interface Trajectory {
  model: string;
  issue: string;
  issueName: string;
  scale: { low: number; high: number };
  referencePoint: number | null;
  anchors: { value: number; label: string }[];
  points: TrajectoryPoint[];
  /** The model's forecast after each round (round 0: before the first round). */
  forecast: { round: number; value: number }[];
}

/** Every actor's position by round (round 0 is the scenario's), and the forecast by round. */
export function trajectory(view: RunView, model: string, issueId: string): Trajectory | null {
  const run = view.result.runs.find((r) => r.model === model);
  const result = run?.issues.find((i) => i.issue === issueId);
  const issue = view.snapshot.issues.find((i) => i.id === issueId);
  if (!run || !result || !issue || !hasRounds(result)) return null;
  const actors = result.actors as string[];
  const names = actorNames(view.snapshot);
  const rounds = result.rounds!;
  const initial =
    (result.initial as number[] | undefined) ?? initialPositions(view.snapshot, issueId, actors);
  const points: TrajectoryPoint[] = [];
  actors.forEach((a, i) =>
    points.push({ round: 0, actor: a, name: names.get(a) ?? a, position: initial[i] }),
  );
  for (const round of rounds)
    actors.forEach((a, i) =>
      points.push({
        round: round.round,
        actor: a,
        name: names.get(a) ?? a,
        position: round.positions[i],
      }),
    );
  const forecast: { round: number; value: number }[] = [];
  if (typeof result.initialForecast === "number")
    forecast.push({ round: 0, value: result.initialForecast });
  for (const round of rounds)
    if (Number.isFinite(round.forecast))
      forecast.push({ round: round.round, value: round.forecast });
  return {
    model,
    issue: issueId,
    issueName: issue.name,
    scale: issue.scale,
    referencePoint: issue.referencePoint ?? null,
    anchors: issue.anchors ?? [],
    points,
    forecast,
  };
}

function initialPositions(scenario: Scenario, issueId: string, actors: string[]): number[] {
  return actors.map(
    (a) =>
      scenario.stances.find((s) => s.actor === a && s.issue === issueId)?.position ?? Number.NaN,
  );
}

export function trajectoryCsv(t: Trajectory): string {
  const rows: Cell[][] = [["round", "actor", "name", "position"]];
  for (const p of t.points) rows.push([p.round, p.actor, p.name, p.position]);
  return toCsv(rows);
}

// --- effective power -----------------------------------------------------------------

export interface PowerRow {
  actor: string;
  name: string;
  position: number;
  capability: number;
  salience: number;
  /** capability × salience (salience as a share). */
  power: number;
  /** Share of the issue's total effective power, in percent. */
  share: number;
}

export interface PowerView {
  issue: string;
  issueName: string;
  scale: { low: number; high: number };
  referencePoint: number | null;
  anchors: { value: number; label: string }[];
  rows: PowerRow[];
  weightedMedian: number | null;
  weightedMean: number | null;
}

/** Effective power (capability × salience) of each actor at its position on an issue. */
export function powerByPosition(scenario: Scenario, issueId: string): PowerView | null {
  const issue = scenario.issues.find((i) => i.id === issueId);
  if (!issue) return null;
  const capability = new Map(scenario.actors.map((a) => [a.id, a.capability]));
  const names = actorNames(scenario);
  const rows = scenario.stances
    .filter((s) => s.issue === issueId)
    .map((s) => {
      const c = s.capability ?? capability.get(s.actor) ?? 0;
      return {
        actor: s.actor,
        name: names.get(s.actor) ?? s.actor,
        position: s.position,
        capability: c,
        salience: s.salience,
        power: (c * s.salience) / 100,
        share: 0,
      };
    })
    .sort((a, b) => a.position - b.position);
  const total = rows.reduce((sum, r) => sum + r.power, 0);
  for (const r of rows) r.share = total > 0 ? (100 * r.power) / total : 0;
  const x = rows.map((r) => r.position);
  const w = rows.map((r) => r.power);
  const median = weightedMedian(x, w);
  const mean = weightedMean(x, w);
  return {
    issue: issueId,
    issueName: issue.name,
    scale: issue.scale,
    referencePoint: issue.referencePoint ?? null,
    anchors: issue.anchors ?? [],
    rows,
    weightedMedian: Number.isFinite(median) ? median : null,
    weightedMean: Number.isFinite(mean) ? mean : null,
  };
}

export function powerCsv(p: PowerView): string {
  const rows: Cell[][] = [
    ["actor", "name", "position", "capability", "salience", "effective_power", "share_percent"],
  ];
  for (const r of p.rows)
    rows.push([r.actor, r.name, r.position, r.capability, r.salience, r.power, r.share]);
  return toCsv(rows);
}

// --- expected-utility challenge map ----------------------------------------------------

export type ChallengeQuadrant = "conflict" | "prevails" | "gives-ground" | "status-quo";

export interface ChallengePoint {
  actor: string;
  name: string;
  position: number;
  /** E^i(i→j): what the chosen actor i expects from challenging this actor. */
  eu: number;
  /** E^i(j→i): what i expects this actor to gain by challenging i. */
  otherEu: number;
  quadrant: ChallengeQuadrant;
}

export interface ChallengeMap {
  issue: string;
  issueName: string;
  actor: string;
  actorName: string;
  round: number;
  rounds: number;
  actorPosition: number;
  points: ChallengePoint[];
  /** Actors left out: same position as the chosen actor (no challenge between them). */
  samePosition: string[];
}

/**
 * The challenge map of `actorId` on `issueId` before round `round` (1-based) of the
 * expected-utility run: each other actor at the chosen actor's two expected
 * utilities, with the positions, risk exponents and options the model used.
 */
export function challengeMap(
  view: RunView,
  issueId: string,
  actorId: string,
  round = 1,
  model = "expected-utility",
): ChallengeMap | null {
  const run = view.result.runs.find((r) => r.model === model);
  const result = run?.issues.find((i) => i.issue === issueId);
  if (!run || !result || !hasRounds(result)) return null;
  const actors = result.actors as string[];
  const i = actors.indexOf(actorId);
  const rounds = result.rounds!;
  if (i < 0 || !Number.isInteger(round) || round < 1 || round > rounds.length) return null;
  const record = rounds[round - 1];
  const r = record.riskExponents as number[] | undefined;
  if (!Array.isArray(r)) return null;
  const parsed = ExpectedUtilityOptions.safeParse(run.options);
  const options = parsed.success ? parsed.data : ExpectedUtilityOptions.parse({});
  const initial =
    (result.initial as number[] | undefined) ?? initialPositions(view.snapshot, issueId, actors);
  const x = round === 1 ? initial : rounds[round - 2].positions;
  const capability = new Map(view.snapshot.actors.map((a) => [a.id, a.capability]));
  const s = actors.map(
    (a) =>
      (view.snapshot.stances.find((st) => st.actor === a && st.issue === issueId)?.salience ?? 0) /
      100,
  );
  const range =
    typeof result.positionRange === "number"
      ? result.positionRange
      : maxOf(initial) - minOf(initial);
  if (!(range > 0)) return null;
  const capabilities = actors.map(
    (a) =>
      view.snapshot.stances.find((st) => st.actor === a && st.issue === issueId)?.capability ??
      capability.get(a) ??
      0,
  );
  const expectations = challengeExpectations(
    { actors, capability: capabilities, salience: s, position: x },
    i,
    x,
    r,
    range,
    options,
  );
  const names = actorNames(view.snapshot);
  const points: ChallengePoint[] = [];
  const samePosition: string[] = [];
  actors.forEach((actor, j) => {
    if (j === i) return;
    if (x[j] === x[i]) {
      samePosition.push(actor);
      return;
    }
    const { eu, otherEu } = expectations[j];
    points.push({
      actor,
      name: names.get(actor) ?? actor,
      position: x[j],
      eu,
      otherEu,
      quadrant: quadrant(eu, otherEu),
    });
  });
  const issue = view.snapshot.issues.find((iss) => iss.id === issueId);
  return {
    issue: issueId,
    issueName: issue?.name ?? issueId,
    actor: actorId,
    actorName: names.get(actorId) ?? actorId,
    round,
    rounds: rounds.length,
    actorPosition: x[i],
    points,
    samePosition,
  };
}

function quadrant(eu: number, otherEu: number): ChallengeQuadrant {
  if (eu > 0 && otherEu > 0) return "conflict";
  if (eu > 0) return "prevails";
  if (otherEu > 0) return "gives-ground";
  return "status-quo";
}

export function challengeMapCsv(m: ChallengeMap): string {
  const rows: Cell[][] = [
    ["actor", "name", "position", "eu_challenge", "eu_challenged", "quadrant"],
  ];
  for (const p of m.points) rows.push([p.actor, p.name, p.position, p.eu, p.otherEu, p.quadrant]);
  return toCsv(rows);
}

// --- Monte Carlo forecast distributions ---------------------------------------------------

/** Counts of one model's Monte Carlo forecasts on one issue, in equal bins over the scale. */
export interface ForecastHistogram {
  model: string;
  issue: string;
  low: number;
  high: number;
  counts: number[];
  noForecast: number;
}

/** What a run stores of each Monte Carlo summary (the thresholds are stored apart). */
export type ForecastSummaryView = Pick<
  ForecastSummary,
  | "model"
  | "issue"
  | "point"
  | "median"
  | "interval50"
  | "interval90"
  | "mean"
  | "sd"
  | "draws"
  | "noForecast"
>;

/** What a run stores of the Monte Carlo analysis (src/analysis/montecarlo.ts) when it ran. */
export interface MonteCarloOutput {
  draws: number;
  seed: number;
  summaries: ForecastSummaryView[];
  histograms: ForecastHistogram[];
  uncertainty?: { lines?: string[] };
}

export function monteCarlo(view: RunView): MonteCarloOutput | null {
  const mc = view.result.analyses?.montecarlo as MonteCarloOutput | undefined;
  return mc && Array.isArray(mc.summaries) && Array.isArray(mc.histograms) ? mc : null;
}

export interface DistributionBin {
  model: string;
  x1: number;
  x2: number;
  /** Share of the draws in the bin, in percent. */
  share: number;
}

export interface DistributionView {
  issue: string;
  issueName: string;
  scale: { low: number; high: number };
  referencePoint: number | null;
  draws: number;
  bins: DistributionBin[];
  summaries: ForecastSummaryView[];
}

/** The distribution of each model's forecasts on an issue over the Monte Carlo draws. */
export function distribution(view: RunView, issueId: string): DistributionView | null {
  const mc = monteCarlo(view);
  const issue = view.snapshot.issues.find((i) => i.id === issueId);
  if (!mc || !issue) return null;
  const bins: DistributionBin[] = [];
  for (const hist of mc.histograms.filter((x) => x.issue === issueId)) {
    const width = (hist.high - hist.low) / hist.counts.length;
    hist.counts.forEach((count, b) => {
      if (count > 0)
        bins.push({
          model: hist.model,
          x1: hist.low + b * width,
          x2: hist.low + (b + 1) * width,
          share: (100 * count) / mc.draws,
        });
    });
  }
  return {
    issue: issueId,
    issueName: issue.name,
    scale: issue.scale,
    referencePoint: issue.referencePoint ?? null,
    draws: mc.draws,
    bins,
    summaries: mc.summaries.filter((x) => x.issue === issueId),
  };
}

export function distributionCsv(d: DistributionView): string {
  const rows: Cell[][] = [
    [
      "model",
      "issue",
      "point",
      "median",
      "q05",
      "q25",
      "q75",
      "q95",
      "mean",
      "sd",
      "draws",
      "no_forecast",
    ],
  ];
  for (const x of d.summaries)
    rows.push([
      x.model,
      x.issue,
      x.point,
      x.median,
      x.interval90?.[0],
      x.interval50?.[0],
      x.interval50?.[1],
      x.interval90?.[1],
      x.mean,
      x.sd,
      x.draws,
      x.noForecast,
    ]);
  return toCsv(rows);
}

// --- tornado (one-at-a-time sensitivity) ---------------------------------------------------

/** A tornado bar as a run stores it (src/analysis/sensitivity.ts). */
export type TornadoBarView = TornadoBar;

export interface TornadoView {
  model: string;
  issue: string;
  issueName: string;
  scale: { low: number; high: number };
  baseline: number | null;
  swing: string;
  bars: TornadoBarView[];
}

interface StoredTornado {
  swing: string;
  tornadoes: { model: string; issue: string; baseline: number | null; bars: TornadoBarView[] }[];
}

/** Models with a tornado in the run (src/analysis/sensitivity.ts), if it ran. */
export function tornadoModels(view: RunView): string[] {
  const t = view.result.analyses?.tornado as StoredTornado | undefined;
  return t && Array.isArray(t.tornadoes) ? [...new Set(t.tornadoes.map((x) => x.model))] : [];
}

/** The inputs that move one model's forecast on one issue most, largest swing first. */
export function tornadoView(view: RunView, model: string, issueId: string): TornadoView | null {
  const t = view.result.analyses?.tornado as StoredTornado | undefined;
  const one = t?.tornadoes?.find((x) => x.model === model && x.issue === issueId);
  const issue = view.snapshot.issues.find((i) => i.id === issueId);
  if (!t || !one || !issue) return null;
  return {
    model,
    issue: issueId,
    issueName: issue.name,
    scale: issue.scale,
    baseline: one.baseline,
    swing: t.swing,
    bars: one.bars,
  };
}

export function tornadoCsv(t: TornadoView): string {
  const rows: Cell[][] = [
    [
      "model",
      "issue",
      "input",
      "point",
      "low",
      "high",
      "forecast_low",
      "forecast_high",
      "range",
      "baseline",
    ],
  ];
  for (const b of t.bars)
    rows.push([
      t.model,
      t.issue,
      b.input,
      b.point,
      b.low,
      b.high,
      b.forecastLow,
      b.forecastHigh,
      b.range,
      t.baseline,
    ]);
  return toCsv(rows);
}

// --- comparing two runs ----------------------------------------------------------------

export interface ComparisonRow {
  issue: string;
  name: string;
  model: string;
  a: number | null;
  b: number | null;
  delta: number | null;
}

export interface InputChange {
  what: "actor" | "issue" | "stance" | "metadata";
  /** Actor id, issue id or `actor/issue`. */
  id: string;
  field: string;
  a: unknown;
  b: unknown;
}

export interface Comparison {
  rows: ComparisonRow[];
  changes: InputChange[];
}

/** Forecasts of the models both runs share, issue by issue, and what changed in the inputs. */
export function compareRuns(a: RunView, b: RunView): Comparison {
  const modelsB = new Set(b.result.runs.map((r) => r.model));
  const models = a.result.runs.map((r) => r.model).filter((m) => modelsB.has(m));
  const issues = [...a.snapshot.issues.map((i) => ({ id: i.id, name: i.name }))];
  for (const i of b.snapshot.issues)
    if (!issues.some((x) => x.id === i.id)) issues.push({ id: i.id, name: i.name });
  const value = (v: RunView, model: string, issue: string): number | null =>
    v.result.runs.find((r) => r.model === model)?.issues.find((x) => x.issue === issue)?.forecast ??
    null;
  const rows: ComparisonRow[] = [];
  for (const issue of issues)
    for (const model of models) {
      const va = value(a, model, issue.id);
      const vb = value(b, model, issue.id);
      rows.push({
        issue: issue.id,
        name: issue.name,
        model,
        a: va,
        b: vb,
        delta: va !== null && vb !== null ? vb - va : null,
      });
    }
  return { rows, changes: inputChanges(a.snapshot, b.snapshot) };
}

export function inputChanges(a: Scenario, b: Scenario): InputChange[] {
  const changes: InputChange[] = [];
  if (a.metadata.title !== b.metadata.title)
    changes.push({
      what: "metadata",
      id: "title",
      field: "title",
      a: a.metadata.title,
      b: b.metadata.title,
    });
  const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
  const actorsA = byId(a.actors);
  const actorsB = byId(b.actors);
  for (const [id, x] of actorsA) {
    const y = actorsB.get(id);
    if (!y) changes.push({ what: "actor", id, field: "removed", a: x.name, b: null });
    else {
      if (x.capability !== y.capability)
        changes.push({ what: "actor", id, field: "capability", a: x.capability, b: y.capability });
      if (x.name !== y.name)
        changes.push({ what: "actor", id, field: "name", a: x.name, b: y.name });
    }
  }
  for (const [id, y] of actorsB)
    if (!actorsA.has(id)) changes.push({ what: "actor", id, field: "added", a: null, b: y.name });
  const issuesA = byId(a.issues);
  const issuesB = byId(b.issues);
  for (const [id, x] of issuesA) {
    const y = issuesB.get(id);
    if (!y) changes.push({ what: "issue", id, field: "removed", a: x.name, b: null });
    else {
      if (x.referencePoint !== y.referencePoint)
        changes.push({
          what: "issue",
          id,
          field: "referencePoint",
          a: x.referencePoint ?? null,
          b: y.referencePoint ?? null,
        });
      if (x.scale.low !== y.scale.low || x.scale.high !== y.scale.high)
        changes.push({
          what: "issue",
          id,
          field: "scale",
          a: `${x.scale.low}–${x.scale.high}`,
          b: `${y.scale.low}–${y.scale.high}`,
        });
    }
  }
  for (const [id, y] of issuesB)
    if (!issuesA.has(id)) changes.push({ what: "issue", id, field: "added", a: null, b: y.name });
  const key = (s: { actor: string; issue: string }) => `${s.actor}/${s.issue}`;
  const stancesA = new Map(a.stances.map((s) => [key(s), s]));
  const stancesB = new Map(b.stances.map((s) => [key(s), s]));
  for (const [id, x] of stancesA) {
    const y = stancesB.get(id);
    if (!y)
      changes.push({
        what: "stance",
        id,
        field: "removed",
        a: `${x.position} @ ${x.salience}`,
        b: null,
      });
    else {
      if (x.position !== y.position)
        changes.push({ what: "stance", id, field: "position", a: x.position, b: y.position });
      if (x.salience !== y.salience)
        changes.push({ what: "stance", id, field: "salience", a: x.salience, b: y.salience });
    }
  }
  for (const [id, y] of stancesB)
    if (!stancesA.has(id))
      changes.push({
        what: "stance",
        id,
        field: "added",
        a: null,
        b: `${y.position} @ ${y.salience}`,
      });
  return changes;
}

export function comparisonCsv(c: Comparison): string {
  const rows: Cell[][] = [["issue", "name", "model", "forecast_a", "forecast_b", "change"]];
  for (const r of c.rows) rows.push([r.issue, r.name, r.model, r.a, r.b, r.delta]);
  return toCsv(rows);
}

// --- helpers --------------------------------------------------------------------------------

export function actorNames(scenario: Scenario): Map<string, string> {
  return new Map(scenario.actors.map((a) => [a.id, a.name]));
}

export type Cell = string | number | null | undefined;

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; no value is empty. */
export function toCsv(rows: Cell[][]): string {
  const field = (c: Cell): string => {
    if (c === null || c === undefined || (typeof c === "number" && !Number.isFinite(c))) return "";
    let s = String(c);
    // A text cell that a spreadsheet would read as a formula is kept as text.
    if (typeof c === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

/** Numbers for people: fixed decimals, "–" for none. */
export function formatValue(x: number | null | undefined, decimals = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return x.toFixed(decimals);
}
