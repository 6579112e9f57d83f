/**
 * The DEU backtest: every chosen model, under every chosen capability option, on the
 * scored issues of a DEU table (Thomson et al. 2006, The European Union Decides;
 * DEU III: Arregui & Perarnaud 2021, doi 10.34810/data53, CC BY 4.0), scored against
 * the recorded outcomes (models.md §4).
 *
 * Scored issues: the outcome is known and at least three actors (`minStances`) hold
 * both a position and a salience (`scoredDeuIssues`). Nothing else is filtered: the
 * pipeline computes exactly these rules on whatever table it is given.
 *
 * Rows. A row is a model under a capability option (`compromise/equal`,
 * `compromise/shapley-shubik`, …). Capability options give each actor of an issue a
 * capability (`deuCapability`):
 * - `equal`: 1 for every actor (the published baseline: with it the compromise
 *   model is the salience-weighted mean);
 * - `council-votes`: each member state's share of the Council's votes in the issue's
 *   era (EU-15 and Nice weighted votes; under the Lisbon double majority, its share
 *   of the population, the weight that varies between members), whatever the voting
 *   rule;
 * - `shapley-shubik`, `banzhaf`: each member state's voting power in the Council's
 *   rule of the issue: under qualified majority the index of the era's game
 *   (`councilVotingPower`, exact), under unanimity the index of the unanimity game,
 *   1/n for every member.
 * The era is inferred from the member states holding positions (`inferCouncilEra`).
 * The Commission's and the Parliament's capability (`commission`, `parliament`) is
 * `mean` (default: the mean of the era's member states, which for `equal` is 1),
 * `max` (that of the strongest member state), or a share `x` (x times the total of
 * the era's member states: 0.1 makes the Commission weigh a tenth of the Council).
 *
 * A model whose forecasts do not change with the capability option (the status quo,
 * the plain median, a model that reads voting power itself) is shown once, with
 * capability `any`. A model that cannot forecast an issue (Nash and the status quo
 * without a reference point, procedural models without a rule) is scored on the
 * issues it forecasts, with its own `n` and the reasons counted.
 *
 * Baselines. The plain (unweighted) median of the positions is a backtest-local rule
 * (`plain-median`). The compromise model with equal capabilities is the baseline of
 * the paired comparisons: for every row, a paired bootstrap interval of the mean of
 * (its error − the baseline's error) over the issues both scored (`pairedBootstrap`;
 * seeded; whole proposals are resampled by default, since the issues of one proposal
 * are decided together, or single issues).
 *
 * Decision rules. Each issue is given the decision rule of EU legislation built from
 * its procedure and voting rule (`euDecisionRule`: consultation or co-decision,
 * qualified majority or unanimity, the era's weights), which the procedural models
 * and the institutional compromise read; the other models ignore it.
 *
 * Cross-validation. When `institutional-compromise` (the model fitted on the
 * development table) is among the models, a second row refits its weights on each
 * training fold of a grouped k-fold cross-validation by proposal and scores the
 * out-of-fold forecasts (`institutional-compromise/cv`): the honest estimate on any
 * table. Where the table holds proposals the shipped weights were fitted on, the
 * shipped row says how many of its issues are in-sample.
 *
 * Nested cross-validation. Because the institutional compromise's variant was
 * chosen among 24 candidates on the development table, its cross-validated row is
 * still optimistic; `institutional-compromise/nested-cv` redoes the whole choice
 * (every candidate fitted and scored by inner folds, the best refitted) inside each
 * outer fold (`nestedInstitutionalSelection`, nested-cv.ts).
 *
 * The headline (`headline`): the baseline's forecast with the error model's
 * predictive distribution (error-model.ts), scored by MAE, the coverage and width of
 * its 50% and 90% intervals, CRPS against climatology and a PIT histogram. Issues
 * whose proposal the error model was fitted on are scored by grouped
 * cross-validation (the error model refitted on the other folds), others with the
 * shipped model (`scoreHeadline`).
 *
 * Subgroups (`by`): the same table for each value of the procedure (COD/CNS), the
 * Council's voting rule (QMV/Unan), the legal type (Reg/Dir/Dec), the inferred era,
 * or the Council configuration, with the paired intervals computed within the group.
 */
import { z } from "zod";
import type { DeuDataset, DeuIssue, DeuIssueMeta } from "../scenario/import/deu.js";
import { formatDeuReport, readDeu, scoredDeuIssues } from "../scenario/import/deu.js";
import type { CouncilEra } from "../institutions/council-weights.js";
import {
  COUNCIL_RULES,
  councilVotingPower,
  inferCouncilEra,
} from "../institutions/council-weights.js";
import type { Scenario } from "../scenario/schema.js";
import { compileScenario, type CompiledIssue, type CompiledScenario } from "../scenario/compile.js";
import { effectivePower, weightedMean } from "../models/weights.js";
import {
  errorFeatures,
  fitErrors,
  scoreSample,
  type ErrorModelSelection,
  type ErrorSample,
  type FittedErrorModel,
  type IssueScore,
} from "./error-model.js";
import { shippedErrorModel } from "./error-model-file.js";
import { groupedFolds } from "./cross-validation.js";
import { nestedCrossValidate, type Candidate } from "./nested-cv.js";
import { pitHistogram } from "./crps.js";
import { BY_PROPOSAL_MODELS, forecastByProposal } from "./backtest-proposals.js";
import { InputError, type Problem } from "../scenario/problems.js";
import { findModel, listModels } from "../models/registry.js";
import type { IssueRun, Model, ModelRun } from "../models/types.js";
import { runPerIssue } from "../models/per-issue.js";
import { median, summarizeErrors, type ErrorSummary } from "./metrics.js";
import { pairedBootstrap, type PairedInterval } from "./bootstrap.js";
import { crossValidate } from "./cross-validation.js";
import {
  INSTITUTIONAL_FIT,
  INSTITUTIONAL_WEIGHTS,
  InstitutionalCompromiseOptions,
  combineInstitutionalParts,
  fitInstitutionalWeights,
  institutionalCompromiseModel,
  institutionalParts,
  type InstitutionalWeights,
} from "../models/institutional-compromise.js";
import { euDecisionRule } from "../models/procedural/eu.js";
import { proceduralModels } from "../models/procedural/models.js";
import { VERSION } from "../version.js";
import type { JobContext } from "../jobs/jobs.js";
import { randomUUID } from "node:crypto";
import { maxOf } from "../extent.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;

