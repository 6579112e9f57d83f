/**
 * Jobs: one long analysis (a run with Monte Carlo draws, a tornado, a sweep …) as a
 * unit that can be queued, watched, cancelled and given a budget.
 *
 * An analysis is a function of a `JobContext`: it sends chunks (chunks.ts) to the
 * back end through the context and merges their results in a fixed order, so its
 * output is the same whatever the back end and thread count. The context adds, for
 * every chunk: the job's AbortSignal (cancellation and the time budget stop the
 * chunks still running), and progress (units done of the units declared).
 *
 * `JobRunner` holds the jobs of a server: at most `maxRunning` run at once, at most
 * `maxQueued` wait (beyond that `submit` throws `QueueFullError`, which the API turns
 * into a 503 with Retry-After); each has a time budget; a job nobody has asked about
 * for `abandonAfterMs` is cancelled (the client went away); finished jobs are kept
 * for `keepMs` so their status can still be read, then forgotten (their runs stay in
 * the store).
 */
import { EventEmitter, setMaxListeners } from "node:events";
import { randomUUID } from "node:crypto";
import type { JobSpec } from "../analysis/montecarlo-core.js";
import { chunkSizeFor } from "../runtime/pool.js";
import { JobAbortedError, type ChunkBackend, type ChunkLike } from "./backends.js";
import { rangeChunk } from "./range-chunk.js";

export interface JobContext {
  readonly signal: AbortSignal;
  readonly backend: ChunkBackend;
  /** Runs one chunk; `units` of progress are counted when it is done. */
  run<T = unknown>(chunk: ChunkLike, units?: number): Promise<T>;
  /** Adds units to the total the progress is measured against. */
  plan(units: number): void;
}

/**
 * Computes indices [0, count) of a montecarlo-core job on the context's back end:
 * `count × stride` values, index d's at `d × stride`, whatever the chunking.
 * Progress counts `unitsPerIndex` units per index.
 */
export async function runRange(
  ctx: JobContext,
  job: JobSpec,
  count: number,
  stride: number,
  chunkSize?: number,
  unitsPerIndex = 1,
): Promise<Float64Array> {
  const size = chunkSize ?? chunkSizeFor(count, ctx.backend.concurrency);
  const spec = JSON.stringify(job);
  const out = new Float64Array(count * stride);
  const tasks: Promise<void>[] = [];
  for (let start = 0; start < count; start += size) {
    const end = Math.min(count, start + size);
    tasks.push(
      ctx
        .run<Float64Array>(rangeChunk(job, spec, start, end), (end - start) * unitsPerIndex)
        .then((values) => {
          if (values.length !== (end - start) * stride)
            throw new Error(
              `chunk ${start}–${end} of job ${job.id} returned ${values.length} values, not ${(end - start) * stride}`,
            );
          out.set(values, start * stride);
        }),
    );
  }
  await Promise.all(tasks);
  return out;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface JobProgress {
  done: number;
  total: number;
}

export interface JobState<T> {
  id: string;
  kind: string;
  status: JobStatus;
  progress: JobProgress;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  result: T | undefined;
}

export class Job<T> extends EventEmitter {
  readonly id = randomUUID();
  readonly kind: string;
  status: JobStatus = "queued";
  readonly progress: JobProgress = { done: 0, total: 0 };
  readonly createdAt = new Date();
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
  error: string | null = null;
  result: T | undefined;
  /** When someone last asked about the job (for abandoning). */
  lastSeen = Date.now();
  /** Open event streams; the job is not abandoned while one is open. */
  watchers = 0;
  readonly controller = new AbortController();
  /** Settles when the job ends, whatever the outcome. */
  readonly finished: Promise<void>;
  private settle!: () => void;

  constructor(
    kind: string,
    readonly analysis: (ctx: JobContext) => Promise<T>,
  ) {
    super();
    this.kind = kind;
    this.finished = new Promise((resolve) => (this.settle = resolve));
    this.setMaxListeners(100);
    // Every chunk in flight listens to the job's signal.
    setMaxListeners(0, this.controller.signal);
  }

  get ended(): boolean {
    return this.status === "succeeded" || this.status === "failed" || this.status === "cancelled";
  }

  /** Cancels the job (no-op when it has ended). */
  cancel(reason = "cancelled by the client"): boolean {
    if (this.ended) return false;
    this.controller.abort(new JobAbortedError(reason));
    if (this.status === "queued") this.end("cancelled", reason);
    return true;
  }

  touch(): void {
    this.lastSeen = Date.now();
  }

  state(): JobState<T> {
    return {
      id: this.id,
      kind: this.kind,
      status: this.status,
      progress: { ...this.progress },
      createdAt: this.createdAt.toISOString(),
      startedAt: this.startedAt?.toISOString() ?? null,
      finishedAt: this.finishedAt?.toISOString() ?? null,
      error: this.error,
      result: this.result,
    };
  }

  /** @internal */
  end(status: "succeeded" | "failed" | "cancelled", error: string | null = null): void {
    if (this.ended) return;
    this.status = status;
    this.error = error;
    this.finishedAt = new Date();
    this.emit("change", this);
    this.emit("end", this);
    this.settle();
  }

  /** @internal */
  changed(): void {
    this.emit("change", this);
  }
}

export class QueueFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueueFullError";
  }
}

export interface JobRunnerOptions {
  backend: ChunkBackend;
  /** Jobs running at once (default 2). */
  maxRunning?: number;
  /** Jobs waiting beyond those (default 16). */
  maxQueued?: number;
  /** Time budget of a job from its start, ms (default 10 minutes). */
  timeBudgetMs?: number;
  /** A job nobody asked about for this long is cancelled, ms (default 60 s; 0: never). */
  abandonAfterMs?: number;
  /** How long ended jobs stay readable, ms (default 1 hour). */
  keepMs?: number;
}

