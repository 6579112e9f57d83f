/**
 * A range chunk: draws (or perturbations) `start` to `end` of a Monte Carlo or
 * sensitivity job, the unit the job runner splits those analyses into.
 */
import type { JobSpec } from "../analysis/montecarlo-core.js";

export interface RangeChunk {
  type: "range";
  /** The job's id (unique per job; the cache key). */
  id: string;
  /** The job (JobSpec) as JSON text. */
  spec: string;
  start: number;
  end: number;
}

/** A range chunk of `job` over [start, end). */
export function rangeChunk(job: JobSpec, spec: string, start: number, end: number): RangeChunk {
  return { type: "range", id: job.id, spec, start, end };
}