export const CAPABILITY_OPTIONS = ["equal", "council-votes", "shapley-shubik", "banzhaf"] as const;
export type CapabilityOption = (typeof CAPABILITY_OPTIONS)[number];

/** Capability of the Commission or the Parliament relative to the member states. */
export type InstitutionCapability = "mean" | "max" | { share: number };

export const GROUP_KEYS = ["procedure", "voting-rule", "type", "era", "council"] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** The id of the baseline row of the paired comparisons. */
export const BASELINE_ROW = "compromise/equal";

/** Models left out of the default run, with the reason. */
export const NOT_IN_DEFAULT_RUN: Readonly<Record<string, string>> = {
  smp: "KTAB's spatial model of politics, made for many issues at once, takes seconds per capability option on a DEU table (more than all the other models together); add it with --model",
  exchange:
    "the exchange model, run once per proposal on all its issues in 28-digit decimals, takes about a minute per capability option on a DEU table; add it with --model (and -o exchange.arithmetic=double for a fast approximation)",
};

/**
 * Option defaults the backtest sets for a model unless the user gives the option:
 * it needs forecasts only, not the explanations some models record.
 */
export const BACKTEST_OPTION_DEFAULTS: Readonly<Record<string, Record<string, unknown>>> = {
  smp: { trace: "positions" },
  exchange: { trace: "summary" },
};

// ---------------------------------------------------------------------------------
// Models the backtest knows besides the registry's
// ---------------------------------------------------------------------------------

const PlainMedianOptions = z.object({}).strict();

/**
 * The plain median of the positions of the actors with a stance, ignoring salience
 * and capability (the mean of the two middle positions when their number is even):
 * a published DEU baseline (Thomson et al. 2006), local to the backtest.
 */
export const plainMedianRule: Model<z.infer<typeof PlainMedianOptions>> = {
  id: "plain-median",
  name: "Plain median of positions",
  summary: "The outcome is the median of the positions, unweighted.",
  reference: "Thomson et al. (2006), The European Union Decides (baseline)",
  dynamic: false,
  options: PlainMedianOptions,
  run: (scenario, options) =>
    runPerIssue("plain-median", options, scenario, (issue) => ({
      issue: issue.id,
      forecast: median(issue.position),
    })),
};

let localModels: AnyModel[] | undefined;

/** The backtest's own models and those in the tree not yet in the registry. */
function backtestLocalModels(): AnyModel[] {
  localModels ??= [
    plainMedianRule,
    institutionalCompromiseModel,
    ...proceduralModels((id) => backtestModel(id)),
  ];
  return localModels;
}

/** A model by id: the registry's first, then the backtest's own. */
export function backtestModel(id: string): AnyModel | undefined {
  return findModel(id) ?? backtestLocalModels().find((m) => m.id === id);
}

/**
 * The models of the default run: every registered model (except those in
 * `NOT_IN_DEFAULT_RUN`), the plain median after the weighted median, then the
 * procedural models and the institutional compromise where the registry does not
 * have them yet.
 */
export function defaultBacktestModels(): string[] {
  const ids = listModels()
    .map((m) => m.id)
    .filter((id) => !(id in NOT_IN_DEFAULT_RUN));
  const at = ids.indexOf("weighted-median");
  if (!ids.includes("plain-median")) ids.splice(at >= 0 ? at + 1 : ids.length, 0, "plain-median");
  for (const m of backtestLocalModels()) if (!ids.includes(m.id)) ids.push(m.id);
  return ids;
}

// ---------------------------------------------------------------------------------
// Capabilities
// ---------------------------------------------------------------------------------

/** True when the DEU voting rule is unanimity (`Unan`); anything else is read as QMV. */
export function isUnanimity(votingRule: string): boolean {
  return votingRule.trim().toLowerCase().startsWith("unan");
}

const memberCache = new Map<string, Readonly<Record<string, number>>>();

/** The member states' capabilities under an option, over the era's members. */
export function memberCapabilities(
  option: CapabilityOption,
  era: CouncilEra,
  unanimity: boolean,
): Readonly<Record<string, number>> {
  const key = `${option}/${era}/${unanimity}`;
  const cached = memberCache.get(key);
  if (cached) return cached;
  const rule = COUNCIL_RULES[era];
  const members = rule.members;
  let values: Record<string, number>;
  if (option === "equal") values = Object.fromEntries(members.map((m) => [m, 1]));
  else if (option === "council-votes") {
    const raw = rule.kind === "weighted-votes" ? rule.weights : rule.population;
    const total = members.reduce((t, m) => t + (raw[m] ?? 0), 0);
    values = Object.fromEntries(members.map((m) => [m, (raw[m] ?? 0) / total]));
  } else if (unanimity) values = Object.fromEntries(members.map((m) => [m, 1 / members.length]));
  else {
    const power = councilVotingPower(era, option);
    values = Object.fromEntries(members.map((m) => [m, power[m] ?? 0]));
  }
  const frozen = Object.freeze(values);
  memberCache.set(key, frozen);
  return frozen;
}

function institutionValue(
  choice: InstitutionCapability,
  members: Readonly<Record<string, number>>,
): number {
  const values = Object.values(members);
  const total = values.reduce((a, b) => a + b, 0);
  if (choice === "mean") return total / values.length;
  if (choice === "max") return maxOf(values);
  return choice.share * total;
}

/**
 * The capability function of an option for `readDeu` or the backtest: actor and
 * issue to capability (see the module comment).
 */
export function deuCapability(
  option: CapabilityOption,
  institutions: { commission?: InstitutionCapability; parliament?: InstitutionCapability } = {},
): (actor: string, meta: DeuIssueMeta) => number {
  return (actor, meta) => {
    const era = inferCouncilEra(meta.positionHolders).era;
    const members = memberCapabilities(option, era, isUnanimity(meta.votingRule));
    if (actor === "com") return institutionValue(institutions.commission ?? "mean", members);
    if (actor === "ep") return institutionValue(institutions.parliament ?? "mean", members);
    return Object.hasOwn(members, actor) ? members[actor] : 0;
  };
}

// ---------------------------------------------------------------------------------
// Options and results
// ---------------------------------------------------------------------------------

