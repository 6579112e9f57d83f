/**
 * Running models on a scenario: look each model up in the registry, parse its
 * options (defaults filled in, errors naming the option), compile the scenario once
 * and run. Every result carries what is needed to reproduce it: a snapshot of the
 * scenario, the options and the entente version.
 */
import { z } from "zod";
import type { Scenario } from "./scenario/schema.js";
import { compileScenario } from "./scenario/compile.js";
import { InputError } from "./scenario/problems.js";
import type { Problem } from "./scenario/problems.js";
import { DEFAULT_MODELS, findModel, listModels } from "./models/registry.js";
import type { ModelRun } from "./models/types.js";
import { VERSION } from "./version.js";

export interface RunRequest {
  /** Model ids; the default set when omitted. */
  models?: string[];
  /** Options per model id, e.g. `{ "expected-utility": { rounds: 20 } }`. */
  options?: Record<string, Record<string, unknown>>;
  /** Rounds for every dynamic model that has a `rounds` option (overridden by `options`). */
  rounds?: number;
}

export interface RunResult {
  entente: string;
  createdAt: string;
  scenario: Scenario;
  runs: ModelRun[];
}

/** Parses every requested model's options; all problems at once. */
export function resolveModels(request: RunRequest): { id: string; options: object }[] {
  const ids = request.models && request.models.length > 0 ? request.models : DEFAULT_MODELS;
  const problems: Problem[] = [];
  const resolved: { id: string; options: object }[] = [];
  for (const id of ids) {
    const model = findModel(id);
    if (!model) {
      problems.push({
        path: ["model"],
        message: `unknown model '${id}'; known models: ${listModels()
          .map((m) => m.id)
          .join(", ")}`,
      });
      continue;
    }
    const raw: Record<string, unknown> = {
      ...(request.rounds !== undefined && model.dynamic && hasOption(model.options, "rounds")
        ? { rounds: request.rounds }
        : {}),
      ...(request.options?.[id] ?? {}),
    };
    const parsed = model.options.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ path: ["options", id, ...issue.path.map(String)], message: issue.message });
      continue;
    }
    resolved.push({ id, options: parsed.data as object });
  }
  if (problems.length > 0) throw new InputError(problems);
  return resolved;
}

function hasOption(schema: z.ZodType, key: string): boolean {
  return schema instanceof z.ZodObject && key in schema.shape;
}

/** Runs the requested models on a validated scenario. */
export function runScenario(scenario: Scenario, request: RunRequest = {}): RunResult {
  const models = resolveModels(request);
  const compiled = compileScenario(scenario);
  return {
    entente: VERSION,
    createdAt: new Date().toISOString(),
    scenario,
    runs: models.map(({ id, options }) => findModel(id)!.run(compiled, options)),
  };
}