export const JOB_DEFAULTS = {
  maxRunning: 2,
  maxQueued: 16,
  timeBudgetMs: 10 * 60_000,
  abandonAfterMs: 60_000,
  keepMs: 60 * 60_000,
} as const;

export class JobRunner {
  readonly backend: ChunkBackend;
  readonly maxRunning: number;
  readonly maxQueued: number;
  readonly timeBudgetMs: number;
  readonly abandonAfterMs: number;
  readonly keepMs: number;
  private readonly jobs = new Map<string, Job<unknown>>();
  private readonly waiting: Job<unknown>[] = [];
  private running = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: JobRunnerOptions) {
    this.backend = options.backend;
    this.maxRunning = Math.max(1, options.maxRunning ?? JOB_DEFAULTS.maxRunning);
    this.maxQueued = Math.max(0, options.maxQueued ?? JOB_DEFAULTS.maxQueued);
    this.timeBudgetMs = options.timeBudgetMs ?? JOB_DEFAULTS.timeBudgetMs;
    this.abandonAfterMs = options.abandonAfterMs ?? JOB_DEFAULTS.abandonAfterMs;
    this.keepMs = options.keepMs ?? JOB_DEFAULTS.keepMs;
    const every = Math.max(
      50,
      Math.min(5000, this.abandonAfterMs > 0 ? this.abandonAfterMs / 4 : 5000),
    );
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  /** Queues a job; throws QueueFullError when `maxQueued` jobs already wait. */
  submit<T>(kind: string, analysis: (ctx: JobContext) => Promise<T>): Job<T> {
    if (this.running >= this.maxRunning && this.waiting.length >= this.maxQueued)
      throw new QueueFullError(
        `the server is busy: ${this.running} jobs are running and ${this.waiting.length} are waiting (the most it queues); try again in a minute`,
      );
    const job = new Job<T>(kind, analysis);
    this.jobs.set(job.id, job as Job<unknown>);
    job.once("end", () => {
      const at = this.waiting.indexOf(job as Job<unknown>);
      if (at >= 0) this.waiting.splice(at, 1);
    });
    this.waiting.push(job as Job<unknown>);
    this.pump();
    return job;
  }

  get(id: string): Job<unknown> | undefined {
    return this.jobs.get(id);
  }

  /** Jobs running and waiting. */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  /** Cancels every job and closes the back end. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.jobs.values()];
    for (const job of all) job.cancel("the server is shutting down");
    await Promise.all(all.map((j) => j.finished));
    await this.backend.close();
  }

  private pump(): void {
    while (this.running < this.maxRunning && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      if (job.ended) continue;
      this.running++;
      void this.start(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async start(job: Job<unknown>): Promise<void> {
    job.status = "running";
    job.startedAt = new Date();
    job.changed();
    const signal = job.controller.signal;
    const budget = setTimeout(
      () =>
        job.controller.abort(
          new JobAbortedError(
            `the job ran out of its time budget (${Math.round(this.timeBudgetMs / 1000)} s); ` +
              "make the analysis smaller or raise the budget (entente serve --job-timeout SECONDS)",
          ),
        ),
      this.timeBudgetMs,
    );
    let lastEmit = 0;
    const ctx: JobContext = {
      signal,
      backend: this.backend,
      plan: (units) => {
        job.progress.total += units;
        job.changed();
      },
      run: async <T>(chunk: ChunkLike, units = 0): Promise<T> => {
        const value = (await this.backend.run(chunk, signal)) as T;
        if (signal.aborted) throw signal.reason as Error;
        job.progress.done += units;
        const now = Date.now();
        if (now - lastEmit > 100 || job.progress.done >= job.progress.total) {
          lastEmit = now;
          job.changed();
        }
        return value;
      },
    };
    try {
      const result = await job.analysis(ctx);
      if (signal.aborted) throw signal.reason as Error;
      job.result = result;
      job.end("succeeded");
    } catch (e) {
      if (signal.aborted) {
        const reason = signal.reason as Error;
        const timedOut = /time budget/.test(reason.message);
        job.end(timedOut ? "failed" : "cancelled", reason.message);
      } else job.end("failed", (e as Error).message || String(e));
      if (!signal.aborted) job.controller.abort(new JobAbortedError("the job failed"));
    } finally {
      clearTimeout(budget);
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const job of this.jobs.values()) {
      if (job.ended) {
        if (job.finishedAt && now - job.finishedAt.getTime() > this.keepMs)
          this.jobs.delete(job.id);
        continue;
      }
      if (this.abandonAfterMs > 0 && job.watchers === 0 && now - job.lastSeen > this.abandonAfterMs)
        job.cancel(
          `no client asked about the job for ${Math.round(this.abandonAfterMs / 1000)} s (the client went away)`,
        );
    }
  }
}

/**
 * A context outside a runner (the command line): every chunk on `backend`,
 * progress reported as units done of the units planned.
 */
export function directContext(
  backend: ChunkBackend,
  onProgress?: (done: number, total: number) => void,
  signal: AbortSignal = new AbortController().signal,
): JobContext {
  setMaxListeners(0, signal);
  let done = 0;
  let total = 0;
  return {
    signal,
    backend,
    plan: (units) => {
      total += units;
    },
    run: async <T>(chunk: ChunkLike, units = 0): Promise<T> => {
      const value = (await backend.run(chunk, signal)) as T;
      done += units;
      onProgress?.(done, total);
      return value;
    },
  };
}
