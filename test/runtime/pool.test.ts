import { describe, expect, it } from "vitest";
import { AnalysisPool, withoutTsx } from "../../src/runtime/pool.js";

describe("flags for workers running built JavaScript", () => {
  it("drop the loaders of tsx, in every spelling, and keep every other flag", () => {
    expect(
      withoutTsx([
        "--require",
        "/app/node_modules/tsx/dist/preflight.cjs",
        "--import",
        "file:///app/node_modules/tsx/dist/loader.mjs",
        "--max-old-space-size=4096",
        "--import=file:///app/node_modules/tsx/dist/loader.mjs",
        "-r",
        "/app/node_modules/tsx/dist/preflight.cjs",
        "--import",
        "./instrument.mjs",
        "--require=dotenv/config",
        "--enable-source-maps",
      ]),
    ).toEqual([
      "--max-old-space-size=4096",
      "--import",
      "./instrument.mjs",
      "--require=dotenv/config",
      "--enable-source-maps",
    ]);
    expect(withoutTsx([])).toEqual([]);
  });
});

describe("closing the pool", () => {
  it("right after it starts waits for its threads to load (terminating a loading thread aborts V8)", async () => {
    const pool = new AnalysisPool(2, false);
    expect(pool.inProcess).toBe(false);
    await pool.close();
    // A second pool, closed as soon as its first chunk is asked for.
    const again = new AnalysisPool(2, false);
    const closed = again.close();
    await closed;
    expect(again.workers).toBe(2);
  });
});
