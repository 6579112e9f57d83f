/**
 * The worker thread's entry (loaded by the pool in pool.ts): computes one chunk of a
 * Monte Carlo or Sobol job and hands the forecasts back without copying.
 */
import { Piscina } from "piscina";
import { runChunk, type ChunkTask } from "../analysis/montecarlo-core.js";

// Tell the pool this thread has loaded its modules (see AnalysisPool.close).
const loaded = (Piscina.workerData as { loaded?: SharedArrayBuffer } | undefined)?.loaded;
if (loaded) Atomics.add(new Int32Array(loaded), 0, 1);

export default function analysisChunk(task: ChunkTask): unknown {
  const values = runChunk(task);
  return Piscina.move(values);
}
