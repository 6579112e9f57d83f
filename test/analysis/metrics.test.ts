/**
 * Backtest metrics (models.md §4), the paired bootstrap and the grouped folds: hand
 * vectors and properties.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  absoluteErrors,
  mean,
  meanAbsoluteError,
  median,
  rootMeanSquareError,
  shareWithin,
  summarizeErrors,
} from "../../src/analysis/metrics.js";
import { pairedBootstrap, quantileSorted, seededUniform } from "../../src/analysis/bootstrap.js";
import { crossValidate, groupedFolds } from "../../src/analysis/cross-validation.js";

describe("error metrics", () => {
  it("computes the figures of a hand vector", () => {
    const errors = absoluteErrors([10, 50, 70, 0], [0, 50, 100, 5]);
    expect([...errors]).toEqual([10, 0, 30, 5]);
    expect(meanAbsoluteError(errors)).toBe(11.25);
    expect(median(errors)).toBe(7.5); // (5 + 10) / 2
    expect(rootMeanSquareError(errors)).toBeCloseTo(Math.sqrt((100 + 0 + 900 + 25) / 4), 12);
    expect(shareWithin(errors, 10)).toBe(0.75); // 10 counts as within
    expect(summarizeErrors(errors)).toEqual({
      n: 4,
      mae: 11.25,
      medianAe: 7.5,
      rmse: Math.sqrt(1025 / 4),
      withinShare: 0.75,
      within: 10,
    });
  });

  it("takes the middle value of an odd count and NaN for none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(summarizeErrors([])).toMatchObject({ n: 0 });
    expect(summarizeErrors([]).mae).toBeNaN();
  });

  it("refuses forecasts and outcomes that do not pair up", () => {
    expect(() => absoluteErrors([1, 2], [1])).toThrow(/pair up/);
  });

  it("orders MAE <= RMSE and the median between min and max", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (errors) => {
          const s = summarizeErrors(errors);
          expect(s.mae).toBeLessThanOrEqual(s.rmse + 1e-9);
          expect(s.medianAe).toBeGreaterThanOrEqual(Math.min(...errors));
          expect(s.medianAe).toBeLessThanOrEqual(Math.max(...errors));
          expect(s.withinShare).toBeGreaterThanOrEqual(0);
          expect(s.withinShare).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe("seeded generator", () => {
  it("repeats its stream for a seed and differs between seeds", () => {
    const a = seededUniform(7);
    const b = seededUniform(7);
    const c = seededUniform(8);
    const xa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(xa);
    for (const x of xa) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it("draws roughly uniform numbers", () => {
    const u = seededUniform(1);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(u() * 10)]++;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it("rejects seeds that are not whole numbers", () => {
    expect(() => seededUniform(-1)).toThrow(/seed/);
    expect(() => seededUniform(1.5)).toThrow(/seed/);
  });
});

describe("paired bootstrap", () => {
  it("gives a point interval when every difference is the same", () => {
    const r = pairedBootstrap([5, 6, 7], [4, 5, 6], { resamples: 200, seed: 3 });
    expect(r).toMatchObject({ n: 3, difference: 1, low: 1, high: 1, resamples: 200, unit: "pair" });
  });

  it("is fixed by the seed and brackets the observed difference on symmetric data", () => {
    const a = Array.from({ length: 200 }, (_, i) => 20 + 10 * Math.sin(i));
    const b = Array.from({ length: 200 }, (_, i) => 21 + 10 * Math.sin(i + 1));
    const r1 = pairedBootstrap(a, b, { seed: 11 });
    const r2 = pairedBootstrap(a, b, { seed: 11 });
    const r3 = pairedBootstrap(a, b, { seed: 12 });
    expect(r2).toEqual(r1);
    expect(r3.low).not.toBe(r1.low);
    expect(r1.low).toBeLessThan(r1.difference);
    expect(r1.high).toBeGreaterThan(r1.difference);
    expect(r1.resamples).toBe(1000);
    expect(r1.level).toBe(0.95);
  });

  it("widens with a higher level and resamples whole clusters on request", () => {
    const a = Array.from({ length: 60 }, (_, i) => (i * 37) % 50);
    const b = Array.from({ length: 60 }, (_, i) => (i * 17) % 40);
    const r90 = pairedBootstrap(a, b, { level: 0.9, seed: 1 });
    const r99 = pairedBootstrap(a, b, { level: 0.99, seed: 1 });
    expect(r99.high - r99.low).toBeGreaterThan(r90.high - r90.low);
    const clusters = a.map((_, i) => Math.floor(i / 6));
    const rc = pairedBootstrap(a, b, { seed: 1, clusters });
    expect(rc.unit).toBe("cluster");
    expect(rc.difference).toBeCloseTo(r90.difference, 12);
  });

  it("keeps a cluster of identical differences at that difference", () => {
    const r = pairedBootstrap([3, 3, 9, 9], [1, 1, 1, 1], { clusters: [0, 0, 1, 1], seed: 5 });
    expect(r.difference).toBe(5);
    expect(r.low).toBeGreaterThanOrEqual(2);
    expect(r.high).toBeLessThanOrEqual(8);
  });

  it("returns NaN figures for no pairs and refuses unpaired input", () => {
    const r = pairedBootstrap([], []);
    expect(r.n).toBe(0);
    expect(r.difference).toBeNaN();
    expect(() => pairedBootstrap([1], [1, 2])).toThrow(/pair up/);
    expect(() => pairedBootstrap([1], [1], { resamples: 0 })).toThrow(/resamples/);
    expect(() => pairedBootstrap([1], [1], { level: 1 })).toThrow(/level/);
  });

  it("has low <= high, both within the range of the differences", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.nat(1000),
        (pairs, seed) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const d = pairs.map((p) => p[0] - p[1]);
          const r = pairedBootstrap(a, b, { resamples: 50, seed });
          expect(r.low).toBeLessThanOrEqual(r.high);
          expect(r.low).toBeGreaterThanOrEqual(Math.min(...d) - 1e-9);
          expect(r.high).toBeLessThanOrEqual(Math.max(...d) + 1e-9);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("interpolates quantiles between order statistics (type 7)", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([0, 10], 0.025)).toBeCloseTo(0.25, 12);
  });
});

describe("grouped folds", () => {
  const groups = ["p1", "p1", "p2", "p3", "p3", "p3", "p4", "p5", "p6", "p6"];

  it("never splits a group and fixes the folds by the seed", () => {
    const f = groupedFolds(groups, 3, 1);
    expect(f.folds).toBe(3);
    for (let i = 0; i < groups.length; i++)
      for (let j = 0; j < groups.length; j++)
        if (groups[i] === groups[j]) expect(f.fold[i]).toBe(f.fold[j]);
    expect(f.groupsByFold.map((g) => g.length).sort()).toEqual([2, 2, 2]);
    expect(groupedFolds(groups, 3, 1)).toEqual(f);
    expect(new Set(f.fold)).toEqual(new Set([0, 1, 2]));
  });

  it("uses one fold per group when there are fewer groups than folds", () => {
    expect(groupedFolds(groups, 10, 1).folds).toBe(6);
    expect(() => groupedFolds(["a", "a"], 5)).toThrow(/2 groups/);
    expect(() => groupedFolds(groups, 1)).toThrow(/2 folds/);
  });

  it("fits without the held-out fold and predicts it", () => {
    const items = groups.map((g, i) => ({ g, y: i }));
    const cv = crossValidate(
      items,
      (x) => x.g,
      (training) => new Set(training.map((t) => t.g)),
      (seen, x) => (seen.has(x.g) ? -1 : x.y),
      { folds: 3, seed: 2 },
    );
    // A group is never in its own training set.
    expect(cv.predictions).toEqual(items.map((x) => x.y));
    expect(cv.fitted).toHaveLength(3);
  });
});
