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
import type { Comparison } from "../../src/report/views.js";

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

/** A run computed as a job (POST /api/runs answered 202): status, progress, its run once stored. */
export interface JobView {
  id: string;
  kind: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  progress: { done: number; total: number; share: number };
  error: string | null;
  run?: string;
  result?: string;
  reproduced?: boolean;
  differenceCount?: number;
  differences?: { path: string; original?: unknown; rerun?: unknown }[];
  links: { self: string; events: string; cancel: string };
}

export interface RerunResult {
  run: RunRecord;
  reproduced: boolean;
  differenceCount?: number;
  differences?: JobView["differences"];
}

export function isJob(value: unknown): value is JobView {
  return typeof value === "object" && value !== null && "links" in value && "status" in value;
}

const ended = (job: JobView) =>
  job.status === "succeeded" || job.status === "failed" || job.status === "cancelled";

/**
 * Follows a job to its end: server-sent events where the browser has them, else
 * polling every half second. `onProgress` sees every state.
 */
export function followJob(job: JobView, onProgress: (job: JobView) => void): Promise<JobView> {
  onProgress(job);
  if (ended(job)) return Promise.resolve(job);
  return new Promise((resolve, reject) => {
    const poll = () => {
      const tick = async () => {
        try {
          const now = await call<JobView>("GET", job.links.self);
          onProgress(now);
          if (ended(now)) resolve(now);
          else setTimeout(() => void tick(), 500);
        } catch (e) {
          reject(e as Error);
        }
      };
      void tick();
    };
    if (typeof EventSource === "undefined") return poll();
    const source = new EventSource(job.links.events);
    const handle = (e: MessageEvent<string>) => {
      const now = JSON.parse(e.data) as JobView;
      onProgress(now);
      if (ended(now)) {
        source.close();
        resolve(now);
      }
    };
    source.addEventListener("progress", handle as EventListener);
    source.addEventListener("end", handle as EventListener);
    source.onerror = () => {
      // The stream broke (proxy, restart): fall back to polling.
      source.close();
      poll();
    };
  });
}

/** The error of a failed response: the server's message and problems, or the status. */
export async function responseError(response: Response): Promise<ApiError> {
  const type = response.headers.get("content-type") ?? "";
  const data: unknown = type.includes("application/json")
    ? await response.json().catch(() => ({}))
    : {};
  const d = (typeof data === "object" && data !== null ? data : {}) as {
    error?: string;
    problems?: ApiProblem[];
  };
  return new ApiError(response.status, d.error ?? `HTTP ${response.status}`, d.problems ?? []);
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
  importScenario: (
    body: { fileName: string; salienceScale?: 1 | 100; format?: string } & (
      { text: string } | { base64: string }
    ),
  ) => call<ScenarioDetail & { notes?: string[] }>("POST", "/api/scenarios/import", body),
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
  createRun: (body: RunRequestBody) => call<RunRecord | JobView>("POST", "/api/runs", body),
  rerun: (id: string) =>
    call<RerunResult | JobView>("POST", `/api/runs/${encodeURIComponent(id)}/rerun`),
  cancelJob: (job: JobView) => call<JobView>("DELETE", job.links.cancel),
  advise: (
    scenarioId: string,
    body: { actor: string; thresholds?: string[]; version?: number; draws?: number },
  ) => call<unknown>("POST", `/api/scenarios/${encodeURIComponent(scenarioId)}/advise`, body),
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
