/**
 * Monte Carlo (src/analysis/montecarlo.ts, montecarlo-core.ts, random.ts): the
 * generator, the distributions of uncertainty.ts, reproducibility across worker
 * counts, and interval coverage on synthetic scenarios whose truth is known.
 */
import { describe, expect, it } from "vitest";
import { drawRng, normalQuantile, sfc32, mix32 } from "../../src/analysis/random.js";
import {
  parseThreshold,
  quantileSorted,
  simulate,
  drawsCsv,
} from "../../src/analysis/montecarlo.js";
import { buildInputModel, sampleInto, scenarioNoise } from "../../src/analysis/montecarlo-core.js";
import { validateScenario } from "../../src/scenario/validate.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { loadScenario } from "../../src/scenario/formats.js";
import { runScenario } from "../../src/run.js";
import { InputError } from "../../src/scenario/problems.js";
import { repoFile } from "../support/fixtures.js";

const FLAGSHIP = repoFile("scenarios/us-russia-reset-2016.yaml");
const NO_NOISE = { positionNoise: 0, salienceNoise: 0, capabilityNoise: 0 };

/** A valid scenario from actors and stances on one issue `x` (0–100). */
function synthetic(
  actors: { id: string; capability: number; capabilityUncertainty?: object }[],
  stances: { actor: string; position: number; salience: number; uncertainty?: object }[],
  extra: Partial<Scenario> = {},
): Scenario {
  const result = validateScenario({
    entente: 1,
    metadata: { title: "synthetic" },
    actors: actors.map((a) => ({ name: a.id, ...a })),
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 }, referencePoint: 50 }],
    stances: stances.map((s) => ({ issue: "x", ...s })),
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

const column = (forecasts: Float64Array, width: number, k: number): number[] =>
  Array.from({ length: forecasts.length / width }, (_, d) => forecasts[d * width + k]);

const sortedCopy = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

describe("the generator", () => {
  it("depends on (seed, index, stream) only", () => {
    const take = (rng: () => number) => Array.from({ length: 5 }, rng);
    expect(take(drawRng(42, 7))).toEqual(take(drawRng(42, 7)));
    expect(take(drawRng(42, 7))).not.toEqual(take(drawRng(42, 8)));
    expect(take(drawRng(42, 7))).not.toEqual(take(drawRng(43, 7)));
    expect(take(drawRng(42, 7, 0))).not.toEqual(take(drawRng(42, 7, 1)));
    // Seeds above 2^32 use their high bits too.
    expect(take(drawRng(2 ** 40 + 1, 0))).not.toEqual(take(drawRng(1, 0)));
  });

  it("gives uniforms strictly inside (0, 1) with the right moments", () => {
    const rng = drawRng(1, 0);
    let sum = 0;
    let sq = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng();
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
      sq += u * u;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it("sfc32 follows PractRand's step, and mix32 is MurmurHash3's finaliser", () => {
    // Expected words from an independent transcription of PractRand's sfc32::raw32
    // (tmp = a + b + counter++; a = b ^ b >> 9; b = c + (c << 3); c = rotl(c, 21) + tmp).
    const words = (a: number, b: number, c: number) => {
      const next = sfc32(a, b, c, 1);
      return Array.from({ length: 4 }, () => Math.round(next() * 4294967296 - 0.5));
    };
    expect(words(0, 0, 0)).toEqual([1, 2, 12, 18874399]);
    expect(words(0xdeadbeef, 0x12345678, 0x9abcdef0)).toEqual([
      4041348456, 2195792581, 3074186425, 2226557559,
    ]);
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).toBe(0x514e28b7);
    expect(mix32(0x12345678)).toBe(0xe37cd1bc);
  });

  it("normal quantiles are right to 1e-8", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514722, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 7);
  });
});

describe("summaries", () => {
  it("uses R's type-7 quantiles", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([7], 0.9)).toBe(7);
    expect(quantileSorted([0, 10], 0.05)).toBeCloseTo(0.5, 12);
  });

  it("parses thresholds and rejects unknown issues and bad forms", () => {
    const s = synthetic([{ id: "a", capability: 1 }], [{ actor: "a", position: 50, salience: 50 }]);
    expect(parseThreshold("x<40", s)).toMatchObject({ issue: "x", op: "<", value: 40 });
    expect(parseThreshold(" x >= 12.5 ", s)).toMatchObject({
      issue: "x",
      op: ">=",
      value: 12.5,
      text: "x>=12.5",
    });
    expect(() => parseThreshold("y<40", s)).toThrow(/unknown issue 'y'/);
    expect(() => parseThreshold("x=40", s)).toThrow(InputError);
  });
});

