import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CAPITULATION,
  CONFRONTATION,
  decideOffer,
  MAX_EXPONENT,
  MIN_EXPONENT,
  NO_OFFER,
  NOT_CONFRONTATION,
  rho,
  rhoBounds,
  surelyNoOffer,
  UNDECIDED,
} from "../../src/models/expected-utility/bounds.js";
import {
  challengeUtility,
  ExpectedUtilityOptions,
  expectedUtilityForecast,
} from "../../src/models/expected-utility.js";
import { loadScenario } from "../../src/scenario/formats.js";
import { PreparedJob, scenarioNoise } from "../../src/analysis/montecarlo-core.js";
import { naiveExpectedUtility } from "../support/naive-expected-utility.js";
import { repoFile } from "../support/fixtures.js";

const defaults = ExpectedUtilityOptions.parse({});

/** The kind of offer step 5 makes of a and b, as the rounds test them. */
function kindOf(a: number, b: number): number {
  if (b > a && a > 0) return CONFRONTATION;
  if (b > 0 && a < 0 && b > Math.abs(a)) return UNDECIDED; // a compromise: computed
  if (b > 0 && a < 0) return CAPITULATION;
  return NO_OFFER;
}

const exponent = fc.double({ min: MIN_EXPONENT, max: MAX_EXPONENT, noNaN: true });
const distance = fc.double({ min: 1e-6, max: 1, noNaN: true });

describe("expected-utility bounds: ρ = (C − A)/(B − A)", () => {
  it("is monotone as the bounds assume: not increasing in r; in d increasing for r < 1, decreasing for r > 1", () => {
    const violations: string[] = [];
    for (let ri = 0; ri <= 300; ri++) {
      const r = MIN_EXPONENT + (ri * (MAX_EXPONENT - MIN_EXPONENT)) / 300;
      let previous = rho(0, r);
      for (let di = 1; di <= 1000; di++) {
        const value = rho(di / 1000, r);
        if ((r < 1 && value < previous - 1e-12) || (r > 1 && value > previous + 1e-12))
          violations.push(`d = ${di / 1000}, r = ${r}`);
        previous = value;
      }
    }
    for (let di = 1; di <= 200; di++) {
      const d = di / 200;
      let previous = Infinity;
      for (let ri = 0; ri <= 1000; ri++) {
        const r = MIN_EXPONENT + (ri * (MAX_EXPONENT - MIN_EXPONENT)) / 1000;
        const value = rho(d, r);
        if (value > previous + 1e-12) violations.push(`r = ${r}, d = ${d}`);
        previous = value;
      }
    }
    expect(violations).toEqual([]);
  });

  it("lies within the grid bounds, which are tight (property)", () => {
    const out = new Float64Array(2);
    let widest = 0;
    fc.assert(
      fc.property(distance, exponent, (d, r) => {
        rhoBounds(d, r, out);
        const value = rho(d, r);
        expect(out[0]).toBeLessThanOrEqual(value);
        expect(out[1]).toBeGreaterThanOrEqual(value);
        widest = Math.max(widest, out[1] - out[0]);
      }),
      { numRuns: 20000, seed: 7 },
    );
    // Cells of 1/64 (widest where d → 1 with r < 1, ρ's slope unbounded there):
    // the bounds decide most offers only if they are narrow.
    expect(widest).toBeLessThan(0.05);
  });

  it("B − A ≥ d/4 over the exponents the bounds are used for", () => {
    const violations: string[] = [];
    for (let ri = 0; ri <= 200; ri++) {
      const r = MIN_EXPONENT + (ri * (MAX_EXPONENT - MIN_EXPONENT)) / 200;
      for (let di = 1; di <= 1000; di++) {
        const d = di / 1000;
        if (Math.pow((1 + d) / 2, r) - Math.pow((1 - d) / 2, r) < d / 4)
          violations.push(`d = ${d}, r = ${r}`);
      }
    }
    expect(violations).toEqual([]);
  });
});

describe("expected-utility bounds: sure decisions", () => {
  it("agree with the rounded expected utilities the rounds compute (property)", () => {
    const seen = new Map<number, number>();
    fc.assert(
      fc.property(
        distance,
        exponent,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (d, r, pij, pji, si, sj) => {
          const t = si * (1 - pji);
          const tPrime = sj * (1 - pij);
          const kind = decideOffer(t, tPrime, d, r);
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          const a = challengeUtility(d, r, pij, sj, 1, 0);
          const b = challengeUtility(d, r, pji, si, 1, 0);
          if (kind === NOT_CONFRONTATION) expect(a).toBeLessThan(0);
          else if (kind !== UNDECIDED) expect(kindOf(a, b)).toBe(kind);
          if (surelyNoOffer(t, d, r)) expect(b).toBeLessThan(0);
        },
      ),
      { numRuns: 50000, seed: 11 },
    );
    // Every kind is decided somewhere: the test is not vacuous.
    for (const kind of [NO_OFFER, CONFRONTATION, CAPITULATION, NOT_CONFRONTATION, UNDECIDED])
      expect(seen.get(kind) ?? 0).toBeGreaterThan(100);
  });

  it("agree near the boundaries ρ = t and ρ = t' (property)", () => {
    // s = 1 and P(j,i) = 1 − t: the brackets ρ − t fall within ±0.05 of zero.
    const nearBoundary = (d: number, r: number) =>
      fc.double({ min: -0.05, max: 0.05, noNaN: true }).map((e) => 1 - (rho(d, r) + e));
    fc.assert(
      fc.property(
        distance.chain((d) =>
          exponent.chain((r) =>
            fc.tuple(fc.constant(d), fc.constant(r), nearBoundary(d, r), nearBoundary(d, r)),
          ),
        ),
        ([d, r, pji, pij]) => {
          const kind = decideOffer(1 - pji, 1 - pij, d, r);
          const a = challengeUtility(d, r, pij, 1, 1, 0);
          const b = challengeUtility(d, r, pji, 1, 1, 0);
          if (kind === NOT_CONFRONTATION) expect(a).toBeLessThan(0);
          else if (kind !== UNDECIDED) expect(kindOf(a, b)).toBe(kind);
        },
      ),
      { numRuns: 50000, seed: 13 },
    );
  });
});

describe("expected-utility model with the bounds: the same rounds as the direct formula", () => {
  it("on 300 Monte Carlo draws of the flagship scenario, every issue, 10 rounds", async () => {
    const scenario = await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml"));
    const job = new PreparedJob({
      id: "bounds-test",
      scenario,
      noise: scenarioNoise(scenario),
      models: [{ id: "expected-utility", options: defaults }],
      seed: 5,
      kind: "draws",
    });
    let compared = 0;
    for (let draw = 0; draw < 300; draw++) {
      job.run(draw, draw + 1);
      // The compiled scenario's arrays now hold this draw's inputs.
      for (const issue of job.evaluator.compiled.issues) {
        const c = Array.from(issue.capability);
        const s = Array.from(issue.salience);
        const x = Array.from(issue.position);
        // The last round's median: the rounds themselves are compared, not the choice
        // made for cycles.
        const forecast = expectedUtilityForecast(c, s, x, { ...defaults, forecast: "last-round" });
        const naive = naiveExpectedUtility(c, s, x, 10);
        expect(Math.abs(forecast - naive[9].median), `draw ${draw}, ${issue.id}`).toBeLessThan(
          1e-9,
        );
        compared++;
      }
    }
    expect(compared).toBe(300 * 9);
  });
});
