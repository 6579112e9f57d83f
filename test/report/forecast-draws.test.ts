/**
 * The forecast table and its CSV with a run's Monte Carlo draws: per model and issue,
 * the median and the 5–95 % interval beside the point forecast.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "../../src/index.js";
import { simulate } from "../../src/analysis/montecarlo.js";
import { forecastCsv, forecastTable, type RunView } from "../../src/report/views.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);
const models = ["compromise", "weighted-median"];
const plain: RunView = {
  snapshot: flagship,
  result: { runs: runScenario(flagship, { models }).runs },
};
const sim = await simulate(flagship, { models, draws: 200, seed: 7, workers: 1, inProcess: true });
const drawn: RunView = {
  ...plain,
  result: { ...plain.result, analyses: { montecarlo: { ...sim.result, histograms: [] } } },
};

describe("forecast table with Monte Carlo draws", () => {
  it("gives every model and issue the draws' median and 5–95 % interval", () => {
    const table = forecastTable(drawn);
    expect(table.draws).toBe(200);
    for (const row of table.rows)
      for (const model of models) {
        const summary = sim.result.summaries.find(
          (x) => x.model === model && x.issue === row.issue,
        )!;
        const d = row.drawn![model];
        expect(d.median).toBe(summary.median);
        expect(d.interval90).toEqual(summary.interval90);
        expect(d.draws + d.noForecast).toBe(200);
        // The interval brackets the median and lies on the scale.
        expect(d.interval90![0]).toBeLessThanOrEqual(d.median!);
        expect(d.interval90![1]).toBeGreaterThanOrEqual(d.median!);
        expect(d.interval90![0]).toBeGreaterThanOrEqual(row.scale.low);
        expect(d.interval90![1]).toBeLessThanOrEqual(row.scale.high);
      }
    // The draws spread the forecasts: some interval has width.
    expect(
      table.rows.some(
        (r) => r.drawn!.compromise.interval90![1] > r.drawn!.compromise.interval90![0],
      ),
    ).toBe(true);
  });

  it("has no draws' columns for a run without draws", () => {
    const table = forecastTable(plain);
    expect(table.draws).toBeNull();
    expect(table.rows.every((r) => r.drawn === undefined)).toBe(true);
    const header = forecastCsv(plain).split("\r\n")[0];
    expect(header).toBe("issue,name,reference_point,compromise,weighted-median");
  });

  it("writes the median and the 5 % and 95 % quantiles after each model's point in the CSV", () => {
    const lines = forecastCsv(drawn).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "issue,name,reference_point,compromise,compromise_median,compromise_q05,compromise_q95," +
        "weighted-median,weighted-median_median,weighted-median_q05,weighted-median_q95,draws",
    );
    expect(lines).toHaveLength(1 + flagship.issues.length);
    const issue = flagship.issues[0];
    const cells = lines[1].split(",");
    const s = sim.result.summaries.find((x) => x.model === "compromise" && x.issue === issue.id)!;
    expect(cells[0]).toBe(issue.id);
    expect(Number(cells[3])).toBe(s.point);
    expect(Number(cells[4])).toBe(s.median);
    expect(Number(cells[5])).toBe(s.interval90![0]);
    expect(Number(cells[6])).toBe(s.interval90![1]);
    expect(Number(cells.at(-1))).toBe(200);
  });
});