describe("drawing the scenario's uncertainty", () => {
  it("a range is uniform on it: the forecast of a lone actor has the uniform's quantiles", async () => {
    const s = synthetic(
      [{ id: "a", capability: 10 }],
      [
        {
          actor: "a",
          position: 50,
          salience: 50,
          uncertainty: { position: { low: 40, high: 60 } },
        },
      ],
    );
    const { result } = await simulate(s, {
      draws: 4000,
      seed: 3,
      models: ["weighted-median"],
      workers: 1,
      thresholds: ["x<45"],
    });
    const summary = result.summaries[0];
    expect(summary.median!).toBeCloseTo(50, 0);
    expect(summary.interval90![0]).toBeCloseTo(41, 0);
    expect(summary.interval90![1]).toBeCloseTo(59, 0);
    expect(summary.interval50![0]).toBeCloseTo(45, 0);
    expect(summary.thresholds[0].probability!).toBeGreaterThan(0.23);
    expect(summary.thresholds[0].probability!).toBeLessThan(0.27);
    expect(summary.min!).toBeGreaterThanOrEqual(40);
    expect(summary.max!).toBeLessThanOrEqual(60);
  });

  it("a triangular range has its mode at the point estimate", async () => {
    const s = synthetic(
      [{ id: "a", capability: 10 }],
      [
        {
          actor: "a",
          position: 20,
          salience: 50,
          uncertainty: { position: { low: 0, high: 100, distribution: "triangular" } },
        },
      ],
    );
    const sim = await simulate(s, {
      draws: 20000,
      seed: 5,
      models: ["weighted-median"],
      workers: 1,
    });
    const xs = column(sim.forecasts, 1, 0);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    // Mean (a + m + b)/3 = 40 with sd 21.6, so a standard error of 0.15 at 20000 draws;
    // median b − sqrt((b − a)(b − m)/2) with standard error 0.22. Within 4 standard errors:
    expect(Math.abs(mean - 40)).toBeLessThan(4 * 0.153);
    expect(
      Math.abs(quantileSorted(sortedCopy(xs), 0.5) - (100 - Math.sqrt(0.5 * 100 * 80))),
    ).toBeLessThan(4 * 0.224);
  });

  it("experts with aggregation draw: one expert per draw, by weight, position and salience together", () => {
    const s = synthetic(
      [{ id: "a", capability: 10 }],
      [
        {
          actor: "a",
          position: 50,
          salience: 50,
          uncertainty: {
            experts: [
              { name: "A", position: 10, salience: 20 },
              { name: "B", position: 90, salience: 80, weight: 3 },
            ],
            aggregation: "draw",
          },
        },
      ],
    );
    const model = buildInputModel(s, scenarioNoise(s));
    const values = new Float64Array(model.inputs.length);
    const uniforms = new Float64Array(model.uniformsPerDraw);
    let b = 0;
    const n = 4000;
    for (let d = 0; d < n; d++) {
      sampleInto(model, 9, d, 0, values, uniforms);
      const [, position, salience] = values;
      expect([10, 90]).toContain(position);
      expect(salience).toBe(position === 10 ? 20 : 80);
      if (position === 90) b++;
    }
    expect(b / n).toBeGreaterThan(0.72);
    expect(b / n).toBeLessThan(0.78);
  });

  it("experts with aggregation mean are normal with their mean and sd; median is triangular over their range", () => {
    const experts = [{ position: 30 }, { position: 40 }, { position: 80 }];
    const make = (aggregation: string) =>
      synthetic(
        [{ id: "a", capability: 10 }],
        [{ actor: "a", position: 45, salience: 50, uncertainty: { experts, aggregation } }],
      );
    const mean = buildInputModel(make("mean"), scenarioNoise(make("mean"))).inputs[1];
    expect(mean.source).toBe("experts");
    expect(mean.distribution).toMatchObject({ type: "normal", mean: 50 });
    expect((mean.distribution as { sd: number }).sd).toBeCloseTo(Math.sqrt(700), 10);
    const median = buildInputModel(make("median"), scenarioNoise(make("median"))).inputs[1];
    expect(median.distribution).toEqual({ type: "triangular", low: 30, mode: 40, high: 80 });
  });

  it("the default noise is stated and clipped: an actor at the end of the scale stays there half the time", async () => {
    const s = synthetic([{ id: "a", capability: 10 }], [{ actor: "a", position: 0, salience: 50 }]);
    const sim = await simulate(s, {
      draws: 2000,
      seed: 11,
      models: ["weighted-median"],
      workers: 1,
    });
    const xs = column(sim.forecasts, 1, 0);
    expect(Math.min(...xs)).toBe(0);
    const atEnd = xs.filter((x) => x === 0).length / xs.length;
    expect(atEnd).toBeGreaterThan(0.45);
    expect(atEnd).toBeLessThan(0.55);
    expect(sim.result.uncertainty.lines[0]).toMatch(
      /positions: normal .* sd 5% of the issue's scale, clipped to the scale/,
    );
    expect(sim.result.uncertainty.noise).toEqual({
      positionNoise: 0.05,
      salienceNoise: 0.1,
      capabilityNoise: 0.1,
    });
  });

  it("the scenario's uncertainty block overrides the defaults, and options override the block", () => {
    const s = synthetic(
      [{ id: "a", capability: 10 }],
      [{ actor: "a", position: 50, salience: 50 }],
      {
        uncertainty: { positionNoise: 0.2, capabilityNoise: 0 },
      },
    );
    expect(scenarioNoise(s)).toEqual({
      positionNoise: 0.2,
      salienceNoise: 0.1,
      capabilityNoise: 0,
    });
    expect(scenarioNoise(s, { positionNoise: 0.01 })).toMatchObject({ positionNoise: 0.01 });
    const model = buildInputModel(s, scenarioNoise(s));
    expect(model.inputs[0]).toMatchObject({ kind: "capability", source: "fixed" });
    expect(model.inputs[1]).toMatchObject({
      kind: "position",
      source: "noise",
      distribution: { type: "normal", sd: 20 },
    });
  });
});

