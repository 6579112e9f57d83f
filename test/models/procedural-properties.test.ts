import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { DecisionRule } from "../../src/scenario/rules.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { findModel } from "../../src/models/registry.js";
import {
  analyseWinSet,
  gameOfRule,
  passes,
  proceduralModels,
  type Interval,
} from "../../src/models/procedural/index.js";

const SCALE: Interval = { low: 0, high: 100 };
const ids = ["a", "b", "c", "d", "e", "f", "g"];

interface Case {
  positions: number[];
  rp: number;
  rule: DecisionRule;
}

/** Positions on a grid of 5 (ties happen), a reference point, and a random rule over the actors. */
const caseArb: fc.Arbitrary<Case> = fc.integer({ min: 1, max: 7 }).chain((n) => {
  const actors = ids.slice(0, n);
  const subset = fc.subarray(actors);
  const vetoes = fc.subarray(actors, { minLength: 1 });
  const weights = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n });
  const consensus = fc.record({
    vetoPlayers: vetoes,
    override: fc.option(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 20 })), {
      nil: undefined,
    }),
    weights,
  });
  const vote = fc.record({
    weights,
    quotaShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
    minMembers: fc.option(fc.integer({ min: 0, max: n }), { nil: undefined }),
    minBlocking: fc.option(fc.integer({ min: 1, max: n }), { nil: undefined }),
    vetoPlayers: subset,
  });
  const rule: fc.Arbitrary<DecisionRule> = fc.oneof(
    consensus.map(({ vetoPlayers, override, weights: w }): DecisionRule => {
      const r: DecisionRule = { type: "consensus", vetoPlayers };
      if (override) {
        const weightsOf = Object.fromEntries(actors.map((id, i) => [id, w[i]]));
        const total = w.reduce((x, y) => x + y, 0);
        r.overrides = [
          {
            removes: vetoPlayers[override[0] % vetoPlayers.length],
            weights: weightsOf,
            quota: Math.min(total, override[1]),
          },
        ];
      }
      return r;
    }),
    vote.map(({ weights: w, quotaShare, minMembers, minBlocking, vetoPlayers }): DecisionRule => {
      const total = w.reduce((x, y) => x + y, 0);
      const r: DecisionRule = {
        type: "vote",
        weights: Object.fromEntries(actors.map((id, i) => [id, w[i]])),
        quota: quotaShare * total,
      };
      if (minMembers !== undefined) r.minMembers = minMembers;
      if (minBlocking !== undefined) r.minBlocking = minBlocking;
      if (vetoPlayers.length > 0) r.vetoPlayers = vetoPlayers;
      return r;
    }),
  );
  return fc.record({
    positions: fc.array(
      fc.integer({ min: 0, max: 20 }).map((k) => 5 * k),
      { minLength: n, maxLength: n },
    ),
    rp: fc.integer({ min: 0, max: 100 }),
    rule,
  });
});

const idealsOf = (c: Case) => new Map(c.positions.map((x, i) => [ids[i], x]));

describe("procedural properties", () => {
  it("the win set is exactly the points whose (strict) supporters can pass a change", () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0, max: 100, noNaN: true }), (c, y) => {
        const ideals = idealsOf(c);
        const game = gameOfRule(c.rule);
        const a = analyseWinSet(game, ideals, c.rp, SCALE);
        const { low, high } = a.interval;
        // Skip points on the boundary, where the pivot is indifferent.
        if (Math.abs(y - low) < 1e-9 || Math.abs(y - high) < 1e-9 || y === c.rp) return;
        const supporters = new Set(
          [...ideals].filter(([, x]) => Math.abs(y - x) < Math.abs(c.rp - x)).map(([id]) => id),
        );
        expect(y > low && y < high).toBe(passes(game, supporters));
      }),
      { numRuns: 3000 },
    );
  });

  it("the reference point is in the core exactly when the win set is only the reference point", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const a = analyseWinSet(gameOfRule(c.rule), idealsOf(c), c.rp, SCALE);
        const inCore = a.core !== null && a.core.low <= c.rp && c.rp <= a.core.high;
        expect(a.winSet === null).toBe(inCore);
        expect(a.interval.low).toBeLessThanOrEqual(c.rp);
        expect(a.interval.high).toBeGreaterThanOrEqual(c.rp);
        expect(a.interval.low).toBeGreaterThanOrEqual(0);
        expect(a.interval.high).toBeLessThanOrEqual(100);
      }),
      { numRuns: 2000 },
    );
  });

  it("adding a veto player never enlarges the win set", () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 6 }), (c, k) => {
        const ideals = idealsOf(c);
        const extra = ids[k % c.positions.length];
        const more: DecisionRule = {
          ...c.rule,
          vetoPlayers: [...(c.rule.vetoPlayers ?? []), extra],
        };
        const before = analyseWinSet(gameOfRule(c.rule), ideals, c.rp, SCALE).interval;
        const after = analyseWinSet(gameOfRule(more), ideals, c.rp, SCALE).interval;
        expect(after.low).toBeGreaterThanOrEqual(before.low);
        expect(after.high).toBeLessThanOrEqual(before.high);
      }),
      { numRuns: 2000 },
    );
  });

  it("every model's forecast is in the win set (or is the reference point)", () => {
    const models = proceduralModels(findModel);
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 7, maxLength: 7 }),
        fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
        (c, saliences, setter) => {
          const n = c.positions.length;
          const rule: DecisionRule = { ...c.rule };
          if (setter !== undefined) rule.agendaSetter = ids[setter % n];
          const raw: Scenario = {
            entente: 1,
            metadata: { title: "p" },
            actors: ids.slice(0, n).map((id, i) => ({ id, name: id, capability: 1 + i })),
            issues: [
              { id: "x", name: "x", scale: { low: 0, high: 100 }, referencePoint: c.rp, rule },
            ],
            stances: ids.slice(0, n).map((id, i) => ({
              actor: id,
              issue: "x",
              position: c.positions[i],
              salience: saliences[i],
            })),
          };
          const v = validateScenario(raw);
          expect(v.ok).toBe(true);
          const compiled = compileScenario(raw);
          const { interval } = analyseWinSet(gameOfRule(rule), idealsOf(c), c.rp, SCALE);
          for (const m of models) {
            const r = m.run(compiled, m.options.parse({})).issues[0];
            if (r.forecast === null) continue;
            expect(r.forecast).toBeGreaterThanOrEqual(interval.low);
            expect(r.forecast).toBeLessThanOrEqual(interval.high);
            expect(r.winSet === null ? null : r.winSet).toEqual(
              interval.low === c.rp && interval.high === c.rp ? null : interval,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
