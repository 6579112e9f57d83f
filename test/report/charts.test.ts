/**
 * The command line's SVG charts (src/report/charts.ts): each file is an image with a
 * title and a text alternative that names the issues, and the forecast intervals of
 * issues on different scales get an axis each (not one "% of scale" axis).
 */
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/index.js";
import { simulate } from "../../src/analysis/montecarlo.js";
import { withFourPointIssue } from "../support/mixed-scales.js";
import {
  forecastHistogramChart,
  forecastIntervalsChart,
  leverChart,
  stackCharts,
} from "../../src/report/charts.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);
const mixed = withFourPointIssue(flagship);
const sim = await simulate(mixed, { draws: 40, seed: 1, models: ["compromise"], workers: 1 });

interface El {
  tagName: string;
  textContent: string;
  children: El[];
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): El[];
}
const parse = (svg: string) => {
  const { document } = parseHTML(svg.replace(/^<\?xml[^>]*>\s*/, ""));
  return (document as unknown as { documentElement: El }).documentElement;
};

describe("CLI chart files", () => {
  it("are images named by a <title> and described by a <desc> that names the issues", () => {
    const svg = parse(
      stackCharts([forecastIntervalsChart(sim.result, "compromise")], "Flagship: Monte Carlo"),
    );
    expect(svg.tagName.toLowerCase()).toBe("svg");
    expect(svg.getAttribute("role")).toBe("img");
    const [title, desc] = svg.children;
    expect(title.tagName.toLowerCase()).toBe("title");
    expect(desc.tagName.toLowerCase()).toBe("desc");
    expect(svg.getAttribute("aria-labelledby")).toBe(
      `${title.getAttribute("id")} ${desc.getAttribute("id")}`,
    );
    expect(title.textContent).toBe("Flagship: Monte Carlo");
    const sanctions = sim.result.summaries.find((s) => s.issue === "us-sanctions")!;
    expect(desc.textContent).toContain(
      `US sanctions on Russia over Ukraine and Crimea (scale 0–100): median ${sanctions.median!.toFixed(1)}, 90% interval ${sanctions.interval90![0].toFixed(1)}–`,
    );
    expect(desc.textContent).toMatch(/US position on Crimea \(scale 0–4\): median \d\.\d\d/);
    expect(desc.textContent).not.toMatch(/\bcrimea-status\b/);
  });

  it("give issues on different scales an axis each", () => {
    const part = forecastIntervalsChart(sim.result, "compromise");
    const svg = parse(part.svg);
    const panels = svg.children.filter((c) => c.tagName.toLowerCase() === "svg");
    expect(panels).toHaveLength(2);
    const axis = (p: El) =>
      p
        .querySelectorAll("text")
        .map((t) => t.textContent.replace(/ →$/, ""))
        .filter((t) => t.startsWith("forecast ("));
    expect(panels.map(axis)).toEqual([["forecast (scale 0–100)"], ["forecast (scale 0–4)"]]);
    expect(part.height).toBe(panels.reduce((s, p) => s + Number(p.getAttribute("height")), 0));
    expect(part.svg).not.toContain("% of the issue's scale");
  });

  it("describe a histogram and a lever chart in words", () => {
    const hist = forecastHistogramChart(sim, "crimea-status");
    expect(hist.desc).toMatch(
      /^Share of 40 draws per forecast on the scale 0–4\. compromise: median/,
    );
    const levers = leverChart("US sanctions", [{ actor: "Vladimir Putin", effect: 2.5 }], "Putin");
    expect(levers.desc).toBe("Vladimir Putin 2.5.");
    const file = parse(stackCharts([levers]));
    expect(file.children[0].textContent).toBe(levers.title);
    expect(file.children[1].textContent).toBe(`${levers.title}: Vladimir Putin 2.5.`);
  });
});
