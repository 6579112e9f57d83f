/**
 * Sensitivity (src/analysis/sensitivity.ts): one-at-a-time swings and Sobol'
 * indices, checked on the compromise model (a weighted mean), whose answers are
 * known in closed form, and on the flagship.
 */
import { describe, expect, it } from "vitest";
import { groupInputs, parseSwing, sobolIndices, tornado } from "../../src/analysis/sensitivity.js";
import { buildInputModel, scenarioNoise } from "../../src/analysis/montecarlo-core.js";
import { validateScenario } from "../../src/scenario/validate.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { loadScenario } from "../../src/scenario/formats.js";
import { InputError } from "../../src/scenario/problems.js";
import { repoFile } from "../support/fixtures.js";

/** Three actors on one issue: capability c, salience s, position x. */
function linear(stanceUncertainty: Record<string, object> = {}): Scenario {
  const actors = [
    { id: "big", capability: 60, position: 20, salience: 50 },
    { id: "mid", capability: 30, position: 70, salience: 100 },
    { id: "small", capability: 10, position: 60, salience: 50 },
  ];
  const r = validateScenario({
    entente: 1,
    metadata: { title: "linear" },
    actors: actors.map((a) => ({ id: a.id, name: a.id, capability: a.capability })),
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 }, referencePoint: 50 }],
    stances: actors.map((a) => ({
      actor: a.id,
      issue: "x",
      position: a.position,
      salience: a.salience,
      ...(stanceUncertainty[a.id] ? { uncertainty: stanceUncertainty[a.id] } : {}),
    })),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

// Powers c·s: big 3000, mid 3000, small 500; total 6500.
const W = { big: 3000, mid: 3000, small: 500 };
const TOTAL = 6500;

