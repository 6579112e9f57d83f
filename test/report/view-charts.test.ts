/**
 * The charts' text and structure (src/report/view-charts.ts, src/report/chart-text.ts):
 * each is an image with a title and a text alternative named by aria-labelledby, with
 * names and not ids; charts of several series carry a legend; axes on an issue's scale
 * say its ends and their labels; issues on different scales get an axis each; the
 * effective-power bars carry their actors' names.
 */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario, type Scenario } from "../../src/index.js";
import {
  challengeMap,
  compareRuns,
  forecastTable,
  powerByPosition,
  trajectory,
  type DistributionView,
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
import { scaleAxisLabel } from "../../src/report/chart-text.js";
import { withFourPointIssue } from "../support/mixed-scales.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);
const view = (scenario: Scenario, request = {}): RunView => ({
  snapshot: scenario,
  result: { runs: runScenario(scenario, request).runs },
});
const { document } = parseHTML("<!doctype html><html><body></body></html>");
const names = flagship.actors.map((a) => a.name);

/** linkedom's elements, typed as far as the tests read them. */
interface El {
  tagName: string;
  outerHTML: string;
  textContent: string;
  children: El[];
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): El[];
}
const el = (chart: unknown) => chart as El;
/** The chart's texts, without the arrows Plot adds to axis labels. */
const texts = (chart: El) =>
  [...chart.querySelectorAll("text")].map((t) => t.textContent.replace(/^[↑↓] | [→←]$/g, ""));

const distributionView: DistributionView = {
  issue: "us-sanctions",
  issueName: "US sanctions on Russia",
  scale: { low: 0, high: 100 },
  referencePoint: 50,
  draws: 200,
  bins: [
    { model: "compromise", x1: 40, x2: 50, share: 60 },
    { model: "compromise", x1: 50, x2: 60, share: 40 },
    { model: "smp", x1: 60, x2: 70, share: 100 },
  ],
  summaries: [
    {
      model: "compromise",
      issue: "us-sanctions",
      point: 47,
      median: 48,
      interval50: [45, 51],
      interval90: [41, 56],
      mean: 48,
      sd: 3,
      draws: 200,
      noForecast: 0,
    },
    {
      model: "smp",
      issue: "us-sanctions",
      point: 62,
      median: 63,
      interval50: [61, 65],
      interval90: [60, 69],
      mean: 63,
      sd: 2,
      draws: 200,
      noForecast: 0,
    },
  ],
};

