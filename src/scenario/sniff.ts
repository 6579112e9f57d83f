/**
 * What a file that is not text seems to be, so a person given "cannot read" learns
 * that the spreadsheet was saved as .xlsx or that a PDF was picked by mistake. Only
 * the first bytes are looked at; nothing of a binary file is echoed back.
 */

/** Signatures of the files people most often pick by mistake. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: "a ZIP archive (an .xlsx workbook? name it FILE.xlsx or read it with --from xlsx; a .docx or .ods cannot be read)",
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x1f, 0x8b], what: "a gzip-compressed file; decompress it first" },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    what: "an old Office file (.xls/.doc); save the sheet as .xlsx or CSV first",
  },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: "an SQLite database" },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: "a program (ELF executable)" },
];

/**
 * A description of `data` when it is not UTF-8 text ("a PDF document", "binary
 * data", "UTF-16 text; save it as UTF-8"), or undefined when it reads as text.
 * `data` is the file's bytes, or text decoded already (checked for NUL and control
 * characters only).
 */
export function describeNonText(data: Uint8Array | string): string | undefined {
  const head =
    typeof data === "string"
      ? Array.from(data.slice(0, 8), (c) => c.charCodeAt(0) & 0xff)
      : Array.from(data.subarray(0, 8));
  for (const s of SIGNATURES)
    if (s.bytes.every((b, k) => head[k] === b)) return `looks like ${s.what}`;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    return "is UTF-16 text; save it as UTF-8";
  // Text has no NUL and few control characters besides tab, newline, carriage return.
  const n = Math.min(data.length, 4096);
  let control = 0;
  for (let k = 0; k < n; k++) {
    const c = typeof data === "string" ? data.charCodeAt(k) : data[k];
    if (c === 0) return "looks like binary data, not a text file (it holds NUL bytes)";
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  if (n > 0 && control / n > 0.05) return "looks like binary data, not a text file";
  return undefined;
}
