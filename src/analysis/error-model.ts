/**
 * The headline's error model: how far the compromise model's forecast (Achen 2006,
 * eq. 1) misses real outcomes, learned from the DEU table's recorded outcomes and
 * turned into a predictive distribution for any issue on any bounded scale.
 *
 * Residuals. For an issue with scale [lo, hi], forecast f and outcome y, a residual
 * is kept in one of two forms (`scaling`):
 * - `shift`: `r = (y − f)/(hi − lo)`; the predictive value is `f + r (hi − lo)`,
 *   clipped to the scale (mass piles at the ends);
 * - `toward-ends`: the share of the way from f to the end the outcome lies towards:
 *   `r = (y − f)/(hi − f)` when y ≥ f, `(y − f)/(f − lo)` when y < f (0 when f sits on
 *   that end); the predictive value is `f + r (hi − f)` or `f + r (f − lo)`, so every
 *   value is on the scale and a forecast near an end gets a short tail towards it
 *   (asymmetric intervals where the forecast is off-centre).
 * Both are relative to the scale, so a model fitted on DEU's 0–100 applies to any
 * scale. The predictive distribution is the empirical distribution of the fitted
 * residuals mapped through the forecast (with input uncertainty, through every
 * Monte Carlo draw of the forecast: `predictiveSample`).
 *
 * Conditioning (`condition`). The residuals may be split in two bins at the
 * training median of one feature of the issue: `spread` (the effective-power
 * weighted standard deviation of the positions, as a share of the scale) or
 * `actors` (the number of actors with weight). Each bin keeps its own residuals.
 *
 * Which variant ships is decided out of sample: each of the `ERROR_VARIANTS` is
 * scored by its cross-validated CRPS (folds grouped by proposal), the best one is
 * refitted on the whole table (`fitErrorModelOnSamples`), and the honest figure of
 * that choice is the nested cross-validation in the backtest (`nested-cv.ts`).
 *
 * The compromise model itself has no fitted parameters: its residuals are the same
 * in or out of any fold, and the folds guard the error model's own choices.
 */
import type { CompiledIssue } from "../scenario/compile.js";
import { effectivePower } from "../models/weights.js";
import { groupedFolds } from "./cross-validation.js";
import { quantileSorted } from "./bootstrap.js";
import { crpsSorted, pitSorted } from "./crps.js";
import { nestedCrossValidate, selectByCrossValidation, type Candidate } from "./nested-cv.js";

export const ERROR_SCALINGS = ["shift", "toward-ends"] as const;
export type ErrorScaling = (typeof ERROR_SCALINGS)[number];
export const ERROR_CONDITIONS = ["none", "spread", "actors"] as const;
export type ErrorCondition = (typeof ERROR_CONDITIONS)[number];

export interface ErrorVariant {
  scaling: ErrorScaling;
  condition: ErrorCondition;
}

/**
 * Variants tried while developing the error model and dropped, with their
 * cross-validated CRPS on data/deu3-dev.tsv (10 folds by proposal, seed 1; the
 * default scored 17.66 in the same runs). They are not in the code; they are
 * recorded so that the count of variants tried is complete.
 */
export const DROPPED_ERROR_VARIANTS: readonly { variant: string; crps: number }[] = [
  {
    variant: "shift, split at the median distance of the forecast to the scale's ends",
    crps: 17.8,
  },
  { variant: "shift, three bins of that distance", crps: 17.77 },
  { variant: "shift, split by the voting rule (unanimity or not)", crps: 17.63 },
  { variant: "shift, split by the procedure (co-decision or not)", crps: 17.79 },
  { variant: "an equal mixture with the actors' salience-weighted positions", crps: 17.65 },
  { variant: "a point mass at the reference point, its weight fitted in the folds", crps: 17.76 },
];

/** Every variant the selection tries (the count reported with the figures). */
export const ERROR_VARIANTS: readonly ErrorVariant[] = ERROR_SCALINGS.flatMap((scaling) =>
  ERROR_CONDITIONS.map((condition) => ({ scaling, condition })),
);

export function variantId(v: ErrorVariant): string {
  return `${v.scaling}/${v.condition}`;
}

/** What predicts error, computed the same way on DEU issues and scenarios. */
export interface ErrorFeatures {
  /** Effective-power weighted sd of the positions, as a share of the scale's width. */
  spread: number;
  /** Actors with positive effective power. */
  actors: number;
}

/** One scored issue for the fit. */
export interface ErrorSample extends ErrorFeatures {
  proposal: string;
  forecast: number;
  outcome: number;
  low: number;
  high: number;
}

/** A fitted error model (the data shipped in data/error-model.json, minus provenance). */
export interface FittedErrorModel {
  variant: ErrorVariant;
  /** The bin boundary (feature value ≤ cut: bin 0), null without conditioning. */
  cut: number | null;
  /** Sorted residuals per bin. */
  bins: number[][];
  /** Sorted outcomes of the fitting table as shares of their scale (climatology). */
  climatology: number[];
}

