/** The figures behind the workbench's tables and charts (src/report/views.ts, src/report/view-charts.ts). */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario, type Scenario } from "../../src/index.js";
import {
  challengeMap,
  compareRuns,
  dynamicModels,
  forecastTable,
  inputChanges,
  nearestAnchor,
  powerByPosition,
  toCsv,
  trajectory,
  type RunView,
} from "../../src/report/views.js";
import {
  challengeMapChart,
  comparisonChart,
  distributionChart,
  forecastChart,
  powerChart,
  trajectoryChart,
} from "../../src/report/view-charts.js";
import type { ExpectedUtilityMove } from "../../src/models/expected-utility.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);
const view = (scenario: Scenario, request = {}): RunView => ({
  snapshot: scenario,
  result: { runs: runScenario(scenario, request).runs },
});

describe("challenge map", () => {
  // The model records the two expected utilities of the offer each actor took; the
  // map recomputes them for every pair, and must agree with every recorded move.
  for (const options of [
    {},
    { probability: "textbook", perspective: "each", statusQuoProbability: 0.8 },
    { compromiseChoice: "smallest-move", statusQuoProbability: 0.5 },
  ]) {
    it(`reproduces every recorded move's expected utilities (${JSON.stringify(options)})`, () => {
      const v = view(flagship, {
        models: ["expected-utility"],
        options: { "expected-utility": options },
      });
      let checked = 0;
      for (const issue of v.result.runs[0].issues)
        for (const round of issue.rounds ?? [])
          for (const move of round.moves as ExpectedUtilityMove[]) {
            const map = challengeMap(v, issue.issue, move.actor, round.round)!;
            const point = map.points.find((p) => p.actor === move.with)!;
            expect(point.eu).toBeCloseTo(move.eu, 12);
            expect(point.otherEu).toBeCloseTo(move.otherEu, 12);
            checked++;
          }
      expect(checked).toBeGreaterThan(100);
    });
  }

  it("places each other actor in its quadrant and leaves out actors at the same position", () => {
    const v = view(flagship, { models: ["expected-utility"] });
    const map = challengeMap(v, "us-sanctions", "gop-congress", 1)!;
    expect(map.points.map((p) => p.actor)).not.toContain("gop-congress");
    for (const p of map.points)
      expect(p.quadrant).toBe(
        p.eu > 0
          ? p.otherEu > 0
            ? "conflict"
            : "prevails"
          : p.otherEu > 0
            ? "gives-ground"
            : "status-quo",
      );
    expect(challengeMap(v, "us-sanctions", "assad", 1)).toBeNull();
    expect(challengeMap(v, "us-sanctions", "trump", 99)).toBeNull();
  });
});

describe("forecast table, trajectories, power", () => {
  const v = view(flagship, {
    models: ["status-quo", "weighted-median", "expected-utility"],
    rounds: 5,
  });

  it("puts each model's forecast beside the reference point, with the nearest anchor label", () => {
    const t = forecastTable(v);
    expect(t.models).toEqual(["status-quo", "weighted-median", "expected-utility"]);
    expect(t.rows).toHaveLength(9);
    const sanctions = t.rows.find((r) => r.issue === "us-sanctions")!;
    expect(sanctions.referencePoint).toBe(50);
    expect(sanctions.referenceLabel).toBe("kept at the 2016 level by executive order");
    expect(sanctions.forecasts["status-quo"]).toBe(50);
    expect(nearestAnchor(flagship.issues[0], 60)).toBeNull();
    expect(nearestAnchor(flagship.issues[0], 97)).toMatch(/widened/);
  });

  it("starts trajectories at the scenario's positions and ends them at the forecast", () => {
    expect(dynamicModels(v)).toEqual(["expected-utility"]);
    const t = trajectory(v, "expected-utility", "us-sanctions")!;
    const start = t.points.filter((p) => p.round === 0);
    expect(start.find((p) => p.actor === "trump")!.position).toBe(20);
    expect(start).toHaveLength(flagship.stances.filter((s) => s.issue === "us-sanctions").length);
    expect(t.forecast[t.forecast.length - 1].value).toBe(v.result.runs[2].issues[0].forecast);
    expect(trajectory(v, "weighted-median", "us-sanctions")).toBeNull();
  });

  it("shares effective power out to 100% and finds the weighted median", () => {
    const p = powerByPosition(flagship, "us-sanctions")!;
    expect(p.rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(100, 9);
    expect(p.rows.find((r) => r.actor === "putin")!.power).toBeCloseTo(80 * 0.9, 12);
    expect(p.weightedMedian).toBe(v.result.runs[1].issues[0].forecast);
  });
});

describe("comparing runs", () => {
  it("lists forecast changes and the inputs that changed", () => {
    const edited = structuredClone(flagship);
    edited.stances[0].position = 90;
    edited.actors[1].capability = 60;
    const a = view(flagship, { models: ["weighted-median", "compromise"] });
    const b = view(edited, { models: ["compromise", "expected-utility"] });
    const c = compareRuns(a, b);
    expect(new Set(c.rows.map((r) => r.model))).toEqual(new Set(["compromise"]));
    expect(c.rows.find((r) => r.issue === "us-sanctions")!.delta).toBeGreaterThan(0);
    expect(c.changes).toEqual([
      { what: "actor", id: "putin", field: "capability", a: 80, b: 60 },
      { what: "stance", id: "trump/us-sanctions", field: "position", a: 20, b: 90 },
    ]);
    expect(inputChanges(flagship, flagship)).toEqual([]);
  });
});

describe("CSV", () => {
  it("quotes what needs quoting and keeps formulas as text", () => {
    expect(toCsv([["a,b", 'say "hi"', 1.5, null, "=1+1", -2]])).toBe(
      '"a,b","say ""hi""",1.5,,\'=1+1,-2\r\n',
    );
  });
});

describe("charts", () => {
  it("draw every chart as one SVG on a server-side document", () => {
    const { document } = parseHTML("<!doctype html><html><body></body></html>");
    const v = view(flagship, { models: ["weighted-median", "expected-utility"], rounds: 4 });
    const names = flagship.actors.map((a) => a.name);
    const b = view(
      {
        ...flagship,
        stances: flagship.stances.map((s, i) => (i === 0 ? { ...s, position: 80 } : s)),
      },
      { models: ["weighted-median"] },
    );
    const charts = [
      forecastChart(forecastTable(v), { document }),
      trajectoryChart(trajectory(v, "expected-utility", "crimea-status")!, names, { document }),
      powerChart(powerByPosition(flagship, "crimea-status")!, names, { document }),
      challengeMapChart(challengeMap(v, "crimea-status", "trump")!, names, { document }),
      comparisonChart(compareRuns(v, b), { document }),
      distributionChart(
        {
          issue: "x",
          issueName: "X",
          scale: { low: 0, high: 100 },
          referencePoint: 50,
          draws: 10,
          bins: [{ model: "m", x1: 40, x2: 50, share: 100 }],
          summaries: [
            {
              model: "m",
              issue: "x",
              point: 45,
              median: 45,
              interval50: [42, 48],
              interval90: [40, 50],
              mean: 45,
              sd: 2,
              draws: 10,
              noForecast: 0,
            },
          ],
        },
        { document },
      ),
    ] as unknown as { tagName: string; outerHTML: string }[];
    for (const chart of charts) {
      expect(chart.tagName.toLowerCase()).toBe("svg");
      expect(chart.outerHTML.length).toBeGreaterThan(1000);
    }
    expect(charts[1].outerHTML).toContain("forecast");
    expect(charts[3].outerHTML).toContain("conflict: both expect to gain");
  });
});