export interface BacktestOptions {
  /** Model ids (default `defaultBacktestModels()`); `plain-median` is the local rule. */
  models?: string[];
  /** Options per model id, as for `entente run`. */
  modelOptions?: Record<string, Record<string, unknown>>;
  /** Rounds for dynamic models with a `rounds` option. */
  rounds?: number;
  /** Capability options (default all four). */
  capabilities?: CapabilityOption[];
  commission?: InstitutionCapability;
  parliament?: InstitutionCapability;
  /** Subgroup tables to add. */
  by?: GroupKey[];
  /** Bootstrap resamples (default 1000), seed (default 1), level (default 0.95). */
  resamples?: number;
  seed?: number;
  level?: number;
  /** Resample whole proposals (default) or issues. */
  bootstrapUnit?: "issue" | "proposal";
  /** The headline's error model and the proposals it was fitted on (default: the shipped one). */
  errorModel?: ErrorSource;
  /** Fewest actors with a stance for an issue to be scored (default 3). */
  minStances?: number;
  /** Threshold of the "within" share (default 10 points). */
  within?: number;
  /** Grouped cross-validation of the institutional compromise (default 10 folds, seed 1); null: none. */
  crossValidation?: { folds: number; seed: number } | null;
  /** Attach the EU decision rule to each issue (default true). */
  rules?: boolean;
}

/** Reasons a model gave no forecast, counted. */
export interface MissingReason {
  note: string;
  count: number;
}

export interface BacktestRow {
  /** `model/capability`, `model` when capability-free, `institutional-compromise/cv`. */
  id: string;
  model: string;
  name: string;
  capability: CapabilityOption | "any" | "cv";
  summary: ErrorSummary;
  /** Scored issues the row gave no forecast for, and why. */
  missing: MissingReason[];
  /** Paired interval of mean(error − baseline error); null for the baseline itself. */
  vsBaseline: PairedInterval | null;
  /** Scored issues whose proposal the row's constants were fitted on (in-sample). */
  inSample?: number;
}

export interface BacktestIssue {
  issue: string;
  proposal: string;
  line: number;
  type: string;
  procedure: string;
  votingRule: string;
  era: CouncilEra;
  council: string;
  stances: number;
  referencePoint: number | null;
  outcome: number;
  /** Forecast per row id (null where none). */
  forecasts: Record<string, number | null>;
  /** Note per row id where the model gave one. */
  notes: Record<string, string>;
  /** The headline's predictive intervals, CRPS and PIT on this issue. */
  headline?: Pick<IssueScore, "interval50" | "interval90" | "crps" | "pit"> & {
    scoredBy: "cross-validation" | "shipped";
  };
}

export interface BacktestGroup {
  by: GroupKey;
  value: string;
  scored: number;
  rows: BacktestRow[];
}

export interface BacktestCrossValidation {
  model: string;
  folds: number;
  seed: number;
  unit: "proposal";
  /** Weights fitted in each fold (on the other folds). */
  foldWeights: InstitutionalWeights[];
  /** Weights fitted on every scored issue of this table, and their in-sample MAE. */
  fullFit: { weights: InstitutionalWeights; mae: number };
}

/** The headline forecast scored as a probability forecast (`headline.ts`, `error-model.ts`). */
export interface HeadlineBacktest {
  /** The point model's row. */
  model: string;
  n: number;
  mae: number;
  coverage50: number;
  coverage90: number;
  width50: number;
  width90: number;
  /** Mean CRPS of the predictive distribution (points). */
  crps: number;
  /** Mean CRPS of climatology: the outcomes of the table the error model was fitted on. */
  climatologyCrps: number;
  /** PIT histogram, 10 equal bins of [0, 1]. */
  pit: number[];
  /** Issues scored by cross-validation (their proposal is in the error model's fit). */
  crossValidated: number;
  /** Issues scored with the shipped error model as it is. */
  shipped: number;
  folds: number;
  seed: number;
  /** Where the error model comes from, and its variant. */
  errorModel: string;
  /** How the error model's variant was chosen (from the shipped file). */
  selection?: ErrorModelSelection;
}

/** Nested cross-validation of the selection among the institutional compromise's variants. */
export interface NestedSelection {
  row: string;
  variants: number;
  variantIds: string[];
  chosen: Record<string, number>;
  folds: number;
  innerFolds: number;
  seed: number;
}

export interface BacktestResult {
  entente: string;
  file?: string;
  /** What was read (rows, issues, cells read as missing), in words. */
  read: string;
  rowsRead: number;
  issuesRead: number;
  scored: number;
  settings: {
    models: string[];
    capabilities: CapabilityOption[];
    commission: string;
    parliament: string;
    baseline: string;
    resamples: number;
    seed: number;
    level: number;
    bootstrapUnit: "issue" | "proposal";
    minStances: number;
    within: number;
    rules: boolean;
  };
  rows: BacktestRow[];
  groups: BacktestGroup[];
  issues: BacktestIssue[];
  crossValidation?: BacktestCrossValidation;
  headline?: HeadlineBacktest;
  nested?: NestedSelection;
  /** Remarks about the run (models left out, capability-free rows, rules not built). */
  notes: string[];
}

function describeInstitution(c: InstitutionCapability): string {
  return typeof c === "string" ? c : `share ${c.share}`;
}

/** Parses and defaults every chosen model's options; every problem at once. */
/** A chosen model with its options as given (`raw`, plain JSON) and parsed. */
interface ResolvedModel {
  id: string;
  model: AnyModel;
  raw: Record<string, unknown>;
  options: object;
}

function resolveBacktestModels(ids: string[], options: BacktestOptions): ResolvedModel[] {
  const problems: Problem[] = [];
  const resolved: ResolvedModel[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const model = backtestModel(id);
    if (!model) {
      const known = [...new Set([...listModels().map((m) => m.id), ...defaultBacktestModels()])];
      problems.push({
        path: ["model"],
        message: `unknown model '${id}'; known models: ${known.join(", ")}`,
      });
      continue;
    }
    const shape = (model.options as unknown as { shape?: Record<string, unknown> }).shape;
    const known = shape ?? {};
    const quiet = Object.fromEntries(
      Object.entries(BACKTEST_OPTION_DEFAULTS[id] ?? {}).filter(([key]) => key in known),
    );
    const raw: Record<string, unknown> = {
      ...quiet,
      ...(options.rounds !== undefined && model.dynamic && shape && "rounds" in shape
        ? { rounds: options.rounds }
        : {}),
      ...(options.modelOptions?.[id] ?? {}),
    };
    const parsed = model.options.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ path: ["options", id, ...issue.path.map(String)], message: issue.message });
      continue;
    }
    resolved.push({ id, model, raw, options: parsed.data as object });
  }
  for (const id of Object.keys(options.modelOptions ?? {}))
    if (!seen.has(id))
      problems.push({
        path: ["options", id],
        message: `options are given for '${id}', which is not among the models run`,
      });
  if (problems.length > 0) throw new InputError(problems);
  return resolved;
}

