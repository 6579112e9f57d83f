import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { PowerIndexMethod, WeightedVotingGame } from "../../src/institutions/power-indices.js";
import {
  banzhafIndex,
  banzhafRawIndex,
  doubleMajorityGame,
  doubleMajorityIndices,
  isWinningCoalition,
  LISBON_DOUBLE_MAJORITY,
  powerIndices,
  scaleWeights,
  shapleyShubikIndex,
} from "../../src/institutions/power-indices.js";

const METHODS: PowerIndexMethod[] = ["dynamic-programming", "meet-in-the-middle"];

/** Winning rule written out independently of the library. */
function wins(game: WeightedVotingGame, mask: number): boolean {
  let weight = 0;
  let size = 0;
  game.weights.forEach((w, i) => {
    if (mask & (1 << i)) {
      weight += w;
      size++;
    }
  });
  if (game.winsWithMembers !== undefined && size >= game.winsWithMembers) return true;
  return size >= (game.minMembers ?? 0) && weight >= game.quota;
}

/** Banzhaf swings by enumerating all 2^n coalitions. */
function bruteForceSwings(game: WeightedVotingGame): number[] {
  const n = game.weights.length;
  const swings = new Array<number>(n).fill(0);
  for (let mask = 0; mask < 1 << n; mask++)
    for (let i = 0; i < n; i++)
      if (!(mask & (1 << i)) && !wins(game, mask) && wins(game, mask | (1 << i))) swings[i]++;
  return swings;
}

/** Shapley–Shubik by enumerating all n! orderings and finding the pivot. */
function bruteForceShapleyShubik(game: WeightedVotingGame): number[] {
  const n = game.weights.length;
  const pivots = new Array<number>(n).fill(0);
  let orderings = 0;
  const permute = (order: number[], rest: number[]) => {
    if (rest.length === 0) {
      orderings++;
      let mask = 0;
      for (const i of order) {
        const before = wins(game, mask);
        mask |= 1 << i;
        if (!before && wins(game, mask)) {
          pivots[i]++;
          break;
        }
      }
      return;
    }
    rest.forEach((r, k) => permute([...order, r], [...rest.slice(0, k), ...rest.slice(k + 1)]));
  };
  permute(
    [],
    game.weights.map((_, i) => i),
  );
  return pivots.map((p) => p / orderings);
}

/** Shapley–Shubik by the subset formula over all 2^n coalitions. */
function bruteForceShapleyShubikBySubsets(game: WeightedVotingGame): number[] {
  const n = game.weights.length;
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array<number>(n).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (mask & (1 << j)) s++;
    for (let i = 0; i < n; i++)
      if (!(mask & (1 << i)) && !wins(game, mask) && wins(game, mask | (1 << i)))
        phi[i] += (factorial(s) * factorial(n - 1 - s)) / factorial(n);
  }
  return phi;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const gameArbitrary = (maxPlayers: number, maxWeight: number) =>
  fc
    .array(fc.integer({ min: 0, max: maxWeight }), { minLength: 1, maxLength: maxPlayers })
    .chain((weights) => {
      const total = sum(weights);
      const n = weights.length;
      return fc.record({
        weights: fc.constant(weights),
        quota: fc.integer({ min: 0, max: total + 1 }),
        minMembers: fc.option(fc.integer({ min: 0, max: n + 1 }), { nil: undefined }),
        winsWithMembers: fc.option(fc.integer({ min: 0, max: n + 1 }), { nil: undefined }),
      });
    });

describe("power indices: published test vectors (models.md §4)", () => {
  // EEC Council 1958: FR DE IT 4, BE NL 2, LU 1; quota 12 of 17.
  const eec: WeightedVotingGame = { weights: [4, 4, 4, 2, 2, 1], quota: 12 };

  it.each(METHODS)("EEC 1958, %s: Shapley–Shubik 7/30 ×3, 3/20 ×2, 0", (method) => {
    const phi = shapleyShubikIndex(eec, { method });
    [7 / 30, 7 / 30, 7 / 30, 3 / 20, 3 / 20, 0].forEach((x, i) =>
      expect(phi[i]).toBeCloseTo(x, 14),
    );
  });

  it.each(METHODS)("EEC 1958, %s: Banzhaf 5/21 ×3, 1/7 ×2, 0; swings 10, 6, 0", (method) => {
    const r = powerIndices(eec, { method });
    expect(r.swings).toEqual([10, 10, 10, 6, 6, 0]);
    [5 / 21, 5 / 21, 5 / 21, 1 / 7, 1 / 7, 0].forEach((x, i) =>
      expect(r.banzhaf[i]).toBeCloseTo(x, 14),
    );
    expect(banzhafRawIndex(eec, { method })).toEqual([10, 10, 10, 6, 6, 0].map((s) => s / 32));
    expect(banzhafIndex(eec, { method })).toEqual(r.banzhaf);
  });

  it.each(METHODS)(
    "EU-15, quota 62 of 87, %s: DE .1167, ES .0955, BE .0552, AT .0454, DK .0353, LU .0207",
    (method) => {
      // DE FR IT UK 10, ES 8, BE EL NL PT 5, AT SE 4, DK IE FI 3, LU 2.
      const weights = [10, 10, 10, 10, 8, 5, 5, 5, 5, 4, 4, 3, 3, 3, 2];
      expect(sum(weights)).toBe(87);
      const phi = shapleyShubikIndex({ weights, quota: 62 }, { method });
      const expected: [number, number][] = [
        [0, 0.1167],
        [4, 0.0955],
        [5, 0.0552],
        [9, 0.0454],
        [11, 0.0353],
        [14, 0.0207],
      ];
      for (const [i, x] of expected) expect(Math.abs(phi[i] - x)).toBeLessThan(0.00005);
      expect(sum(phi)).toBeCloseTo(1, 12);
    },
  );
});

