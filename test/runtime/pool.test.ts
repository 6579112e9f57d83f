import { describe, expect, it } from "vitest";
import { withoutTsx } from "../../src/runtime/pool.js";

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