/** One scored issue, prepared once. */
interface Prepared {
  issue: DeuIssue;
  era: CouncilEra;
  unanimity: boolean;
  rule: unknown;
  ruleNotes: string[];
}

function prepare(issue: DeuIssue, rules: boolean): Prepared {
  const era = inferCouncilEra(issue.meta.positionHolders).era;
  let rule: unknown = undefined;
  let ruleNotes: string[] = [];
  if (rules) {
    const built = euDecisionRule({
      procedure: issue.meta.procedure,
      votingRule: issue.meta.votingRule,
      positionHolders: issue.meta.positionHolders,
      stanceHolders: issue.meta.stanceHolders,
    });
    rule = built.rule;
    ruleNotes = built.rule ? [] : built.notes;
  }
  return { issue, era, unanimity: isUnanimity(issue.meta.votingRule), rule, ruleNotes };
}

/**
 * The data the backtest's forecasts are computed from, as plain JSON (it crosses to
 * worker threads and through the queue): the scored issues and the settings that
 * shape their scenarios.
 */
export interface BacktestWorkSpec {
  issues: DeuIssue[];
  rules: boolean;
  commission: InstitutionCapability;
  parliament: InstitutionCapability;
}

/** One model under one capability option, on every scored issue. */
export interface BacktestTask {
  model: string;
  /** The model's options as given (parsed where the task is computed). */
  options: Record<string, unknown>;
  capability: CapabilityOption;
}

/** A task's forecast and note for every scored issue, in the issues' order (null: none). */
export interface BacktestForecasts {
  forecasts: (number | null)[];
  notes: (string | null)[];
}

/**
 * The scored issues prepared once (era, decision rule), their compiled scenarios
 * under each capability option built when first needed; `forecasts` computes a
 * task. A pure function of the spec: wherever it runs, the same forecasts.
 */
export class BacktestWork {
  readonly prepared: Prepared[];
  private readonly compiled = new Map<CapabilityOption, CompiledScenario[]>();

  constructor(readonly spec: BacktestWorkSpec) {
    this.prepared = spec.issues.map((i) => prepare(i, spec.rules));
  }

  private capability(option: CapabilityOption) {
    return deuCapability(option, {
      commission: this.spec.commission,
      parliament: this.spec.parliament,
    });
  }

  /** Each scored issue's scenario compiled with the option's capabilities. */
  compiledFor(option: CapabilityOption): CompiledScenario[] {
    let compiled = this.compiled.get(option);
    if (!compiled) {
      const capability = this.capability(option);
      compiled = this.prepared.map((p) => compileScenario(scenarioFor(p, capability)));
      this.compiled.set(option, compiled);
    }
    return compiled;
  }

  /** The task's forecasts: per issue, or once per proposal for multi-issue models. */
  forecasts(task: BacktestTask): BacktestForecasts {
    const model = backtestModel(task.model);
    if (!model) throw new Error(`unknown model '${task.model}'`);
    if (!(CAPABILITY_OPTIONS as readonly string[]).includes(task.capability))
      throw new Error(`unknown capability option '${task.capability}'`);
    const options = model.options.parse(task.options) as object;
    const runs = BY_PROPOSAL_MODELS.has(task.model)
      ? forecastByProposal(
          model,
          options,
          this.prepared.map((p) => p.issue),
          this.capability(task.capability),
        )
      : this.compiledFor(task.capability).map((c) => runOne(model, options, c));
    return {
      forecasts: runs.map((r) => r.forecast),
      notes: runs.map((r) => (r.note ? r.note : null)),
    };
  }
}

/** One scored issue's parts for the institutional compromise, with its proposal and outcome. */
export interface InstitutionalDeuSample {
  proposal: string;
  parts: ReturnType<typeof institutionalParts>;
  outcome: number;
}

/**
 * The institutional compromise's parts on every scored issue of a DEU dataset (equal
 * capabilities, the EU decision rule attached), ready for `fitInstitutionalWeights`.
 */
export function institutionalDeuSamples(
  dataset: DeuDataset,
  options: Partial<InstitutionalCompromiseOptions> = {},
  minStances = 3,
): InstitutionalDeuSample[] {
  const parsed = InstitutionalCompromiseOptions.parse(options);
  return scoredDeuIssues(dataset.issues, minStances).map((issue) => {
    const p = prepare(issue, true);
    const compiled = compileScenario(scenarioFor(p, () => 1));
    return {
      proposal: issue.meta.proposal,
      parts: institutionalParts(compiled.issues[0], parsed),
      outcome: issue.meta.outcome!,
    };
  });
}

/**
 * Fits the institutional compromise's weights on a DEU dataset: the function that
 * produced the shipped `INSTITUTIONAL_WEIGHTS` from `data/deu3-dev.tsv`
 * (least absolute deviations over the simplex grid of step 0.01).
 */
export function fitInstitutionalCompromiseOnDeu(
  dataset: DeuDataset,
  options: Partial<InstitutionalCompromiseOptions> = {},
): { weights: InstitutionalWeights; mae: number; issues: number; proposals: string[] } {
  const samples = institutionalDeuSamples(dataset, options);
  return {
    ...fitInstitutionalWeights(samples),
    issues: samples.length,
    proposals: [...new Set(samples.map((s) => s.proposal))].sort(),
  };
}

/**
 * The headline's samples on every scored issue of a DEU dataset: the compromise
 * model's forecast with equal capabilities (the salience-weighted mean), the outcome,
 * the scale and the features the error model may condition on (`error-model.ts`).
 */
export function headlineDeuSamples(dataset: DeuDataset, minStances = 3): ErrorSample[] {
  return scoredDeuIssues(dataset.issues, minStances).map((issue) => {
    const compiled = compileScenario(scenarioFor(prepare(issue, false), () => 1)).issues[0];
    return headlineSample(issue.meta.proposal, compiled, issue.meta.outcome!);
  });
}

