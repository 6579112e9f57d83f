/**
 * `--queue URL` (or ENTENTE_QUEUE): send an analysis's chunks to a BullMQ queue on
 * Redis, computed by `entente worker` processes, instead of this machine's threads.
 * BullMQ loads only when a queue is asked for.
 */
import type { Command } from "commander";
import type { ChunkBackend } from "../jobs/backends.js";

export interface QueueFlags {
  queue?: string;
}

export function addQueueOption(command: Command): Command {
  return command.option(
    "--queue <url>",
    "send the chunks to the queue at redis://HOST:PORT, computed by `entente worker` processes (default: $ENTENTE_QUEUE; none: this machine's threads)",
  );
}

/** The queue URL asked for (flag, then ENTENTE_QUEUE), if any. */
export function queueUrl(flags: QueueFlags): string | undefined {
  const url = flags.queue ?? process.env.ENTENTE_QUEUE;
  return url && url.trim() !== "" ? url.trim() : undefined;
}

/** Connects to the queue (an error naming the URL when Redis does not answer). */
export async function openQueue(url: string): Promise<ChunkBackend> {
  const { QueueBackend } = await import("../jobs/queue.js");
  return QueueBackend.connect(url);
}
