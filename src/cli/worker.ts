/**
 * `entente worker --queue redis://HOST:PORT`: compute chunks of analyses sent to the
 * queue by `simulate`, `sensitivity` and `serve` with `--queue`, until stopped
 * (Ctrl+C, SIGTERM). Any number of workers on any number of machines may serve one
 * queue; see docs/scaling.md.
 */
import { Command } from "commander";
import { defaultWorkers } from "../runtime/pool.js";
import { UsageError } from "./errors.js";
import { parsePositiveInt } from "./common.js";
import { queueUrl } from "./queue.js";

export function workerCommand(): Command {
  return new Command("worker")
    .description("compute chunks of analyses from a queue on Redis (see docs/scaling.md)")
    .option("--queue <url>", "the queue: redis://HOST:PORT (default: $ENTENTE_QUEUE)")
    .option(
      "-c, --concurrency <n>",
      `chunks computed at once, each on a worker thread (default: all cores, here ${defaultWorkers()})`,
      parsePositiveInt,
    )
    .action(async (flags: { queue?: string; concurrency?: number }) => {
      const url = queueUrl(flags);
      if (!url)
        throw new UsageError("give the queue with --queue redis://HOST:PORT (or ENTENTE_QUEUE)");
      const { startQueueWorker, parseQueueUrl } = await import("../jobs/queue.js");
      const worker = await startQueueWorker(url, {
        concurrency: flags.concurrency,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(
        `entente worker: computing chunks from ${parseQueueUrl(url).shown} with ${flags.concurrency ?? defaultWorkers()} thread(s); Ctrl+C stops\n`,
      );
      await new Promise<void>((done) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          void worker.close().then(done);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
        void worker.closed.then(done);
      });
    });
}
