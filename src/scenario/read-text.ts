/**
 * Reading an input file as text: its size checked against the limit before a byte is
 * read, binary files (a spreadsheet, a PDF) named instead of decoded, and every
 * failure an `InputError` naming the file.
 */
import { open } from "node:fs/promises";
import { InputError } from "./problems.js";
import { formatBytes, limitText, type Limits } from "./limits.js";
import { describeNonText } from "./sniff.js";

export async function readTextFile(file: string, limits: Limits): Promise<string> {
  const bytes = await readFileBytes(file, limits);
  const nonText = describeNonText(bytes);
  if (nonText) throw new InputError([{ file, path: [], message: `the file ${nonText}` }]);
  return bytes.toString("utf8");
}

/**
 * An input file's bytes (text or a workbook), its size checked against the limit before
 * a byte is read; every failure an `InputError` naming the file.
 */
export async function readFileBytes(file: string, limits: Limits): Promise<Buffer> {
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      if (size > limits.fileBytes)
        throw new InputError([
          {
            file,
            path: [],
            message: `the file is ${formatBytes(size)}; ${limitText(limits, "fileBytes")}`,
          },
        ]);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([
      {
        file,
        path: [],
        message:
          code === "ENOENT"
            ? "no such file"
            : code === "EISDIR"
              ? "is a folder, not a file"
              : `cannot read: ${(e as Error).message}`,
      },
    ]);
  }
}
