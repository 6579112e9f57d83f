/** Runs as jobs: 202 and progress, events, cancellation, the queue's bound, re-runs, server-side checks. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { createApp } from "../../src/server/app.js";
import { RunService } from "../../src/server/runs.js";
import { seedLibrary } from "../../src/server/seed.js";
import { startServer, type RunningServer } from "../../src/server/serve.js";
import { openStore, type Store } from "../../src/store/index.js";
import type { Scenario } from "../../src/index.js";
import { bigScenario } from "../support/big-scenario.js";

type Json = Record<string, unknown>;

function caller(app: Hono) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: Json = {};
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = {};
    }
    return { status: response.status, json, text, headers: response.headers };
  };
}

async function until<T>(probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("timed out");
}

let store: Store;
let app: Hono;
let runs: RunService;
let call: ReturnType<typeof caller>;
let flagshipId: string;

beforeAll(() => {
  store = openStore({ file: ":memory:" });
  [flagshipId] = seedLibrary(store);
  runs = new RunService({ workers: 2, maxRunning: 1, maxQueued: 1, abandonAfterMs: 0 });
  app = createApp({ store, webDir: null, log: () => undefined, runs });
  call = caller(app);
});
afterAll(async () => {
  await runs.close();
  store.close();
});

async function finished(job: Json): Promise<Json> {
  return until(async () => {
    const r = await call("GET", `/api/jobs/${job.id as string}`);
    expect(r.status).toBe(200);
    const status = r.json.status as string;
    return status === "queued" || status === "running" ? undefined : r.json;
  });
}

describe("runs as jobs", () => {
  it("answers a run with draws at once with 202 and a job, then stores the run when it ends", async () => {
    const r = await call("POST", "/api/runs", {
      scenarioId: flagshipId,
      models: ["compromise", "expected-utility"],
      draws: 300,
      seed: 9,
      tornado: { swing: 10 },
    });
    expect(r.status).toBe(202);
    expect(r.headers.get("location")).toBe(`/api/jobs/${r.json.id as string}`);
    expect(r.json).toMatchObject({
      kind: "run",
      links: { events: `/api/jobs/${r.json.id as string}/events` },
    });
    expect(["queued", "running"]).toContain(r.json.status);
    const done = await finished(r.json);
    expect(done).toMatchObject({ status: "succeeded", error: null });
    const progress = done.progress as { done: number; total: number; share: number };
    expect(progress.done).toBe(progress.total);
    expect(progress.share).toBe(1);
    const run = await call("GET", done.result as string);
    expect(run.status).toBe(200);
    const analyses = (run.json.result as { analyses: Record<string, unknown> }).analyses;
    expect(Object.keys(analyses).sort()).toEqual(["montecarlo", "tornado"]);
    expect(analyses.montecarlo).toMatchObject({ draws: 300, seed: 9 });
  });

  it("streams progress as server-sent events until the job ends", async () => {
    const r = await call("POST", "/api/runs", {
      scenarioId: flagshipId,
      models: ["expected-utility"],
      draws: 400,
      seed: 2,
    });
    const response = await app.request(`/api/jobs/${r.json.id as string}/events`);
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = await response.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({
      event: m[1],
      job: JSON.parse(m[2]) as { status: string; progress: { done: number }; result?: string },
    }));
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)!.event).toBe("end");
    expect(events.at(-1)!.job.status).toBe("succeeded");
    expect(events.at(-1)!.job.result).toMatch(/^\/api\/runs\//);
    const dones = events.map((e) => e.job.progress.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  });

  it("cancels a job on DELETE: it ends as cancelled and stores nothing", async () => {
    const before = store.listRuns().length;
    const r = await call("POST", "/api/runs", {
      scenarioId: flagshipId,
      models: ["expected-utility"],
      draws: 20_000,
    });
    expect(r.status).toBe(202);
    const cancel = await call("DELETE", `/api/jobs/${r.json.id as string}`);
    expect(cancel.status).toBe(200);
    const done = await finished(r.json);
    expect(done).toMatchObject({ status: "cancelled", error: "cancelled by the client" });
    expect(done.result).toBeUndefined();
    expect(store.listRuns().length).toBe(before);
    const again = await call("DELETE", `/api/jobs/${r.json.id as string}`);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatch(/already ended \(cancelled\)/);
    expect((await call("GET", "/api/jobs/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("refuses runs with 503 and Retry-After when the queue is full", async () => {
    const body = { scenarioId: flagshipId, models: ["expected-utility"], draws: 20_000 };
    const a = await call("POST", "/api/runs", body);
    const b = await call("POST", "/api/runs", body);
    expect([a.status, b.status]).toEqual([202, 202]);
    const c = await call("POST", "/api/runs", body);
    expect(c.status).toBe(503);
    expect(c.headers.get("retry-after")).toBe("30");
    expect(c.json.error).toMatch(/the server is busy: 1 jobs are running and 1 are waiting/);
    for (const j of [a, b]) await call("DELETE", `/api/jobs/${j.json.id as string}`);
    await finished(b.json);
  });

  it("stores a large result compressed and reads it back whole", async () => {
    const created = await call("POST", "/api/scenarios", { scenario: bigScenario(250, 4) });
    const r = await call("POST", "/api/runs", {
      scenarioId: created.json.id,
      models: ["expected-utility"],
    });
    expect(r.status).toBe(202);
    const done = await finished(r.json);
    expect(done.status).toBe("succeeded");
    const size = store.runSize(done.run as string);
    expect(size.encoding).toBe("json+gzip");
    const run = await call("GET", done.result as string);
    const text = JSON.stringify(run.json.result);
    expect(text.length).toBeGreaterThan(3 * size.result);
    expect((run.json.result as { runs: { issues: unknown[] }[] }).runs[0].issues).toHaveLength(4);
  });
});

describe("re-runs", () => {
  it("reproduce everything a run stored: forecasts, rounds, Monte Carlo and tornado", async () => {
    const first = await finished(
      (
        await call("POST", "/api/runs", {
          scenarioId: flagshipId,
          models: ["weighted-median", "expected-utility", "smp"],
          rounds: 6,
          draws: 50,
          tornado: { swing: 5 },
        })
      ).json,
    );
    const rerun = await call("POST", `/api/runs/${first.run as string}/rerun`);
    expect(rerun.status).toBe(202);
    const done = await finished(rerun.json);
    expect(done).toMatchObject({ status: "succeeded", reproduced: true, differenceCount: 0 });
    const a = (await call("GET", `/api/runs/${first.run as string}`)).json;
    const b = (await call("GET", done.result as string)).json;
    expect(b.rerunOf).toBe(a.id);
    expect(b.request).toEqual(a.request);
    expect(b.result).toEqual(a.result);
    const rounds = (a.result as { runs: { model: string; issues: { rounds?: unknown[] }[] }[] })
      .runs;
    expect(rounds.find((m) => m.model === "expected-utility")!.issues[0].rounds).toHaveLength(6);
  });

  it("say precisely what differs when the stored result is not reproduced", async () => {
    const original = await call("POST", "/api/runs", {
      scenarioId: flagshipId,
      models: ["compromise", "expected-utility"],
      rounds: 3,
    });
    expect(original.status).toBe(201);
    // A run stored by another version of entente (here: edited) is not reproduced.
    const result = structuredClone(original.json.result) as {
      runs: { issues: { forecast: number }[] }[];
    };
    result.runs[0].issues[2].forecast += 1e-9;
    const tampered = store.createRun({
      scenarioId: flagshipId,
      scenarioVersion: 1,
      request: original.json.request as Record<string, unknown>,
      seed: original.json.seed as number,
      ententeVersion: "0.0.0",
      snapshot: original.json.snapshot as Scenario,
      result: result as unknown as Record<string, unknown>,
    });
    const rerun = await call("POST", `/api/runs/${tampered.id}/rerun`);
    expect(rerun.status).toBe(201);
    expect(rerun.json).toMatchObject({ reproduced: false, differenceCount: 1 });
    expect(rerun.json.differences).toEqual([
      {
        path: "runs[0].issues[2].forecast",
        original: result.runs[0].issues[2].forecast,
        rerun: result.runs[0].issues[2].forecast - 1e-9,
      },
    ]);
    // A run stored before runs carried a headline: the re-run adds one, and that is no difference.
    const { headline: _headline, ...older } = original.json.result as Record<string, unknown>;
    void _headline;
    const old = store.createRun({
      scenarioId: flagshipId,
      scenarioVersion: 1,
      request: original.json.request as Record<string, unknown>,
      seed: original.json.seed as number,
      ententeVersion: "0.0.0",
      snapshot: original.json.snapshot as Scenario,
      result: older,
    });
    const again = await call("POST", `/api/runs/${old.id}/rerun`);
    expect(again.json).toMatchObject({ reproduced: true, differenceCount: 0 });
    expect((again.json.run as { result: { headline?: unknown } }).result.headline).toBeDefined();
    const same = await call("POST", `/api/runs/${original.json.id as string}/rerun`);
    expect(same.json).toMatchObject({ reproduced: true, differenceCount: 0, differences: [] });
  });
});

describe("server-side checks", () => {
  it("refuses titles and names longer than the store keeps, naming the field", async () => {
    const long = bigScenario(3, 1);
    long.metadata.title = "t".repeat(301);
    long.actors[1].name = "n".repeat(201);
    const r = await call("POST", "/api/scenarios", { scenario: long });
    expect(r.status).toBe(400);
    expect((r.json.problems as { field: string; message: string }[]).map((p) => p.field)).toEqual([
      "scenario.metadata.title",
      "scenario.actors[1].name",
    ]);
    expect((r.json.problems as { message: string }[])[0].message).toBe(
      "the title is 301 characters long; at most 300 are stored",
    );
    const ok = bigScenario(3, 1);
    ok.metadata.title = "t".repeat(300);
    const created = await call("POST", "/api/scenarios", { scenario: ok });
    expect(created.status).toBe(201);
    const put = await call("PUT", `/api/scenarios/${created.json.id as string}`, {
      scenario: long,
    });
    expect(put.status).toBe(400);
    expect((put.json.problems as { field: string }[])[0].field).toBe("scenario.metadata.title");
  });

  it("refuses runs on a deleted scenario with 409 until it is restored", async () => {
    const created = await call("POST", "/api/scenarios", { scenario: bigScenario(3, 1) });
    const id = created.json.id as string;
    expect((await call("DELETE", `/api/scenarios/${id}`)).status).toBe(200);
    const r = await call("POST", "/api/runs", { scenarioId: id, models: ["compromise"] });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatch(/is deleted; restore it .* before running it/);
    await call("POST", `/api/scenarios/${id}/restore`);
    expect(
      (await call("POST", "/api/runs", { scenarioId: id, models: ["compromise"] })).status,
    ).toBe(201);
  });

  it("reads ?version= as decimal digits only", async () => {
    for (const bad of ["0x1", "1e0", "%201", "01", "1.0", "-1", "0", "99999999999"]) {
      const r = await call("GET", `/api/scenarios/${flagshipId}?version=${bad}`);
      expect(r.status, bad).toBe(400);
      expect((r.json.problems as { field: string }[])[0].field).toBe("query.version");
    }
    expect((await call("GET", `/api/scenarios/${flagshipId}?version=1`)).status).toBe(200);
    expect((await call("GET", `/api/scenarios/${flagshipId}/export?version=0x1`)).status).toBe(400);
  });
});

describe("the server while big jobs run", () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "entente-jobs-"));
    server = await startServer({
      dataDir,
      port: 0,
      webDir: null,
      seed: false,
      jobs: { workers: 2, abandonAfterMs: 1500 },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers /api/health quickly during a 2000-actor × 9-issue expected-utility run, then cancels it", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as Json }));
    const scenario = await post("/api/scenarios", { scenario: bigScenario(2000, 9) });
    expect(scenario.status).toBe(201);
    const job = await post("/api/runs", {
      scenarioId: scenario.json.id,
      models: ["expected-utility"],
    });
    expect(job.status).toBe(202);
    const url = `${server.url}/api/jobs/${job.json.id as string}`;
    await until(async () => {
      const j = (await (await fetch(url)).json()) as Json;
      return j.status === "running" ? true : undefined;
    });
    // A functional check with a generous bound; the figure is measured in bench/jobs.ts.
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      const r = await fetch(`${server.url}/api/health`);
      expect(r.status).toBe(200);
      latencies.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(((await (await fetch(url)).json()) as Json).status).toBe("running");
    const cancelled = await fetch(url, { method: "DELETE" });
    expect(cancelled.status).toBe(200);
    const end = await until(async () => {
      const j = (await (await fetch(url)).json()) as Json;
      return j.status === "running" ? undefined : j;
    });
    expect(end.status).toBe("cancelled");
  });

  it("cancels a job whose client went away (its event stream closed and nobody asked since)", async () => {
    const flagship = await fetch(`${server.url}/api/scenarios`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scenario: bigScenario(400, 9) }),
    }).then((r) => r.json() as Promise<Json>);
    const job = (await fetch(`${server.url}/api/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scenarioId: flagship.id, models: ["expected-utility"], draws: 2000 }),
    }).then((r) => r.json())) as Json;
    const controller = new AbortController();
    const events = await fetch(`${server.url}/api/jobs/${job.id as string}/events`, {
      signal: controller.signal,
    });
    const reader = events.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^event: progress/);
    controller.abort();
    // Not asked about for 1.5 s after the stream closed: cancelled.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const j = (await (await fetch(`${server.url}/api/jobs/${job.id as string}`)).json()) as Json;
    expect(j.status).toBe("cancelled");
    expect(j.error).toMatch(/the client went away/);
  });
});
