/**
 * Exit codes of the `entente` command:
 * - 0: success;
 * - 1: the input has problems (file unreadable, invalid scenario, bad option value)
 *      or a run failed; the problems are printed, each with its file, line and field;
 * - 2: the command line itself is wrong (unknown command, option or model, missing
 *      argument, two output files).
 */
import { InputError, formatProblem } from "../scenario/problems.js";

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

/** Problems printed at most; the rest are counted. */
const SHOWN_PROBLEMS = 100;

/** A command-line mistake (exit 2). */
export class UsageError extends Error {}

export function reportError(e: unknown): number {
  if (e instanceof InputError) {
    const n = e.problems.length;
    process.stderr.write(`entente: ${n} problem${n === 1 ? "" : "s"}:\n`);
    for (const p of e.problems.slice(0, SHOWN_PROBLEMS))
      process.stderr.write(`  ${formatProblem(p)}\n`);
    if (n > SHOWN_PROBLEMS)
      process.stderr.write(`  … and ${n - SHOWN_PROBLEMS} more (fix these first)\n`);
    return EXIT_INPUT;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`entente: ${e.message}\n`);
    return EXIT_USAGE;
  }
  // The queue's errors (src/jobs/queue.ts) name the Redis URL or the failed chunk.
  if (e instanceof Error && e.name === "QueueError") {
    process.stderr.write(`entente: ${e.message}\n`);
    return EXIT_INPUT;
  }
  process.stderr.write(`entente: internal error: ${(e as Error)?.message ?? String(e)}\n`);
  if (process.env.ENTENTE_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
  return EXIT_INPUT;
}