function headlineSample(proposal: string, compiled: CompiledIssue, outcome: number): ErrorSample {
  const forecast = weightedMean(
    compiled.position,
    effectivePower(compiled.capability, compiled.salience),
  );
  return {
    proposal,
    forecast,
    outcome,
    low: compiled.scale.low,
    high: compiled.scale.high,
    ...errorFeatures(compiled),
  };
}

/** True when the institutional compromise runs with the weights fitted on the dev table. */
function usesShippedWeights(options: object): boolean {
  const o = options as Partial<InstitutionalWeights>;
  return (
    o.council === INSTITUTIONAL_WEIGHTS.council &&
    o.commission === INSTITUTIONAL_WEIGHTS.commission &&
    o.parliament === INSTITUTIONAL_WEIGHTS.parliament
  );
}

/** The issue's scenario with the option's capabilities and the decision rule. */
function scenarioFor(
  p: Prepared,
  capability: (actor: string, meta: DeuIssueMeta) => number,
): Scenario {
  const s = p.issue.scenario;
  return {
    ...s,
    actors: s.actors.map((a) => ({ ...a, capability: capability(a.id, p.issue.meta) })),
    issues: s.issues.map((iss) =>
      p.rule === undefined ? iss : { ...iss, rule: p.rule as NonNullable<typeof iss.rule> },
    ),
  };
}

function runOne(model: AnyModel, options: object, compiled: CompiledScenario): IssueRun {
  try {
    const run: ModelRun = model.run(compiled, options);
    const r = run.issues[0];
    if (!r)
      return { issue: compiled.issues[0].id, forecast: null, note: "the model returned nothing" };
    if (r.forecast !== null && !Number.isFinite(r.forecast))
      return { issue: r.issue, forecast: null, note: `the model returned ${r.forecast}` };
    return r;
  } catch (e) {
    return {
      issue: compiled.issues[0].id,
      forecast: null,
      note: `the model failed: ${(e as Error)?.message ?? String(e)}`,
    };
  }
}

function groupValue(issue: BacktestIssue, key: GroupKey): string {
  const v =
    key === "procedure"
      ? issue.procedure
      : key === "voting-rule"
        ? issue.votingRule
        : key === "type"
          ? issue.type
          : key === "era"
            ? issue.era
            : issue.council;
  return v.length > 0 ? v : "(empty)";
}

interface RowSpec {
  id: string;
  model: string;
  name: string;
  capability: BacktestRow["capability"];
  inSampleProposals?: ReadonlySet<string>;
}

/** Scores the row specs on a subset of issues (indices into `issues`). */
function scoreRows(
  specs: RowSpec[],
  issues: BacktestIssue[],
  subset: number[],
  baseline: string,
  options: Required<Pick<BacktestOptions, "resamples" | "seed" | "level" | "within">> & {
    bootstrapUnit: "issue" | "proposal";
  },
): BacktestRow[] {
  const proposalIndex = new Map<string, number>();
  for (const i of subset)
    if (!proposalIndex.has(issues[i].proposal))
      proposalIndex.set(issues[i].proposal, proposalIndex.size);
  const errorsOf = (id: string): (number | null)[] =>
    subset.map((i) => {
      const f = issues[i].forecasts[id];
      return f === null || f === undefined ? null : Math.abs(f - issues[i].outcome);
    });
  const baseErrors = errorsOf(baseline);
  return specs.map((spec) => {
    const errors = errorsOf(spec.id);
    const scored = errors.filter((e): e is number => e !== null);
    const reasons = new Map<string, number>();
    errors.forEach((e, k) => {
      if (e !== null) return;
      const note = issues[subset[k]].notes[spec.id] ?? "no forecast";
      reasons.set(note, (reasons.get(note) ?? 0) + 1);
    });
    let vsBaseline: PairedInterval | null = null;
    if (spec.id !== baseline) {
      const a: number[] = [];
      const b: number[] = [];
      const clusters: number[] = [];
      errors.forEach((e, k) => {
        const be = baseErrors[k];
        if (e === null || be === null) return;
        a.push(e);
        b.push(be);
        clusters.push(proposalIndex.get(issues[subset[k]].proposal)!);
      });
      vsBaseline = pairedBootstrap(a, b, {
        resamples: options.resamples,
        seed: options.seed,
        level: options.level,
        ...(options.bootstrapUnit === "proposal" ? { clusters } : {}),
      });
    }
    const row: BacktestRow = {
      id: spec.id,
      model: spec.model,
      name: spec.name,
      capability: spec.capability,
      summary: summarizeErrors(scored, options.within),
      missing: [...reasons].map(([note, count]) => ({ note, count })),
      vsBaseline,
    };
    if (spec.inSampleProposals) {
      const inSample = subset.filter(
        (i) =>
          issues[i].forecasts[spec.id] !== null && spec.inSampleProposals!.has(issues[i].proposal),
      ).length;
      if (inSample > 0) row.inSample = inSample;
    }
    return row;
  });
}

/** A backtest before its forecasts: the settings, the scored issues, the forecast tasks. */
interface BacktestPlan {
  dataset: DeuDataset;
  options: BacktestOptions;
  minStances: number;
  capabilities: CapabilityOption[];
  commission: InstitutionCapability;
  parliament: InstitutionCapability;
  rules: boolean;
  stats: Required<Pick<BacktestOptions, "resamples" | "seed" | "level" | "within">> & {
    bootstrapUnit: "issue" | "proposal";
  };
  requested: string[] | undefined;
  modelIds: string[];
  models: ResolvedModel[];
  capabilityRuns: CapabilityOption[];
  issues: BacktestIssue[];
  /** The forecast work's data (plain JSON) and the work itself, in this thread. */
  spec: BacktestWorkSpec;
  work: BacktestWork;
  /** One per (model × capability option), in this order: models within options. */
  tasks: BacktestTask[];
}

