/**
 * SMP on degenerate and large inputs, every named variant, and seeded stochastic
 * transitions: never NaN, a clear error or a sane result (smp-algorithm.md §8.6, §9).
 */
import { describe, expect, it } from "vitest";
import { runSmp, type SmpInput, type SmpTrace } from "../../src/models/smp/run.js";
import {
  BARGAIN_MODELS,
  BIG_R_ADJUSTS,
  BIG_R_RANGES,
  INTER_VEC_BARGAINS,
  PCE_MODELS,
  SmpOptions,
  THIRD_PARTY_COMMITS,
  VICTORY_PROB_MODELS,
  VOTING_RULES,
  type SmpOptionsInput,
} from "../../src/models/smp/options.js";
import { createRng } from "../../src/models/smp/rng.js";
import { smpInputFromKtab } from "../../src/models/smp/input.js";
import { readKtabCsv, readKtabXml } from "../../src/scenario/import/ktab.js";
import { fixture } from "../fixtures/ktab/ktab-log.js";

function input(
  positions: number[][],
  saliences: number[][],
  capability: number[],
  names = positions.map((_, i) => `A${i}`),
): SmpInput {
  const D = positions[0].length;
  return {
    actorNames: names,
    dimensionNames: Array.from({ length: D }, (_, d) => `d${d}`),
    capability: Float64Array.from(capability),
    position: Float64Array.from(positions.flat()),
    salience: Float64Array.from(saliences.flat()),
  };
}

/** A random scenario from a seeded generator: saliences summing to at most 1. */
function randomInput(N: number, D: number, seed: number): SmpInput {
  const rng = createRng(seed);
  const positions = Array.from({ length: N }, () => Array.from({ length: D }, () => rng()));
  const saliences = Array.from({ length: N }, () => {
    const raw = Array.from({ length: D }, () => rng());
    const total = raw.reduce((a, b) => a + b, 0);
    const share = 0.2 + 0.8 * rng();
    return raw.map((x) => (x / total) * share * 0.999);
  });
  const capability = Array.from({ length: N }, () => 1 + 199 * rng());
  return input(positions, saliences, capability);
}

function expectFinite(trace: SmpTrace): void {
  const all = [
    ...trace.positions.flat(),
    ...trace.distances,
    ...trace.ratios,
    ...(trace.winProbabilities ?? []).flat(),
    ...(trace.riskAttitudes ?? []).flat(),
    ...(trace.turns ?? []).flatMap((t) => [
      ...t.queues.flatMap((q) => q.probabilities),
      ...t.bargains.flatMap((b) => [...b.initiatorPosition, ...b.receiverPosition]),
      ...t.challenges.flatMap((c) => (c.target >= 0 ? [c.dU!, c.phi!] : [])),
    ]),
  ];
  const bad = all.filter((x) => !Number.isFinite(x));
  expect(bad, "non-finite numbers in the trace").toEqual([]);
}