/** The features of a compiled issue (see `ErrorFeatures`). */
export function errorFeatures(issue: CompiledIssue): ErrorFeatures {
  const w = effectivePower(issue.capability, issue.salience);
  let total = 0;
  let mean = 0;
  let actors = 0;
  for (let i = 0; i < w.length; i++) {
    total += w[i];
    mean += w[i] * issue.position[i];
    if (w[i] > 0) actors++;
  }
  if (!(total > 0)) return { spread: 0, actors };
  mean /= total;
  let v = 0;
  for (let i = 0; i < w.length; i++) v += w[i] * (issue.position[i] - mean) ** 2;
  const width = issue.scale.high - issue.scale.low;
  return { spread: width > 0 ? Math.sqrt(v / total) / width : 0, actors };
}

/** The residual of a sample in the variant's form. */
export function residualOf(
  s: Pick<ErrorSample, "forecast" | "outcome" | "low" | "high">,
  scaling: ErrorScaling,
): number {
  const { forecast: f, outcome: y, low, high } = s;
  if (scaling === "shift") return high > low ? (y - f) / (high - low) : 0;
  if (y >= f) return high > f ? (y - f) / (high - f) : 0;
  return f > low ? (y - f) / (f - low) : 0;
}

/** The value a residual gives for forecast `f` (monotone in r). */
export function applyResidual(
  f: number,
  r: number,
  low: number,
  high: number,
  scaling: ErrorScaling,
): number {
  if (scaling === "shift") {
    const v = f + r * (high - low);
    return v < low ? low : v > high ? high : v;
  }
  return r >= 0 ? f + r * (high - f) : f + r * (f - low);
}

function featureOf(f: ErrorFeatures, condition: ErrorCondition): number {
  return condition === "spread" ? f.spread : f.actors;
}

/** Fits a variant on samples: the residuals, binned at the median of the feature. */
export function fitErrors(
  samples: readonly ErrorSample[],
  variant: ErrorVariant,
): FittedErrorModel {
  const residuals = samples.map((s) => residualOf(s, variant.scaling));
  const climatology = samples
    .map((s) => (s.high > s.low ? (s.outcome - s.low) / (s.high - s.low) : 0.5))
    .sort((a, b) => a - b);
  if (variant.condition === "none" || samples.length < 4)
    return {
      variant,
      cut: null,
      bins: [residuals.sort((a, b) => a - b)],
      climatology,
    };
  const values = samples.map((s) => featureOf(s, variant.condition));
  const cut = quantileSorted(Float64Array.from(values).sort(), 0.5);
  const bins: number[][] = [[], []];
  residuals.forEach((r, i) => bins[values[i] <= cut ? 0 : 1].push(r));
  if (bins[0].length === 0 || bins[1].length === 0)
    return { variant, cut: null, bins: [residuals.sort((a, b) => a - b)], climatology };
  return { variant, cut, bins: bins.map((b) => b.sort((a, c) => a - c)), climatology };
}

/** The residuals that apply to an issue with these features. */
export function residualsFor(model: FittedErrorModel, features: ErrorFeatures): number[] {
  if (model.cut === null || model.bins.length === 1) return model.bins[0];
  return model.bins[featureOf(features, model.variant.condition) <= model.cut ? 0 : 1];
}

/**
 * The predictive sample of an issue, sorted: every residual applied to every value
 * of `forecasts` (one point forecast, or the forecast of each Monte Carlo draw).
 */
export function predictiveSample(
  model: FittedErrorModel,
  forecasts: ArrayLike<number>,
  scale: { low: number; high: number },
  features: ErrorFeatures,
): Float64Array {
  const residuals = residualsFor(model, features);
  const m = residuals.length;
  const out = new Float64Array(forecasts.length * m);
  for (let d = 0; d < forecasts.length; d++)
    for (let j = 0; j < m; j++)
      out[d * m + j] = applyResidual(
        forecasts[d],
        residuals[j],
        scale.low,
        scale.high,
        model.variant.scaling,
      );
  // One forecast: the map is monotone in r, so the sample is sorted already.
  return forecasts.length === 1 ? out : out.sort();
}

/** The climatological sample on an issue's scale. */
export function climatologySample(
  model: FittedErrorModel,
  scale: { low: number; high: number },
): Float64Array {
  return Float64Array.from(model.climatology, (c) => scale.low + c * (scale.high - scale.low));
}

/** The figures of one issue's predictive distribution against its outcome. */
export interface IssueScore {
  forecast: number;
  outcome: number;
  interval50: [number, number];
  interval90: [number, number];
  crps: number;
  climatologyCrps: number;
  pit: number;
}

/** Central intervals of a sorted sample (type-7 quantiles). */
export function centralIntervals(sorted: ArrayLike<number>): {
  interval50: [number, number];
  interval90: [number, number];
} {
  return {
    interval50: [quantileSorted(sorted, 0.25), quantileSorted(sorted, 0.75)],
    interval90: [quantileSorted(sorted, 0.05), quantileSorted(sorted, 0.95)],
  };
}

