/**
 * Only the ratios of capabilities carry meaning, so every model in the registry must
 * give the same forecasts when all capabilities are multiplied by any factor the
 * validator accepts — including extreme ones (1e-280 … 1e280). Models that add small
 * absolute constants to weights (KTAB's SMP: 1e-8 in the vote tallies, 1e-6 in the
 * bargains; the expected-utility model's thresholds) would not be, without the
 * normalisation to shares of the largest capability in compile.ts.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Scenario } from "../../src/scenario/schema.js";
import { runScenario } from "../../src/run.js";
import { listModels } from "../../src/models/registry.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { InputError } from "../../src/scenario/problems.js";
import { readFileSync } from "node:fs";
import { fixture } from "../support/fixtures.js";
import { ktabToScenario, readKtabCsv } from "../../src/scenario/import/ktab.js";
import { smpInputFromCompiled, smpInputFromKtab } from "../../src/models/smp/input.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { runSmp } from "../../src/models/smp/run.js";

const MODELS = listModels().map((m) => m.id);
const FACTORS = [1e-280, 1e-100, 1e-12, 1e-3, 3, 100, 1e12, 1e100, 1e280];

function symmetric(capability: number): Scenario {
  return {
    entente: 1,
    metadata: { title: "symmetric" },
    actors: ["a", "b", "c"].map((id) => ({ id, name: id.toUpperCase(), capability })),
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 } }],
    stances: [
      { actor: "a", issue: "x", position: 0, salience: 50 },
      { actor: "b", issue: "x", position: 50, salience: 50 },
      { actor: "c", issue: "x", position: 100, salience: 50 },
    ],
  };
}

/** Forecasts of every model that runs on the scenario (models that need more, e.g. a rule, are skipped). */
function forecasts(s: Scenario, models = MODELS): Map<string, (number | null)[]> {
  const out = new Map<string, (number | null)[]>();
  for (const id of models) {
    try {
      const run = runScenario(s, { models: [id] }).runs[0];
      out.set(
        id,
        run.issues.map((i) => i.forecast),
      );
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return out;
}

function scaled(s: Scenario, factor: number): Scenario {
  return { ...s, actors: s.actors.map((a) => ({ ...a, capability: a.capability * factor })) };
}

function expectSame(a: Map<string, (number | null)[]>, b: Map<string, (number | null)[]>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [id, fa] of a) {
    const fb = b.get(id)!;
    fa.forEach((x, k) => {
      if (x === null) expect(fb[k], id).toBeNull();
      // The shares are rounded to 12 digits; a value on a rounding boundary may move by 1e-12.
      else expect(Math.abs(fb[k]! - x), `${id} issue ${k}`).toBeLessThan(1e-7);
    });
  }
}

describe("every model is invariant to the scale of capabilities", () => {
  it("the symmetric 3-actor case gives 50 under every model and factor (SMP gave 45.1, 19.0 or 44.4 before)", () => {
    for (const factor of [1, ...FACTORS]) {
      const f = forecasts(symmetric(factor), [
        "smp",
        "expected-utility",
        "compromise",
        "weighted-median",
      ]);
      for (const [id, values] of f) expect(values[0], `${id} at capability ${factor}`).toBe(50);
    }
  });

  const row = fc.record({
    capability: fc.double({ min: 1e-3, max: 1, noNaN: true }),
    x: fc.double({ min: 0, max: 100, noNaN: true }),
    y: fc.double({ min: 0, max: 100, noNaN: true }),
    sx: fc.integer({ min: 1, max: 100 }),
    sy: fc.integer({ min: 0, max: 100 }),
  });

  it("random scenarios, extreme factors: the same forecasts from every model in the registry", () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 3, maxLength: 6 }),
        fc.constantFrom(...FACTORS),
        (rows, factor) => {
          const s: Scenario = {
            entente: 1,
            metadata: { title: "property" },
            actors: rows.map((r, i) => ({ id: `a${i}`, name: `A${i}`, capability: r.capability })),
            issues: [
              { id: "x", name: "X", scale: { low: 0, high: 100 }, referencePoint: 50 },
              { id: "y", name: "Y", scale: { low: 0, high: 100 } },
            ],
            stances: rows.flatMap((r, i) => [
              { actor: `a${i}`, issue: "x", position: r.x, salience: r.sx },
              { actor: `a${i}`, issue: "y", position: r.y, salience: r.sy },
            ]),
          };
          const big = scaled(s, factor);
          // The factor keeps the capabilities within what the validator accepts.
          expect(validateScenario(big).ok).toBe(true);
          const base = forecasts(s);
          expect(base.size).toBe(MODELS.length); // every model ran
          expectSame(base, forecasts(big));
        },
      ),
      { numRuns: 12, seed: 13 },
    );
  });

  it("KTAB's examples give KTAB's states unchanged with capabilities as shares of the largest", () => {
    for (const file of ["dummyData_3Dim.csv", "dummyData_6Dim.csv", "SOE-Policy.csv"]) {
      const k = readKtabCsv(readFileSync(fixture(`ktab/${file}`), "utf8"), file);
      const raw = runSmp(smpInputFromKtab(k), {});
      const shares = smpInputFromCompiled(compileScenario(ktabToScenario(k))).input;
      expect(Math.max(...shares.capability), file).toBe(1);
      expect(runSmp(shares, {}).positions, file).toEqual(raw.positions);
    }
  });
});
