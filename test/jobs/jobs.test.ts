/** The job abstraction: chunking and merging, the runner's queue, cancellation and budgets. */
import { afterAll, describe, expect, it } from "vitest";
import { loadScenario } from "../../src/index.js";
import { monteCarloJob, simulate } from "../../src/analysis/montecarlo.js";
import { tornado, tornadoJob } from "../../src/analysis/sensitivity.js";
import { ThreadBackend, type ChunkBackend } from "../../src/jobs/backends.js";
import { InProcessBackend } from "../../src/jobs/in-process.js";
import {
  JobRunner,
  QueueFullError,
  directContext,
  runRange,
  type JobContext,
} from "../../src/jobs/jobs.js";
import { asChunk, executeChunk, type ModelsResult } from "../../src/jobs/chunks.js";
import { diffResults } from "../../src/jobs/diff.js";
import { bigScenario } from "../support/big-scenario.js";
import { readFileSync } from "node:fs";
import { backtestDeu, backtestDeuOn } from "../../src/analysis/backtest.js";
import { backtestOutputs } from "../support/backtest-outputs.js";
import { readDeu } from "../../src/scenario/import/deu.js";
import { repoFile } from "../support/fixtures.js";

const flagship = await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml"));
const threads = new ThreadBackend({ workers: 2 });
afterAll(() => threads.close());

/** A context outside a runner: every chunk on `backend`, progress ignored. */
function context(backend: ChunkBackend): JobContext {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    backend,
    plan: () => undefined,
    run: (chunk) => backend.run(chunk, controller.signal) as never,
  };
}

describe("the what-ifs of a models chunk", () => {
  it("says why when a what-if does not fit the scenario, instead of failing the run", () => {
    const s = {
      ...flagship,
      whatIfs: [
        { id: "x", changes: [{ op: "set", actor: "nobody", field: "capability", value: 3 }] },
      ],
    };
    const out = executeChunk(
      asChunk({
        type: "models",
        scenario: JSON.stringify(s),
        models: ["compromise"],
        options: {},
        whatIfs: true,
      }),
    ) as ModelsResult;
    expect(out.whatIfsError).toMatch(/unknown actor 'nobody'/);
    expect(out.whatIfs).toBeUndefined();
    expect((JSON.parse(out.runs) as unknown[]).length).toBe(1);
  });
});

