/**
 * What-if comparisons on a back end (worker threads, a queue): the baseline and each
 * what-if run as a chunk of their own, merged in what-if order into the comparison
 * whatif.ts builds.
 */
import type { Scenario } from "../scenario/schema.js";
import type { WhatIf } from "../scenario/uncertainty.js";
import { applyWhatIf } from "../scenario/what-ifs.js";
import type { ModelRun } from "../models/types.js";
import { resolveModels, type RunRequest } from "../run.js";
import type { ChunkBackend } from "../jobs/backends.js";
import { asChunk, type ModelsResult } from "../jobs/chunks.js";
import { buildComparison, type Comparison } from "./whatif.js";

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
