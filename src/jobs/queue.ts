/**
 * The queue back end: chunks (chunks.ts) travel through Redis with BullMQ to any
 * number of `entente worker` processes on any number of machines, and their results
 * come back the same way; the analyses merge them in the same fixed order as on
 * worker threads, so the output is the same to the bit.
 *
 * - What travels: each chunk's data, i.e. the scenario snapshot (as JSON text), the
 *   models and their options, the seed and the chunk's range; and the results
 *   (typed arrays as base64 of their bytes, so every bit survives). No files, no
 *   credentials other than the Redis URL's own.
 * - Faults: a worker killed mid-chunk loses its lock; BullMQ's stalled-job check puts
 *   the chunk back in the queue and another worker computes it (the same result, as
 *   chunks are pure). A chunk that throws fails the analysis with its message (no
 *   retry: bad data stays bad). Redis unreachable at the start is an error naming the
 *   URL within a few seconds; Redis lost during a run fails every chunk still waiting
 *   with an error naming the URL, so nothing is stored as complete.
 * - Expiry: finished chunks and their results are removed from Redis after an hour
 *   (failed ones after a day); nothing else is kept there.
 */
import { randomUUID } from "node:crypto";
import { Queue, QueueEvents, Worker, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { JobAbortedError, ThreadBackend, type ChunkBackend } from "./backends.js";
import { type Chunk } from "./chunks.js";

/** The BullMQ queue entente's chunks go through. */
export const QUEUE_NAME = "entente-chunks";
/** Seconds finished chunks (and their results) stay in Redis. */
export const KEEP_COMPLETED_SECONDS = 3600;
export const KEEP_FAILED_SECONDS = 24 * 3600;
/** A worker's lock on a chunk; a killed worker's chunk is retried after about this long. */
export const LOCK_MS = 10_000;
export const STALLED_CHECK_MS = 5_000;

export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueueError";
  }
}

interface Parsed {
  options: {
    host: string;
    port: number;
    username?: string;
    password?: string;
    db?: number;
    tls?: object;
  };
  /** The URL without its password, for messages. */
  shown: string;
}

/** Parses `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
export function parseQueueUrl(url: string): Parsed {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError(`'${url}' is not a queue URL; give redis://HOST:PORT`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new QueueError(`'${url}' is not a Redis URL; give redis://HOST:PORT`);
  const db = u.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d{1,2}$/.test(db))
    throw new QueueError(`'${url}': the database after the port must be a number`);
  const shown = `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname === "/" ? "" : u.pathname}`;
  return {
    shown,
    options: {
      host: u.hostname || "127.0.0.1",
      port: u.port ? Number(u.port) : 6379,
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(db !== "" ? { db: Number(db) } : {}),
      ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    },
  };
}

/** Connection settings: give up after a few quick retries rather than hang. */
function connection(parsed: Parsed): ConnectionOptions {
  return {
    ...parsed.options,
    maxRetriesPerRequest: null,
    connectTimeout: 3000,
    retryStrategy: (times: number) => (times > 5 ? null : Math.min(1000, 100 * 2 ** times)),
  };
}

