/**
 * Benchmark of the queue back end (BullMQ on Redis) against worker threads, in the
 * same run: N SMP draws of KTAB's dummyData-a040 (40 actors; 1,000 by default,
 * `--draws 10000` for the issue's figure, about 20 minutes per configuration on a
 * shared 2-core machine) and
 * the flagship's Sobol' sensitivity (the default models, N = 500, grouped by actor),
 * each in-process with 1 and 2 threads, then on the queue with 1 and 2 `entente
 * worker` processes (one thread each); and the queue's overhead per chunk (chunks of
 * one draw of the compromise model, whose compute is negligible). Results are checked
 * identical across back ends.
 *
 * Needs redis-server (Debian's, /usr/bin/redis-server): a private one is started on
 * a random loopback port and stopped at the end. Measures the built package (dist/).
 *
 *   npx tsc -p tsconfig.build.json && npx tsx bench/queue.ts [--draws 1000]
 *
 * `benchBacktestQueue` (BENCH=backtest-queue): the default DEU backtest of the dev
 * table (48 chunks: 12 models × 4 capability options) in this thread, on 2 worker
 * threads, and on the queue with 1 and 2 workers; its outputs checked identical.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as MonteCarlo from "../src/analysis/montecarlo.js";
import type * as Sensitivity from "../src/analysis/sensitivity.js";
import type * as Queue from "../src/jobs/queue.js";
import type * as Backends from "../src/jobs/backends.js";
import type * as Formats from "../src/scenario/formats.js";
import type * as Backtest from "../src/analysis/backtest.js";
import type * as Deu from "../src/scenario/import/deu.js";
import type * as Jobs from "../src/jobs/jobs.js";
import { readFileSync } from "node:fs";
import { privateRedis, REDIS_BINARY } from "../test/support/redis.js";
import { timeMsAsync } from "./timing.js";

const dist = new URL("../dist/", import.meta.url);
const load = <T>(path: string): Promise<T> => import(new URL(path, dist).href) as Promise<T>;

function startWorkers(url: string, n: number): Promise<ChildProcess[]> {
  const bin = fileURLToPath(new URL("cli/bin.js", dist));
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ChildProcess>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [bin, "worker", "--queue", url, "--concurrency", "1"],
            {
              stdio: ["ignore", "pipe", "inherit"],
            },
          );
          child.stdout!.on("data", (d: Buffer) => {
            if (d.toString().includes("computing chunks")) resolve(child);
          });
          child.once("exit", (code) => reject(new Error(`worker exited (${code})`)));
        }),
    ),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.removeAllListeners("exit");
          w.once("exit", () => resolve());
          w.kill("SIGTERM");
        }),
    ),
  );
}

export async function benchQueue(options: { draws?: number } = {}): Promise<void> {
  if (!existsSync(REDIS_BINARY)) {
    console.log(`queue: skipped (no redis-server at ${REDIS_BINARY})`);
    return;
  }
  if (!existsSync(fileURLToPath(new URL("cli/bin.js", dist))))
    throw new Error("dist/ is missing: build first (npx tsc -p tsconfig.build.json)");
  const draws = options.draws ?? 1000;
  const { simulate } = await load<typeof MonteCarlo>("analysis/montecarlo.js");
  const { sobolIndices } = await load<typeof Sensitivity>("analysis/sensitivity.js");
  const { QueueBackend } = await load<typeof Queue>("jobs/queue.js");
  const { ThreadBackend } = await load<typeof Backends>("jobs/backends.js");
  const { loadScenario } = await load<typeof Formats>("scenario/formats.js");
  const a040 = await loadScenario(
    fileURLToPath(new URL("../test/fixtures/ktab/dummyData-a040.csv", import.meta.url)),
  );
  const flagship = await loadScenario(
    fileURLToPath(new URL("../scenarios/us-russia-reset-2016.yaml", import.meta.url)),
  );
  const smp = { models: ["smp"], draws, seed: 1 };
  const sobol = { draws: 500, seed: 1, groupBy: "actor" as const };
  type Backend = Backends.ChunkBackend;
  const reference: { smp?: string; sobol?: string } = {};
  const row = async (label: string, backend: Backend) => {
    let smpJson = "";
    let sobolJson = "";
    const smpMs = await timeMsAsync(async () => {
      smpJson = JSON.stringify((await simulate(a040, { ...smp, backend })).result);
    });
    const sobolMs = await timeMsAsync(async () => {
      sobolJson = JSON.stringify(await sobolIndices(flagship, { ...sobol, backend }));
    });
    reference.smp ??= smpJson;
    reference.sobol ??= sobolJson;
    const same = smpJson === reference.smp && sobolJson === reference.sobol;
    console.log(
      `queue: ${label.padEnd(22)} SMP a040 ${draws} draws ${(smpMs / 1000).toFixed(1)} s (${((draws / smpMs) * 1000).toFixed(0)} draws/s); ` +
        `flagship Sobol' N=500 ${(sobolMs / 1000).toFixed(1)} s; ${same ? "identical results" : "RESULTS DIFFER"}`,
    );
  };
  for (const threads of [1, 2]) {
    const backend = new ThreadBackend({ workers: threads });
    await row(`threads, ${threads}`, backend);
    await backend.close();
  }
  const redis = await privateRedis();
  try {
    for (const n of [1, 2]) {
      const workers = await startWorkers(redis.url, n);
      const queue = await QueueBackend.connect(redis.url, { concurrency: n });
      try {
        await row(`queue, ${n} worker${n > 1 ? "s" : ""}`, queue);
        if (n === 1) {
          // Overhead per chunk: 200 chunks of one draw of the compromise model.
          const tiny = { models: ["compromise"], draws: 200, seed: 1, chunkSize: 1 };
          const local = new ThreadBackend({ workers: 1 });
          await simulate(flagship, { ...tiny, backend: local });
          const threadMs = await timeMsAsync(() => simulate(flagship, { ...tiny, backend: local }));
          await local.close();
          const queueMs = await timeMsAsync(() => simulate(flagship, { ...tiny, backend: queue }));
          console.log(
            `queue: overhead per chunk ${(queueMs / 200).toFixed(2)} ms on the queue (1 worker, 200 chunks in flight at once) against ${(threadMs / 200).toFixed(2)} ms on a worker thread`,
          );
        }
      } finally {
        await queue.close();
        await stopWorkers(workers);
      }
    }
  } finally {
    await redis.stop();
  }
}

export async function benchBacktestQueue(): Promise<void> {
  if (!existsSync(REDIS_BINARY)) {
    console.log(`backtest-queue: skipped (no redis-server at ${REDIS_BINARY})`);
    return;
  }
  if (!existsSync(fileURLToPath(new URL("cli/bin.js", dist))))
    throw new Error("dist/ is missing: build first (npx tsc -p tsconfig.build.json)");
  const { backtestDeu, backtestDeuOn } = await load<typeof Backtest>("analysis/backtest.js");
  const { readDeu } = await load<typeof Deu>("scenario/import/deu.js");
  const { directContext } = await load<typeof Jobs>("jobs/jobs.js");
  const { QueueBackend } = await load<typeof Queue>("jobs/queue.js");
  const { ThreadBackend } = await load<typeof Backends>("jobs/backends.js");
  const text = readFileSync(
    fileURLToPath(new URL("../data/deu3-dev.tsv", import.meta.url)),
    "utf8",
  );
  const dataset = () => readDeu(text, { file: "deu3-dev.tsv" });
  let reference = "";
  const report = (label: string, ms: number, json: string) => {
    reference ||= json;
    console.log(
      `backtest-queue: ${label.padEnd(22)} default DEU backtest ${(ms / 1000).toFixed(1)} s; ${json === reference ? "identical results" : "RESULTS DIFFER"}`,
    );
  };
  backtestDeu(dataset()); // warm the caches and the JIT
  let json = "";
  report(
    "this thread",
    await timeMsAsync(async () => {
      json = JSON.stringify(backtestDeu(dataset()));
    }),
    json,
  );
  const on = async (label: string, backend: Backends.ChunkBackend) =>
    report(
      label,
      await timeMsAsync(async () => {
        json = JSON.stringify(await backtestDeuOn(directContext(backend), dataset()));
      }),
      json,
    );
  const threads = new ThreadBackend({ workers: 2 });
  await on("threads, 2", threads);
  await threads.close();
  const redis = await privateRedis();
  try {
    for (const n of [1, 2]) {
      const workers = await startWorkers(redis.url, n);
      const queue = await QueueBackend.connect(redis.url, { concurrency: n });
      try {
        await on(`queue, ${n} worker${n > 1 ? "s" : ""}`, queue);
      } finally {
        await queue.close();
        await stopWorkers(workers);
      }
    }
  } finally {
    await redis.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--draws");
  await benchQueue({ draws: i >= 0 ? Number(process.argv[i + 1]) : undefined });
}