describe("chart text alternatives", () => {
  const v = view(flagship, { models: ["compromise", "expected-utility"], rounds: 4 });
  const b = view(
    {
      ...flagship,
      stances: flagship.stances.map((s, i) => (i === 0 ? { ...s, position: 80 } : s)),
    },
    { models: ["compromise", "expected-utility"], rounds: 4 },
  );
  const charts: Record<string, El> = {
    forecasts: el(forecastChart(forecastTable(v), { document })),
    trajectory: el(
      trajectoryChart(trajectory(v, "expected-utility", "crimea-status")!, names, { document }),
    ),
    power: el(powerChart(powerByPosition(flagship, "us-sanctions")!, names, { document })),
    challenge: el(
      challengeMapChart(challengeMap(v, "crimea-status", "trump")!, names, { document }),
    ),
    comparison: el(comparisonChart(compareRuns(v, b), { document })),
    distribution: el(distributionChart(distributionView, { document })),
  };

  for (const [name, chart] of Object.entries(charts))
    it(`${name}: role img, a <title> and a <desc> first, named by aria-labelledby`, () => {
      expect(chart.tagName.toLowerCase()).toBe("svg");
      expect(chart.getAttribute("role")).toBe("img");
      const [title, desc] = chart.children;
      expect(title.tagName.toLowerCase()).toBe("title");
      expect(desc.tagName.toLowerCase()).toBe("desc");
      expect(title.textContent.length).toBeGreaterThan(10);
      expect(desc.textContent.length).toBeGreaterThan(30);
      expect(chart.getAttribute("aria-labelledby")).toBe(
        `${title.getAttribute("id")} ${desc.getAttribute("id")}`,
      );
      // Names, not ids, in the description.
      expect(desc.textContent).not.toMatch(/\b(us-sanctions|crimea-status|gop-congress)\b/);
      // No names on the marks' groups: ARIA does not allow them on a plain <g>.
      expect(chart.querySelectorAll("[aria-label]").length).toBe(0);
    });

  it("ids differ between charts", () => {
    const ids = Object.values(charts).map((c) => c.children[0].getAttribute("id"));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("the forecasts' description gives every model's forecast per issue, by name", () => {
    const desc = charts.forecasts.children[1].textContent;
    const table = forecastTable(v);
    const sanctions = table.rows.find((r) => r.issue === "us-sanctions")!;
    expect(desc).toContain(
      `US sanctions on Russia over Ukraine and Crimea (scale 0–100): compromise ${sanctions.forecasts.compromise!.toFixed(1)}, expected-utility ${sanctions.forecasts["expected-utility"]!.toFixed(1)}; reference point 50.0.`,
    );
  });

  it("the trajectory's description names the final positions and the forecast's path", () => {
    const desc = charts.trajectory.children[1].textContent;
    expect(desc).toMatch(/The forecast moves from \d+\.\d \(round 0\) to \d+\.\d \(round 4\)/);
    expect(desc).toContain("Donald Trump and the incoming administration");
  });

  it("the challenge map's description groups the actors by quadrant", () => {
    expect(charts.challenge.children[1].textContent).toMatch(
      /Challenge|challenging .* (conflict|prevails|gives ground|status quo)/,
    );
  });

  it("the Monte Carlo distribution has a legend: each model's bars, median, interval, point forecast, reference point", () => {
    const t = texts(charts.distribution);
    for (const entry of [
      "compromise: share of draws",
      "smp: share of draws",
      "median",
      "90% interval",
      "forecast on the point estimates",
      "reference point (dashed)",
    ])
      expect(t).toContain(entry);
    // Once, not in every model's row.
    expect(t.filter((x) => x === "median")).toHaveLength(1);
    expect(charts.distribution.children[1].textContent).toContain(
      "compromise: median 48.0, 90% interval 41.0–56.0, point forecast 47.0; smp: median 63.0",
    );
    expect(t.some((x) => x.includes("(scale 0–100)"))).toBe(true);
  });

  it("the comparison has a legend for its two runs and the direction of change", () => {
    const t = texts(charts.comparison);
    for (const entry of ["run A", "run B", "B above A", "B below A"]) expect(t).toContain(entry);
  });

  it("the effective-power bars carry their actors' names (rotated along the bar)", () => {
    const power = powerByPosition(flagship, "us-sanctions")!;
    const biggest = [...power.rows].sort((a, b) => b.share - a.share)[0];
    const onBars = [...charts.power.querySelectorAll("text")]
      .filter((t) => /rotate\(-90\)/.test(t.getAttribute("transform") ?? ""))
      .map((t) => t.textContent)
      .filter((x) => x !== "");
    expect(onBars.length).toBeGreaterThan(0);
    expect(onBars.some((x) => biggest.name.startsWith(x.replace(/…$/, "")))).toBe(true);
    // The legend lists every actor as well.
    for (const r of power.rows)
      expect(texts(charts.power).some((x) => r.name.startsWith(x.replace(/…$/, "")))).toBe(true);
  });

  it("axes on an issue's scale give its ends and what they mean", () => {
    const crimea = flagship.issues.find((i) => i.id === "crimea-status")!;
    expect(texts(charts.trajectory)).toContain(
      scaleAxisLabel("position", crimea.scale, crimea.anchors),
    );
    expect(scaleAxisLabel("position", crimea.scale, crimea.anchors)).toBe(
      "position (scale 0–100; 0: formal US recognition of Cr…, 100: non-recognition reaffirmed…)",
    );
    expect(scaleAxisLabel("forecast", { low: 0, high: 4 })).toBe("forecast (scale 0–4)");
  });
});

describe("issues on different scales", () => {
  const mixed = withFourPointIssue(flagship);

  it("get an axis each in the forecast chart, none shared", () => {
    const chart = el(
      forecastChart(forecastTable(view(mixed, { models: ["compromise"] })), { document }),
    );
    const panels = chart.children.filter((c) => c.tagName.toLowerCase() === "svg");
    expect(panels).toHaveLength(2);
    const labels = panels.map((p) => texts(p).filter((t) => t.startsWith("forecast (scale")));
    expect(labels).toEqual([["forecast (scale 0–100)"], ["forecast (scale 0–4)"]]);
    // The 0–4 panel holds the Crimea issue only, the other panel every other issue.
    expect(texts(panels[1])).toContain("US position on Crimea");
    expect(texts(panels[0])).not.toContain("US position on Crimea");
    // The legend is drawn once, and every panel has its own size (Plot's height: auto would fill the whole).
    expect(texts(chart).filter((t) => t === "reference point")).toHaveLength(1);
    for (const p of panels) expect(p.getAttribute("style")).toMatch(/height:\d+px/);
    expect(Number(chart.getAttribute("height"))).toBe(
      panels.reduce((s, p) => s + Number(p.getAttribute("height")), 0),
    );
    expect(chart.getAttribute("role")).toBe("img");
  });

  it("one scale: one panel", () => {
    const chart = el(
      forecastChart(forecastTable(view(flagship, { models: ["compromise"] })), { document }),
    );
    expect(chart.children.filter((c) => c.tagName.toLowerCase() === "svg")).toHaveLength(0);
    expect(texts(chart)).toContain("forecast (scale 0–100)");
  });
});
