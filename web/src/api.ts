/**
 * The workbench's HTTP API, typed for the front end. Every call is same-origin
 * JSON; an error response becomes an `ApiError` carrying the server's problems
 * (each with its field path), which the views show beside the fields.
 */
import type { Scenario } from "../../src/scenario/schema.js";
import type {
  RunRecord,
  RunSummary,
  ScenarioDetail,
  ScenarioSummary,
  VersionSummary,
} from "../../src/store/store.js";
import type { Comparison } from "../../src/server/results/data.js";

export type { Scenario, RunRecord, RunSummary, ScenarioDetail, ScenarioSummary, VersionSummary };

export interface ApiProblem {
  path: (string | number)[];
  field: string;
  message: string;
  line?: number;
  column?: number;
  file?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problems: ApiProblem[];
  constructor(status: number, message: string, problems: ApiProblem[] = []) {
    super(message);
    this.status = status;
    this.problems = problems;
  }
}

export interface ModelInfo {
  id: string;
  name: string;
  summary: string;
  reference: string;
  dynamic: boolean;
  default: boolean;
  options: {
    properties?: Record<
      string,
      {
        type?: string;
        enum?: string[];
        default?: unknown;
        description?: string;
        minimum?: number;
        maximum?: number;
      }
    >;
  } | null;
}

export interface RunRequestBody {
  scenarioId: string;
  version?: number;
  models?: string[];
  options?: Record<string, Record<string, unknown>>;
  rounds?: number;
  draws?: number;
  seed?: number;
  label?: string;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get("content-type") ?? "";
  const data: unknown = type.includes("application/json")
    ? await response.json()
    : await response.text();
  if (!response.ok) {
    const d = (typeof data === "object" && data !== null ? data : {}) as {
      error?: string;
      problems?: ApiProblem[];
    };
    throw new ApiError(response.status, d.error ?? `HTTP ${response.status}`, d.problems ?? []);
  }
  return data as T;
}

export const api = {
  health: () => call<{ ok: boolean; entente: string }>("GET", "/api/health"),
  models: () => call<{ models: ModelInfo[] }>("GET", "/api/models").then((r) => r.models),
  analyses: () => call<{ analyses: string[] }>("GET", "/api/analyses").then((r) => r.analyses),
  scenarios: (deleted = false) =>
    call<{ scenarios: ScenarioSummary[] }>(
      "GET",
      `/api/scenarios${deleted ? "?deleted=true" : ""}`,
    ).then((r) => r.scenarios),
  scenario: (id: string, version?: number) =>
    call<ScenarioDetail>(
      "GET",
      `/api/scenarios/${encodeURIComponent(id)}${version ? `?version=${version}` : ""}`,
    ),
  createScenario: (scenario: unknown) =>
    call<ScenarioDetail>("POST", "/api/scenarios", { scenario }),
  importScenario: (body: { fileName: string; text: string; salienceScale?: 1 | 100 }) =>
    call<ScenarioDetail>("POST", "/api/scenarios/import", body),
  saveScenario: (id: string, scenario: unknown, baseVersion?: number) =>
    call<ScenarioDetail>("PUT", `/api/scenarios/${encodeURIComponent(id)}`, {
      scenario,
      baseVersion,
    }),
  deleteScenario: (id: string) =>
    call<ScenarioSummary>("DELETE", `/api/scenarios/${encodeURIComponent(id)}`),
  restoreScenario: (id: string) =>
    call<ScenarioSummary>("POST", `/api/scenarios/${encodeURIComponent(id)}/restore`),
  duplicateScenario: (id: string) =>
    call<ScenarioDetail>("POST", `/api/scenarios/${encodeURIComponent(id)}/duplicate`, {}),
  versions: (id: string) =>
    call<{ versions: VersionSummary[] }>(
      "GET",
      `/api/scenarios/${encodeURIComponent(id)}/versions`,
    ).then((r) => r.versions),
  validate: (scenario: unknown) =>
    call<{ ok: boolean; problems: ApiProblem[] }>("POST", "/api/validate", { scenario }),
  runs: (scenarioId: string) =>
    call<{ runs: RunSummary[] }>(
      "GET",
      `/api/runs?scenario=${encodeURIComponent(scenarioId)}`,
    ).then((r) => r.runs),
  run: (id: string) => call<RunRecord>("GET", `/api/runs/${encodeURIComponent(id)}`),
  createRun: (body: RunRequestBody) => call<RunRecord>("POST", "/api/runs", body),
  rerun: (id: string) =>
    call<{ run: RunRecord; reproduced: boolean }>(
      "POST",
      `/api/runs/${encodeURIComponent(id)}/rerun`,
    ),
  compare: (a: string, b: string) =>
    call<Comparison>(
      "GET",
      `/api/runs/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`,
    ),
};

export const exportUrl = {
  scenario: (id: string, format: string, version?: number) =>
    `/api/scenarios/${encodeURIComponent(id)}/export?format=${encodeURIComponent(format)}${version ? `&version=${version}` : ""}`,
  run: (id: string, format: "json" | "csv" | "html") =>
    `/api/runs/${encodeURIComponent(id)}/export?format=${format}`,
};
