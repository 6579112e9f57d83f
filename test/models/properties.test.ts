/**
 * Properties every one-issue model must have (models.md; architecture.md):
 * the forecast lies within the range of positions, does not depend on the order of
 * the actors or on the unit of capability, and is the same on every run.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Scenario } from "../../src/scenario/schema.js";
import { runScenario } from "../../src/run.js";

const MODELS = ["compromise", "weighted-median", "strongest-actor", "expected-utility"];

const actorArb = fc.record({
  capability: fc.double({ min: 0.01, max: 1000, noNaN: true }),
  position: fc.double({ min: 0, max: 100, noNaN: true }),
  salience: fc.double({ min: 1, max: 100, noNaN: true }),
});

function scenarioOf(
  rows: { capability: number; position: number; salience: number }[],
  order?: number[],
): Scenario {
  const idx = order ?? rows.map((_, i) => i);
  return {
    entente: 1,
    metadata: { title: "property" },
    actors: idx.map((i) => ({ id: `a${i}`, name: `A${i}`, capability: rows[i].capability })),
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 }, referencePoint: 50 }],
    stances: idx.map((i) => ({
      actor: `a${i}`,
      issue: "x",
      position: rows[i].position,
      salience: rows[i].salience,
    })),
  };
}

const forecasts = (s: Scenario) =>
  Object.fromEntries(
    runScenario(s, { models: MODELS }).runs.map((r) => [r.model, r.issues[0].forecast]),
  );

describe("model properties", () => {
  it("every forecast lies within the range of positions", () => {
    fc.assert(
      fc.property(fc.array(actorArb, { minLength: 1, maxLength: 15 }), (rows) => {
        const lo = Math.min(...rows.map((r) => r.position));
        const hi = Math.max(...rows.map((r) => r.position));
        for (const [model, f] of Object.entries(forecasts(scenarioOf(rows)))) {
          expect(f, model).not.toBeNull();
          expect(f! >= lo - 1e-9 && f! <= hi + 1e-9, `${model}: ${f} outside [${lo}, ${hi}]`).toBe(
            true,
          );
        }
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it("forecasts do not depend on the order of the actors", () => {
    fc.assert(
      fc.property(
        fc.array(actorArb, { minLength: 2, maxLength: 12 }).chain((rows) =>
          fc.tuple(
            fc.constant(rows),
            fc.shuffledSubarray(
              rows.map((_, i) => i),
              { minLength: rows.length },
            ),
          ),
        ),
        ([rows, order]) => {
          const a = forecasts(scenarioOf(rows));
          const b = forecasts(scenarioOf(rows, order));
          for (const model of MODELS)
            expect(Math.abs(a[model]! - b[model]!), model).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 150, seed: 2 },
    );
  });

  it("forecasts do not depend on the unit of capability (exactly, for powers of two)", () => {
    fc.assert(
      fc.property(
        fc.array(actorArb, { minLength: 2, maxLength: 12 }),
        fc.constantFrom(0.25, 2, 1024),
        (rows, k) => {
          const a = forecasts(scenarioOf(rows));
          const b = forecasts(
            scenarioOf(rows.map((r) => ({ ...r, capability: r.capability * k }))),
          );
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });

  it("forecasts do not depend on the unit of capability (any factor, to 1e-6)", () => {
    fc.assert(
      fc.property(
        fc.array(actorArb, { minLength: 2, maxLength: 12 }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        (rows, k) => {
          const a = forecasts(scenarioOf(rows));
          const b = forecasts(
            scenarioOf(rows.map((r) => ({ ...r, capability: r.capability * k }))),
          );
          for (const model of MODELS)
            expect(Math.abs(a[model]! - b[model]!), model).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 100, seed: 4 },
    );
  });

  it("runs are deterministic", () => {
    fc.assert(
      fc.property(fc.array(actorArb, { minLength: 1, maxLength: 12 }), (rows) => {
        const s = scenarioOf(rows);
        const a = runScenario(s, { models: MODELS }).runs;
        const b = runScenario(s, { models: MODELS }).runs;
        expect(b).toEqual(a);
      }),
      { numRuns: 50, seed: 5 },
    );
  });
});