/** Checks that Redis answers at the URL, within a few seconds; the error names the URL. */
export async function checkRedis(url: string): Promise<void> {
  const parsed = parseQueueUrl(url);
  const client = new Redis({
    ...parsed.options,
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new QueueError(
      `cannot reach Redis at ${parsed.shown} (${(e as Error).message || "no answer"}); start redis-server there or check --queue / ENTENTE_QUEUE`,
    );
  } finally {
    client.disconnect();
  }
}

/** Results as they travel: typed arrays as base64 of their bytes. */
export function encodeChunkResult(value: unknown): unknown {
  if (value instanceof Float64Array)
    return {
      f64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"),
    };
  return value;
}

export function decodeChunkResult(value: unknown): unknown {
  if (value !== null && typeof value === "object" && "f64" in value) {
    const bytes = Buffer.from((value as { f64: string }).f64, "base64");
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return new Float64Array(copy.buffer);
  }
  return value;
}

/** Waits for `promise`, at most `ms` milliseconds (its outcome is ignored). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
}

/** Sends chunks to the queue and waits for their results. `connectQueue` makes one. */
export class QueueBackend implements ChunkBackend {
  readonly name = "queue";
  readonly concurrency: number;
  private readonly pending = new Map<string, Pending>();
  private lost: Error | undefined;
  private readonly runId = randomUUID();
  private counter = 0;

  private constructor(
    readonly shownUrl: string,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly monitor: Redis,
    concurrency: number,
  ) {
    this.concurrency = concurrency;
    events.on("completed", ({ jobId, returnvalue }) => {
      const p = this.pending.get(jobId);
      if (!p) return;
      this.pending.delete(jobId);
      try {
        const value = typeof returnvalue === "string" ? JSON.parse(returnvalue) : returnvalue;
        p.resolve(decodeChunkResult(value));
      } catch (e) {
        p.reject(e as Error);
      }
    });
    events.on("failed", ({ jobId, failedReason }) => {
      const p = this.pending.get(jobId);
      if (!p) return;
      this.pending.delete(jobId);
      p.reject(new QueueError(`a chunk failed on a worker: ${failedReason}`));
    });
    const fail = () =>
      this.failAll(
        new QueueError(
          `lost the connection to Redis at ${shownUrl}; the analysis stopped and nothing was stored as complete`,
        ),
      );
    monitor.on("end", fail);
    monitor.on("error", () => undefined);
    queue.on("error", () => undefined);
    events.on("error", () => undefined);
  }

  /**
   * Connects to Redis at `url` (QueueError naming the URL when it does not answer).
   * `concurrency` sizes chunks: about the threads of all workers together (default 4).
   */
  static async connect(url: string, options: { concurrency?: number } = {}): Promise<QueueBackend> {
    await checkRedis(url);
    const parsed = parseQueueUrl(url);
    const monitor = new Redis({
      ...parsed.options,
      connectTimeout: 3000,
      maxRetriesPerRequest: 1,
      retryStrategy: (times: number) => (times > 5 ? null : Math.min(1000, 100 * 2 ** times)),
    });
    const queue = new Queue(QUEUE_NAME, { connection: connection(parsed) });
    // The events are read from the stream's last entry now, not from wherever it is
    // when QueueEvents sends its first read ('$', BullMQ's default): that read can
    // come after the first chunks are done (the caller's thread busy preparing the
    // next ones), and their results would never arrive.
    let lastEventId = "0-0";
    try {
      const last = (await monitor.xrevrange(queue.keys.events, "+", "-", "COUNT", 1)) as [
        string,
        string[],
      ][];
      if (last.length > 0) lastEventId = last[0][0];
    } catch (e) {
      monitor.disconnect();
      await queue.close().catch(() => undefined);
      throw new QueueError(`cannot use the queue at ${parsed.shown}: ${(e as Error).message}`);
    }
    const events = new QueueEvents(QUEUE_NAME, { connection: connection(parsed), lastEventId });
    try {
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    } catch (e) {
      monitor.disconnect();
      await Promise.allSettled([queue.close(), events.close()]);
      throw new QueueError(`cannot use the queue at ${parsed.shown}: ${(e as Error).message}`);
    }
    return new QueueBackend(parsed.shown, queue, events, monitor, options.concurrency ?? 4);
  }

  async run(chunk: Chunk, signal?: AbortSignal): Promise<unknown> {
    if (this.lost) throw this.lost;
    if (signal?.aborted) throw signal.reason as Error;
    const jobId = `${this.runId}-${++this.counter}`;
    const result = new Promise<unknown>((resolve, reject) =>
      this.pending.set(jobId, { resolve, reject }),
    );
    const onAbort = () => {
      const p = this.pending.get(jobId);
      if (!p) return;
      this.pending.delete(jobId);
      void this.queue.remove(jobId).catch(() => undefined);
      p.reject(signal?.reason instanceof Error ? signal.reason : new JobAbortedError("cancelled"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await this.queue.add("chunk", chunk, {
        jobId,
        attempts: 1,
        removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
        removeOnFail: { age: KEEP_FAILED_SECONDS },
      });
    } catch (e) {
      this.pending.delete(jobId);
      signal?.removeEventListener("abort", onAbort);
      throw (
        this.lost ??
        new QueueError(`cannot send a chunk to Redis at ${this.shownUrl}: ${(e as Error).message}`)
      );
    }
    try {
      return await result;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private failAll(error: Error): void {
    this.lost ??= error;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(error);
    }
  }

  async close(): Promise<void> {
    this.failAll(new QueueError("the queue back end was closed"));
    // With Redis gone, BullMQ's close can wait forever: give it two seconds.
    await settleWithin(Promise.allSettled([this.queue.close(), this.events.close()]), 2000);
    this.monitor.disconnect();
  }
}

export interface QueueWorkerOptions {
  /** Chunks computed at once, each on its own worker thread (default: all cores). */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface RunningQueueWorker {
  close(): Promise<void>;
  /** Settles when the worker stops on its own (Redis lost for good). */
  closed: Promise<void>;
}

/**
 * Computes chunks from the queue at `url` until closed: BullMQ takes them, worker
 * threads compute them (so this process's event loop stays free to renew its locks).
 */
export async function startQueueWorker(
  url: string,
  options: QueueWorkerOptions = {},
): Promise<RunningQueueWorker> {
  await checkRedis(url);
  const parsed = parseQueueUrl(url);
  const threads = new ThreadBackend({ workers: options.concurrency });
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => encodeChunkResult(await threads.run(job.data as Chunk)),
    {
      connection: connection(parsed),
      concurrency: threads.concurrency,
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      maxStalledCount: 3,
    },
  );
  let done!: () => void;
  const closed = new Promise<void>((resolve) => (done = resolve));
  worker.on("error", (e) => options.log?.(`entente worker: ${e.message}`));
  worker.on("closed", () => done());
  await worker.waitUntilReady();
  let closing: Promise<void> | undefined;
  return {
    closed,
    close: () =>
      (closing ??= (async () => {
        // Finishes the chunks in hand; with Redis gone, gives up after five seconds.
        await settleWithin(worker.close(), 5000);
        await threads.close();
        done();
      })()),
  };
}