describe("Monte Carlo on the flagship", () => {
  it("without noise every draw gives exactly the forecasts of `entente run`", async () => {
    const scenario = await loadScenario(FLAGSHIP);
    const sim = await simulate(scenario, { draws: 3, seed: 1, noise: NO_NOISE, workers: 1 });
    const run = runScenario(scenario);
    for (const s of sim.result.summaries) {
      const expected = run.runs
        .find((r) => r.model === s.model)!
        .issues.find((i) => i.issue === s.issue)!.forecast;
      expect(s.point).toBe(expected);
      expect(s.median).toBe(expected);
      expect(s.interval90).toEqual(expected === null ? null : [expected, expected]);
    }
  });

  it("is reproducible: the same seed gives identical draws with 1 worker, 2 workers and any chunking", async () => {
    const scenario = await loadScenario(FLAGSHIP);
    const request = {
      draws: 120,
      seed: 2016,
      models: ["expected-utility", "compromise", "weighted-median"],
      thresholds: ["us-sanctions<40"],
    };
    const inProcess = await simulate(scenario, { ...request, workers: 1 });
    const pooled = await simulate(scenario, { ...request, workers: 2, chunkSize: 7 });
    const pooledOne = await simulate(scenario, {
      ...request,
      workers: 1,
      inProcess: false,
      chunkSize: 50,
    });
    expect(
      Buffer.from(pooled.forecasts.buffer).equals(Buffer.from(inProcess.forecasts.buffer)),
    ).toBe(true);
    expect(
      Buffer.from(pooledOne.forecasts.buffer).equals(Buffer.from(inProcess.forecasts.buffer)),
    ).toBe(true);
    expect(JSON.stringify(pooled.result)).toBe(JSON.stringify(inProcess.result));
    expect(drawsCsv(pooled)).toBe(drawsCsv(inProcess));
    const other = await simulate(scenario, { ...request, seed: 2017, workers: 1 });
    expect(
      Buffer.from(other.forecasts.buffer).equals(Buffer.from(inProcess.forecasts.buffer)),
    ).toBe(false);
  });

  it("the first draws do not change when more draws are asked for", async () => {
    const scenario = await loadScenario(FLAGSHIP);
    const small = await simulate(scenario, {
      draws: 10,
      seed: 5,
      models: ["expected-utility"],
      workers: 1,
    });
    const large = await simulate(scenario, {
      draws: 40,
      seed: 5,
      models: ["expected-utility"],
      workers: 1,
      chunkSize: 16,
    });
    expect(Array.from(large.forecasts.subarray(0, small.forecasts.length))).toEqual(
      Array.from(small.forecasts),
    );
  });

  it("reports the probability of a threshold with its standard error, and no timings or worker counts", async () => {
    const scenario = await loadScenario(FLAGSHIP);
    const { result } = await simulate(scenario, {
      draws: 200,
      seed: 1,
      models: ["expected-utility"],
      thresholds: ["us-sanctions<40"],
      workers: 1,
    });
    const row = result.summaries.find((s) => s.issue === "us-sanctions")!;
    const t = row.thresholds[0];
    expect(t.threshold).toBe("us-sanctions<40");
    expect(t.probability!).toBeGreaterThanOrEqual(0);
    expect(t.standardError!).toBeCloseTo(
      Math.sqrt((t.probability! * (1 - t.probability!)) / 200),
      12,
    );
    expect(Object.keys(result)).not.toContain("workers");
    expect(JSON.stringify(result)).not.toMatch(/createdAt|elapsed|workers/);
  });

  it("rejects a bad number of draws or seed with input problems", async () => {
    const scenario = await loadScenario(FLAGSHIP);
    await expect(simulate(scenario, { draws: 0, seed: 1 })).rejects.toThrow(/draws/);
    await expect(simulate(scenario, { draws: 5, seed: -1 })).rejects.toThrow(/seed/);
    await expect(simulate(scenario, { draws: 5, seed: 1, models: ["nope"] })).rejects.toThrow(
      /unknown model 'nope'/,
    );
  });
});

