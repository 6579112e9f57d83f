/**
 * What-if comparisons: the models run on the scenario and on each what-if (its
 * changes applied by scenario/what-ifs.ts, where their semantics are stated), side by
 * side, one row per model and issue with the baseline, each what-if's forecast and
 * its difference.
 */
import type { Scenario } from "../scenario/schema.js";
import type { Change, WhatIf } from "../scenario/uncertainty.js";
import { compileScenario } from "../scenario/compile.js";
import { applyWhatIf } from "../scenario/what-ifs.js";
import { findModel } from "../models/registry.js";
import { resolveModels, type RunRequest } from "../run.js";
import type { ModelRun } from "../models/types.js";
// ---------------------------------------------------------------------------------
// Comparison

export interface ComparedForecast {
  model: string;
  issue: string;
  /** Baseline forecast (null where the model has none). */
  baseline: number | null;
  /** Per what-if id: the forecast and its difference from the baseline. */
  whatIfs: Record<string, { forecast: number | null; difference: number | null; note?: string }>;
  note?: string;
}

export interface Comparison {
  scenario: string;
  models: { id: string; options: object }[];
  whatIfs: { id: string; name?: string; rationale?: string; changes: Change[] }[];
  issues: { id: string; name: string; referencePoint: number | null }[];
  rows: ComparedForecast[];
}

/**
 * Runs the models on the scenario and on each what-if, side by side: one row per
 * model and issue with the baseline, each what-if's forecast and its difference.
 * `baseline`: the models' runs on the scenario when they are already made (the same
 * models and options), so they are not run again.
 */
export function compareWhatIfs(
  scenario: Scenario,
  whatIfs: WhatIf[],
  request: RunRequest = {},
  baseline?: ModelRun[],
): Comparison {
  const models = resolveModels(request);
  const run = (s: Scenario): ModelRun[] => {
    const compiled = compileScenario(s);
    return models.map(({ id, options }) => findModel(id)!.run(compiled, options));
  };
  return buildComparison(
    scenario,
    whatIfs,
    models,
    baseline ?? run(scenario),
    whatIfs.map((w) => run(applyWhatIf(scenario, w))),
  );
}

/**
 * The comparison from runs already made: the models' runs on the scenario and on each
 * what-if (in what-if order).
 */
export function buildComparison(
  scenario: Scenario,
  whatIfs: WhatIf[],
  models: { id: string; options: object }[],
  baselineRuns: ModelRun[],
  variantRuns: ModelRun[][],
): Comparison {
  const byKey = (runs: ModelRun[]): Map<string, { forecast: number | null; note?: string }> => {
    const out = new Map<string, { forecast: number | null; note?: string }>();
    for (const run of runs)
      for (const r of run.issues)
        out.set(`${run.model}\u0000${r.issue}`, {
          forecast: r.forecast,
          ...(r.note ? { note: r.note } : {}),
        });
    return out;
  };
  const baseline = byKey(baselineRuns);
  const variants = whatIfs.map((w, i) => ({ id: w.id, result: byKey(variantRuns[i]) }));
  const rows: ComparedForecast[] = [];
  for (const { id: model } of models)
    for (const issue of scenario.issues) {
      const key = `${model}\u0000${issue.id}`;
      const base = baseline.get(key);
      const row: ComparedForecast = {
        model,
        issue: issue.id,
        baseline: base?.forecast ?? null,
        whatIfs: {},
      };
      if (base?.note) row.note = base.note;
      for (const v of variants) {
        const r = v.result.get(key);
        const forecast = r?.forecast ?? null;
        row.whatIfs[v.id] = {
          forecast,
          difference: forecast !== null && row.baseline !== null ? forecast - row.baseline : null,
          ...(r?.note ? { note: r.note } : {}),
        };
      }
      rows.push(row);
    }
  return {
    scenario: scenario.metadata.title,
    models,
    whatIfs: whatIfs.map((w) => ({
      id: w.id,
      name: w.name,
      rationale: w.rationale,
      changes: w.changes,
    })),
    issues: scenario.issues.map((i) => ({
      id: i.id,
      name: i.name,
      referencePoint: i.referencePoint ?? null,
    })),
    rows,
  };
}
