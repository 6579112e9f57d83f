/**
 * Atomic saves: write to a temporary file beside the target, flush it, then rename
 * over the target, so a crash never leaves a half-written scenario behind.
 */
import { open, rename, unlink } from "node:fs/promises";
import { dirname, basename, join } from "node:path";

export async function writeFileAtomic(file: string, text: string | Uint8Array): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, "wx");
  try {
    try {
      if (typeof text === "string") await handle.writeFile(text, "utf8");
      else await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (e) {
    // A failed write (disk full, bad data) or rename leaves no temporary file behind.
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
