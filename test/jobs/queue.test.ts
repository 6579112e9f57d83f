/**
 * The queue back end (BullMQ on Redis) with real `entente worker` processes: the same
 * results to the bit as in-process, a worker killed with kill -9 mid-run, Redis
 * unreachable or lost, a chunk failing on bad data. Needs redis-server (CI: .ci/run).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario } from "../../src/index.js";
import { simulate } from "../../src/analysis/montecarlo.js";
import { sobolIndices, tornado, tornadoOn } from "../../src/analysis/sensitivity.js";
import {
  QueueBackend,
  checkRedis,
  decodeChunkResult,
  encodeChunkResult,
  parseQueueUrl,
} from "../../src/jobs/queue.js";
import { compareWhatIfs } from "../../src/analysis/whatif.js";
import { compareWhatIfsOn } from "../../src/analysis/whatif-jobs.js";
import { repoFile } from "../support/fixtures.js";
import { runCli } from "../support/cli.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backtestDeu, backtestDeuOn } from "../../src/analysis/backtest.js";
import { readDeu } from "../../src/scenario/import/deu.js";
import { directContext } from "../../src/jobs/jobs.js";
import { backtestOutputs } from "../support/backtest-outputs.js";
import { haveRedis, privateRedis, testRedis, type TestRedis } from "../support/redis.js";

const flagship = await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml"));
const tsx = createRequire(import.meta.url).resolve("tsx");

describe("the queue's wire format (no Redis)", () => {
  it("carries typed arrays bit for bit, NaN and -0 included", () => {
    const values = Float64Array.from([1 / 3, Number.NaN, -0, 1e-310, Number.MAX_VALUE]);
    const back = decodeChunkResult(JSON.parse(JSON.stringify(encodeChunkResult(values))));
    expect(back).toBeInstanceOf(Float64Array);
    expect(Buffer.from((back as Float64Array).buffer).equals(Buffer.from(values.buffer))).toBe(
      true,
    );
    expect(decodeChunkResult(encodeChunkResult({ runs: "[]" }))).toEqual({ runs: "[]" });
  });

  it("reads redis:// URLs and refuses others by name", () => {
    expect(parseQueueUrl("redis://user:secret@10.0.0.5:6380/2")).toEqual({
      shown: "redis://10.0.0.5:6380/2",
      options: { host: "10.0.0.5", port: 6380, username: "user", password: "secret", db: 2 },
    });
    expect(() => parseQueueUrl("http://x:1")).toThrow("'http://x:1' is not a Redis URL");
    expect(() => parseQueueUrl("nonsense")).toThrow("'nonsense' is not a queue URL");
  });
});

function startWorker(url: string): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", tsx, repoFile("src/cli/bin.ts"), "worker", "--queue", url, "--concurrency", "1"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
}

async function ready(worker: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let out = "";
    worker.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("entente worker: computing chunks")) resolve();
    });
    worker.once("exit", (code) => reject(new Error(`the worker exited (${code}): ${out}`)));
  });
}

function stop(worker: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
    worker.once("exit", () => resolve());
    worker.kill("SIGTERM");
  });
}

describe.skipIf(!haveRedis && !process.env.CI)("the queue with two worker processes", () => {
  let redis: TestRedis;
  let workers: ChildProcess[] = [];
  let queue: QueueBackend;
  beforeAll(async () => {
    redis = (await testRedis())!;
    workers = [startWorker(redis.url), startWorker(redis.url)];
    await Promise.all(workers.map(ready));
    queue = await QueueBackend.connect(redis.url, { concurrency: 2 });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await Promise.all(workers.map(stop));
    await redis?.stop();
  });

  const options = { models: ["compromise", "expected-utility"], draws: 200, seed: 42 };

  it("gives the in-process Monte Carlo and sensitivity byte for byte", async () => {
    const local = await simulate(flagship, { ...options, workers: 1 });
    const remote = await simulate(flagship, { ...options, backend: queue, chunkSize: 10 });
    expect(JSON.stringify(remote.result)).toBe(JSON.stringify(local.result));
    const smp = { models: ["smp"], draws: 30, seed: 5 };
    expect(
      JSON.stringify((await simulate(flagship, { ...smp, backend: queue, chunkSize: 4 })).result),
    ).toBe(JSON.stringify((await simulate(flagship, { ...smp, workers: 1 })).result));
    const request = { models: ["weighted-median", "expected-utility"], swing: { percent: 10 } };
    expect(JSON.stringify(await tornadoOn(queue, flagship, request))).toBe(
      JSON.stringify(tornado(flagship, request)),
    );
    const sobol = { models: ["compromise"], draws: 64, seed: 3 };
    expect(JSON.stringify(await sobolIndices(flagship, { ...sobol, backend: queue }))).toBe(
      JSON.stringify(await sobolIndices(flagship, { ...sobol, workers: 1 })),
    );
  }, 120_000);

  it("gives the in-process comparison of what-ifs, and the CLI the same JSON", async () => {
    const request = { models: ["compromise", "smp", "win-set"] };
    expect(
      JSON.stringify(await compareWhatIfsOn(queue, flagship, flagship.whatIfs!, request)),
    ).toBe(JSON.stringify(compareWhatIfs(flagship, flagship.whatIfs!, request)));
    const file = repoFile("scenarios/us-russia-reset-2016.yaml");
    const args = [
      "simulate",
      file,
      "-n",
      "120",
      "-s",
      "7",
      "-m",
      "compromise,expected-utility",
      "--format",
      "json",
    ];
    const one = await runCli([...args, "--workers", "1"]);
    const two = await runCli([...args, "--workers", "2"]);
    const queued = await runCli([...args, "--queue", redis.url]);
    expect(one.code).toBe(0);
    expect(queued).toEqual({ ...one, stdout: one.stdout });
    expect(two.stdout).toBe(one.stdout);
    const cmp = ["compare", file, "-m", "compromise,smp", "--format", "json"];
    expect((await runCli([...cmp, "--queue", redis.url])).stdout).toBe((await runCli(cmp)).stdout);
  }, 120_000);

  it("gives the in-thread backtest's every output byte for byte, and the CLI the same files", async () => {
    const file = repoFile("data/deu3-dev.tsv");
    const dev = readDeu(readFileSync(file, "utf8"), { file: "deu3-dev.tsv" });
    const options = {
      models: ["compromise", "agenda-setter", "institutional-compromise"],
      capabilities: ["equal" as const, "shapley-shubik" as const],
      by: ["voting-rule" as const],
      resamples: 200,
    };
    let progress = 0;
    const remote = await backtestDeuOn(
      directContext(queue, (done) => (progress = done)),
      dev,
      options,
    );
    expect(backtestOutputs(remote)).toEqual(backtestOutputs(backtestDeu(dev, options)));
    expect(progress).toBe(3 * 2 * remote.scored);
    const dir = mkdtempSync(join(tmpdir(), "entente-backtest-queue-"));
    const args = ["backtest", file, "-m", "compromise,win-set", "--capability", "equal,banzhaf"];
    const outputs = async (name: string, extra: string[]) => {
      const paths = ["md", "csv", "html"].map((x) => join(dir, `${name}.${x}`));
      const cli = await runCli([
        ...args,
        ...extra,
        "--format",
        "json",
        "--markdown",
        paths[0],
        "--per-issue",
        paths[1],
        "--html",
        paths[2],
      ]);
      expect(cli.code).toBe(0);
      // The Markdown page names its own path on its "generated by" line.
      return [
        cli.stdout,
        ...paths.map((p) => readFileSync(p, "utf8").replaceAll(join(dir, name), "X")),
      ];
    };
    const here = await outputs("here", []);
    expect(await outputs("queued", ["--queue", redis.url])).toEqual(here);
    expect(await outputs("threads", ["--workers", "2"])).toEqual(here);
  }, 180_000);

  it("computes the workbench's runs (serve --queue) with the results of worker threads", async () => {
    const { RunService } = await import("../../src/server/runs.js");
    const spec = {
      models: ["compromise", "expected-utility"],
      draws: 60,
      seed: 4,
      tornado: { swing: 10 },
    };
    const onQueue = new RunService({ backend: queue });
    const onThreads = new RunService({ workers: 2 });
    try {
      const a = await onQueue.execute(flagship, spec);
      const b = await onThreads.execute(flagship, spec);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    } finally {
      await onThreads.close();
    }
  }, 120_000);

  it("fails the analysis with a chunk's message when it fails on bad data", async () => {
    await expect(
      queue.run({ type: "models", scenario: "{not json", models: ["compromise"], options: {} }),
    ).rejects.toThrow(/a chunk failed on a worker: .*JSON/);
  }, 60_000);

  it("retries the chunk of a worker killed with kill -9, and the result is the same", async () => {
    const local = await simulate(flagship, { ...options, draws: 400, workers: 1 });
    let killed = false;
    const remote = await simulate(flagship, {
      ...options,
      draws: 400,
      backend: queue,
      chunkSize: 10,
      onProgress: (done) => {
        if (!killed && done >= 40) {
          killed = true;
          workers[0].kill("SIGKILL");
        }
      },
    });
    expect(killed).toBe(true);
    expect(JSON.stringify(remote.result)).toBe(JSON.stringify(local.result));
    workers[0] = startWorker(redis.url);
    await ready(workers[0]);
  }, 120_000);
});

describe.skipIf(!haveRedis && !process.env.CI)("Redis faults", () => {
  it("says which URL does not answer, within seconds", async () => {
    const start = Date.now();
    await expect(checkRedis("redis://127.0.0.1:1")).rejects.toThrow(
      /^cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(.*\); start redis-server there/,
    );
    await expect(QueueBackend.connect("redis://127.0.0.1:1")).rejects.toThrow(
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/,
    );
    const cli = await runCli([
      "simulate",
      repoFile("scenarios/us-russia-reset-2016.yaml"),
      "--queue",
      "redis://127.0.0.1:1",
    ]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^entente: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 /);
    expect(Date.now() - start).toBeLessThan(15_000);
  }, 30_000);

  it("fails a run when Redis is lost during it, naming the URL", async () => {
    const redis = await privateRedis();
    const worker = startWorker(redis.url);
    try {
      await ready(worker);
      const queue = await QueueBackend.connect(redis.url);
      let stopped = false;
      const run = simulate(flagship, {
        ...{ models: ["expected-utility"], draws: 2000, seed: 1 },
        backend: queue,
        chunkSize: 5,
        onProgress: (done) => {
          if (!stopped && done >= 10) {
            stopped = true;
            void redis.stop();
          }
        },
      });
      await expect(run).rejects.toThrow(
        new RegExp(`lost the connection to Redis at ${redis.url.replace(/[/.]/g, "\\$&")}`),
      );
      await queue.close();
    } finally {
      worker.kill("SIGKILL");
      await redis.stop();
    }
  }, 60_000);
});
