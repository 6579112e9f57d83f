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
import type { ChunkBackend } from "../jobs/backends.js";
import { asChunk, type ModelsResult } from "../jobs/chunks.js";
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
 */
export function compareWhatIfs(
  scenario: Scenario,
  whatIfs: WhatIf[],
  request: RunRequest = {},
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
    run(scenario),
    whatIfs.map((w) => run(applyWhatIf(scenario, w))),
  );
}

/**
 * The same comparison with the baseline and each what-if run as a chunk on `backend`
 * (worker threads, a queue): one chunk per scenario, merged in what-if order.
 */
export async function compareWhatIfsOn(
  backend: ChunkBackend,
  scenario: Scenario,
  whatIfs: WhatIf[],
  request: RunRequest = {},
): Promise<Comparison> {
  const models = resolveModels(request);
  const ids = models.map((m) => m.id);
  const options = Object.fromEntries(models.map((m) => [m.id, m.options])) as Record<
    string,
    Record<string, unknown>
  >;
  const scenarios = [scenario, ...whatIfs.map((w) => applyWhatIf(scenario, w))];
  const results = await Promise.all(
    scenarios.map(
      (s) =>
        backend.run(
          asChunk({
            type: "models",
            scenario: JSON.stringify(s),
            models: ids,
            options,
          }),
        ) as Promise<ModelsResult>,
    ),
  );
  const runs = results.map((r) => JSON.parse(r.runs) as ModelRun[]);
  return buildComparison(scenario, whatIfs, models, runs[0], runs.slice(1));
}

function buildComparison(
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
