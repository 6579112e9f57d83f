/**
 * The in-process back end: chunks computed on this thread, one at a time, by the chunk
 * executor (chunks.ts). For tests and one-core machines; the server and the command
 * line use worker threads (backends.ts).
 */
import { abortError, type ChunkBackend } from "./backends.js";
import { executeChunk, type Chunk } from "./chunks.js";

export class InProcessBackend implements ChunkBackend {
  readonly name = "in-process";
  readonly concurrency = 1;
  async run(chunk: Chunk, signal?: AbortSignal): Promise<unknown> {
    // Yield first, so cancellation and other requests get a turn between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw abortError(signal);
    return executeChunk(chunk);
  }
  async close(): Promise<void> {}
}
