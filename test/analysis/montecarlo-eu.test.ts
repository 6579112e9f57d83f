/**
 * The Monte Carlo's trace-free expected-utility kernel must give the model's own
 * forecasts to the last bit, for every option and for tables with ties, zero
 * weights and single actors (src/analysis/montecarlo-eu.ts).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ExpectedUtilityOptions, runExpectedUtility } from "../../src/models/expected-utility.js";
import { expectedUtilityForecast } from "../../src/analysis/montecarlo-eu.js";
import { loadScenario } from "../../src/scenario/formats.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { repoFile } from "../support/fixtures.js";

function reference(
  cap: number[],
  sal: number[],
  pos: number[],
  options: ExpectedUtilityOptions,
): number {
  const trace = runExpectedUtility(
    { actors: pos.map((_, i) => `a${i}`), capability: cap, salience: sal, position: pos },
    options,
  );
  return trace.rounds[trace.rounds.length - 1].median;
}

const table = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    // Positions from a coarse grid make ties (shared positions) common.
    pos: fc.oneof(
      fc.array(
        fc.integer({ min: 0, max: 4 }).map((k) => k * 25),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
    ),
    sal: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: n,
      maxLength: n,
    }),
    cap: fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 3 }).map((k) => k * 10),
        fc.double({ min: 0, max: 100, noNaN: true }),
      ),
      {
        minLength: n,
        maxLength: n,
      },
    ),
  }),
);

const variants = fc.record({
  rounds: fc.integer({ min: 1, max: 15 }),
  statusQuoProbability: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  probability: fc.constantFrom("scholz" as const, "textbook" as const),
  perspective: fc.constantFrom("own" as const, "each" as const),
  compromiseChoice: fc.constantFrom("replication" as const, "smallest-move" as const),
});

describe("expected-utility kernel of the Monte Carlo", () => {
  it("equals runExpectedUtility's final forecast bit for bit (random tables, every option)", () => {
    fc.assert(
      fc.property(table, variants, ({ pos, sal, cap }, v) => {
        const options = ExpectedUtilityOptions.parse(v);
        expect(
          Object.is(
            expectedUtilityForecast(cap, sal, pos, options),
            reference(cap, sal, pos, options),
          ),
        ).toBe(true);
      }),
      { numRuns: 600, seed: 20161120 },
    );
  });

  it("equals the model on every issue of the flagship, default options and 30 rounds", async () => {
    const compiled = compileScenario(
      await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml")),
    );
    for (const rounds of [10, 30]) {
      const options = ExpectedUtilityOptions.parse({ rounds });
      for (const issue of compiled.issues) {
        const args = [
          Array.from(issue.capability),
          Array.from(issue.salience),
          Array.from(issue.position),
        ] as const;
        expect(expectedUtilityForecast(...args, options)).toBe(reference(...args, options));
      }
    }
  });

  it("gives NaN (the model's 'no forecast') when no actor has weight, and the position of a lone actor", () => {
    const options = ExpectedUtilityOptions.parse({});
    expect(expectedUtilityForecast([0, 0], [0.5, 0.5], [10, 90], options)).toBeNaN();
    expect(expectedUtilityForecast([5], [0.5], [42], options)).toBe(42);
  });
});
