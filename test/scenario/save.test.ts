/** Atomic saves leave nothing behind when they fail. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/scenario/save.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("leaves no .tmp file and the old content when the write fails", async () => {
    dir = mkdtempSync(join(tmpdir(), "entente-save-"));
    const file = join(dir, "out.json");
    writeFileSync(file, "old");
    // Data the file system cannot write: the write fails after the temporary file is open.
    const bad = { toString: () => "never written" } as unknown as string;
    await expect(writeFileAtomic(file, bad)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["out.json"]);
    expect(readFileSync(file, "utf8")).toBe("old");
  });

  it("leaves no .tmp file when the rename fails", async () => {
    dir = mkdtempSync(join(tmpdir(), "entente-save-"));
    const target = join(dir, "a-directory");
    await import("node:fs/promises").then((fs) =>
      fs.mkdir(join(target, "inside"), { recursive: true }),
    );
    await expect(writeFileAtomic(target, "text")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["a-directory"]);
  });

  it("writes the text", async () => {
    dir = mkdtempSync(join(tmpdir(), "entente-save-"));
    const file = join(dir, "out.txt");
    await writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["out.txt"]);
  });
});
