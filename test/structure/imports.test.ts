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

/**
 * The one cycle left, stated: an analysis sends chunks to a back end through the job
 * runner (jobs/jobs.ts, jobs/backends.ts), and the in-process back end runs them with
 * the chunk executor (jobs/chunks.ts), which dispatches to the analyses' kernels.
 */
const KNOWN_CYCLE = [
  "src/analysis/advise.ts",
  "src/analysis/backtest.ts",
  "src/analysis/headline.ts",
  "src/analysis/montecarlo.ts",
  "src/jobs/backends.ts",
  "src/jobs/chunks.ts",
  "src/jobs/jobs.ts",
];

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

  it("has no import cycles but the job runner's, stated above", () => {
    expect(importCycles(graph)).toEqual([KNOWN_CYCLE]);
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
  });
});