describe("interval coverage on synthetic scenarios whose truth is known", () => {
  it("the compromise of independent normal positions: intervals match the normal's quantiles", async () => {
    // Four equal actors, positions N(μ_i, 5²): the weighted mean is N(mean μ, 5²/4).
    const positions = [30, 45, 55, 70];
    const s = synthetic(
      positions.map((_, i) => ({ id: `a${i}`, capability: 10 })),
      positions.map((p, i) => ({ actor: `a${i}`, position: p, salience: 50 })),
    );
    const { result } = await simulate(s, {
      draws: 6000,
      seed: 17,
      models: ["compromise"],
      noise: { positionNoise: 0.05, salienceNoise: 0, capabilityNoise: 0 },
      workers: 1,
    });
    const sd = 5 / 2;
    const [summary] = result.summaries;
    expect(summary.median!).toBeCloseTo(50, 0);
    expect(summary.interval90![0]).toBeCloseTo(50 - 1.645 * sd, 0);
    expect(summary.interval90![1]).toBeCloseTo(50 + 1.645 * sd, 0);
    expect(summary.interval50![1] - summary.interval50![0]).toBeCloseTo(2 * 0.6745 * sd, 0);
    expect(summary.sd!).toBeCloseTo(sd, 1);
  });

  it("90% and 50% intervals cover the true forecast about 90% and 50% of the time", async () => {
    // Truth: five actors' true positions. The analyst sees them with N(0, 5²) errors and
    // states that error (positionNoise 0.05); the compromise of the truth should fall
    // in the 90% interval in about 90% of such studies.
    const truthRng = drawRng(123456, 0, 99);
    const studies = 150;
    let in90 = 0;
    let in50 = 0;
    for (let k = 0; k < studies; k++) {
      const truth = Array.from({ length: 5 }, () => 25 + 50 * truthRng());
      const observed = truth.map((x) => x + 5 * normalQuantile(truthRng()));
      const s = synthetic(
        truth.map((_, i) => ({ id: `a${i}`, capability: 10 })),
        observed.map((p, i) => ({ actor: `a${i}`, position: p, salience: 50 })),
      );
      const { result } = await simulate(s, {
        draws: 300,
        seed: k,
        models: ["compromise"],
        noise: { positionNoise: 0.05, salienceNoise: 0, capabilityNoise: 0 },
        workers: 1,
      });
      const trueForecast = truth.reduce((a, b) => a + b, 0) / truth.length;
      const [summary] = result.summaries;
      if (trueForecast >= summary.interval90![0] && trueForecast <= summary.interval90![1]) in90++;
      if (trueForecast >= summary.interval50![0] && trueForecast <= summary.interval50![1]) in50++;
    }
    // Binomial standard errors at 150 studies: 2.4 points (90%), 4.1 points (50%).
    expect(in90 / studies).toBeGreaterThan(0.83);
    expect(in90 / studies).toBeLessThan(0.97);
    expect(in50 / studies).toBeGreaterThan(0.38);
    expect(in50 / studies).toBeLessThan(0.62);
  });

  it("forecast quantiles of the lone actor follow its normal position, clipped nowhere", async () => {
    const s = synthetic(
      [{ id: "a", capability: 10 }],
      [{ actor: "a", position: 50, salience: 50, uncertainty: { position: { sd: 10 } } }],
    );
    const sim = await simulate(s, {
      draws: 5000,
      seed: 23,
      models: ["weighted-median"],
      workers: 1,
    });
    const xs = sortedCopy(column(sim.forecasts, 1, 0));
    expect(quantileSorted(xs, 0.05)).toBeCloseTo(50 - 16.45, 0);
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(50 + 16.45, 0);
  });
});
