/**
 * Benchmark of the server under big jobs: `/api/health` latency (p50/p95/max, a
 * request every 50 ms) while 4 runs of the expected-utility model on 1,000 actors ×
 * 9 issues (`--actors 2000` for the issue's case: about ten minutes here) are
 * computed as jobs on the worker threads, and the size of such a run's
 * row in the store: the JSON of every round and move (what the server stored before
 * runs were jobs) against what it stores now (moves omitted above 500 actors, gzip).
 *
 * The server runs in this process (its models run on worker threads, off the event
 * loop, which is what is measured); loopback only, a temporary data folder.
 *
 *   npx tsx bench/jobs.ts [--jobs 4] [--actors 1000] [--issues 9]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../src/server/serve.js";
import { executeChunk, type ModelsResult } from "../src/jobs/chunks.js";
import { bigScenario } from "../test/support/big-scenario.js";
import { gzipSync } from "node:zlib";

function percentile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export async function benchJobs(
  options: { jobs?: number; actors?: number; issues?: number } = {},
): Promise<void> {
  const jobs = options.jobs ?? 4;
  const actors = options.actors ?? 1000;
  const issues = options.issues ?? 9;
  const dataDir = mkdtempSync(join(tmpdir(), "entente-bench-jobs-"));
  const server = await startServer({
    dataDir,
    port: 0,
    webDir: null,
    seed: false,
    // The server's defaults (2 jobs at once, the others queued), no abandoning.
    jobs: { abandonAfterMs: 0 },
  });
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await r.json()) as Record<string, unknown>;
  };
  try {
    const scenario = bigScenario(actors, issues);
    const created = await post("/api/scenarios", { scenario });
    const started = performance.now();
    const ids: string[] = [];
    for (let j = 0; j < jobs; j++) {
      const job = await post("/api/runs", {
        scenarioId: created.id,
        models: ["expected-utility"],
      });
      ids.push(job.id as string);
    }
    const latencies: number[] = [];
    const states = new Map<string, Record<string, unknown>>();
    for (;;) {
      const t = performance.now();
      const r = await fetch(`${server.url}/api/health`);
      await r.arrayBuffer();
      latencies.push(performance.now() - t);
      if (latencies.length % 20 === 0)
        for (const id of ids)
          states.set(
            id,
            (await (await fetch(`${server.url}/api/jobs/${id}`)).json()) as Record<string, unknown>,
          );
      const open = ids.filter((id) => {
        const s = states.get(id)?.status;
        return s === undefined || s === "queued" || s === "running";
      });
      if (open.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const statuses = ids.map((id) => states.get(id)?.status).join(", ");
    console.log(
      `jobs: /api/health while ${jobs} expected-utility runs of ${actors} actors × ${issues} issues ran as jobs (${seconds.toFixed(0)} s, ${statuses}): ` +
        `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms over ${latencies.length} requests`,
    );
    const runId = states.get(ids[0])?.run as string | undefined;
    if (runId) {
      const stored = server.store.runSize(runId);
      // What the server stored before: the whole result, every move, as JSON text.
      const full = executeChunk({
        type: "models",
        scenario: JSON.stringify(scenario),
        models: ["expected-utility"],
        options: {},
      }) as ModelsResult;
      const fullBytes = Buffer.byteLength(`{"runs":${full.runs}}`);
      console.log(
        `jobs: the run's row: snapshot ${mb(stored.snapshot)}; result ${mb(fullBytes)} as JSON with every move (before), ` +
          `${mb(gzipSync(`{"runs":${full.runs}}`).length)} gzip'd with every move, ${mb(stored.result)} as stored now (${stored.encoding}, moves omitted above 500 actors)`,
      );
    }
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  await benchJobs({ jobs: flag("jobs"), actors: flag("actors"), issues: flag("issues") });
}
