/**
 * Broken files for the fuzz suite: mutations of a valid file (truncate, insert bytes,
 * duplicate or drop lines, huge or odd numbers, deep nesting, binary data, long
 * strings, other separators), generated with fast-check, and the check every one of
 * them must pass through the command line: exit 0 or 1, no "internal error", no
 * stack trace, and a message that names the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";
import { runCli } from "../support/cli.js";

export type Mutation = (text: string) => string;

const at = (text: string, share: number) => Math.floor(share * text.length);
const share = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const ODD_NUMBERS = [
  "1e308",
  "-1e308",
  "5e-324",
  "1e400",
  "NaN",
  "-Infinity",
  "0x10",
  "0b11",
  "1_000",
  "1,5",
  "99999999999999999999999",
  "-0",
  "",
  "1e-300",
  "100000000",
];

/** One mutation of a text. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Truncate.
  share.map((s) => (t: string) => t.slice(0, at(t, s))),
  // Insert random characters, control characters and NUL included.
  fc.tuple(share, fc.string({ unit: "binary", maxLength: 12 })).map(
    ([s, bytes]) =>
      (t: string) =>
        t.slice(0, at(t, s)) + bytes + t.slice(at(t, s)),
  ),
  // Insert separators, quotes, brackets, markup.
  fc
    .tuple(
      share,
      fc.constantFrom(
        ",",
        ";",
        "\t",
        "\n",
        '"',
        "'",
        "[",
        "{",
        "<",
        "&lol;",
        "#",
        "- ",
        ": ",
        "\r",
      ),
    )
    .map(
      ([s, piece]) =>
        (t: string) =>
          t.slice(0, at(t, s)) + piece + t.slice(at(t, s)),
    ),
  // Duplicate or drop a line.
  fc.tuple(share, fc.boolean()).map(([s, dup]) => (t: string) => {
    const lines = t.split("\n");
    const k = Math.floor(s * lines.length);
    if (dup) lines.splice(k, 0, lines[k] ?? "");
    else lines.splice(k, 1);
    return lines.join("\n");
  }),
  // Replace a number by a huge, tiny or odd one.
  fc.tuple(share, fc.constantFrom(...ODD_NUMBERS)).map(([s, odd]) => (t: string) => {
    const numbers = [...t.matchAll(/\d+(?:\.\d+)?/g)];
    if (numbers.length === 0) return t + odd;
    const m = numbers[Math.floor(s * numbers.length)];
    return t.slice(0, m.index) + odd + t.slice(m.index! + m[0].length);
  }),
  // Deep nesting, in the style of each format.
  fc
    .tuple(share, fc.integer({ min: 50, max: 20_000 }), fc.constantFrom("[", "{a: ", "- ", "<a>"))
    .map(
      ([s, n, open]) =>
        (t: string) =>
          t.slice(0, at(t, s)) + open.repeat(n) + t.slice(at(t, s)),
    ),
  // A very long token (a 100,000-character id or name).
  fc.tuple(share, fc.integer({ min: 1000, max: 100_000 })).map(
    ([s, n]) =>
      (t: string) =>
        t.slice(0, at(t, s)) + "x".repeat(n) + t.slice(at(t, s)),
  ),
  // Binary data: a known signature, or noise.
  fc
    .constantFrom(
      "PK\u0003\u0004",
      "%PDF-1.7\n",
      "\u001f\u008b\u0008",
      "\u00ff\u00fe",
      "\u0000\u0000",
    )
    .map((head) => (t: string) => head + t),
  // Another separator throughout (a spreadsheet saved in another locale).
  fc.constantFrom<[string, string]>([",", ";"], ["\t", ","], [".", ","], ["\n", "\r"]).map(
    ([from, to]) =>
      (t: string) =>
        t.split(from).join(to),
  ),
);

/** One to three mutations applied in turn. */
export const broken = (valid: string): fc.Arbitrary<string> =>
  fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce((t, m) => m(t), valid));

/** A folder for the fuzzed files, removed by `done()`. */
export function workdir(): { path: (name: string) => string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "entente-fuzz-"));
  return {
    path: (name) => join(dir, name),
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs the command in-process on `text` written to `file` and checks the outcome: exit 0
 * or 1, nothing internal, no stack trace, and on failure a message naming the file.
 */
export async function expectCleanOutcome(
  file: string,
  text: string,
  args: (file: string) => string[],
): Promise<number> {
  writeFileSync(file, text, "utf8");
  const { code, stderr } = await runCli(args(file));
  const context = `${args(file).join(" ")}\n--- input (first 300 characters) ---\n${JSON.stringify(text.slice(0, 300))}\n--- stderr ---\n${stderr.slice(0, 2000)}`;
  expect([0, 1], context).toContain(code);
  expect(stderr, context).not.toMatch(/internal error/);
  expect(stderr, context).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);
  if (code === 1) expect(stderr, context).toContain(file);
  // Nothing of the file is echoed at length.
  expect(stderr.length, context).toBeLessThan(40_000);
  return code;
}
