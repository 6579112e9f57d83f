import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Scenario } from "../../src/scenario/schema.js";
import { compileScenario } from "../../src/scenario/compile.js";
import type { NashOptions } from "../../src/models/nash.js";
import { nashBargainingSolution, nashModel } from "../../src/models/nash.js";

interface TestActor {
  position: number;
  salience: number; // 0–100
  capability?: number;
}

function scenarioOf(actors: TestActor[], referencePoint?: number): Scenario {
  return {
    entente: 1,
    metadata: { title: "test" },
    actors: actors.map((a, i) => ({
      id: `a${i}`,
      name: `Actor ${i}`,
      capability: a.capability ?? 1,
    })),
    issues: [
      {
        id: "k",
        name: "issue",
        scale: { low: 0, high: 100 },
        ...(referencePoint === undefined ? {} : { referencePoint }),
      },
    ],
    stances: actors.map((a, i) => ({
      actor: `a${i}`,
      issue: "k",
      position: a.position,
      salience: a.salience,
    })),
  };
}

function nash(actors: TestActor[], referencePoint?: number, options: Partial<NashOptions> = {}) {
  return nashModel.run(
    compileScenario(scenarioOf(actors, referencePoint)),
    nashModel.options.parse(options),
  ).issues[0];
}

/** The objective Σ w_i ln(u_i(x) − u_i(rp)), −∞ outside the feasible set. */
function objective(actors: TestActor[], rp: number, x: number): number {
  let f = 0;
  for (const a of actors) {
    const w = (a.capability ?? 1) * (a.salience / 100);
    if (w === 0) continue;
    const gain = (rp - a.position) ** 2 - (x - a.position) ** 2;
    if (gain < 0) return Number.NEGATIVE_INFINITY;
    f += w * Math.log(gain);
  }
  return f;
}

describe("Nash bargaining solution: hand-computed cases", () => {
  it("two symmetric actors on both sides of the reference point: the midpoint, which is the reference point", () => {
    const run = nash(
      [
        { position: 30, salience: 50 },
        { position: 70, salience: 50 },
      ],
      50,
    );
    expect(run.forecast).toBe(50);
    expect(run.note).toMatch(/reference point/);
  });

  it("two symmetric actors with the scale ends as disagreement points: the midpoint", () => {
    const run = nash(
      [
        { position: 30, salience: 50 },
        { position: 70, salience: 50 },
      ],
      undefined,
      { disagreement: "scale-end" },
    );
    expect(run.forecast).toBeCloseTo(50, 10);
  });

  it("one actor: its own position", () => {
    expect(nash([{ position: 63, salience: 40 }], 10).forecast).toBeCloseTo(63, 10);
  });

  it("reference point below both actors (0; actors at 40 and 60, equal weight): (150 − √3300)/2", () => {
    // f'(x) = 2/x − 1/(80 − x) − 1/(120 − x) = 0  ⇔  x² − 150x + 4800 = 0.
    const run = nash(
      [
        { position: 40, salience: 50 },
        { position: 60, salience: 50 },
      ],
      0,
    );
    expect(run.forecast).toBeCloseTo((150 - Math.sqrt(3300)) / 2, 10);
    expect(run.feasible).toEqual({ low: 0, high: 80 });
  });

  it("unequal weights (rp 0; weight 3 at 50, weight 1 at 100): (1900 − √1050000)/16", () => {
    // 4/x = 3/(100 − x) + 1/(200 − x)  ⇔  8x² − 1900x + 80000 = 0.
    const run = nash(
      [
        { position: 50, salience: 60, capability: 5 },
        { position: 100, salience: 20, capability: 5 },
      ],
      0,
    );
    expect(run.forecast).toBeCloseTo((1900 - Math.sqrt(1050000)) / 16, 10);
  });

  it("reference point above every actor: mirror image of the case below", () => {
    const run = nash(
      [
        { position: 60, salience: 50 },
        { position: 40, salience: 50 },
      ],
      100,
    );
    expect(run.forecast).toBeCloseTo(100 - (150 - Math.sqrt(3300)) / 2, 10);
  });

  it("feasible set a single point (actors on both sides, or one on the reference point): the reference point", () => {
    expect(
      nash(
        [
          { position: 10, salience: 90 },
          { position: 20, salience: 10 },
          { position: 95, salience: 5 },
        ],
        50,
      ).forecast,
    ).toBe(50);
    expect(
      nash(
        [
          { position: 50, salience: 90 },
          { position: 80, salience: 10 },
        ],
        50,
      ).forecast,
    ).toBe(50);
  });

  it("actors without weight do not constrain the bargain", () => {
    const run = nash(
      [
        { position: 40, salience: 50 },
        { position: 60, salience: 50 },
        { position: 0, salience: 0 },
        { position: 100, salience: 80, capability: 0 },
      ],
      20,
    );
    expect(run.note).toBeUndefined();
    expect(run.forecast).toBeGreaterThan(40);
    expect(run.forecast).toBeLessThan(60);
  });

  it("no reference point: no forecast, and a note that says why", () => {
    const run = nash([
      { position: 40, salience: 50 },
      { position: 60, salience: 50 },
    ]);
    expect(run.forecast).toBeNull();
    expect(run.note).toMatch(/no reference point/);
  });

  it("no actor with weight: no forecast, with a note", () => {
    const run = nash(
      [
        { position: 40, salience: 0 },
        { position: 60, salience: 0 },
      ],
      0,
    );
    expect(run.forecast).toBeNull();
    expect(run.note).toMatch(/weight/);
  });

  it("weights option: equal weights count actors without salience", () => {
    const actors = [
      { position: 40, salience: 100 },
      { position: 60, salience: 0 },
    ];
    expect(nash(actors, 0).forecast).toBeCloseTo(40, 10);
    expect(nash(actors, 0, { weights: "equal" }).forecast).toBeCloseTo(
      (150 - Math.sqrt(3300)) / 2,
      10,
    );
    expect(nash(actors, 0, { weights: "salience" }).forecast).toBeCloseTo(40, 10);
  });

  it("scale-end disagreement: a lone actor near an end gets its position, the maximum may sit at a scale end", () => {
    expect(
      nash([{ position: 20, salience: 50 }], undefined, { disagreement: "scale-end" }).forecast,
    ).toBeCloseTo(20, 10);
    const lopsided = nash(
      [
        { position: 0, salience: 100 },
        { position: 5, salience: 100 },
      ],
      undefined,
      { disagreement: "scale-end" },
    );
    expect(lopsided.forecast).toBeGreaterThanOrEqual(0);
    expect(lopsided.forecast).toBeLessThanOrEqual(5);
  });

  it("the solver on its own: empty feasible set with differing disagreement points", () => {
    const s = nashBargainingSolution([
      { weight: 1, position: 10, disagreement: 0 }, // accepts [0, 20]
      { weight: 1, position: 90, disagreement: 100 }, // accepts [80, 100]
    ]);
    expect(s?.feasible).toBeNull();
    expect(nashBargainingSolution([{ weight: 0, position: 1, disagreement: 0 }])).toBeNull();
  });
});

