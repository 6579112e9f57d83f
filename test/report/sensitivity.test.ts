/** The sensitivity summary: ranking across models, swings, collapsed issues. */
import { describe, expect, it } from "vitest";
import type { TornadoBar, TornadoResult } from "../../src/analysis/sensitivity.js";
import { scenarioLabels } from "../../src/report/format.js";
import { inputName, renderSensitivitySummary } from "../../src/report/sensitivity.js";

const labels = scenarioLabels({
  actors: [
    { id: "a", name: "Alpha and the allied parties of the east" },
    { id: "b", name: "Brussels" },
  ],
  issues: [
    { id: "x", name: "Fare in euros", scale: { low: 0, high: 4 } },
    { id: "y", name: "Opening hours", scale: { low: 0, high: 100 } },
    { id: "z", name: "Zoning", scale: { low: 0, high: 100 } },
  ],
});

const bar = (over: Partial<TornadoBar>): TornadoBar => ({
  input: "a capability",
  kind: "capability",
  actor: "a",
  point: 10,
  low: 9,
  high: 11,
  forecastLow: 1,
  forecastHigh: 1,
  range: 0,
  ...over,
});

const result: TornadoResult = {
  entente: "test",
  analysis: "one-at-a-time",
  scenario: "t",
  swing: "± 10%",
  models: [{ id: "m1" }, { id: "m2" }, { id: "still" }] as TornadoResult["models"],
  issues: [
    { id: "x", name: "Fare in euros", scale: { low: 0, high: 4 }, referencePoint: null },
    { id: "y", name: "Opening hours", scale: { low: 0, high: 100 }, referencePoint: null },
    { id: "z", name: "Zoning", scale: { low: 0, high: 100 }, referencePoint: null },
  ],
  inputs: 3,
  tornadoes: [
    {
      model: "m1",
      issue: "x",
      baseline: 2,
      bars: [
        bar({ forecastLow: 2.1, forecastHigh: 1.9, range: 0.2 }),
        bar({
          input: "b salience on x",
          kind: "salience",
          actor: "b",
          issue: "x",
          forecastLow: 2,
          forecastHigh: 2.05,
          range: 0.05,
        }),
      ],
    },
    {
      model: "m2",
      issue: "x",
      baseline: 3,
      bars: [
        bar({
          input: "b salience on x",
          kind: "salience",
          actor: "b",
          issue: "x",
          forecastLow: 2.5,
          forecastHigh: 3.5,
          range: 1,
        }),
      ],
    },
    { model: "still", issue: "x", baseline: 2, bars: [] },
    { model: "m1", issue: "y", baseline: 50, bars: [] },
    { model: "m2", issue: "y", baseline: 50, bars: [] },
    { model: "still", issue: "y", baseline: 50, bars: [] },
    { model: "m1", issue: "z", baseline: 50, bars: [] },
    { model: "m2", issue: "z", baseline: 50, bars: [] },
    { model: "still", issue: "z", baseline: 50, bars: [] },
  ],
};

describe("renderSensitivitySummary", () => {
  const text = renderSensitivitySummary(result, labels, 5);
  it("ranks inputs by their largest swing over the models, with each model's signed swing", () => {
    const rows = text.split("\n").filter((l) => l.startsWith("│ ") && !l.includes("input"));
    expect(rows[0]).toMatch(/^│ Brussels' salience on Fare in euros │ .* │ \+0\.05 +│ \+1\.00 +│$/);
    expect(rows[1]).toMatch(
      /^│ Alpha and the allied…'s capability +│ 9\.0 → 11\.0 +│ −0\.20 +│ ±0 +│$/,
    );
    expect(text).not.toMatch(/│ still/); // a model nothing moves gets no column…
    expect(text).toMatch(/^No input moves still on any issue\.$/m); // …but one line
  });
  it("collapses the issues where nothing moves into one line", () => {
    expect(text).toMatch(/^No input moves any forecast on: Opening hours, Zoning\.$/m);
    expect(text.match(/ — baseline: /g)).toHaveLength(1);
  });
  it("names inputs by the actor's and the issue's short names", () => {
    expect(inputName({ kind: "position", actor: "a", issue: "y" }, labels)).toBe(
      "Alpha and the allied…'s position on Opening hours",
    );
  });
});
