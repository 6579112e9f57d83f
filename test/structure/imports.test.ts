/**
 * The layers of src/ as the README states them: institutional data at the bottom, the
 * scenario format and the models above it, analyses above the models, the shells (CLI,
 * server, reports) on top; and no import cycles, so each file can be read, tested and
 * replaced on its own.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importCycles, importGraph } from "../support/import-graph.js";

const graph = importGraph(fileURLToPath(new URL("../..", import.meta.url)));
const layerOf = (file: string): string => file.split("/")[1].replace(/\.ts$/, "");

function importsAcross(from: string, forbidden: string[]): string[] {
  return [...graph].flatMap(([file, targets]) =>
    layerOf(file) !== from
      ? []
      : targets.filter((t) => forbidden.includes(layerOf(t))).map((t) => `${file} → ${t}`),
  );
}

describe("the structure of src/", () => {
  it("reads the import graph", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("src/models/smp/input.ts")).toContain("src/scenario/import/ktab-scenario.ts");
  });

  it("has no import cycles", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const g = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(importCycles(g)).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });

  it("keeps institutional data (Council rules, power indices) below everything", () => {
    expect(
      [...graph].flatMap(([file, targets]) =>
        layerOf(file) === "institutions"
          ? targets.filter((t) => layerOf(t) !== "institutions").map((t) => `${file} → ${t}`)
          : [],
      ),
    ).toEqual([]);
  });

  it("keeps the scenario format and the models below the analyses and the shells", () => {
    const above = ["analysis", "jobs", "runtime", "store", "cli", "server"];
    expect(importsAcross("scenario", [...above, "report"])).toEqual([]);
    expect(importsAcross("models", above)).toEqual([]);
    expect(importsAcross("report", ["cli", "server", "store"])).toEqual([]);
    // The job runner and its back ends carry chunks of any kind; only the executor
    // (chunks.ts, and the worker and in-process back end that call it) knows the analyses.
    const runner = ["src/jobs/jobs.ts", "src/jobs/backends.ts", "src/jobs/range-chunk.ts"];
    expect(
      runner.flatMap((f) =>
        graph.get(f)!.filter((t) => layerOf(t) === "analysis" && !t.endsWith("montecarlo-core.ts")),
      ),
    ).toEqual([]);
  });
});
