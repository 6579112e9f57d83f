/**
 * Fitting the shipped error model from a DEU table (`npm run fit:errors`): the
 * headline's samples (`headlineDeuSamples`), the selection of
 * `fitErrorModelOnSamples`, and the provenance written with it.
 */
import { createHash } from "node:crypto";
import { readDeu } from "../scenario/import/deu.js";
import { InputError } from "../scenario/problems.js";
import { VERSION } from "../version.js";
import { headlineDeuSamples } from "./backtest.js";
import { fitErrorModelOnSamples } from "./error-model.js";
import { FIT_ERRORS_COMMAND, type ErrorModelFile } from "./error-model-file.js";

/** Fits the error model on a DEU table's text (the whole procedure of `fitErrorModelOnSamples`). */
export function buildErrorModelFile(
  text: string,
  options: { table: string; folds?: number; seed?: number; date?: string },
): ErrorModelFile {
  const folds = options.folds ?? 10;
  const seed = options.seed ?? 1;
  const samples = headlineDeuSamples(readDeu(text, { file: options.table }));
  if (samples.length === 0)
    throw new InputError([
      { file: options.table, path: [], message: "no scored issue to fit the error model on" },
    ]);
  const { model, selection } = fitErrorModelOnSamples(samples, { folds, seed });
  return {
    kind: "entente-error-model",
    format: 1,
    pointModel: "compromise",
    pointModelNote:
      "The compromise model (Achen 2006, eq. 1). On DEU issues every actor's capability is 1, so it is the salience-weighted mean (compromise/equal); on a scenario it weighs positions by the scenario's capability × salience.",
    provenance: {
      table: options.table,
      sha256: createHash("sha256").update(text).digest("hex"),
      date: options.date ?? new Date().toISOString().slice(0, 10),
      entente: VERSION,
      command: FIT_ERRORS_COMMAND,
      issues: samples.length,
      proposals: [...new Set(samples.map((s) => s.proposal))].sort(),
      folds,
      seed,
    },
    selection,
    model,
  };
}
