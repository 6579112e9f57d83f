/** The HTTP API, called on the Hono app directly (no socket). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createApp } from "../../src/server/app.js";
import { seedLibrary } from "../../src/server/seed.js";
import { openStore, type Store } from "../../src/store/index.js";
import { listModels, loadScenario, parseScenario, type Scenario } from "../../src/index.js";
import type { Hono } from "hono";
import { computeHeadline, type HeadlineIssue } from "../../src/analysis/headline.js";
import type { ModelRun } from "../../src/models/types.js";
import { compareWhatIfs, type Comparison } from "../../src/analysis/whatif.js";

const flagshipFile = new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname;
const flagship = await loadScenario(flagshipFile);

let store: Store;
let app: Hono;
let flagshipId: string;

beforeEach(() => {
  store = openStore({ file: ":memory:" });
  [flagshipId] = seedLibrary(store);
  app = createApp({ store, webDir: null, log: () => undefined });
});

type Json = Record<string, unknown> & {
  problems?: {
    path: (string | number)[];
    field: string;
    message: string;
    line?: number;
    file?: string;
  }[];
};

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json; text: string; headers: Headers }> {
  const response = await app.request(path, {
    method,
    headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = {};
  }
  return { status: response.status, json, text, headers: response.headers };
}

/** Follows a 202's job until it ends, then returns the stored run (as GET /api/runs/:id). */
async function completed(r: { status: number; json: Json }) {
  expect(r.status).toBe(202);
  const self = (r.json.links as { self: string }).self;
  for (let i = 0; i < 600; i++) {
    const job = await call("GET", self);
    if (job.json.status === "succeeded") return call("GET", job.json.result as string);
    if (job.json.status !== "queued" && job.json.status !== "running")
      throw new Error(`job ${job.json.status as string}: ${job.json.error as string}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the job did not end");
}

function small(title = "Small"): Scenario {
  return {
    entente: 1,
    metadata: { title },
    actors: [
      { id: "a", name: "A", capability: 1 },
      { id: "b", name: "B", capability: 2 },
      { id: "c", name: "C", capability: 3 },
    ],
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 }, referencePoint: 50 }],
    stances: [
      { actor: "a", issue: "x", position: 10, salience: 50 },
      { actor: "b", issue: "x", position: 60, salience: 80 },
      { actor: "c", issue: "x", position: 90, salience: 70 },
    ],
  };
}

describe("server", () => {
  it("reports health and the registry's models", async () => {
    expect((await call("GET", "/api/health")).json).toMatchObject({ ok: true });
    const { json } = await call("GET", "/api/models");
    const models = json.models as { id: string; options: unknown; default: boolean }[];
    expect(models.map((m) => m.id)).toEqual(listModels().map((m) => m.id));
    expect(models.find((m) => m.id === "expected-utility")).toMatchObject({
      default: true,
      options: { type: "object" },
    });
  });

  it("serves its OpenAPI document", async () => {
    const r = await call("GET", "/api/openapi.yaml");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/yaml/);
    expect((parseYaml(r.text) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it("answers unknown routes with 404 JSON", async () => {
    const r = await call("GET", "/api/nothing-here");
    expect(r.status).toBe(404);
    expect(r.json.error).toMatch(/no such route/);
  });
});

describe("scenarios", () => {
  it("lists the seeded flagship and returns it unchanged", async () => {
    const list = await call("GET", "/api/scenarios");
    expect((list.json.scenarios as { id: string; title: string }[]).map((s) => s.title)).toEqual([
      flagship.metadata.title,
    ]);
    const one = await call("GET", `/api/scenarios/${flagshipId}`);
    expect(one.status).toBe(200);
    expect(one.json.scenario).toEqual(flagship);
    expect(one.json).toMatchObject({ version: 1, currentVersion: 1, actors: 13, issues: 9 });
  });

  it("seeds only once per data folder", () => {
    expect(seedLibrary(store)).toEqual([]);
    expect(store.listScenarios()).toHaveLength(1);
  });

  it("creates, saves new versions, and refuses a stale save with 409", async () => {
    const created = await call("POST", "/api/scenarios", { scenario: small() });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const edited = small("Edited");
    edited.stances[0].position = 20;
    const saved = await call("PUT", `/api/scenarios/${id}`, {
      scenario: edited,
      baseVersion: 1,
      note: "a moves",
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ version: 2, title: "Edited" });
    const stale = await call("PUT", `/api/scenarios/${id}`, {
      scenario: small("Other"),
      baseVersion: 1,
    });
    expect(stale.status).toBe(409);
    const versions = await call("GET", `/api/scenarios/${id}/versions`);
    expect((versions.json.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const old = await call("GET", `/api/scenarios/${id}?version=1`);
    expect(old.json.scenario).toEqual(small());
  });

  it("answers an invalid scenario with 400 and the path of every problem", async () => {
    const bad = small() as unknown as {
      actors: { capability: unknown }[];
      stances: { salience: unknown; actor: string }[];
    };
    bad.actors[0].capability = -1;
    bad.stances[1].salience = 150;
    bad.stances[2].actor = "nobody";
    const r = await call("POST", "/api/scenarios", { scenario: bad });
    expect(r.status).toBe(400);
    const fields = r.json.problems!.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "scenario.actors[0].capability",
        "scenario.stances[1].salience",
        "scenario.stances[2].actor",
      ]),
    );
    expect(r.json.problems!.find((p) => p.field === "scenario.stances[1].salience")!.path).toEqual([
      "scenario",
      "stances",
      1,
      "salience",
    ]);
    expect(store.listScenarios()).toHaveLength(1);
  });

  it("validates without storing", async () => {
    const ok = await call("POST", "/api/validate", { scenario: small() });
    expect(ok.json).toEqual({ ok: true, problems: [] });
    const bad = small();
    bad.issues[0].referencePoint = 500;
    const r = await call("POST", "/api/validate", { scenario: bad });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(r.json.problems![0]).toMatchObject({
      path: ["issues", 0, "referencePoint"],
      field: "issues[0].referencePoint",
    });
  });

  it("deletes with undo, and duplicates", async () => {
    const del = await call("DELETE", `/api/scenarios/${flagshipId}`);
    expect(del.status).toBe(200);
    expect(del.json.undo).toBe(`/api/scenarios/${flagshipId}/restore`);
    expect((await call("GET", "/api/scenarios")).json.scenarios).toEqual([]);
    expect(
      ((await call("GET", "/api/scenarios?deleted=true")).json.scenarios as unknown[]).length,
    ).toBe(1);
    expect((await call("POST", del.json.undo as string)).status).toBe(200);
    expect(((await call("GET", "/api/scenarios")).json.scenarios as unknown[]).length).toBe(1);
    const copy = await call("POST", `/api/scenarios/${flagshipId}/duplicate`, {
      title: "Copy of the reset",
    });
    expect(copy.status).toBe(201);
    expect(copy.json).toMatchObject({ title: "Copy of the reset", version: 1 });
    const bare = await call("POST", `/api/scenarios/${flagshipId}/duplicate`);
    expect(bare.status).toBe(201);
    expect(bare.json.title).toBe(`${flagship.metadata.title} (copy)`);
  });

  it("imports a stakeholder CSV and a YAML file, and reports problems with their lines", async () => {
    const csv = "Actor,Capability,Position,Salience\nAlpha,100,10,0.5\nBeta,50,90,0.8\n";
    const fromCsv = await call("POST", "/api/scenarios/import", {
      fileName: "table.csv",
      text: csv,
      title: "From CSV",
    });
    expect(fromCsv.status).toBe(201);
    expect(fromCsv.json).toMatchObject({ title: "From CSV", actors: 2, issues: 1 });
    const yaml = (await call("GET", `/api/scenarios/${flagshipId}/export?format=yaml`)).text;
    const fromYaml = await call("POST", "/api/scenarios/import", {
      fileName: "reset.yaml",
      text: yaml,
    });
    expect(fromYaml.status).toBe(201);
    expect(fromYaml.json.scenario).toEqual(flagship);
    const broken = yaml.replace("capability: 100", "capability: -100");
    const bad = await call("POST", "/api/scenarios/import", {
      fileName: "../../etc/passwd.yaml",
      text: broken,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.problems![0]).toMatchObject({
      path: ["actors", 0, "capability"],
      file: "../../etc/passwd.yaml",
    });
    expect(bad.json.problems![0].line).toBeGreaterThan(1);
    const unknown = await call("POST", "/api/scenarios/import", {
      fileName: "notes.txt",
      text: "hello\nworld\n",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.problems![0].message).toMatch(/cannot tell the file's format/);
  });

  it("exports a scenario in the writable formats", async () => {
    const yaml = await call("GET", `/api/scenarios/${flagshipId}/export?format=yaml`);
    expect(yaml.headers.get("content-disposition")).toMatch(
      /^attachment; filename="a-new-reset-usrussia-relations-after-the-2016-us-election\.yaml"$/,
    );
    expect(parseScenario(yaml.text, "x.yaml")).toEqual(flagship);
    const json = await call("GET", `/api/scenarios/${flagshipId}/export?format=json`);
    expect(JSON.parse(json.text)).toEqual(flagship);
    const csv = await call(
      "GET",
      `/api/scenarios/${flagshipId}/export?format=stakeholder-csv&issue=us-sanctions`,
    );
    expect(csv.status).toBe(200);
    expect(csv.text.split("\n")[0]).toMatch(/Actor/i);
    const bad = await call("GET", `/api/scenarios/${flagshipId}/export?format=pdf`);
    expect(bad.status).toBe(400);
    expect(bad.json.problems![0].path).toEqual(["query", "format"]);
  });
});

describe("input safety", () => {
  it("never treats an id as a path: malformed ids are 404s", async () => {
    for (const path of [
      "/api/scenarios/..%2F..%2Fpackage.json",
      "/api/scenarios/package.json",
      "/api/runs/..%2F..%2Fetc%2Fpasswd",
      "/api/scenarios/00000000-0000-4000-8000-000000000000",
      "/api/runs/00000000-0000-4000-8000-000000000000/export?format=html",
    ]) {
      const r = await call("GET", path);
      expect(r.status, path).toBe(404);
    }
  });

  it("needs JSON bodies: 415 otherwise, 400 for malformed JSON", async () => {
    const form = await call("POST", "/api/scenarios", "scenario=1", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    const broken = await call("POST", "/api/scenarios", "{not json");
    expect(broken.status).toBe(400);
    expect(broken.json.problems![0].message).toMatch(/not valid JSON/);
    const extra = await call("POST", "/api/scenarios", { scenario: small(), color: "red" });
    expect(extra.status).toBe(400);
    expect(extra.json.problems![0].message).toMatch(/unknown field 'color'/);
  });

  it("limits the request body", async () => {
    const limited = createApp({ store, webDir: null, bodyLimit: 1000 });
    const r = await limited.request("/api/validate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scenario: { metadata: { title: "x".repeat(5000) } } }),
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error: string }).error).toMatch(/larger than 1000 bytes/);
  });

  it("applies the server's input limits to imports and validation (serve --max-actors …)", async () => {
    const limited = createApp({ store, webDir: null, limits: { actors: 2 } });
    const post = (path: string, body: unknown) =>
      limited.request(path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const csv = "Actor,Capability,Position,Salience\nA,1,10,0.5\nB,1,20,0.5\nC,1,30,0.5\n";
    const r = await post("/api/scenarios/import", { fileName: "three.csv", text: csv });
    expect(r.status).toBe(400);
    const problems = ((await r.json()) as { problems: { message: string; line?: number }[] })
      .problems;
    expect(problems[0].message).toMatch(/more than 2 actors; the limit is 2/);
    expect(problems[0].line).toBe(4);
    const v = await post("/api/validate", { scenario: small() });
    expect(((await v.json()) as { ok: boolean }).ok).toBe(small().actors.length <= 2);
  });

  it("keeps CORS closed by default and refuses other origins' writes", async () => {
    const get = await call("GET", "/api/scenarios", undefined, { Origin: "https://evil.example" });
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await call("OPTIONS", "/api/scenarios", undefined, {
      Origin: "https://evil.example",
      "Access-Control-Request-Method": "POST",
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const post = await call(
      "POST",
      "/api/scenarios",
      { scenario: small() },
      { Origin: "https://evil.example" },
    );
    expect(post.status).toBe(403);
    const sameOrigin = await call(
      "POST",
      "/api/scenarios",
      { scenario: small() },
      { Origin: "http://localhost" },
    );
    expect(sameOrigin.status).toBe(201);
  });

  it("opens CORS to the origins it is given", async () => {
    const open = createApp({ store, webDir: null, corsOrigins: ["http://127.0.0.1:5173"] });
    const r = await open.request("/api/scenarios", {
      headers: { Origin: "http://127.0.0.1:5173" },
    });
    expect(r.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    const post = await open.request("/api/validate", {
      method: "POST",
      headers: { Origin: "http://127.0.0.1:5173", "Content-Type": "application/json" },
      body: JSON.stringify({ scenario: small() }),
    });
    expect(post.status).toBe(200);
  });

  it("answers only to loopback host names unless opened to the network", async () => {
    const rebound = await app.request("http://attacker.example/api/scenarios");
    expect(rebound.status).toBe(403);
    expect((await app.request("http://127.0.0.1:8765/api/health")).status).toBe(200);
    const open = createApp({ store, webDir: null, allowedHosts: "any" });
    expect((await open.request("http://workbench.lan/api/health")).status).toBe(200);
  });
});

describe("runs", () => {
  it("runs the flagship and stores the snapshot, resolved options, seed and version", async () => {
    const r = await call("POST", "/api/runs", {
      scenarioId: flagshipId,
      models: ["weighted-median", "expected-utility"],
      rounds: 6,
      label: "baseline",
    });
    expect(r.status).toBe(201);
    const run = r.json as {
      id: string;
      seed: number;
      request: { models: string[]; options: Record<string, Record<string, unknown>> };
      snapshot: Scenario;
      ententeVersion: string;
      scenarioVersion: number;
      result: { runs: { model: string; issues: { forecast: number | null }[] }[] };
    };
    expect(run.request.models).toEqual(["weighted-median", "expected-utility"]);
    expect(run.request.options["expected-utility"]).toMatchObject({
      rounds: 6,
      probability: "scholz",
      perspective: "own",
    });
    expect(Number.isInteger(run.seed)).toBe(true);
    expect(run.ententeVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.scenarioVersion).toBe(1);
    expect(run.snapshot).toEqual(flagship);
    expect(run.result.runs.map((m) => m.model)).toEqual(["weighted-median", "expected-utility"]);
    expect(run.result.runs[1].issues).toHaveLength(9);
    const listed = await call("GET", `/api/runs?scenario=${flagshipId}`);
    expect(
      (listed.json.runs as { id: string; label: string }[]).map((x) => [x.id, x.label]),
    ).toEqual([[run.id, "baseline"]]);
    const again = await call("GET", `/api/runs/${run.id}`);
    expect(again.json).toEqual(run);
  });

  it("runs the registry's default models when none are named, with the seed given", async () => {
    const r = await call("POST", "/api/runs", { scenarioId: flagshipId, seed: 1234 });
    expect(r.status).toBe(201);
    expect(r.json.seed).toBe(1234);
    expect((r.json.request as { models: string[] }).models.length).toBeGreaterThan(1);
  });

  it("stores the headline of the run, seeded by the run's seed", async () => {
    const r = await call("POST", "/api/runs", { scenarioId: flagshipId, seed: 77 });
    expect(r.status).toBe(201);
    const result = r.json.result as {
      runs: ModelRun[];
      headline: { statement: { draws: number; seed: number }; issues: HeadlineIssue[] };
    };
    expect(result.headline.statement).toMatchObject({ draws: 200, seed: 77 });
    const expected = computeHeadline(flagship, result.runs, { draws: 200, seed: 77 });
    expect(result.headline.issues).toEqual(JSON.parse(JSON.stringify(expected.issues)));
    const sanctions = result.headline.issues.find((i) => i.issue === "us-sanctions")!;
    const compromise = result.runs.find((m) => m.model === "compromise")!;
    expect(sanctions.forecast).toBeCloseTo(
      compromise.issues.find((i) => i.issue === "us-sanctions")!.forecast!,
      9,
    );
    expect(sanctions.interval90![0]).toBeLessThanOrEqual(sanctions.interval50![0]);
    expect(sanctions.interval90![1]).toBeGreaterThanOrEqual(sanctions.interval50![1]);
    expect(sanctions.decisiveActors!.length).toBeGreaterThan(0);
  });

  it("stores the scenario's what-ifs compared under the run's models", async () => {
    const models = ["compromise", "weighted-median", "expected-utility"];
    const r = await call("POST", "/api/runs", { scenarioId: flagshipId, models, seed: 5 });
    expect(r.status).toBe(201);
    const result = r.json.result as { whatIfs: Comparison };
    const expected = compareWhatIfs(flagship, flagship.whatIfs!, { models });
    expect(result.whatIfs).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(result.whatIfs.whatIfs.map((w) => w.id)).toEqual(flagship.whatIfs!.map((w) => w.id));
    expect(result.whatIfs.rows).toHaveLength(models.length * flagship.issues.length);
    // A scenario without what-ifs stores none.
    const created = await call("POST", "/api/scenarios", { scenario: small() });
    const plain = await call("POST", "/api/runs", { scenarioId: created.json.id, seed: 5 });
    expect(plain.json.result).not.toHaveProperty("whatIfs");
  });

  it("keeps a run's snapshot when the scenario is edited later, and re-runs it exactly", async () => {
    const first = (
      await call("POST", "/api/runs", {
        scenarioId: flagshipId,
        models: ["expected-utility"],
        rounds: 4,
      })
    ).json as { id: string; snapshot: Scenario; result: unknown; seed: number };
    const edited = structuredClone(flagship);
    edited.stances[0].position = 100;
    expect((await call("PUT", `/api/scenarios/${flagshipId}`, { scenario: edited })).status).toBe(
      200,
    );
    const stored = (await call("GET", `/api/runs/${first.id}`)).json as { snapshot: Scenario };
    expect(stored.snapshot).toEqual(flagship);
    const rerun = await call("POST", `/api/runs/${first.id}/rerun`);
    expect(rerun.status).toBe(201);
    expect(rerun.json.reproduced).toBe(true);
    const again = rerun.json.run as {
      rerunOf: string;
      seed: number;
      snapshot: Scenario;
      result: unknown;
      scenarioVersion: number;
    };
    expect(again).toMatchObject({ rerunOf: first.id, seed: first.seed, scenarioVersion: 1 });
    expect(again.snapshot).toEqual(flagship);
    expect(again.result).toEqual(first.result);
    // A new run takes the current version.
    const latest = (
      await call("POST", "/api/runs", {
        scenarioId: flagshipId,
        models: ["expected-utility"],
        rounds: 4,
      })
    ).json;
    expect(latest.scenarioVersion).toBe(2);
  });

  it("runs a scenario document sent with the request", async () => {
    const r = await call("POST", "/api/runs", { scenario: small(), models: ["weighted-median"] });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ scenarioId: null, scenarioVersion: null });
    expect(
      (r.json.result as { runs: { issues: { forecast: number }[] }[] }).runs[0].issues[0].forecast,
    ).toBe(60);
  });

  it("answers a bad run request with every problem's path", async () => {
    const r = await call("POST", "/api/runs", {
      scenarioId: flagshipId,
      models: ["expected-utility", "no-such-model"],
      rounds: 0,
      seed: -1,
      colour: 1,
    });
    expect(r.status).toBe(400);
    const paths = r.json.problems!.map((p) => p.field);
    expect(paths).toEqual(expect.arrayContaining(["rounds", "seed", "models[1]", ""]));
    const options = await call("POST", "/api/runs", {
      scenarioId: flagshipId,
      models: ["expected-utility"],
      options: { "expected-utility": { probability: "coin" } },
    });
    expect(options.status).toBe(400);
    expect(options.json.problems![0].path).toEqual(["options", "expected-utility", "probability"]);
    const both = await call("POST", "/api/runs", { scenarioId: flagshipId, scenario: small() });
    expect(both.status).toBe(400);
    const none = await call("POST", "/api/runs", { models: ["compromise"] });
    expect(none.status).toBe(400);
    const missing = await call("POST", "/api/runs", {
      scenarioId: "00000000-0000-4000-8000-000000000000",
    });
    expect(missing.status).toBe(404);
  });

  it("adds a tornado when asked for, keeping the inputs that move each forecast most", async () => {
    const r = await completed(
      await call("POST", "/api/runs", {
        scenarioId: flagshipId,
        models: ["weighted-median", "expected-utility"],
        rounds: 4,
        tornado: { swing: 10 },
      }),
    );
    expect(r.status).toBe(200);
    expect(r.json.request).toMatchObject({ tornado: { swing: 10 } });
    const t = (
      r.json.result as {
        analyses: {
          tornado: {
            swing: string;
            tornadoes: { model: string; issue: string; bars: { range: number }[] }[];
          };
        };
      }
    ).analyses.tornado;
    expect(t.swing).toMatch(/10%/);
    expect(t.tornadoes).toHaveLength(2 * 9);
    for (const one of t.tornadoes) {
      expect(one.bars.length).toBeLessThanOrEqual(15);
      for (let i = 1; i < one.bars.length; i++)
        expect(one.bars[i - 1].range).toBeGreaterThanOrEqual(one.bars[i].range);
    }
    const bad = await call("POST", "/api/runs", { scenarioId: flagshipId, tornado: { swing: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.problems![0].path).toEqual(["tornado", "swing"]);
    const report = await call("GET", `/api/runs/${r.json.id as string}/export?format=html`);
    expect(report.text).toContain("Tornado (expected-utility)");
  });

  it("adds Monte Carlo distributions when draws are asked for", async () => {
    const r = await completed(
      await call("POST", "/api/runs", {
        scenarioId: flagshipId,
        models: ["compromise", "weighted-median"],
        draws: 60,
        seed: 5,
      }),
    );
    expect(r.status).toBe(200);
    const mc = (
      r.json.result as {
        analyses: {
          montecarlo: {
            draws: number;
            seed: number;
            summaries: unknown[];
            histograms: { counts: number[]; noForecast: number }[];
          };
        };
      }
    ).analyses.montecarlo;
    expect(mc).toMatchObject({ draws: 60, seed: 5 });
    expect(mc.summaries).toHaveLength(2 * 9);
    expect(mc.histograms).toHaveLength(2 * 9);
    for (const h of mc.histograms)
      expect(h.counts.reduce((a, b) => a + b, 0) + h.noForecast).toBe(60);
    const again = await completed(
      await call("POST", "/api/runs", {
        scenarioId: flagshipId,
        models: ["compromise", "weighted-median"],
        draws: 60,
        seed: 5,
      }),
    );
    expect((again.json.result as { analyses: unknown }).analyses).toEqual(
      (r.json.result as { analyses: unknown }).analyses,
    );
  });
});

describe("results and exports", () => {
  let runId: string;
  let otherId: string;
  beforeEach(async () => {
    runId = (
      await call("POST", "/api/runs", {
        scenarioId: flagshipId,
        models: ["weighted-median", "expected-utility"],
        rounds: 5,
      })
    ).json.id as string;
    const edited = structuredClone(flagship);
    edited.stances[0].position = 90;
    await call("PUT", `/api/scenarios/${flagshipId}`, { scenario: edited });
    otherId = (
      await call("POST", "/api/runs", {
        scenarioId: flagshipId,
        models: ["weighted-median", "expected-utility"],
        rounds: 5,
      })
    ).json.id as string;
  });

  it("exports the forecast table as CSV and the run as JSON", async () => {
    const csv = await call("GET", `/api/runs/${runId}/export?format=csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe("issue,name,reference_point,weighted-median,expected-utility");
    expect(lines).toHaveLength(10);
    const json = await call("GET", `/api/runs/${runId}/export`);
    expect(JSON.parse(json.text).id).toBe(runId);
  });

  it("exports a standalone HTML report with the charts inline and no scripts", async () => {
    const r = await call("GET", `/api/runs/${runId}/export?format=html`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/text\/html/);
    expect(r.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(r.text).toMatch(/^<!doctype html>/);
    expect(r.text).toContain(flagship.metadata.title);
    expect((r.text.match(/<svg/g) ?? []).length).toBeGreaterThan(9 * 2);
    expect(r.text).not.toMatch(/<script/i);
    expect(r.text).not.toMatch(/(src|href)="https?:/);
  });

  it("escapes scenario text in the report", async () => {
    const evil = small("<script>alert(1)</script>");
    evil.actors[0].name = "<img src=x onerror=alert(1)>";
    const run = await call("POST", "/api/runs", { scenario: evil, models: ["expected-utility"] });
    const r = await call("GET", `/api/runs/${run.json.id as string}/export?format=html`);
    expect(r.text).not.toContain("<script>alert(1)</script>");
    expect(r.text).not.toContain("<img src=x");
    expect(r.text).toContain("&lt;script&gt;");
  });

  it("serves trajectories, effective power and the challenge map, as JSON or CSV", async () => {
    const t = await call("GET", `/api/runs/${runId}/trajectory?issue=us-sanctions`);
    expect(t.status).toBe(200);
    expect((t.json.points as unknown[]).length).toBe(8 * 6);
    expect(
      (await call("GET", `/api/runs/${runId}/trajectory?issue=us-sanctions&format=csv`)).text,
    ).toMatch(/^round,actor,name,position/);
    const p = await call("GET", `/api/runs/${runId}/power?issue=us-sanctions`);
    expect(p.json.weightedMedian).toBe(60);
    const m = await call(
      "GET",
      `/api/runs/${runId}/challenge-map?issue=us-sanctions&actor=trump&round=2`,
    );
    expect(m.status).toBe(200);
    expect(m.json).toMatchObject({ actor: "trump", round: 2, rounds: 5 });
    expect(
      (await call("GET", `/api/runs/${runId}/challenge-map?issue=us-sanctions&actor=assad`)).status,
    ).toBe(404);
    expect(
      (await call("GET", `/api/runs/${runId}/trajectory?issue=us-sanctions&model=weighted-median`))
        .status,
    ).toBe(404);
    const missingIssue = await call("GET", `/api/runs/${runId}/power`);
    expect(missingIssue.status).toBe(400);
    expect(missingIssue.json.problems![0].path).toEqual(["query", "issue"]);
  });

  it("compares two runs: forecasts and what changed in the inputs", async () => {
    const r = await call("GET", `/api/runs/compare?a=${runId}&b=${otherId}`);
    expect(r.status).toBe(200);
    expect(r.json.changes).toEqual([
      { what: "stance", id: "trump/us-sanctions", field: "position", a: 20, b: 90 },
    ]);
    expect((r.json.rows as unknown[]).length).toBe(9 * 2);
    const csv = await call("GET", `/api/runs/compare?a=${runId}&b=${otherId}&format=csv`);
    expect(csv.text.split("\r\n")[0]).toBe("issue,name,model,forecast_a,forecast_b,change");
  });
});

describe("the web app", () => {
  const dir = mkdtempSync(join(tmpdir(), "entente-web-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>entente</title>");
  writeFileSync(join(dir, "assets", "app-1234.js"), "console.log(1)");

  it("serves the built files from memory, with a CSP on the page", async () => {
    const web = createApp({ store, webDir: dir });
    const index = await web.request("/");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    expect(await index.text()).toContain("<title>entente</title>");
    const asset = await web.request("/assets/app-1234.js");
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    expect(asset.headers.get("cache-control")).toMatch(/immutable/);
    for (const path of [
      "/../package.json",
      "/assets/../../package.json",
      "/%2e%2e/package.json",
      "/nothing.js",
    ])
      expect((await web.request(path)).status, path).toBe(404);
  });

  it("says how to build the web app when it is missing", async () => {
    const noWeb = createApp({ store, webDir: join(dir, "missing") });
    const r = await noWeb.request("/");
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("npm run build:web");
  });
});

describe("advice", () => {
  it("POST /api/scenarios/{id}/advise ranks the levers; bad input is a located 400", async () => {
    const r = await call("POST", `/api/scenarios/${flagshipId}/advise`, {
      actor: "putin",
      issues: ["us-sanctions"],
      thresholds: ["us-sanctions<40"],
      draws: 50,
    });
    expect(r.status).toBe(200);
    const issue = (r.json.issues as { levers: { actor: string; effect: number }[] }[])[0];
    expect(issue.levers[0].actor).toBe("gop-congress");
    expect(issue.levers[0].effect).toBeGreaterThan(0);
    const bad = await call("POST", `/api/scenarios/${flagshipId}/advise`, { actor: "obama" });
    expect(bad.status).toBe(400);
    expect(bad.json.problems?.[0].message).toMatch(/unknown actor 'obama'/);
    // Located at the body's fields, not at the CLI's flags.
    expect(bad.json.problems?.[0].path).toEqual(["actor"]);
    const badThreshold = await call("POST", `/api/scenarios/${flagshipId}/advise`, {
      actor: "putin",
      move: 5,
      thresholds: ["us-sanctions~40"],
    });
    expect(badThreshold.status).toBe(400);
    expect(badThreshold.json.problems?.[0].path).toEqual(["thresholds"]);
    expect(badThreshold.text).not.toMatch(/--/);
    const tooMany = await call("POST", `/api/scenarios/${flagshipId}/advise`, {
      actor: "putin",
      draws: 100000,
    });
    expect(tooMany.status).toBe(400);
  });
});
