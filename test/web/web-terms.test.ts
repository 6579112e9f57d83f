/**
 * The web app's pure helpers for import and download: the server's messages in web
 * terms (web/src/web-terms.ts), checked on the messages the library really writes;
 * which files travel as bytes and their base64 (web/src/import-file.ts); the name of
 * a download (web/src/attachment.ts).
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/index.js";
import { unknownFormatMessage, parseInput, serializeScenario } from "../../src/scenario/formats.js";
import { describeNonText } from "../../src/scenario/sniff.js";
import { conversionLosses } from "../../src/scenario/capabilities.js";
import { limitText, resolveLimits } from "../../src/scenario/limits.js";
import { InputError } from "../../src/scenario/problems.js";
import { inWebTerms } from "../../web/src/web-terms.js";
import {
  importBody,
  importSizeProblem,
  isBinaryFile,
  MAX_IMPORT_BYTES,
  toBase64,
} from "../../web/src/import-file.js";
import { attachmentName } from "../../web/src/attachment.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => p.message).join("; ");
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("server messages in web terms", () => {
  const cases: [string, string, RegExp][] = [
    [
      "a file of unknown format",
      unknownFormatMessage("just words"),
      /; choose its format in the “Format” list and import it again$/,
    ],
    [
      "a zip archive",
      `the file ${describeNonText(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]))}`,
      /give it the \.xlsx extension or choose “Excel workbook” in the “Format” list/,
    ],
    [
      "a stakeholder CSV of several issues",
      messageOf(() => serializeScenario(flagship, "x.csv", { format: "stakeholder-csv" })),
      /download it as “Scenario CSV \(all issues\)” or “Excel workbook \(\.xlsx\)” instead/,
    ],
    [
      "the conversion check of a stakeholder CSV",
      messageOf(() => conversionLosses(flagship, "stakeholder-csv")),
      /download it as “Scenario CSV \(all issues\)” or “Excel workbook \(\.xlsx\)” to keep them all/,
    ],
    [
      "a salience off the 0–1 scale",
      messageOf(() =>
        parseInput("Actor,Capability,Position,Salience\nA,1,20,50\n", "s.csv", {
          salienceScale: 1,
        }),
      ),
      /if the file uses 0–100, choose “CSV salience 0–100” and import it again/,
    ],
    [
      "the note of a detected 0–1 salience",
      parseInput("Actor,Capability,Position,Salience\nA,1,20,0.5\nB,1,80,0.5\n", "s.csv").notes[0],
      /choose “CSV salience 0–100” and import it again/,
    ],
    [
      "a limit",
      `the file has 2,000 issues; ${limitText(resolveLimits(), "issues")}`,
      /\(a limit of this server\)$/,
    ],
    [
      "the body limit",
      "the request body is larger than 4194304 bytes",
      /too large for this server, which takes uploads up to 4194304 bytes/,
    ],
  ];
  for (const [what, message, expected] of cases)
    it(`rewrites ${what} without command-line flags`, () => {
      expect(message).toMatch(/--[a-z]|request body/);
      const shown = inWebTerms(message);
      expect(shown).toMatch(expected);
      expect(shown).not.toMatch(/--[a-z]/);
    });

  it("leaves a message without flags as it is", () => {
    const m = "salience 120 is outside 0–100";
    expect(inWebTerms(m)).toBe(m);
  });
});

describe("import files", () => {
  it("sends workbooks, old spreadsheets, zips and UTF-16 text as bytes, other files as text", () => {
    const none = new Uint8Array([0x41, 0x63, 0x74, 0x6f]);
    expect(isBinaryFile("book.xlsx", none)).toBe(true);
    expect(isBinaryFile("book.XLS", none)).toBe(true);
    expect(isBinaryFile("upload", new Uint8Array([0x50, 0x4b, 3, 4]))).toBe(true);
    expect(isBinaryFile("old.dat", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toBe(true);
    expect(isBinaryFile("utf16.csv", new Uint8Array([0xff, 0xfe, 0x41, 0]))).toBe(true);
    expect(isBinaryFile("plain.csv", none)).toBe(false);
    expect(isBinaryFile("bom.csv", new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe(false);
  });

  it("writes base64 as Node does, also past one chunk", () => {
    const bytes = new Uint8Array(100_003).map((_, k) => (k * 7919) & 0xff);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(toBase64(new Uint8Array(0))).toBe("");
  });

  it("says when a file is too big to send, with its size and the limit", async () => {
    expect(importSizeProblem(MAX_IMPORT_BYTES)).toBeUndefined();
    expect(importSizeProblem(MAX_IMPORT_BYTES + 1)).toBe(
      "the file is 3.0 MB; the workbench imports files up to 3 MB",
    );
    expect(importSizeProblem(5.24 * 1024 * 1024)).toMatch(/^the file is 5\.2 MB/);
    const fits = new File([new TextEncoder().encode("entente: 1\n")], "small.yaml");
    await expect(importBody(fits)).resolves.toEqual({
      fileName: "small.yaml",
      text: "entente: 1\n",
    });
  });
});

describe("download names", () => {
  it("reads the name from Content-Disposition, as the server writes it", () => {
    expect(attachmentName('attachment; filename="a-new-reset.xlsx"', "x")).toBe("a-new-reset.xlsx");
    expect(attachmentName("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.csv", "x")).toBe(
      "résumé.csv",
    );
    expect(attachmentName("attachment; filename=plain.yaml", "x")).toBe("plain.yaml");
    expect(attachmentName(null, "scenario.yaml")).toBe("scenario.yaml");
  });
});