/** Scores a sample (no input noise: the point forecast) with a fitted model. */
export function scoreSample(model: FittedErrorModel, s: ErrorSample): IssueScore {
  const scale = { low: s.low, high: s.high };
  const sample = predictiveSample(model, [s.forecast], scale, s);
  return {
    forecast: s.forecast,
    outcome: s.outcome,
    ...centralIntervals(sample),
    crps: crpsSorted(sample, s.outcome),
    climatologyCrps: crpsSorted(climatologySample(model, scale), s.outcome),
    pit: pitSorted(sample, s.outcome),
  };
}

/** The variants as candidates of a selection by CRPS. */
export function errorCandidates(
  variants: readonly ErrorVariant[] = ERROR_VARIANTS,
): Candidate<ErrorSample, FittedErrorModel, IssueScore>[] {
  return variants.map((v) => ({
    id: variantId(v),
    fit: (training) => fitErrors(training, v),
    predict: (model, s) => scoreSample(model, s),
  }));
}

export const CRPS_LOSS = (score: IssueScore): number => score.crps;

/**
 * The variant used unless the selection proves better out of sample: unconditioned
 * residuals as shares of the scale's width.
 */
export const DEFAULT_ERROR_VARIANT: ErrorVariant = Object.freeze({
  scaling: "shift",
  condition: "none",
});

/** What `fitErrorModelOnSamples` reports besides the model. */
export interface ErrorModelSelection {
  /** Variants tried. */
  variants: number;
  /** Cross-validated mean CRPS of each variant on the whole table (grouped folds). */
  crossValidatedCrps: Record<string, number>;
  /** Nested cross-validation of "pick the variant with the smallest inner CRPS". */
  nested: { crps: number; chosen: Record<string, number> };
  /** Cross-validated CRPS of the default variant (same outer folds). */
  defaultCrps: number;
  /** The variant shipped, and why. */
  shipped: string;
  reason: string;
}

/**
 * The procedure that produces the shipped model. Every variant is scored by
 * grouped cross-validation; the selection among them ("take the smallest CRPS") is
 * scored by nested cross-validation (inner folds with seed + 1); the selected
 * variant ships only when that nested figure beats the default variant's
 * cross-validated CRPS on the same outer folds, otherwise the default ships. The
 * model is then fitted on every sample.
 */
export function fitErrorModelOnSamples(
  samples: readonly ErrorSample[],
  options: { folds: number; seed: number },
): { model: FittedErrorModel; selection: ErrorModelSelection } {
  const candidates = errorCandidates();
  const group = (s: ErrorSample) => s.proposal;
  const { best, losses } = selectByCrossValidation(samples, group, candidates, CRPS_LOSS, options);
  const nested = nestedCrossValidate(samples, group, candidates, CRPS_LOSS, {
    outer: options,
    inner: { folds: options.folds, seed: options.seed + 1 },
  });
  const meanCrps = (scores: IssueScore[]) =>
    scores.reduce((t, x) => t + x.crps, 0) / Math.max(1, scores.length);
  const nestedCrps = meanCrps(nested.predictions);
  const defaultId = variantId(DEFAULT_ERROR_VARIANT);
  const defaultCrps = losses[candidates.findIndex((c) => c.id === defaultId)];
  const selected = ERROR_VARIANTS[best];
  const useSelected = variantId(selected) !== defaultId && nestedCrps < defaultCrps;
  const variant = useSelected ? selected : DEFAULT_ERROR_VARIANT;
  return {
    model: fitErrors(samples, variant),
    selection: {
      variants: candidates.length,
      crossValidatedCrps: Object.fromEntries(candidates.map((c, i) => [c.id, losses[i]])),
      nested: { crps: nestedCrps, chosen: nested.chosenCounts },
      defaultCrps,
      shipped: variantId(variant),
      reason: useSelected
        ? `the selection among ${candidates.length} variants beats the default out of sample (nested CRPS ${nestedCrps.toFixed(2)} < ${defaultCrps.toFixed(2)})`
        : variantId(selected) === defaultId
          ? "the default variant has the smallest cross-validated CRPS"
          : `the selection among ${candidates.length} variants does not beat the default out of sample (nested CRPS ${nestedCrps.toFixed(2)} vs ${defaultCrps.toFixed(2)} for ${defaultId}), so the default ships`,
    },
  };
}

/** Out-of-fold scores of one fixed variant (grouped folds). */
export function crossValidatedScores(
  samples: readonly ErrorSample[],
  variant: ErrorVariant,
  options: { folds: number; seed: number },
): IssueScore[] {
  const folds = groupedFolds(
    samples.map((s) => s.proposal),
    options.folds,
    options.seed,
  );
  const out = new Array<IssueScore>(samples.length);
  for (let f = 0; f < folds.folds; f++) {
    const model = fitErrors(
      samples.filter((_, i) => folds.fold[i] !== f),
      variant,
    );
    samples.forEach((s, i) => {
      if (folds.fold[i] === f) out[i] = scoreSample(model, s);
    });
  }
  return out;
}
