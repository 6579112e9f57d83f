/**
 * Benchmark of the workbench API: 20 concurrent clients run the flagship forecast
 * (`POST /api/runs`, the default models, stored in SQLite) against `entente serve`
 * on 127.0.0.1, and the p50/p95 latency and requests per second are printed.
 *
 * The server runs in a child process (this file, forked with `--serve`), so the
 * clients' work does not share its event loop. Bounded: a fixed number of
 * requests per client and a time limit, loopback only; the data folder is a
 * temporary one, removed at the end.
 *
 *   npx tsx bench/api.ts [--clients 20] [--requests 15] [--seconds 60]
 */
import { fork } from "node:child_process";
import { Agent, request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BenchApiOptions {
  clients?: number;
  /** Requests per client. */
  requests?: number;
  /** Stop starting requests after this many seconds. */
  seconds?: number;
}

interface Ready {
  url: string;
  scenarioId: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Starts the server in a child process; resolves with its URL and the flagship's id. */
function startChild(dataDir: string): Promise<{ ready: Ready; stop: () => Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", dataDir], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`the benchmark server exited early (code ${code})`)),
    );
    child.once("message", (ready: Ready) => {
      child.removeAllListeners("exit");
      resolve({
        ready,
        stop: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done());
            child.send("stop");
          }),
      });
    });
  });
}

/** The child: serve on an ephemeral loopback port and report back. */
async function serveChild(dataDir: string): Promise<void> {
  const { startServer } = await import("../src/server/serve.js");
  const server = await startServer({
    dataDir,
    port: 0,
    host: "127.0.0.1",
    webDir: null,
    inProcessAnalyses: true,
  });
  const scenarioId = server.store.listScenarios()[0]?.id;
  if (!scenarioId) throw new Error("the flagship scenario was not seeded");
  process.send!({ url: server.url, scenarioId } satisfies Ready);
  process.on("message", (m) => {
    if (m === "stop") void server.close().then(() => process.exit(0));
  });
}

export async function benchApi(options: BenchApiOptions = {}): Promise<void> {
  const clients = options.clients ?? 20;
  const perClient = options.requests ?? 15;
  const seconds = options.seconds ?? 60;
  const dataDir = mkdtempSync(join(tmpdir(), "entente-bench-api-"));
  const { ready, stop } = await startChild(dataDir);
  const body = JSON.stringify({ scenarioId: ready.scenarioId });
  // One keep-alive connection per client, as 20 analysts' browsers would hold.
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL(`${ready.url}/api/runs`);
  const post = (): Promise<{ ms: number; ok: boolean; bytes: number }> =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          agent,
          headers: {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
          },
        },
        (res) => {
          let bytes = 0;
          res.on("data", (chunk: Buffer) => (bytes += chunk.length));
          res.on("end", () =>
            resolve({ ms: performance.now() - start, ok: res.statusCode === 201, bytes }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  try {
    // Warm-up, not measured: JIT and SQLite pages, then every client opens its
    // keep-alive connection (a busy Node server accepts new connections slowly, which
    // would otherwise show up as the first requests' latency).
    for (let i = 0; i < 5; i++) await post();
    await Promise.all(Array.from({ length: clients }, () => post()));
    const latencies: number[] = [];
    let errors = 0;
    let bytes = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < perClient && performance.now() < deadline; i++) {
          const r = await post();
          latencies.push(r.ms);
          bytes += r.bytes;
          if (!r.ok) errors++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const fmt = (x: number) => `${x.toFixed(1)} ms`;
    console.log(
      `entente API benchmark: ${clients} concurrent clients, POST /api/runs (flagship, default models), server on ${ready.url}`,
    );
    console.log(
      `  requests      ${latencies.length} (${errors} errors) in ${elapsed.toFixed(2)} s`,
    );
    console.log(`  throughput    ${(latencies.length / elapsed).toFixed(1)} requests/s`);
    console.log(`  latency p50   ${fmt(percentile(latencies, 0.5))}`);
    console.log(`  latency p95   ${fmt(percentile(latencies, 0.95))}`);
    console.log(
      `  latency p99   ${fmt(percentile(latencies, 0.99))}, max ${fmt(latencies[latencies.length - 1] ?? Number.NaN)}`,
    );
    console.log(
      `  response size ${(bytes / Math.max(1, latencies.length) / 1024).toFixed(0)} KiB on average (each run with its trace, stored in SQLite)`,
    );
    if (errors > 0) process.exitCode = 1;
  } finally {
    agent.destroy();
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const serveAt = process.argv.indexOf("--serve");
  if (serveAt >= 0) await serveChild(process.argv[serveAt + 1]);
  else
    await benchApi({
      clients: flag("clients", 20),
      requests: flag("requests", 15),
      seconds: flag("seconds", 60),
    });
}
