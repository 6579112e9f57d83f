/**
 * A handful of hostile files through the built `entente` executable (a separate
 * process, as a user runs it): each ends with exit 1 or 2 and a message naming the
 * problem, never a V8 abort, an out-of-memory death or a stack trace. Built by
 * `npm test` before vitest runs.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoFile } from "../support/fixtures.js";
import { workdir } from "./mutations.js";

const run = promisify(execFile);
const dir = workdir();
afterAll(() => dir.done());

async function entente(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [repoFile("dist/cli/bin.js"), ...args], {
      maxBuffer: 1 << 24,
      // A small heap: a limit that allocated before checking would die here.
      env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=256" },
    });
    return { code: 0, stderr: "" };
  } catch (e) {
    const err = e as { code: number; stderr: string; signal?: string };
    return { code: err.signal ? -1 : err.code, stderr: err.stderr };
  }
}

const HOSTILE: { name: string; file: string; text: string; expect: RegExp }[] = [
  {
    name: "a KTAB CSV declaring 100,000,000 dimensions",
    file: "dims.csv",
    text: "x,y,3,100000000,\nActor,Desc,Power,P1,S1,\nA,a,1,1,1\nB,b,1,1,1\nC,c,1,1,1\n",
    expect: /dims\.csv:1:4 numDims: declares 100000000 dimensions; the limit is 1,000/,
  },
  {
    name: "JSON nested 200,000 deep",
    file: "deep.json",
    text: "[".repeat(200_000),
    expect: /deep\.json:1:65: nested more than 64 levels deep/,
  },
  {
    name: "a billion-laughs XML",
    file: "laughs.xml",
    text: `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, k) => `<!ENTITY ${"b".repeat(k + 1)} "${`&${k === 0 ? "a" : "b".repeat(k)};`.repeat(10)}">`).join("")}]><Scenario><name>&bbbbbbbbb;</name></Scenario>`,
    expect: /laughs\.xml:1: the XML declares a DOCTYPE/,
  },
  {
    name: "a spreadsheet saved as .xlsx under a .csv name",
    file: "sheet.csv",
    text: "PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml",
    expect:
      /sheet\.csv: (the file looks like a ZIP archive \(an \.xlsx|not a readable \.xlsx workbook)/,
  },
];

describe("hostile files through the built executable", () => {
  for (const h of HOSTILE)
    it(`${h.name}: exit 1 with a located message`, async () => {
      const file = dir.path(h.file);
      writeFileSync(file, h.text);
      for (const command of h.file === "dims.csv" ? ["validate", "run"] : ["validate"]) {
        const { code, stderr } = await entente([command, file]);
        expect(stderr).toMatch(h.expect);
        expect(stderr).not.toMatch(/internal error|FATAL|^\s+at /m);
        expect(code).toBe(1);
      }
    });

  it("simulate --workers 64 and -n 1e11: clear messages (exit 2), no V8 abort", async () => {
    const flagship = repoFile("scenarios/us-russia-reset-2016.yaml");
    const workers = await entente(["simulate", flagship, "-n", "10", "--workers", "64"]);
    expect(workers.stderr).toMatch(/--workers 64: this machine has \d+ cores?; use at most \d+/);
    expect(workers.code).toBe(2);
    const draws = await entente(["simulate", flagship, "-n", "1e11", "--workers", "1"]);
    expect(draws.stderr).toMatch(
      /--draws 100000000000: the limit is 10,000,000 draws \(raise with --max-draws/,
    );
    expect(draws.code).toBe(2);
    const rounds = await entente(["run", flagship, "--rounds", "100000"]);
    expect(rounds.stderr).toMatch(/--rounds 100000: at most 1000 rounds/);
    expect(rounds.code).toBe(2);
  });
});
