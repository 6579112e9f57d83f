/**
 * Grouped k-fold cross-validation (Hastie, Tibshirani & Friedman 2009, The Elements
 * of Statistical Learning, §7.10; grouped folds as in Roberts et al. 2017,
 * "Cross-validation strategies for data with temporal, spatial, hierarchical, or
 * phylogenetic structure", Ecography 40).
 *
 * The issues of one legislative proposal are decided together, by the same actors,
 * and often in one package: a model fitted on some issues of a proposal and scored
 * on its other issues would be scored on what it has half seen. So folds are made
 * of whole groups (DEU: the proposal, `prnr`): every issue of a proposal is in the
 * same fold, and a model is always scored on proposals it was not fitted on.
 *
 * Folds. The distinct groups are put in a fixed order (sorted), shuffled by a
 * seeded Fisher–Yates shuffle, and dealt to the `k` folds in turn, so folds have
 * the same number of groups (±1) and a seed fixes them. With fewer groups than `k`,
 * each group is its own fold (leave-one-group-out).
 */
import { seededUniform } from "./bootstrap.js";

export interface GroupedFolds {
  /** Fold index (0..folds−1) of each item. */
  fold: Int32Array;
  /** Number of folds actually used (at most the number of groups). */
  folds: number;
  /** The groups of each fold, in dealing order. */
  groupsByFold: string[][];
}

/**
 * Deals the distinct groups to `k` folds (see the module comment) and returns each
 * item's fold. Throws when `k < 2` or there are fewer than two groups.
 */
export function groupedFolds(groups: readonly string[], k: number, seed = 1): GroupedFolds {
  if (!Number.isInteger(k) || k < 2)
    throw new RangeError(`cross-validation needs at least 2 folds, not ${k}`);
  const distinct = [...new Set(groups)].sort();
  if (distinct.length < 2)
    throw new RangeError(
      `cross-validation needs at least 2 groups (proposals), not ${distinct.length}`,
    );
  const uniform = seededUniform(seed);
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j], distinct[i]];
  }
  const folds = Math.min(k, distinct.length);
  const foldOf = new Map<string, number>();
  const groupsByFold: string[][] = Array.from({ length: folds }, () => []);
  distinct.forEach((g, i) => {
    foldOf.set(g, i % folds);
    groupsByFold[i % folds].push(g);
  });
  return { fold: Int32Array.from(groups, (g) => foldOf.get(g)!), folds, groupsByFold };
}

export interface CrossValidation<P> {
  /** Out-of-fold prediction of each item (from the parameters fitted without its fold). */
  predictions: (number | null)[];
  /** Parameters fitted in each fold (on all the other folds). */
  fitted: P[];
  folds: GroupedFolds;
}

/**
 * Grouped cross-validation of a fit-then-predict procedure: for each fold, `fit` sees
 * only the items of the other folds, and `predict` gives the fold's items their
 * out-of-fold predictions.
 */
export function crossValidate<T, P>(
  items: readonly T[],
  groupOf: (item: T) => string,
  fit: (training: T[]) => P,
  predict: (parameters: P, item: T) => number | null,
  options: { folds?: number; seed?: number } = {},
): CrossValidation<P> {
  const folds = groupedFolds(items.map(groupOf), options.folds ?? 10, options.seed ?? 1);
  const predictions: (number | null)[] = new Array(items.length).fill(null);
  const fitted: P[] = [];
  for (let f = 0; f < folds.folds; f++) {
    const training = items.filter((_, i) => folds.fold[i] !== f);
    const parameters = fit(training);
    fitted.push(parameters);
    items.forEach((item, i) => {
      if (folds.fold[i] === f) predictions[i] = predict(parameters, item);
    });
  }
  return { predictions, fitted, folds };
}