describe("SMP on degenerate inputs", () => {
  it("one actor: nothing to bargain about; stops after the minimum two steps", () => {
    const trace = runSmp(input([[0.3, 0.7]], [[0.5, 0.5]], [10]), { trace: "full" });
    expectFinite(trace);
    expect(trace.states).toBe(3);
    expect(trace.positions.every((p) => p[0] === 0.3 && p[1] === 0.7)).toBe(true);
    expect(trace.riskAttitudes!.flat()).toEqual([0, 0, 0]);
    expect(trace.winProbabilities!.flat()).toEqual([1, 1, 1]);
  });

  it("identical positions: all risk-neutral probabilities equal, so R = 0 (no division by zero); no moves", () => {
    const p = [0.4, 0.6, 0.5];
    const trace = runSmp(
      input(
        [p, p, p, p],
        [
          [0.2, 0.3, 0.1],
          [0.5, 0.1, 0.1],
          [0.3, 0.3, 0.3],
          [0.1, 0.1, 0.1],
        ],
        [10, 20, 30, 40],
      ),
      { trace: "full" },
    );
    expectFinite(trace);
    expect(trace.riskAttitudes![0]).toEqual([0, 0, 0, 0]);
    expect(trace.turns![0].challenges.every((c) => c.target === -1)).toBe(true);
    expect(trace.positions.at(-1)).toEqual(trace.positions[0]);
    // one option holding every actor: it prevails for sure
    expect(trace.outcomes![0].representatives).toEqual([0]);
    expect(trace.winProbabilities![0]).toEqual([1, 1, 1, 1]);
  });

  it("zero salience on every dimension: distance 0/0 is defined as 0; the actor is indifferent", () => {
    const trace = runSmp(
      input(
        [
          [0.1, 0.9],
          [0.8, 0.2],
          [0.5, 0.5],
        ],
        [
          [0, 0],
          [0.6, 0.4],
          [0.3, 0.3],
        ],
        [50, 30, 20],
      ),
      { trace: "full" },
    );
    expectFinite(trace);
    expect(trace.states).toBeGreaterThanOrEqual(3);
  });

  it("zero salience for everybody: nobody cares, nobody moves", () => {
    const trace = runSmp(
      input(
        [
          [0.1, 0.9],
          [0.8, 0.2],
          [0.5, 0.5],
        ],
        [
          [0, 0],
          [0, 0],
          [0, 0],
        ],
        [50, 30, 20],
      ),
      { trace: "full" },
    );
    expectFinite(trace);
    expect(trace.positions.at(-1)).toEqual(trace.positions[0]);
  });

  it("zero capability: a powerless actor still bargains; all powerless gives even odds and no NaN", () => {
    const positions = [
      [0.1, 0.9],
      [0.8, 0.2],
      [0.5, 0.5],
      [0.3, 0.4],
    ];
    const saliences = [
      [0.5, 0.3],
      [0.6, 0.4],
      [0.3, 0.3],
      [0.2, 0.7],
    ];
    const one = runSmp(input(positions, saliences, [0, 30, 20, 10]), { trace: "full" });
    expectFinite(one);
    const all = runSmp(input(positions, saliences, [0, 0, 0, 0]), { trace: "full" });
    expectFinite(all);
    expect(all.riskAttitudes![0]).toEqual([0, 0, 0, 0]);
    for (const b of ["init-rcvr", "pw-comp"] as const)
      expectFinite(
        runSmp(input(positions, saliences, [0, 0, 0, 0]), { trace: "full", bargainModel: b }),
      );
  });

  it("250 actors × 10 dimensions (seeded): finite, within [0, 1], stops by the rule", () => {
    const inp = randomInput(250, 10, 20240531);
    const trace = runSmp(inp, {});
    expectFinite(trace);
    expect(trace.stopReason).toBe("converged");
    expect(trace.states).toBeGreaterThanOrEqual(3);
    expect(trace.positions.flat().every((x) => x >= 0 && x <= 1)).toBe(true);
    // win probabilities over ~250 distinct options (products of 250 factors)
    const reported = runSmp(inp, { maxTurns: 1, trace: "full" });
    expectFinite(reported);
    for (const o of reported.outcomes!)
      expect(o.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it("rejects inputs outside the model's domain with a clear error", () => {
    expect(() =>
      runSmp(input([[0.5], [0.4], [0.1]], [[0.5], [0.5], [0.5]], [1, -2, 3]), {}),
    ).toThrow(/capability of A1 must be a finite number >= 0, got -2/);
    expect(() =>
      runSmp(
        input(
          [
            [0.5, 0.5],
            [0.4, 0.1],
          ],
          [
            [0.7, 0.7],
            [0.5, 0.5],
          ],
          [1, 2],
        ),
        {},
      ),
    ).toThrow(/saliences of A0 sum to 1.4; SMP needs at most 1/);
    expect(() => runSmp(input([[Number.NaN]], [[0.5]], [1]), {})).toThrow(
      /position of A0 on d0 must be finite/,
    );
    expect(() =>
      runSmp(input([[0.5]], [[0.5]], [1]), { votingRule: "majority" } as never),
    ).toThrow();
  });
});

describe("SMP's named variants (smp-algorithm.md §9)", () => {
  const base = smpInputFromKtab(readKtabCsv(fixture("dummyData_3Dim.csv")));
  const random = randomInput(30, 4, 7);
  const variants: SmpOptionsInput[] = [
    ...VICTORY_PROB_MODELS.map((victoryProb) => ({ victoryProb })),
    ...PCE_MODELS.map((pce) => ({ pce })),
    ...VOTING_RULES.map((votingRule) => ({ votingRule })),
    ...BIG_R_RANGES.map((bigRRange) => ({ bigRRange })),
    ...BIG_R_ADJUSTS.map((bigRAdjust) => ({ bigRAdjust })),
    ...THIRD_PARTY_COMMITS.map((thirdPartyCommit) => ({ thirdPartyCommit })),
    ...INTER_VEC_BARGAINS.map((interVecBrgn) => ({ interVecBrgn })),
    ...BARGAIN_MODELS.flatMap((bargainModel) => [
      { bargainModel },
      { bargainModel, quirks: "fixed" as const },
      { bargainModel, interVecBrgn: "s2pmax" as const },
    ]),
    { quirks: "fixed" },
    {
      victoryProb: "octic",
      pce: "markov-uniform",
      votingRule: "asym-prosp",
      bigRRange: "max",
      bigRAdjust: "full",
      thirdPartyCommit: "none",
      interVecBrgn: "s1p1",
      bargainModel: "pw-comp",
    },
  ];
  for (const v of variants)
    it(JSON.stringify(v), () => {
      for (const inp of [base, random]) {
        const trace = runSmp(inp, { ...v, trace: "full" });
        expectFinite(trace);
        expect(trace.options).toMatchObject(v);
      }
    });

  it("the defaults are KTAB's (smpc --csv)", () => {
    expect(SmpOptions.parse({})).toMatchObject({
      victoryProb: "linear",
      votingRule: "prop",
      pce: "conditional",
      stateTransitions: "deterministic",
      bigRRange: "mid",
      bigRAdjust: "one-third",
      thirdPartyCommit: "semi",
      interVecBrgn: "s2p2",
      bargainModel: "init-only",
      maxTurns: 100,
      minRatio: 0.02,
      trace: "positions",
    });
  });

  it("init-rcvr offers both views in both queues; pw-comp one compromise", () => {
    const rcvr = runSmp(base, { bargainModel: "init-rcvr", trace: "full", maxTurns: 1 }).turns![0];
    expect(rcvr.bargains.map((b) => b.view)).toEqual(
      rcvr.bargains.map((_, k) => (k % 2 === 0 ? "initiator" : "receiver")),
    );
    for (const q of rcvr.queues) expect((q.options.length - 1) % 2).toBe(0);
    const pw = runSmp(base, { bargainModel: "pw-comp", trace: "full", maxTurns: 1 }).turns![0];
    expect(pw.bargains.every((b) => b.view === "compromise")).toBe(true);
  });

  it("maxTurns stops the run and says so", () => {
    const trace = runSmp(base, { maxTurns: 3 });
    expect(trace.states).toBe(4);
    expect(trace.stopReason).toBe("max-turns");
  });

  it("trace 'positions' records no explanations; 'full' does, with the same positions", () => {
    const lean = runSmp(base, {});
    expect(lean.turns).toBeUndefined();
    expect(lean.winProbabilities).toBeUndefined();
    const full = runSmp(base, { trace: "full" });
    expect(full.positions).toEqual(lean.positions);
    expect(full.turns).toHaveLength(full.states - 1);
  });

  it("a non-identity ideal adjustment (smpExample.xml) runs, ideals lagging behind positions", () => {
    const k = readKtabXml(fixture("smpExample-corrected.xml"));
    const inp = smpInputFromKtab(k);
    expect(inp.accommodation).toBeDefined();
    const trace = runSmp(inp, { ...k.parameters, seed: k.seed, trace: "full" });
    expectFinite(trace);
    expect(trace.ideals).toHaveLength(trace.states);
    // Ellie (no pair) keeps the identity: her ideal is her position
    const D = 3;
    expect(trace.ideals!.at(-1)!.slice(4 * D, 5 * D)).toEqual(
      trace.positions.at(-1)!.slice(4 * D, 5 * D),
    );
  });
});

describe("stochastic state transitions", () => {
  const base = smpInputFromKtab(readKtabCsv(fixture("dummyData_3Dim.csv")));
  const random = randomInput(40, 3, 11);

  it("one seed, one run", () => {
    for (const inp of [base, random]) {
      const a = runSmp(inp, { stateTransitions: "stochastic", seed: 42, trace: "full" });
      const b = runSmp(inp, { stateTransitions: "stochastic", seed: 42, trace: "full" });
      expect(b).toEqual(a);
      expectFinite(a);
    }
  });

  it("different seeds give different runs", () => {
    const runs = [1, 2, 3, 4].map((seed) =>
      JSON.stringify(runSmp(random, { stateTransitions: "stochastic", seed }).positions),
    );
    expect(new Set(runs).size).toBeGreaterThan(1);
  });

  it("takes KTAB's 64-bit seeds as digits, and a caller's generator", () => {
    const seed = "03507583219545544127";
    const a = runSmp(base, { stateTransitions: "stochastic", seed });
    const b = runSmp(base, { stateTransitions: "stochastic", seed: BigInt(seed).toString() });
    expect(b.positions).toEqual(a.positions);
    const c = runSmp(base, { stateTransitions: "stochastic" }, createRng(seed));
    expect(c.positions).toEqual(a.positions);
    // a generator that always draws 0 takes each queue's first entry with positive probability
    const zero = runSmp(base, { stateTransitions: "stochastic", trace: "full" }, () => 0);
    for (const q of zero.turns![0].queues)
      expect(q.chosen).toBe(q.probabilities.findIndex((p) => p > 0));
  });

  it("the generator is uniform on [0, 1) and reproducible", () => {
    const g = createRng(123);
    const h = createRng(123);
    let sum = 0;
    for (let k = 0; k < 10_000; k++) {
      const x = g();
      expect(h()).toBe(x);
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
    expect(createRng(0)()).not.toBe(createRng(1)());
  });

  it("deterministic runs ignore the seed", () => {
    expect(runSmp(base, { seed: 1 }).positions).toEqual(runSmp(base, { seed: 2 }).positions);
  });
});
