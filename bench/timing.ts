/** Timing helpers shared by the benchmarks. */
import { performance } from "node:perf_hooks";

export function timeMs(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

export async function timeMsAsync(f: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
