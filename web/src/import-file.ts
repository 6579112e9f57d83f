/**
 * A file picked or dropped for import, as the body of POST /api/scenarios/import: a
 * binary file (an .xlsx workbook, or a legacy .xls/.ods the server explains it cannot
 * read, or a UTF-16 text) travels as its bytes in base64, read as an ArrayBuffer;
 * any other file as its text. The server tells the format from the name and the
 * content either way (`format` overrides it).
 */
/**
 * The largest file the workbench sends: the server takes request bodies up to 4 MiB
 * (server/app.ts, DEFAULT_BODY_LIMIT), and base64 makes a file a third larger.
 */
export const MAX_IMPORT_BYTES = 3 * 1024 * 1024;

/** Why a file of `size` bytes cannot be imported (too big to send), or undefined when it can. */
export function importSizeProblem(size: number): string | undefined {
  if (size <= MAX_IMPORT_BYTES) return undefined;
  return `the file is ${(size / 1024 / 1024).toFixed(1)} MB; the workbench imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`;
}

/** Extensions of files that are always sent as bytes. */
const BINARY_EXTENSIONS = new Set(["xlsx", "xlsm", "xls", "ods"]);

/** Whether a file's first bytes (or its name) say it is not plain UTF-8 text. */
export function isBinaryFile(name: string, head: Uint8Array): boolean {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (BINARY_EXTENSIONS.has(ext)) return true;
  const [a, b, c, d] = head;
  if (a === 0x50 && b === 0x4b && c === 0x03 && d === 0x04) return true; // zip (a workbook)
  if (a === 0xd0 && b === 0xcf && c === 0x11 && d === 0xe0) return true; // OLE2 (.xls)
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return true; // UTF-16
  return false;
}

/** Bytes in base64 (btoa over chunks, so a big file does not overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const step = 0x8000;
  for (let k = 0; k < bytes.length; k += step)
    binary += String.fromCharCode(...bytes.subarray(k, k + step));
  return btoa(binary);
}

export type ImportBody = { fileName: string } & ({ text: string } | { base64: string });

/** The import body of a file: base64 for a binary file (or when `format` is xlsx), text otherwise. */
export async function importBody(file: File, format?: string): Promise<ImportBody> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (format === "xlsx" || isBinaryFile(file.name, head))
    return { fileName: file.name, base64: toBase64(new Uint8Array(await file.arrayBuffer())) };
  return { fileName: file.name, text: await file.text() };
}
