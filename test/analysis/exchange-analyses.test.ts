/**
 * The exchange model in the analyses: Monte Carlo (the same seed gives the same
 * forecasts with 1 worker, 2 workers and any chunking: its tie-break seed is an
 * option, so every draw is one deterministic run), the tornado and what-ifs.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/analysis/montecarlo.js";
import { tornado } from "../../src/analysis/sensitivity.js";
import { applyChange } from "../../src/scenario/what-ifs.js";
import { runScenario } from "../../src/run.js";
import type { Scenario } from "../../src/scenario/schema.js";

const three: Scenario = {
  entente: 1,
  metadata: { title: "three actors, two issues" },
  actors: [
    { id: "nl", name: "the Netherlands", capability: 0.5 },
    { id: "de", name: "Germany", capability: 1 },
    { id: "be", name: "Belgium", capability: 0.3 },
  ],
  issues: [
    { id: "emissions", name: "Emissions", scale: { low: 0, high: 100 } },
    { id: "budget", name: "Budget", scale: { low: 0, high: 10 } },
  ],
  stances: [
    { actor: "nl", issue: "emissions", position: 10, salience: 20 },
    { actor: "nl", issue: "budget", position: 2, salience: 80 },
    { actor: "de", issue: "emissions", position: 90, salience: 70 },
    { actor: "de", issue: "budget", position: 6, salience: 40 },
    { actor: "be", issue: "emissions", position: 60, salience: 50 },
    { actor: "be", issue: "budget", position: 9, salience: 30 },
  ],
};

describe("exchange model in the analyses", () => {
  it("Monte Carlo: identical forecasts with 1 and 2 workers for the same seed", async () => {
    const request = { draws: 12, seed: 5, models: ["exchange"], modelOptions: {} };
    const one = await simulate(three, { ...request, workers: 1 });
    const two = await simulate(three, { ...request, workers: 2, chunkSize: 5 });
    expect(Buffer.from(two.forecasts.buffer).equals(Buffer.from(one.forecasts.buffer))).toBe(true);
    expect(one.forecasts.some((x) => Number.isNaN(x))).toBe(false);
    const point = runScenario(three, { models: ["exchange"] }).runs[0].issues[0].forecast;
    expect(one.result.summaries[0].point).toBe(point);
  });

  it("tornado and what-ifs run the multi-issue model", () => {
    const t = tornado(three, { models: ["exchange"] });
    expect(t.models.map((m) => m.id)).toEqual(["exchange"]);
    expect(t.tornadoes).toHaveLength(2); // one per issue
    expect(t.inputs).toBeGreaterThan(0);
    const weaker = applyChange(three, { op: "scale", actor: "de", field: "capability", by: 0.5 });
    const a = runScenario(three, { models: ["exchange"] }).runs[0].issues[1].forecast!;
    const b = runScenario(weaker, { models: ["exchange"] }).runs[0].issues[1].forecast!;
    expect(b).not.toBe(a);
  });
});