describe("chunking and merging", () => {
  const options = { models: ["compromise", "expected-utility"], draws: 97, seed: 11 };

  it("gives the Monte Carlo result of `simulate` whatever the chunk size and back end", async () => {
    const reference = await simulate(flagship, { ...options, workers: 1 });
    for (const [backend, size] of [
      [new InProcessBackend(), 1],
      [new InProcessBackend(), 13],
      [threads, 7],
      [threads, 97],
    ] as const) {
      const job = monteCarloJob(flagship, options);
      const ctx = context(backend);
      const point = await runRange(ctx, job.point, 1, job.width, 1);
      const forecasts = await runRange(ctx, job.draws, job.count, job.width, size);
      const sim = job.finish(point, forecasts);
      expect(JSON.stringify(sim.result)).toBe(JSON.stringify(reference.result));
      expect(
        Buffer.from(sim.forecasts.buffer).equals(Buffer.from(reference.forecasts.buffer)),
      ).toBe(true);
    }
  });

  it("gives the tornado of `tornado` from swings computed in ranges on worker threads", async () => {
    const request = { models: ["weighted-median", "expected-utility"], swing: { percent: 10 } };
    const reference = tornado(flagship, request);
    const job = tornadoJob(flagship, request);
    const ctx = context(threads);
    const baseline = await runRange(ctx, job.point, 1, job.width, 1);
    const swings = await runRange(ctx, job.swings, job.inputs, 2 * job.width, 5);
    expect(job.finish(baseline, swings)).toEqual(reference);
  });

  it("computes a chunk as a pure function of its data", () => {
    const job = monteCarloJob(flagship, options);
    const spec = JSON.stringify(job.draws);
    const chunk = { type: "range" as const, id: job.draws.id, spec, start: 10, end: 20 };
    const a = executeChunk(chunk) as Float64Array;
    const b = executeChunk({ ...chunk, id: `${chunk.id}-again` }) as Float64Array;
    expect(a.length).toBe(10 * job.width);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("fails a chunk on bad data with its message", () => {
    expect(() =>
      executeChunk({
        type: "models",
        scenario: JSON.stringify(flagship),
        models: ["no-such-model"],
        options: {},
      }),
    ).toThrow(/unknown model 'no-such-model'/);
  });
});

describe("the backtest as chunks", () => {
  const table = readDeu(readFileSync(repoFile("data/deu3-dev.tsv"), "utf8"), {
    file: "deu3-dev.tsv",
  });
  // The issues of the dev table's first 25 proposals (for speed).
  const proposals = [...new Set(table.issues.map((i) => i.meta.proposal))].slice(0, 25);
  const dev = { ...table, issues: table.issues.filter((i) => proposals.includes(i.meta.proposal)) };
  // A per-issue model, a procedural one, the fitted one (its cross-validated and
  // nested rows), and the exchange model, run once per proposal.
  const options = {
    models: [
      "compromise",
      "weighted-median",
      "agenda-setter",
      "institutional-compromise",
      "exchange",
    ],
    modelOptions: { exchange: { arithmetic: "double" } },
    capabilities: ["equal" as const, "banzhaf" as const],
    by: ["procedure" as const],
    resamples: 200,
  };

  it("gives every output of the in-thread backtest byte for byte on worker threads", async () => {
    const reference = backtestOutputs(backtestDeu(dev, options));
    const progress: [number, number][] = [];
    const ctx = directContext(threads, (done, total) => progress.push([done, total]));
    const result = await backtestDeuOn(ctx, dev, options);
    expect(backtestOutputs(result)).toEqual(reference);
    expect(result.rows.map((r) => r.id)).toEqual(
      expect.arrayContaining(["exchange/banzhaf", "institutional-compromise/nested-cv"]),
    );
    expect(result.headline?.n).toBe(result.scored);
    // One chunk per model and capability option, an issue forecast a unit.
    expect(progress).toHaveLength(5 * 2);
    expect(progress.at(-1)).toEqual([5 * 2 * result.scored, 5 * 2 * result.scored]);
    const inProcess = await backtestDeuOn(directContext(new InProcessBackend()), dev, options);
    expect(backtestOutputs(inProcess)).toEqual(reference);
  }, 120_000);

  it("computes a backtest chunk as a pure function of its data, and fails on a bad one", () => {
    const spec = JSON.stringify({
      issues: dev.issues.slice(0, 12),
      rules: true,
      commission: "mean",
      parliament: "mean",
    });
    const chunk = {
      type: "backtest" as const,
      id: "t1",
      spec,
      model: "agenda-setter",
      options: {},
      capability: "shapley-shubik" as const,
    };
    const a = executeChunk(chunk);
    expect(executeChunk({ ...chunk, id: "t2" })).toEqual(a);
    expect(executeChunk({ ...chunk, id: "t1" })).toEqual(a);
    expect((a as { forecasts: unknown[] }).forecasts).toHaveLength(12);
    expect(() => executeChunk({ ...chunk, id: "t3", model: "no-such-model" })).toThrow(
      /unknown model 'no-such-model'/,
    );
  });
});

describe("differences between results", () => {
  it("lists every leaf that differs, by path, and nothing when equal", () => {
    const a = {
      runs: [{ model: "m", issues: [{ issue: "x", forecast: 1 }] }],
      analyses: { t: [1, 2] },
    };
    expect(diffResults(a, structuredClone(a))).toEqual({ count: 0, differences: [] });
    const b = structuredClone(a) as Record<string, unknown> & typeof a;
    b.runs[0].issues[0].forecast = 1.0000000001;
    delete (b as { analyses?: unknown }).analyses;
    const d = diffResults(a, b);
    expect(d.count).toBe(2);
    expect(d.differences).toEqual([
      { path: "runs[0].issues[0].forecast", original: 1, rerun: 1.0000000001 },
      { path: "analyses", original: "{object with 1 keys}" },
    ]);
  });
});

/** A job of `chunks` slow chunks (each a Monte Carlo range of the flagship). */
function slowAnalysis(chunks: number, drawsPerChunk = 40) {
  return async (ctx: JobContext) => {
    const job = monteCarloJob(flagship, {
      models: ["expected-utility"],
      draws: chunks * drawsPerChunk,
      seed: 3,
    });
    ctx.plan(job.count);
    return (await runRange(ctx, job.draws, job.count, job.width, drawsPerChunk)).length;
  };
}

describe("the job runner", () => {
  it("runs jobs to the end with progress, and bounds its queue", async () => {
    const runner = new JobRunner({ backend: new InProcessBackend(), maxRunning: 1, maxQueued: 1 });
    const seen: number[] = [];
    const first = runner.submit("test", slowAnalysis(5));
    first.on("change", () => seen.push(first.progress.done));
    const second = runner.submit("test", slowAnalysis(1));
    expect(second.status).toBe("queued");
    expect(() => runner.submit("test", slowAnalysis(1))).toThrow(QueueFullError);
    expect(() => runner.submit("test", slowAnalysis(1))).toThrow(
      /busy: 1 jobs are running and 1 are waiting/,
    );
    await first.finished;
    await second.finished;
    expect(first.status).toBe("succeeded");
    expect(first.result).toBeGreaterThan(0);
    expect(first.progress).toEqual({ done: 200, total: 200 });
    expect(seen.at(-1)).toBe(200);
    expect(second.status).toBe("succeeded");
    await runner.close();
  });

  it("cancels a running job: its chunks stop and it ends as cancelled", async () => {
    const runner = new JobRunner({ backend: threads, maxRunning: 1 });
    const job = runner.submit("test", slowAnalysis(400));
    await new Promise<void>((resolve) =>
      job.on("change", () => job.progress.done > 0 && resolve()),
    );
    expect(job.cancel()).toBe(true);
    await job.finished;
    expect(job.status).toBe("cancelled");
    expect(job.error).toBe("cancelled by the client");
    expect(job.progress.done).toBeLessThan(job.progress.total);
    expect(job.cancel()).toBe(false);
    const queued = new JobRunner({ backend: new InProcessBackend(), maxRunning: 1 });
    const a = queued.submit("test", slowAnalysis(3));
    const b = queued.submit("test", slowAnalysis(3));
    b.cancel();
    expect(b.status).toBe("cancelled");
    await a.finished;
    expect(a.status).toBe("succeeded");
    await queued.close();
  });

  it("fails a job that runs out of its time budget, with a message saying so", async () => {
    const runner = new JobRunner({ backend: threads, timeBudgetMs: 300 });
    const job = runner.submit("test", slowAnalysis(1000));
    await job.finished;
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/ran out of its time budget \(0 s\)/);
  });

  it("cancels a job nobody asks about (the client went away)", async () => {
    const runner = new JobRunner({ backend: threads, abandonAfterMs: 200 });
    const job = runner.submit("test", slowAnalysis(1000));
    await job.finished;
    expect(job.status).toBe("cancelled");
    expect(job.error).toMatch(/no client asked about the job/);
  });

  it("fails a chunk that goes over the memory budget with a message, and keeps going", async () => {
    const small = new ThreadBackend({ workers: 1, memoryMb: 32 });
    const runner = new JobRunner({ backend: small });
    const big = JSON.stringify(bigScenario(60_000, 5));
    const job = runner.submit("test", (ctx) =>
      ctx.run(asChunk({ type: "models", scenario: big, models: ["compromise"], options: {} })),
    );
    await job.finished;
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/went over its memory budget \(32 MB per worker thread\)/);
    const after = runner.submit("test", slowAnalysis(2, 5));
    await after.finished;
    expect(after.status).toBe("succeeded");
    await runner.close();
  });
});
