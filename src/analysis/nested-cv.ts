/**
 * Selection inside the folds: nested cross-validation grouped by proposal (Varma &
 * Simon 2006, "Bias in error estimation when using cross-validation for model
 * selection", BMC Bioinformatics 7:91; Cawley & Talbot 2010, JMLR 11, "On
 * over-fitting in model selection").
 *
 * When a model is chosen among several candidates (variants, capability options,
 * fitted weights) by their cross-validated error on a table, that error is no
 * longer an honest estimate for the chosen one: the choice has seen every fold.
 * Nested cross-validation repeats the whole procedure — fit every candidate, score
 * it by an inner cross-validation, keep the best, refit it — on the training part of
 * each outer fold only, and scores the result on the outer fold it never saw. The
 * outer score is the honest figure of "the procedure that picks a candidate"; the
 * candidates chosen in each outer fold show how stable the choice is.
 *
 * Folds are grouped (every issue of a proposal in the same fold; `groupedFolds`),
 * in the inner loops too.
 */
import { groupedFolds, type GroupedFolds } from "./cross-validation.js";

/** One candidate of a selection: how to fit it on training items and predict an item. */
export interface Candidate<T, P, R> {
  id: string;
  fit(training: T[]): P;
  /**
   * A cheaper fit for scoring the candidate in the inner loops (e.g. a coarser
   * grid); the chosen candidate is always refitted with `fit`.
   */
  fitForSelection?(training: T[]): P;
  predict(parameters: P, item: T): R;
}

export interface FoldOptions {
  folds: number;
  seed: number;
}

/** Mean loss over items where it is finite; NaN when none is. */
function meanLoss(losses: number[]): number {
  let total = 0;
  let n = 0;
  for (const l of losses)
    if (Number.isFinite(l)) {
      total += l;
      n++;
    }
  return n > 0 ? total / n : Number.NaN;
}

/**
 * Scores each candidate by grouped cross-validation on `items` and returns the one
 * with the smallest mean loss (ties: the first listed), with every candidate's loss.
 * With fewer than two groups no cross-validation is possible and the first
 * candidate is returned with NaN losses.
 */
export function selectByCrossValidation<T, R>(
  items: readonly T[],
  groupOf: (item: T) => string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  candidates: readonly Candidate<T, any, R>[],
  loss: (prediction: R, item: T) => number,
  options: FoldOptions,
): { best: number; losses: number[] } {
  if (candidates.length === 0) throw new RangeError("no candidate to select from");
  if (new Set(items.map(groupOf)).size < 2)
    return { best: 0, losses: candidates.map(() => Number.NaN) };
  const folds = groupedFolds(items.map(groupOf), options.folds, options.seed);
  const perCandidate: number[][] = candidates.map(() => []);
  for (let f = 0; f < folds.folds; f++) {
    const training = items.filter((_, i) => folds.fold[i] !== f);
    candidates.forEach((c, ci) => {
      const p = (c.fitForSelection ?? c.fit)(training);
      items.forEach((item, i) => {
        if (folds.fold[i] === f) perCandidate[ci].push(loss(c.predict(p, item), item));
      });
    });
  }
  const losses = perCandidate.map(meanLoss);
  let best = 0;
  losses.forEach((l, i) => {
    if (l < losses[best] || !Number.isFinite(losses[best])) best = i;
  });
  return { best, losses };
}

export interface NestedCrossValidation<R> {
  /** The out-of-fold prediction of each item, by the candidate chosen without its fold. */
  predictions: R[];
  /** The candidate chosen in each outer fold (by id). */
  chosen: string[];
  /** How often each candidate was chosen. */
  chosenCounts: Record<string, number>;
  folds: GroupedFolds;
  candidates: number;
}

/**
 * Nested grouped cross-validation of "pick the candidate with the smallest inner
 * cross-validated loss, refit it on all the training items" (see the module comment).
 */
export function nestedCrossValidate<T, R>(
  items: readonly T[],
  groupOf: (item: T) => string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  candidates: readonly Candidate<T, any, R>[],
  loss: (prediction: R, item: T) => number,
  options: { outer: FoldOptions; inner: FoldOptions },
): NestedCrossValidation<R> {
  const folds = groupedFolds(items.map(groupOf), options.outer.folds, options.outer.seed);
  const predictions = new Array<R>(items.length);
  const chosen: string[] = [];
  const chosenCounts: Record<string, number> = {};
  for (let f = 0; f < folds.folds; f++) {
    const training = items.filter((_, i) => folds.fold[i] !== f);
    const { best } = selectByCrossValidation(training, groupOf, candidates, loss, options.inner);
    const candidate = candidates[best];
    chosen.push(candidate.id);
    chosenCounts[candidate.id] = (chosenCounts[candidate.id] ?? 0) + 1;
    const parameters = candidate.fit(training);
    items.forEach((item, i) => {
      if (folds.fold[i] === f) predictions[i] = candidate.predict(parameters, item);
    });
  }
  return { predictions, chosen, chosenCounts, folds, candidates: candidates.length };
}