/** Checks the options, resolves the models and lists the forecast tasks. */
function planBacktest(dataset: DeuDataset, options: BacktestOptions): BacktestPlan {
  const minStances = options.minStances ?? 3;
  const capabilities = [...new Set(options.capabilities ?? [...CAPABILITY_OPTIONS])];
  if (capabilities.length === 0)
    throw new InputError([
      { path: ["capability"], message: "name at least one capability option" },
    ]);
  const commission = options.commission ?? "mean";
  const parliament = options.parliament ?? "mean";
  const rules = options.rules ?? true;
  const stats = {
    resamples: options.resamples ?? 1000,
    seed: options.seed ?? 1,
    level: options.level ?? 0.95,
    within: options.within ?? 10,
    bootstrapUnit: options.bootstrapUnit ?? "proposal",
  };
  const requested = options.models && options.models.length > 0 ? options.models : undefined;
  const modelIds = requested ?? defaultBacktestModels();
  // The baseline is always computed; it is shown first when not asked for.
  const withBaseline = modelIds.includes("compromise") ? modelIds : ["compromise", ...modelIds];
  const models = resolveBacktestModels(withBaseline, options);
  const capabilityRuns = capabilities.includes("equal")
    ? capabilities
    : (["equal", ...capabilities] as CapabilityOption[]);

  const scoredIssues = scoredDeuIssues(dataset.issues, minStances);
  const where = dataset.report.file ?? "the table";
  if (scoredIssues.length === 0)
    throw new InputError([
      {
        file: dataset.report.file,
        path: [],
        message: `no issue of ${where} can be scored: a scored issue needs a known outcome ('out') and at least ${minStances} actors with both a position and a salience (${dataset.report.issues} issues read)`,
      },
    ]);

  const spec: BacktestWorkSpec = { issues: scoredIssues, rules, commission, parliament };
  const work = new BacktestWork(spec);
  const prepared = work.prepared;
  const issues: BacktestIssue[] = prepared.map((p) => ({
    issue: p.issue.meta.issue,
    proposal: p.issue.meta.proposal,
    line: p.issue.meta.line,
    type: p.issue.meta.type,
    procedure: p.issue.meta.procedure,
    votingRule: p.issue.meta.votingRule,
    era: p.era,
    council: p.issue.meta.council ?? "",
    stances: p.issue.meta.stanceHolders.length,
    referencePoint: p.issue.meta.referencePoint,
    outcome: p.issue.meta.outcome!,
    forecasts: {},
    notes: {},
  }));

  const tasks: BacktestTask[] = capabilityRuns.flatMap((capability) =>
    models.map(({ id, raw }) => ({ model: id, options: raw, capability })),
  );
  return {
    dataset,
    options,
    minStances,
    capabilities,
    commission,
    parliament,
    rules,
    stats,
    requested,
    modelIds,
    models,
    capabilityRuns,
    issues,
    spec,
    work,
    tasks,
  };
}

/** Runs the backtest on a DEU dataset read by `readDeu`, in this thread. */
export function backtestDeu(dataset: DeuDataset, options: BacktestOptions = {}): BacktestResult {
  const plan = planBacktest(dataset, options);
  return finishBacktest(
    plan,
    plan.tasks.map((t) => plan.work.forecasts(t)),
  );
}

/**
 * Runs the backtest with its forecasts computed as chunks on a job context's back
 * end (worker threads, the queue), one chunk per model and capability option;
 * progress counts one unit per issue forecast. The result is `backtestDeu`'s to the
 * byte: the chunks are the same pure function, merged in the same order.
 */
export async function backtestDeuOn(
  ctx: JobContext,
  dataset: DeuDataset,
  options: BacktestOptions = {},
): Promise<BacktestResult> {
  const plan = planBacktest(dataset, options);
  const id = `backtest-${randomUUID()}`;
  const spec = JSON.stringify(plan.spec);
  const units = plan.issues.length;
  ctx.plan(plan.tasks.length * units);
  const results = await Promise.all(
    plan.tasks.map((t) => {
      // A BacktestChunk (jobs/chunks.ts), which the executor hands to BacktestWork.
      const chunk = { type: "backtest", id, spec, ...t };
      return ctx.run<BacktestForecasts>(chunk, units);
    }),
  );
  return finishBacktest(plan, results);
}