describe("one at a time", () => {
  it("position swings of ±10% of the scale move the weighted mean by 20 · w_i / W, ranked by power", () => {
    const t = tornado(linear(), { models: ["compromise"] });
    expect(t.inputs).toBe(9);
    const [only] = t.tornadoes;
    expect(only.baseline!).toBeCloseTo((3000 * 20 + 3000 * 70 + 500 * 60) / TOTAL, 10); // shares to 12 digits
    for (const actor of ["big", "mid", "small"] as const) {
      const bar = only.bars.find((b) => b.input === `${actor} position on x`)!;
      expect(bar.range).toBeCloseTo((20 * W[actor]) / TOTAL, 9);
      expect(bar.high - bar.low).toBeCloseTo(20, 12);
      expect(bar.forecastHigh! - bar.forecastLow!).toBeCloseTo((20 * W[actor]) / TOTAL, 9);
    }
    // Sorted by range, largest first.
    const ranges = only.bars.map((b) => b.range);
    expect([...ranges].sort((a, b) => b - a)).toEqual(ranges);
    expect(t.swing).toMatch(/± 10% of the issue's scale/);
  });

  it("swings are clipped to where an input can lie, and --swing uncertainty uses the 5% and 95% quantiles", () => {
    const t = tornado(linear(), { models: ["compromise"], swing: { percent: 20 } });
    const mid = t.tornadoes[0].bars.find((b) => b.input === "mid salience on x")!;
    expect([mid.low, mid.high]).toEqual([80, 100]);
    const u = tornado(linear({ big: { position: { low: 10, high: 30 } } }), {
      models: ["compromise"],
      swing: "uncertainty",
    });
    const big = u.tornadoes[0].bars.find((b) => b.input === "big position on x")!;
    expect(big.low).toBeCloseTo(11, 12);
    expect(big.high).toBeCloseTo(29, 12);
    const capability = u.tornadoes[0].bars.find((b) => b.input === "big capability")!;
    // Default noise: sd 10% of 60 = 6, so ± 1.645 · 6.
    expect(capability.high - capability.low).toBeCloseTo(2 * 1.6448536 * 6, 5);
    expect(u.swing).toMatch(/5% to its 95% quantile/);
  });

  it("parses --swing", () => {
    expect(parseSwing("10")).toEqual({ percent: 10 });
    expect(parseSwing("2.5%")).toEqual({ percent: 2.5 });
    expect(parseSwing("uncertainty")).toBe("uncertainty");
    expect(() => parseSwing("0")).toThrow(InputError);
    expect(() => parseSwing("lots")).toThrow(/percentage above 0/);
  });

  it("on the flagship, the expected-utility forecast on US sanctions moves most with Trump and Putin", async () => {
    const s = await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml"));
    const t = tornado(s, { models: ["expected-utility"], issues: ["us-sanctions"] });
    expect(t.tornadoes).toHaveLength(1);
    const top = t.tornadoes[0].bars.slice(0, 2).map((b) => b.input);
    expect(top).toEqual(["trump position on us-sanctions", "putin salience on us-sanctions"]);
    // Only stances on the issue and capabilities can move a one-issue model.
    for (const b of t.tornadoes[0].bars)
      expect(b.issue === undefined || b.issue === "us-sanctions").toBe(true);
    expect(() => tornado(s, { issues: ["nope"] })).toThrow(/unknown issue 'nope'/);
  });
});

describe("Sobol' indices", () => {
  it("for a weighted mean with noisy positions: S_i = ST_i = w_i² σ_i² / Σ w_j² σ_j²", async () => {
    // Standard deviations small enough that clipping to the scale (beyond 3σ) does not matter.
    const s = linear({
      big: { position: { sd: 5 } },
      mid: { position: { sd: 5 } },
      small: { position: { sd: 12 } },
    });
    const result = await sobolIndices(s, {
      models: ["compromise"],
      draws: 4000,
      seed: 8,
      workers: 1,
      noise: { positionNoise: 0, salienceNoise: 0, capabilityNoise: 0 },
    });
    const v = { big: 3000 ** 2 * 25, mid: 3000 ** 2 * 25, small: 500 ** 2 * 144 };
    const sum = v.big + v.mid + v.small;
    const [table] = result.tables;
    expect(table.variance!).toBeCloseTo(sum / TOTAL ** 2, 0);
    for (const actor of ["big", "mid", "small"] as const) {
      const index = table.indices.find((i) => i.group === actor)!;
      expect(index.first).toBeCloseTo(v[actor] / sum, 1);
      expect(index.total).toBeCloseTo(v[actor] / sum, 1);
    }
    expect(result.groups.map((g) => g.name)).toEqual(["big", "mid", "small"]);
    expect(result.estimator).toMatch(/Saltelli/);
  });

  it("is reproducible across worker counts", async () => {
    const s = await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml"));
    const request = {
      models: ["expected-utility"],
      draws: 24,
      seed: 3,
      issues: ["us-sanctions"],
      groupBy: "kind" as const,
    };
    const one = await sobolIndices(s, { ...request, workers: 1 });
    const two = await sobolIndices(s, { ...request, workers: 2, chunkSize: 5 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.groups.map((g) => g.name)).toEqual(["capabilities", "positions", "saliences"]);
  });

  it("groups inputs per actor, per input or per kind, leaving out numbers that do not vary", () => {
    const s = linear();
    const inputs = buildInputModel(s, { ...scenarioNoise(s), capabilityNoise: 0 }).inputs;
    expect(groupInputs(inputs, "actor").map((g) => [g.name, g.inputs.length])).toEqual([
      ["big", 2],
      ["mid", 2],
      ["small", 2],
    ]);
    expect(groupInputs(inputs, "input")).toHaveLength(6);
    expect(groupInputs(inputs, "kind").map((g) => g.name)).toEqual(["positions", "saliences"]);
  });

  it("rejects too few draws", async () => {
    await expect(sobolIndices(linear(), { draws: 1, seed: 1 })).rejects.toThrow(/at least 2 draws/);
  });
});