describe("power indices: dynamic programming and meet in the middle against enumeration", () => {
  it("agree with the Banzhaf swings and the subset formula of Shapley–Shubik for n <= 10", () => {
    fc.assert(
      fc.property(gameArbitrary(10, 12), (game) => {
        const swings = bruteForceSwings(game);
        const phi = bruteForceShapleyShubikBySubsets(game);
        for (const method of METHODS) {
          const r = powerIndices(game, { method });
          expect(r.swings).toEqual(swings);
          r.shapleyShubik.forEach((x, i) => expect(x).toBeCloseTo(phi[i], 12));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("agree with Shapley–Shubik counted over all orderings for n <= 7", () => {
    fc.assert(
      fc.property(gameArbitrary(7, 9), (game) => {
        const phi = bruteForceShapleyShubik(game);
        for (const method of METHODS)
          shapleyShubikIndex(game, { method }).forEach((x, i) => expect(x).toBeCloseTo(phi[i], 12));
      }),
      { numRuns: 60 },
    );
  });

  it("agree with each other on larger games (n up to 20)", () => {
    fc.assert(
      fc.property(gameArbitrary(20, 30), (game) => {
        const a = powerIndices(game, { method: "dynamic-programming" });
        const b = powerIndices(game, { method: "meet-in-the-middle" });
        expect(a.swings).toEqual(b.swings);
        a.shapleyShubik.forEach((x, i) => expect(x).toBeCloseTo(b.shapleyShubik[i], 12));
      }),
      { numRuns: 40 },
    );
  });
});

describe("power indices: properties", () => {
  /** Games in which the grand coalition wins and the empty one loses. */
  const properGame = gameArbitrary(12, 20).filter(
    (g) => wins(g, (1 << g.weights.length) - 1) && !wins(g, 0),
  );

  it("Shapley–Shubik and normalised Banzhaf each sum to 1 (efficiency)", () => {
    fc.assert(
      fc.property(properGame, (game) => {
        const r = powerIndices(game);
        expect(sum(r.shapleyShubik)).toBeCloseTo(1, 12);
        expect(sum(r.banzhaf)).toBeCloseTo(1, 12);
      }),
      { numRuns: 200 },
    );
  });

  it("a dummy player (weight 0, no member-count clauses) gets 0", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (weights, share) => {
          const game = {
            weights: [...weights, 0],
            quota: Math.max(1, Math.ceil(share * sum(weights))),
          };
          const r = powerIndices(game);
          expect(r.shapleyShubik[weights.length]).toBe(0);
          expect(r.banzhaf[weights.length]).toBe(0);
          expect(r.swings[weights.length]).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("symmetric players (equal weights) get equal indices", () => {
    fc.assert(
      fc.property(gameArbitrary(14, 15), fc.nat(), fc.nat(), (game, a, b) => {
        const i = a % game.weights.length;
        const j = b % game.weights.length;
        const weights = [...game.weights];
        weights[j] = weights[i];
        const r = powerIndices({ ...game, weights });
        expect(r.swings[i]).toBe(r.swings[j]);
        expect(r.shapleyShubik[i]).toBe(r.shapleyShubik[j]);
      }),
      { numRuns: 150 },
    );
  });

  it("more weight never means less power (monotonicity of weighted games)", () => {
    fc.assert(
      fc.property(gameArbitrary(12, 15), (game) => {
        const r = powerIndices(game);
        game.weights.forEach((wi, i) =>
          game.weights.forEach((wj, j) => {
            if (wi > wj) expect(r.swings[i]).toBeGreaterThanOrEqual(r.swings[j]);
          }),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe("double-majority games", () => {
  it("match enumeration on small random councils", () => {
    const council = fc.record({
      population: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 10 }),
      memberPercent: fc.integer({ min: 1, max: 100 }),
      populationPercent: fc.integer({ min: 1, max: 100 }),
      minBlocking: fc.integer({ min: 1, max: 4 }),
      minMembers: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(council, ({ population, ...rule }) => {
        const game = doubleMajorityGame(population, rule);
        const total = sum(population);
        const n = population.length;
        // The rule stated directly: members and population shares, blocking minority.
        const winsDirectly = (mask: number) => {
          let pop = 0;
          let size = 0;
          population.forEach((p, i) => {
            if (mask & (1 << i)) {
              pop += p;
              size++;
            }
          });
          if (n - size < rule.minBlocking) return true;
          return (
            size * 100 >= rule.memberPercent * n &&
            size >= rule.minMembers &&
            pop * 100 >= rule.populationPercent * total
          );
        };
        for (let mask = 0; mask < 1 << n; mask++) expect(wins(game, mask)).toBe(winsDirectly(mask));
        const swings = bruteForceSwings(game);
        expect(doubleMajorityIndices(population, rule).swings).toEqual(swings);
      }),
      { numRuns: 100 },
    );
  });

  it("Lisbon with 28 members: 16 members, 65 % of the population, blocked only by 4", () => {
    const population = Array.from({ length: 28 }, (_, i) => 1_000_000 * (28 - i) + 12_345 * i);
    const game = doubleMajorityGame(population);
    const total = sum(population);
    expect(game.minMembers).toBe(16);
    expect(game.winsWithMembers).toBe(25);
    expect(game.quota).toBe(Math.ceil((65 * total) / 100));
    expect(game.quota * 100).toBeGreaterThanOrEqual(65 * total);
    expect((game.quota - 1) * 100).toBeLessThan(65 * total);
    const r = doubleMajorityIndices(population);
    expect(sum(r.shapleyShubik)).toBeCloseTo(1, 12);
    expect(sum(r.banzhaf)).toBeCloseTo(1, 12);
    for (let i = 1; i < 28; i++)
      expect(r.shapleyShubik[i]).toBeLessThanOrEqual(r.shapleyShubik[i - 1]);
  });

  it("the (member count, population) table on populations in units of 10 000 agrees with the exact count", () => {
    const population = Array.from(
      { length: 28 },
      (_, i) => Math.round(80_000_000 / (1 + i) ** 1.3) + 7 * i,
    );
    const exact = doubleMajorityIndices(population);
    const coarse = doubleMajorityIndices(
      population.map((p) => Math.round(p / 10_000)),
      LISBON_DOUBLE_MAJORITY,
      { method: "dynamic-programming" },
    );
    exact.shapleyShubik.forEach((x, i) =>
      expect(Math.abs(x - coarse.shapleyShubik[i])).toBeLessThan(1e-3),
    );
  });

  it("percentages are applied in integer arithmetic (55 % of 20 is 11, not 12)", () => {
    const game = doubleMajorityGame(new Array<number>(20).fill(5), {
      memberPercent: 55,
      minMembers: 0,
      populationPercent: 65,
      minBlocking: 1,
    });
    expect(game.minMembers).toBe(11);
    expect(game.quota).toBe(65);
  });
});

describe("power indices: input checks and helpers", () => {
  it("rejects negative, fractional and too many weights", () => {
    expect(() => powerIndices({ weights: [1, -1], quota: 1 })).toThrow(/non-negative integers/);
    expect(() => powerIndices({ weights: [1.5, 1], quota: 1 })).toThrow(/scaleWeights/);
    expect(() => powerIndices({ weights: [], quota: 1 })).toThrow(/at least one player/);
    expect(() => powerIndices({ weights: new Array<number>(53).fill(1), quota: 27 })).toThrow(
      /exact/,
    );
    expect(() =>
      powerIndices({ weights: [1e7, 1e7], quota: 1.5e7 }, { method: "dynamic-programming" }),
    ).toThrow(/too large/);
  });

  it("scaleWeights keeps the game", () => {
    const scaled = scaleWeights([0.5, 1.25, 2], 1.5, 2);
    expect(scaled).toEqual({ weights: [50, 125, 200], quota: 150 });
    expect(() => scaleWeights([0.125], 1, 2)).toThrow(/decimals/);
  });

  it("isWinningCoalition follows the rule", () => {
    const game = { weights: [3, 2, 1, 1], quota: 4, minMembers: 2, winsWithMembers: 3 };
    expect(isWinningCoalition(game, [0, 1])).toBe(true);
    expect(isWinningCoalition(game, [0])).toBe(false);
    expect(isWinningCoalition(game, [1, 2, 3])).toBe(true);
    expect(isWinningCoalition(game, [1, 2])).toBe(false);
  });

  it("handles a quota of zero and a quota above the total", () => {
    const free = powerIndices({ weights: [1, 2, 3], quota: 0, minMembers: 2 });
    free.shapleyShubik.forEach((x) => expect(x).toBeCloseTo(1 / 3, 14));
    const none = powerIndices({ weights: [1, 2, 3], quota: 7 });
    expect(none.swings).toEqual([0, 0, 0]);
    expect(none.banzhaf).toEqual([0, 0, 0]);
  });
});