/** Scores the forecasts (one per task, in the plan's order) and builds the result. */
function finishBacktest(plan: BacktestPlan, results: BacktestForecasts[]): BacktestResult {
  const {
    dataset,
    options,
    minStances,
    capabilities,
    commission,
    parliament,
    rules,
    stats,
    requested,
    modelIds,
    models,
    capabilityRuns,
    issues,
    work,
  } = plan;
  const prepared = work.prepared;
  const forecasts = new Map<string, (number | null)[]>();
  const notes = new Map<string, (string | undefined)[]>();
  plan.tasks.forEach((t, i) => {
    const r = results[i];
    if (r.forecasts.length !== prepared.length)
      throw new Error(
        `the forecasts of ${t.model}/${t.capability} cover ${r.forecasts.length} issues, not ${prepared.length}`,
      );
    forecasts.set(`${t.model}/${t.capability}`, r.forecasts);
    notes.set(
      `${t.model}/${t.capability}`,
      r.notes.map((n) => n ?? undefined),
    );
  });
  const equalCompiled = work.compiledFor("equal");

  const runNotes: string[] = [];
  const specs: RowSpec[] = [];
  const fitProposals = new Set<string>(INSTITUTIONAL_FIT.proposals);
  const sameForecasts = (a: (number | null)[], b: (number | null)[]) =>
    a.every((x, i) => x === b[i]);
  const capabilityFree: string[] = [];
  for (const { id, model, options: parsedOptions } of models) {
    const shown = modelIds.includes(id);
    const free =
      capabilityRuns.length > 1 &&
      capabilityRuns.every((o) =>
        sameForecasts(forecasts.get(`${id}/${o}`)!, forecasts.get(`${id}/equal`)!),
      );
    // The shipped weights were fitted on the development table's proposals.
    const shipped = id === institutionalCompromiseModel.id && usesShippedWeights(parsedOptions);
    const inSample = shipped ? fitProposals : undefined;
    const add = (
      rowId: string,
      option: CapabilityOption,
      capability: BacktestRow["capability"],
    ) => {
      const f = forecasts.get(`${id}/${option}`)!;
      const n = notes.get(`${id}/${option}`)!;
      issues.forEach((issue, k) => {
        issue.forecasts[rowId] = f[k];
        if (n[k] !== undefined) issue.notes[rowId] = n[k]!;
      });
      specs.push({
        id: rowId,
        model: id,
        name: model.name,
        capability,
        ...(inSample ? { inSampleProposals: inSample } : {}),
      });
    };
    if (free && id !== "compromise") {
      capabilityFree.push(id);
      add(id, "equal", "any");
    } else
      for (const option of capabilityRuns) {
        const rowId = `${id}/${option}`;
        if (rowId === BASELINE_ROW || (shown && capabilities.includes(option)))
          add(rowId, option, option);
      }
  }
  if (capabilityFree.length > 0)
    runNotes.push(
      `capability-free (same forecasts under every capability option, shown once): ${capabilityFree.join(", ")}`,
    );

  // Grouped cross-validation of the institutional compromise.
  let crossValidation: BacktestCrossValidation | undefined;
  const institutional = models.find((m) => m.id === institutionalCompromiseModel.id);
  const cv =
    options.crossValidation === undefined ? { folds: 10, seed: 1 } : options.crossValidation;
  if (institutional && cv) {
    const modelOptions = institutional.options as InstitutionalCompromiseOptions;
    const samples = prepared.map((p, k) => ({
      proposal: p.issue.meta.proposal,
      parts: institutionalParts(equalCompiled[k].issues[0], modelOptions),
      outcome: p.issue.meta.outcome!,
    }));
    const groups = new Set(samples.map((s) => s.proposal)).size;
    if (groups < 2)
      runNotes.push(
        `no cross-validation of ${institutional.id}: the table has ${groups} proposal (at least 2 are needed)`,
      );
    else {
      const result = crossValidate(
        samples,
        (s) => s.proposal,
        (training) => fitInstitutionalWeights(training).weights,
        (weights, s) => combineInstitutionalParts(s.parts, weights),
        cv,
      );
      const rowId = `${institutional.id}/cv`;
      issues.forEach((issue, k) => {
        issue.forecasts[rowId] = result.predictions[k];
      });
      specs.push({
        id: rowId,
        model: institutional.id,
        name: `${institutional.model.name}, weights refitted in each fold`,
        capability: "cv",
      });
      crossValidation = {
        model: institutional.id,
        folds: result.folds.folds,
        seed: cv.seed,
        unit: "proposal",
        foldWeights: result.fitted,
        fullFit: fitInstitutionalWeights(samples),
      };
    }
  }

  // The headline: the baseline's forecast with the error model's predictive distribution.
  let headline: HeadlineBacktest | undefined;
  const errorSource = options.errorModel ?? shippedErrorSource();
  if (errorSource && cv) {
    const samples: ErrorSample[] = prepared.map((p, k) =>
      headlineSample(p.issue.meta.proposal, equalCompiled[k].issues[0], p.issue.meta.outcome!),
    );
    headline = scoreHeadline(samples, issues, errorSource, cv);
  } else if (!errorSource) runNotes.push("no headline: the shipped error model could not be read");

  // Nested cross-validation of choosing among the institutional compromise's variants.
  let nested: NestedSelection | undefined;
  if (institutional && cv && new Set(prepared.map((p) => p.issue.meta.proposal)).size >= 4) {
    const rowId = `${institutional.id}/nested-cv`;
    const result = nestedInstitutionalSelection(prepared, equalCompiled, forecasts, cv);
    issues.forEach((issue, k) => {
      issue.forecasts[rowId] = result.predictions[k];
    });
    specs.push({
      id: rowId,
      model: institutional.id,
      name: `${institutional.model.name}: the choice among ${result.candidates} variants made inside the folds`,
      capability: "cv",
    });
    nested = {
      row: rowId,
      variants: result.candidates,
      variantIds: result.ids,
      chosen: result.chosenCounts,
      folds: result.folds.folds,
      innerFolds: NESTED_INNER_FOLDS,
      seed: cv.seed,
    };
  }

  const rulesMissing = prepared.filter((p) => rules && p.rule === undefined).length;
  if (rulesMissing > 0)
    runNotes.push(
      `${rulesMissing} scored issues have no EU decision rule (procedure or voting rule not CNS/COD, QMV/Unan, or no member state with a stance); procedural models give them no forecast`,
    );
  const left = Object.keys(NOT_IN_DEFAULT_RUN).filter(
    (id) => !requested && listModels().some((m) => m.id === id),
  );
  for (const id of left) runNotes.push(`not in the default run: ${id}, ${NOT_IN_DEFAULT_RUN[id]}`);

  const all = issues.map((_, i) => i);
  const rows = scoreRows(specs, issues, all, BASELINE_ROW, stats);
  const groups: BacktestGroup[] = [];
  for (const key of [...new Set(options.by ?? [])]) {
    const values = new Map<string, number[]>();
    issues.forEach((issue, i) => {
      const v = groupValue(issue, key);
      if (!values.has(v)) values.set(v, []);
      values.get(v)!.push(i);
    });
    for (const [value, subset] of [...values].sort((a, b) => a[0].localeCompare(b[0])))
      groups.push({
        by: key,
        value,
        scored: subset.length,
        rows: scoreRows(specs, issues, subset, BASELINE_ROW, stats),
      });
  }

  return {
    entente: VERSION,
    ...(dataset.report.file ? { file: dataset.report.file } : {}),
    read: formatDeuReport(dataset.report),
    rowsRead: dataset.report.rows,
    issuesRead: dataset.report.issues,
    scored: issues.length,
    settings: {
      models: models.map((m) => m.id),
      capabilities,
      commission: describeInstitution(commission),
      parliament: describeInstitution(parliament),
      baseline: BASELINE_ROW,
      resamples: stats.resamples,
      seed: stats.seed,
      level: stats.level,
      bootstrapUnit: stats.bootstrapUnit,
      minStances,
      within: stats.within,
      rules,
    },
    rows,
    groups,
    issues,
    ...(crossValidation ? { crossValidation } : {}),
    ...(headline ? { headline } : {}),
    ...(nested ? { nested } : {}),
    notes: runNotes,
  };
}

/** An error model for the headline, the proposals it was fitted on, and where it comes from. */
export interface ErrorSource {
  model: FittedErrorModel;
  proposals: readonly string[];
  source: string;
  selection?: ErrorModelSelection;
}

function shippedErrorSource(): ErrorSource | undefined {
  try {
    const file = shippedErrorModel();
    return {
      model: file.model,
      proposals: file.provenance.proposals,
      source: `${file.provenance.table} (${file.provenance.issues} issues; variant ${file.model.variant.scaling}/${file.model.variant.condition})`,
      selection: file.selection,
    };
  } catch {
    return undefined;
  }
}

/**
 * Scores the headline: issues whose proposal the error model was fitted on by
 * grouped cross-validation (the error model's variant refitted on the other folds of
 * those issues), the others with the given model as it is.
 */