describe("Nash bargaining solution: properties", () => {
  const actorArb = fc.record({
    position: fc.integer({ min: 0, max: 100 }),
    salience: fc.integer({ min: 0, max: 100 }),
    capability: fc.double({ min: 0.1, max: 10, noNaN: true }),
  });
  const caseArb = fc.record({
    actors: fc.array(actorArb, { minLength: 1, maxLength: 8 }),
    rp: fc.integer({ min: 0, max: 100 }),
  });

  it("the forecast lies in the feasible set and between the weighted actors' positions", () => {
    fc.assert(
      fc.property(caseArb, ({ actors, rp }) => {
        const run = nash(actors, rp);
        const weighted = actors.filter((a) => a.salience > 0);
        if (weighted.length === 0) {
          expect(run.forecast).toBeNull();
          return;
        }
        const x = run.forecast!;
        const feasible = run.feasible as { low: number; high: number };
        expect(x).toBeGreaterThanOrEqual(feasible.low);
        expect(x).toBeLessThanOrEqual(feasible.high);
        for (const a of weighted)
          expect((x - a.position) ** 2).toBeLessThanOrEqual((rp - a.position) ** 2 + 1e-9);
        if (run.note === undefined) {
          expect(x).toBeGreaterThanOrEqual(Math.min(...weighted.map((a) => a.position)) - 1e-9);
          expect(x).toBeLessThanOrEqual(Math.max(...weighted.map((a) => a.position)) + 1e-9);
        } else expect(x).toBe(rp);
      }),
      { numRuns: 300 },
    );
  });

  it("the forecast maximises the objective (no point of a fine grid does better)", () => {
    fc.assert(
      fc.property(caseArb, ({ actors, rp }) => {
        const run = nash(actors, rp);
        if (run.forecast === null || run.note !== undefined) return;
        const best = objective(actors, rp, run.forecast);
        const { low, high } = run.feasible as { low: number; high: number };
        for (let k = 1; k < 200; k++) {
          const x = low + ((high - low) * k) / 200;
          expect(objective(actors, rp, x)).toBeLessThanOrEqual(best + 1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("is invariant to the order of the actors and to scaling every capability", () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.nat(),
        ({ actors, rp }, factor, seed) => {
          const base = nash(actors, rp).forecast;
          const shuffled = [...actors].sort(
            (a, b) => ((a.position * 31 + seed) % 7) - ((b.position * 31 + seed) % 7),
          );
          const reversed = [...actors].reverse();
          const scaled = actors.map((a) => ({ ...a, capability: a.capability * factor }));
          for (const variant of [shuffled, reversed, scaled]) {
            const other = nash(variant, rp).forecast;
            if (base === null) expect(other).toBeNull();
            else expect(other).toBeCloseTo(base, 9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("actors all on one side of the reference point: the forecast moves off it towards them", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            position: fc.integer({ min: 51, max: 100 }),
            salience: fc.integer({ min: 1, max: 100 }),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (actors) => {
          const run = nash(actors, 50);
          expect(run.note).toBeUndefined();
          expect(run.forecast!).toBeGreaterThan(50);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("Nash model interface", () => {
  it("is registered under id 'nash' with documented defaults", () => {
    expect(nashModel.id).toBe("nash");
    expect(nashModel.dynamic).toBe(false);
    expect(nashModel.options.parse({})).toEqual({
      weights: "capability-salience",
      disagreement: "reference-point",
    });
    expect(nashModel.options.safeParse({ weights: "votes" }).success).toBe(false);
    expect(nashModel.options.safeParse({ other: 1 }).success).toBe(false);
  });

  it("runs every issue of a scenario and records its options", () => {
    const scenario = scenarioOf([{ position: 40, salience: 50 }], 0);
    const run = nashModel.run(
      compileScenario(scenario),
      nashModel.options.parse({ weights: "equal" }),
    );
    expect(run.model).toBe("nash");
    expect(run.options).toEqual({ weights: "equal", disagreement: "reference-point" });
    expect(run.issues).toHaveLength(1);
  });
});
