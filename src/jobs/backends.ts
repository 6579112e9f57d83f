/**
 * Where chunks run. A back end computes chunks (chunks.ts) and returns their results;
 * it never merges, so the analyses' output cannot depend on it.
 *
 * - `ThreadBackend`: worker threads (piscina), the default. Each worker has a memory
 *   budget (V8's `resourceLimits`): a chunk that goes over it fails with a message
 *   saying so, and the thread is replaced. A chunk whose job is cancelled is
 *   stopped by terminating its thread (piscina's AbortSignal support), so the CPU
 *   stops working for a client that went away.
 * - `InProcessBackend` (in-process.ts): this thread, chunk by chunk (tests, one-core
 *   machines).
 *
 * A back end carries chunks of any kind (`ChunkLike`): what each kind computes is the
 * chunk executor's business (chunks.ts), so the job runner and its back ends sit below
 * the analyses that send chunks through them.
 */
import { Piscina } from "piscina";
import { defaultWorkers, workerExecArgv } from "../runtime/pool.js";

/** A unit of work as the runner and the back ends see it: its kind and its data. */
export interface ChunkLike {
  readonly type: string;
}

export interface ChunkBackend {
  /** Shown in outputs that name the back end ("threads", "in-process", "queue"). */
  readonly name: string;
  /** Chunks it runs at once (for chunk sizing). */
  readonly concurrency: number;
  run(chunk: ChunkLike, signal?: AbortSignal): Promise<unknown>;
  close(): Promise<void>;
}

/** Thrown when a job is cancelled or runs out of its time budget. */
export class JobAbortedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobAbortedError";
  }
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new JobAbortedError(String(reason ?? "cancelled"));
}

export interface ThreadBackendOptions {
  /** Worker threads (default: the machine's available parallelism). */
  workers?: number;
  /** Memory budget of each worker's heap, in MB (default 1024). */
  memoryMb?: number;
}

export const DEFAULT_MEMORY_MB = 1024;

/** The worker file beside this one, with this file's extension (built JS or TypeScript). */
export function jobWorkerFile(): URL {
  const extension = /\.([cm]?[jt]s)$/.exec(new URL(import.meta.url).pathname)?.[1] ?? "js";
  return new URL(`./worker.${extension}`, import.meta.url);
}

/** Heap bytes a JSON text takes once parsed, per byte of text (a generous estimate). */
const PARSED_BYTES_PER_TEXT_BYTE = 8;

/** The length of the JSON texts a chunk carries (its scenario, job spec or results). */
function chunkTextLength(chunk: ChunkLike): number {
  let n = 0;
  for (const value of Object.values(chunk)) if (typeof value === "string") n += value.length;
  return n;
}

export class ThreadBackend implements ChunkBackend {
  readonly name = "threads";
  readonly concurrency: number;
  readonly memoryMb: number;
  private readonly piscina: Piscina;

  constructor(options: ThreadBackendOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(options.workers ?? defaultWorkers()));
    this.memoryMb = options.memoryMb ?? DEFAULT_MEMORY_MB;
    const file = jobWorkerFile();
    this.piscina = new Piscina({
      filename: file.href,
      minThreads: 0,
      maxThreads: this.concurrency,
      idleTimeout: 10_000,
      execArgv: workerExecArgv(file),
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
    });
    // A worker that dies outside a task (e.g. out of memory while idle) is replaced;
    // without a listener piscina's 'error' event would end the process.
    this.piscina.on("error", () => undefined);
  }

  async run(chunk: ChunkLike, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) throw abortError(signal);
    // Checked before the chunk is sent: a worker that runs out of heap while parsing a
    // large JSON text can take the whole process down with it (V8 aborts instead of
    // letting Node end the worker), so input the budget cannot hold never reaches one.
    const textBytes = chunkTextLength(chunk);
    if (textBytes * PARSED_BYTES_PER_TEXT_BYTE > this.memoryMb * 1024 * 1024)
      throw new Error(
        `the job went over its memory budget (${this.memoryMb} MB per worker thread): its input ` +
          `(${(textBytes / 1024 / 1024).toFixed(1)} MB of JSON) needs about ` +
          `${Math.ceil((textBytes * PARSED_BYTES_PER_TEXT_BYTE) / 1024 / 1024)} MB once read; ` +
          "make the analysis smaller (fewer actors, draws or models) or raise the budget (entente serve --job-memory MB)",
      );
    try {
      return await this.piscina.run(chunk, signal ? { signal } : {});
    } catch (e) {
      if (signal?.aborted) throw abortError(signal);
      const code = (e as { code?: string }).code;
      if (code === "ERR_WORKER_OUT_OF_MEMORY")
        throw new Error(
          `the job went over its memory budget (${this.memoryMb} MB per worker thread); ` +
            "make the analysis smaller (fewer actors, draws or models) or raise the budget (entente serve --job-memory MB)",
        );
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
