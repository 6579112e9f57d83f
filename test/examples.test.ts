/** Every example and the flagship run with every default model, without error or NaN. */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../src/scenario/formats.js";
import { runScenario } from "../src/run.js";
import { repoFile } from "./support/fixtures.js";

const files = [
  ...readdirSync(repoFile("examples")).map((f) => `examples/${f}`),
  ...readdirSync(repoFile("scenarios")).map((f) => `scenarios/${f}`),
];

describe("examples and scenarios", () => {
  it("there are examples for every bundled stakeholder table", () => {
    expect(files.filter((f) => f.startsWith("examples/")).length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)("%s runs with every default model", async (file) => {
    const scenario = await loadScenario(repoFile(file));
    const result = runScenario(scenario);
    for (const run of result.runs)
      for (const issue of run.issues) {
        if (issue.forecast === null) expect(issue.note, `${run.model} ${issue.issue}`).toBeTruthy();
        else expect(Number.isFinite(issue.forecast), `${run.model} ${issue.issue}`).toBe(true);
      }
  });
});