function scoreHeadline(
  samples: ErrorSample[],
  issues: BacktestIssue[],
  source: ErrorSource,
  cv: { folds: number; seed: number },
): HeadlineBacktest {
  const fitted = new Set(source.proposals);
  const inFit = samples.map((s, i) => (fitted.has(s.proposal) ? i : -1)).filter((i) => i >= 0);
  const scores = new Array<IssueScore>(samples.length);
  const scoredBy = new Array<"cross-validation" | "shipped">(samples.length).fill("shipped");
  const inFitGroups = new Set(inFit.map((i) => samples[i].proposal)).size;
  if (inFitGroups >= 2) {
    const folds = groupedFolds(
      inFit.map((i) => samples[i].proposal),
      cv.folds,
      cv.seed,
    );
    for (let f = 0; f < folds.folds; f++) {
      const training = inFit.filter((_, j) => folds.fold[j] !== f).map((i) => samples[i]);
      const model = fitErrors(training, source.model.variant);
      inFit.forEach((i, j) => {
        if (folds.fold[j] === f) {
          scores[i] = scoreSample(model, samples[i]);
          scoredBy[i] = "cross-validation";
        }
      });
    }
  }
  samples.forEach((s, i) => {
    if (!scores[i]) scores[i] = scoreSample(source.model, s);
  });
  const n = scores.length;
  const mean = (f: (x: IssueScore) => number) => scores.reduce((t, x) => t + f(x), 0) / n;
  const inside = (y: number, i: [number, number]) => (y >= i[0] && y <= i[1] ? 1 : 0);
  scores.forEach((x, i) => {
    issues[i].headline = {
      interval50: x.interval50,
      interval90: x.interval90,
      crps: x.crps,
      pit: x.pit,
      scoredBy: scoredBy[i],
    };
  });
  const crossValidated = scoredBy.filter((b) => b === "cross-validation").length;
  return {
    model: BASELINE_ROW,
    n,
    mae: mean((x) => Math.abs(x.forecast - x.outcome)),
    coverage50: mean((x) => inside(x.outcome, x.interval50)),
    coverage90: mean((x) => inside(x.outcome, x.interval90)),
    width50: mean((x) => x.interval50[1] - x.interval50[0]),
    width90: mean((x) => x.interval90[1] - x.interval90[0]),
    crps: mean((x) => x.crps),
    climatologyCrps: mean((x) => x.climatologyCrps),
    pit: pitHistogram(scores.map((x) => x.pit)),
    crossValidated,
    shipped: n - crossValidated,
    folds: cv.folds,
    seed: cv.seed,
    errorModel: source.source,
    ...(source.selection ? { selection: source.selection } : {}),
  };
}

/** Grid step of the weights while the inner folds compare variants (the chosen one is refitted at 0.01). */
export const NESTED_SELECTION_STEP = 0.05;

/** Inner folds of the nested cross-validation of the institutional compromise's variants. */
export const NESTED_INNER_FOLDS = 5;

/** The institutional compromise's option variants tried (power × voting rule × procedure). */
export const INSTITUTIONAL_VARIANTS: readonly Pick<
  InstitutionalCompromiseOptions,
  "power" | "votingRule" | "procedure"
>[] = (["shapley-shubik", "banzhaf"] as const).flatMap((power) =>
  (["rule", "qmv", "unanimity"] as const).flatMap((votingRule) =>
    (["rule", "cns", "cod"] as const).map((procedure) => ({ power, votingRule, procedure })),
  ),
);

/** The rows whose forecasts were candidates besides the institutional variants. */
export const NESTED_FIXED_CANDIDATES = [
  "compromise/equal",
  "compromise/council-votes",
  "compromise/shapley-shubik",
  "compromise/banzhaf",
  "weighted-median/equal",
  "plain-median/equal",
] as const;

/**
 * The whole search that produced the institutional compromise — its option variants
 * (weights fitted by least absolute deviations on the simplex, step 0.01) beside the
 * compromise model under every capability option and the two medians — redone
 * inside each outer fold (`nestedCrossValidate`, inner folds `NESTED_INNER_FOLDS`).
 * While the inner folds compare variants the weights are fitted on a grid of step
 * `NESTED_SELECTION_STEP` (for speed); the variant chosen is refitted at step 0.01
 * on the whole outer training part, as the shipped model was.
 */
function nestedInstitutionalSelection(
  prepared: Prepared[],
  equalCompiled: CompiledScenario[],
  forecasts: Map<string, (number | null)[]>,
  cv: { folds: number; seed: number },
) {
  type Item = { k: number; proposal: string; outcome: number };
  const items: Item[] = prepared.map((p, k) => ({
    k,
    proposal: p.issue.meta.proposal,
    outcome: p.issue.meta.outcome!,
  }));
  const candidates: Candidate<Item, unknown, number | null>[] = [];
  for (const v of INSTITUTIONAL_VARIANTS) {
    const options = InstitutionalCompromiseOptions.parse(v);
    const parts = equalCompiled.map((c) => institutionalParts(c.issues[0], options));
    candidates.push({
      id: `institutional-compromise(${v.power},${v.votingRule},${v.procedure})`,
      fit: (training) =>
        fitInstitutionalWeights(training.map((t) => ({ parts: parts[t.k], outcome: t.outcome })))
          .weights,
      fitForSelection: (training) =>
        fitInstitutionalWeights(
          training.map((t) => ({ parts: parts[t.k], outcome: t.outcome })),
          NESTED_SELECTION_STEP,
        ).weights,
      predict: (weights, item) =>
        combineInstitutionalParts(parts[item.k], weights as InstitutionalWeights),
    });
  }
  for (const id of NESTED_FIXED_CANDIDATES) {
    const f = forecasts.get(id);
    if (!f) continue;
    candidates.push({ id, fit: () => null, predict: (_, item) => f[item.k] });
  }
  const result = nestedCrossValidate(
    items,
    (i) => i.proposal,
    candidates,
    (prediction, item) => (prediction === null ? Number.NaN : Math.abs(prediction - item.outcome)),
    { outer: cv, inner: { folds: NESTED_INNER_FOLDS, seed: cv.seed + 1 } },
  );
  return { ...result, ids: candidates.map((c) => c.id) };
}

/** Reads a DEU table (`readDeu`) and runs the backtest on it. */
export function backtestDeuText(
  text: string,
  options: BacktestOptions & { file?: string } = {},
): BacktestResult {
  return backtestDeu(readDeu(text, { file: options.file }), options);
}
