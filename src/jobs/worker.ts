/**
 * The worker thread's entry for jobs (loaded by the thread back end in backends.ts):
 * computes one chunk and hands typed arrays back without copying.
 */
import { Piscina } from "piscina";
import { executeChunk, type Chunk } from "./chunks.js";

export default async function jobChunk(chunk: Chunk): Promise<unknown> {
  const result = await executeChunk(chunk);
  return result instanceof Float64Array ? Piscina.move(result) : result;
}
