/** `entente serve` and `startServer`: loopback by default, store created with migrations, seeded once. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { serveCommand } from "../../src/cli/serve.js";
import { startServer } from "../../src/server/serve.js";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "entente-serve-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("startServer", () => {
  it("listens on 127.0.0.1, creates the store on first start and seeds the flagship once", async () => {
    const dataDir = join(tempDir(), "nested", "data");
    const first = await startServer({ dataDir, port: 0, webDir: null, inProcessAnalyses: true });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.store.created).toBe(true);
    expect(first.seeded).toHaveLength(1);
    expect(existsSync(join(dataDir, "entente.sqlite"))).toBe(true);
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    const list = (await (await fetch(`${first.url}/api/scenarios`)).json()) as {
      scenarios: { id: string }[];
    };
    await fetch(`${first.url}/api/scenarios/${list.scenarios[0].id}`, { method: "DELETE" });
    await first.close();

    const second = await startServer({ dataDir, port: 0, webDir: null, inProcessAnalyses: true });
    expect(second.store.created).toBe(false);
    expect(second.seeded).toEqual([]);
    const again = (await (await fetch(`${second.url}/api/scenarios`)).json()) as {
      scenarios: unknown[];
    };
    expect(again.scenarios).toEqual([]);
    await second.close();
  });
});

describe("entente serve", () => {
  it("prints where it listens and where the data is, and stops on SIGTERM", async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const dataDir = tempDir();
    const program = new Command().exitOverride().addCommand(serveCommand());
    const running = program.parseAsync(["serve", "--port", "0", "--data", dataDir], {
      from: "user",
    });
    await vi.waitFor(() => expect(out.join("")).toMatch(/Press Ctrl\+C/), { timeout: 10_000 });
    const text = out.join("");
    const url = /entente workbench: (http:\/\/127\.0\.0\.1:\d+)\//.exec(text)?.[1];
    expect(url).toBeDefined();
    expect(text).toContain(join(dataDir, "entente.sqlite"));
    expect(text).toContain("(created)");
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    process.emit("SIGTERM");
    await running;
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });

  it("refuses a port that is not one", async () => {
    const program = new Command().exitOverride().addCommand(serveCommand().exitOverride());
    await expect(
      program.parseAsync(["serve", "--port", "99999"], { from: "user" }),
    ).rejects.toThrow(/not a port/);
  });
});
