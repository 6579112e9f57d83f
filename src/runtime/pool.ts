/**
 * A pool of worker threads (piscina) for the analyses, and the one way the analyses
 * use it: `runChunks` computes a job's chunks in parallel and places each result by
 * its index, so the output does not depend on the number of workers or on the order
 * in which chunks finish.
 *
 * The worker file sits beside this one with the same extension: `analysis-worker.js`
 * when running the built package (dist/), `analysis-worker.ts` when running from
 * source (tsx, vitest); TypeScript workers load tsx's loader (`--import`). With one
 * worker the chunks run in this thread unless a pool is asked for (`inProcess: false`).
 */
import os from "node:os";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { runChunk, type ChunkTask, type JobSpec } from "../analysis/montecarlo-core.js";

/** Worker threads to use by default: the machine's available parallelism. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === "function"
    ? os.availableParallelism()
    : os.cpus().length;
}

/** The worker file for the current way of running (built JS or TypeScript source). */
export function workerFile(): URL {
  const extension = /\.([cm]?[jt]s)$/.exec(new URL(import.meta.url).pathname)?.[1] ?? "js";
  return new URL(`./analysis-worker.${extension}`, import.meta.url);
}

/**
 * Flags that load tsx (`--import …/tsx/…`, `--require …/tsx/…`, also as `--flag=…`),
 * dropped from the flags workers inherit when they run built JavaScript: a main
 * thread running under tsx would otherwise make every worker load it too, which
 * slows the workers measurably.
 */
export function withoutTsx(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  const fromTsx = (value: string | undefined) => /[\\/]tsx[\\/]/.test(value ?? "");
  for (let k = 0; k < execArgv.length; k++) {
    const flag = execArgv[k];
    const loader = /^(--import|--require|--loader|--experimental-loader|-r)(=.*)?$/.exec(flag);
    if (!loader) out.push(flag);
    else if (loader[2] !== undefined) {
      if (!fromTsx(loader[2])) out.push(flag);
    } else {
      const value = execArgv[++k];
      if (!fromTsx(value)) out.push(flag, value);
    }
  }
  return out;
}

/** The flags worker threads start with (tsx only when running TypeScript source). */
export function workerExecArgv(file: URL): string[] | undefined {
  if (!/\.[cm]?ts$/.test(file.pathname)) return withoutTsx(process.execArgv);
  // Under the tsx CLI the main thread's flags already load tsx; workers inherit them.
  if (process.execArgv.some((a) => a.includes("tsx"))) return undefined;
  const loader = createRequire(import.meta.url).resolve("tsx");
  return ["--import", pathToFileURL(loader).href];
}

export interface PoolOptions {
  /** Worker threads (default: all cores). */
  workers?: number;
  /** Run in this thread instead of a pool (default: when workers is 1). */
  inProcess?: boolean;
  /** Indices per chunk (default: about 32 chunks per worker, from 16 to 1000 indices). */
  chunkSize?: number;
  /** Called after each chunk with the indices done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** A started pool, reusable for several jobs; `close()` when done. */
export class AnalysisPool {
  private readonly piscina: Piscina | undefined;
  /** Counts the threads that have loaded their modules (each adds 1). */
  private readonly loaded = new Int32Array(new SharedArrayBuffer(4));
  readonly workers: number;

  constructor(workers: number, inProcess = workers === 1) {
    this.workers = Math.max(1, Math.floor(workers));
    if (!inProcess) {
      const file = workerFile();
      this.piscina = new Piscina({
        filename: file.href,
        minThreads: this.workers,
        maxThreads: this.workers,
        idleTimeout: 1000,
        execArgv: workerExecArgv(file),
        workerData: { loaded: this.loaded.buffer },
      });
    }
  }

  get inProcess(): boolean {
    return this.piscina === undefined;
  }

  /** Runs one chunk, in a worker or here. */
  async chunk(task: ChunkTask): Promise<Float64Array> {
    if (!this.piscina) return runChunk(task);
    return (await this.piscina.run(task)) as Float64Array;
  }

  /**
   * Stops the threads. A thread terminated while Node loads its modules aborts the
   * whole process (a V8 fatal error, not an exception), so this first waits until
   * every thread has loaded (at most `loadTimeoutMs`; a thread that failed to load
   * never reports).
   */
  async close(loadTimeoutMs = 30_000): Promise<void> {
    if (!this.piscina) return;
    const until = Date.now() + loadTimeoutMs;
    while (Atomics.load(this.loaded, 0) < this.workers && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await this.piscina.destroy();
  }
}

/**
 * The default chunk size for `count` indices over `workers` threads: about 32 chunks
 * per worker, so that workers slowed unequally (a shared machine) still finish
 * together; at least 16 indices, so that messages stay few against the work.
 */
export function chunkSizeFor(count: number, workers: number): number {
  return Math.max(16, Math.min(1000, Math.ceil(count / (workers * 32))));
}

/**
 * Computes indices [0, count) of a job: returns `count × stride` values, index d's
 * at `d × stride`, whatever the workers and chunking.
 */
export async function runChunks(
  job: JobSpec,
  count: number,
  stride: number,
  options: PoolOptions & { pool?: AnalysisPool } = {},
): Promise<Float64Array> {
  const own = options.pool === undefined;
  const pool =
    options.pool ?? new AnalysisPool(options.workers ?? defaultWorkers(), options.inProcess);
  try {
    const size = options.chunkSize ?? chunkSizeFor(count, pool.workers);
    const out = new Float64Array(count * stride);
    let done = 0;
    const tasks: Promise<void>[] = [];
    for (let start = 0; start < count; start += size) {
      const end = Math.min(count, start + size);
      tasks.push(
        pool.chunk({ job, start, end }).then((values) => {
          out.set(values, start * stride);
          done += end - start;
          options.onProgress?.(done, count);
        }),
      );
      // In this thread, run chunk by chunk so progress can be shown between them.
      if (pool.inProcess) await tasks[tasks.length - 1];
    }
    await Promise.all(tasks);
    return out;
  } finally {
    if (own) await pool.close();
  }
}
