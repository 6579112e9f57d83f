import { describe, expect, it } from "vitest";
import type { Scenario } from "../../src/scenario/schema.js";
import { runScenario } from "../../src/run.js";
import { weightedMedian, weightedMean } from "../../src/models/weights.js";

function oneIssue(rows: [string, number, number, number][], referencePoint?: number): Scenario {
  return {
    entente: 1,
    metadata: { title: "t" },
    actors: rows.map(([id, c]) => ({ id, name: id, capability: c })),
    issues: [
      {
        id: "x",
        name: "X",
        scale: { low: 0, high: 100 },
        ...(referencePoint !== undefined ? { referencePoint } : {}),
      },
    ],
    stances: rows.map(([id, , x, s]) => ({ actor: id, issue: "x", position: x, salience: s })),
  };
}
const forecast = (s: Scenario, model: string) =>
  runScenario(s, { models: [model] }).runs[0].issues[0];

describe("baseline models (models.md §1)", () => {
  const s = oneIssue(
    [
      ["a", 10, 0, 100],
      ["b", 20, 50, 50],
      ["c", 30, 100, 20],
    ],
    40,
  );

  it("status quo is the reference point, or no forecast without one", () => {
    expect(forecast(s, "status-quo").forecast).toBe(40);
    const none = forecast(oneIssue([["a", 1, 10, 50]]), "status-quo");
    expect(none.forecast).toBeNull();
    expect(none.note).toMatch(/no reference point/);
  });

  it("compromise is the capability × salience weighted mean (hand-computed)", () => {
    // weights 10, 10, 6: (0·10 + 50·10 + 100·6) / 26
    expect(forecast(s, "compromise").forecast).toBeCloseTo(1100 / 26, 10); // capabilities reach the models as shares to 12 digits
  });

  it("weighted median: the first position where the cumulative weight reaches half", () => {
    // weights 10, 10, 6, total 26, half 13: cumulative 10 at 0, 20 at 50 → 50
    expect(forecast(s, "weighted-median").forecast).toBe(50);
  });

  it("weighted median: an exact half at a boundary takes the lower position; equal positions pool", () => {
    expect(weightedMedian([10, 20], [1, 1])).toBe(10);
    expect(weightedMedian([10, 20, 20], [2, 1, 1])).toBe(10);
    expect(weightedMedian([10, 20, 20], [1.9, 1, 1])).toBe(20);
    expect(weightedMedian([30, 10, 20], [0.8, 0.2, 1.0])).toBe(20);
  });

  it("strongest actor: the largest capability × salience; ties take the mean", () => {
    const strongest = forecast(
      oneIssue([
        ["a", 10, 0, 100],
        ["b", 20, 50, 40],
        ["c", 30, 100, 20],
      ]),
      "strongest-actor",
    );
    expect(strongest.forecast).toBe(0);
    expect(strongest.strongest).toEqual(["a"]);
    const tie = forecast(
      oneIssue([
        ["a", 1, 20, 50],
        ["b", 1, 60, 50],
        ["c", 0.5, 100, 50],
      ]),
      "strongest-actor",
    );
    expect(tie.forecast).toBe(40);
    expect(tie.note).toMatch(/tie/);
  });

  it("no weight: a stated no-forecast, never NaN", () => {
    const zero = oneIssue([
      ["a", 0, 20, 50],
      ["b", 3, 60, 0],
    ]);
    for (const model of ["compromise", "weighted-median", "strongest-actor", "expected-utility"]) {
      const r = forecast(zero, model);
      expect(r.forecast, model).toBeNull();
      expect(r.note, model).toMatch(/no actor has weight/);
    }
    expect(Number.isNaN(weightedMean([1], [0]))).toBe(true);
  });

  it("an issue nobody holds a stance on gets a note", () => {
    const sc = oneIssue([["a", 1, 20, 50]]);
    sc.issues.push({ id: "y", name: "Y", scale: { low: 0, high: 1 } });
    const run = runScenario(sc, { models: ["compromise"] }).runs[0];
    expect(run.issues[1]).toEqual({
      issue: "y",
      forecast: null,
      note: "no actor holds a stance on this issue",
    });
  });
});
