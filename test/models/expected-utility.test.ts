import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ExpectedUtilityOptions,
  expectedUtilityForecast,
  runExpectedUtility,
  type ExpectedUtilityMove,
} from "../../src/models/expected-utility.js";
import { readStakeholderCsv } from "../../src/scenario/import/stakeholder-csv.js";
import { loadScenario } from "../../src/scenario/formats.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { naiveExpectedUtility } from "../support/naive-expected-utility.js";
import { fixture, repoFile } from "../support/fixtures.js";

const defaults = ExpectedUtilityOptions.parse({});

function table(name: string) {
  const scenario = readStakeholderCsv(readFileSync(fixture(`bdm/${name}.csv`), "utf8"), {
    disambiguate: true,
  });
  const cap = new Map(scenario.actors.map((a) => [a.id, a.capability]));
  return {
    actors: scenario.stances.map((s) => s.actor),
    capability: scenario.stances.map((s) => cap.get(s.actor)!),
    position: scenario.stances.map((s) => s.position),
    salience: scenario.stances.map((s) => s.salience / 100),
  };
}

interface Reference {
  actors: string[];
  positionRange: number;
  initial: { positions: number[]; median: number; mean: number };
  rounds: {
    round: number;
    riskExponents: number[];
    moves: {
      actor: string;
      type: string;
      with: string;
      eu: number;
      otherEu: number;
      position: number;
    }[];
    positions: number[];
    median: number;
    mean: number;
  }[];
}

/** Compares a run with a reference run field by field, to 1e-9. */
function compareWithReference(name: string, reference: Reference) {
  const input = table(name);
  // Reference runs use the table's actor names.
  const trace = runExpectedUtility({ ...input, actors: reference.actors }, defaults);
  const close = (a: number, b: number, what: string) =>
    expect(Math.abs(a - b), what).toBeLessThanOrEqual(1e-9);

  it("has the reference's range and initial forecasts", () => {
    expect(trace.initial.length).toBe(reference.initial.positions.length);
    close(trace.positionRange, reference.positionRange, "range");
    trace.initial.forEach((x, i) => close(x, reference.initial.positions[i], `position ${i}`));
    close(trace.initialMedian, reference.initial.median, "median");
    close(trace.initialMean, reference.initial.mean, "mean");
  });

  it("plays as many rounds as the reference", () => {
    expect(trace.rounds.map((r) => r.round)).toEqual(reference.rounds.map((r) => r.round));
  });

  it.each(reference.rounds.map((r) => [r.round, r] as const))(
    "round %i: exponents, moves, positions, forecasts to 1e-9",
    (round, ref) => {
      const ours = trace.rounds[round - 1];
      expect(ours.round).toBe(round);
      expect(ours.riskExponents.length).toBe(ref.riskExponents.length);
      ours.riskExponents.forEach((r, i) => close(r, ref.riskExponents[i], `exponent ${i}`));
      expect(ours.positions.length).toBe(ref.positions.length);
      ours.positions.forEach((x, i) => close(x, ref.positions[i], `position ${i}`));
      close(ours.median, ref.median, "median");
      close(ours.mean, ref.mean, "mean");
      const moves = ours.moves as ExpectedUtilityMove[];
      expect(moves.map((m) => [m.actor, m.type, m.with])).toEqual(
        ref.moves.map((m) => [m.actor, m.type, m.with]),
      );
      moves.forEach((m, k) => {
        close(m.eu, ref.moves[k].eu, `eu of ${m.actor}`);
        close(m.otherEu, ref.moves[k].otherEu, `otherEu of ${m.actor}`);
        close(m.position, ref.moves[k].position, `position of ${m.actor}`);
      });
    },
  );
  return trace;
}

const readReference = (name: string) =>
  JSON.parse(readFileSync(fixture(`bdm/${name}.json`), "utf8")) as Reference;

describe("expected-utility model: reference run (Scholz, Calbert & Smith 2011, Table 1)", () => {
  const reference = readReference("emission-standards-ec");
  const trace = compareWithReference("emission-standards-ec", reference);

  it("involves no capitulation, so the paper's rule gives the same run", () => {
    expect(reference.rounds.flatMap((r) => r.moves).some((m) => m.type === "capitulation")).toBe(
      false,
    );
    const paper = runExpectedUtility(table("emission-standards-ec"), {
      ...defaults,
      capitulation: "paper",
    });
    expect(paper.rounds.map((r) => r.positions)).toEqual(trace.rounds.map((r) => r.positions));
  });

  it("matches the published Table 2 medians to one decimal (truncated) in every round but round 2", () => {
    const published = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6];
    published.forEach((value, k) => {
      if (k === 1) return;
      expect(Math.trunc(trace.rounds[k].median * 10) / 10).toBe(value);
    });
  });
});

describe("expected-utility model: a run of the replication code (china-1989)", () => {
  // test/fixtures/bdm/china-1989.json (DATA-SOURCES.md): jmckib/bdm-scholz-expected-utility-model
  // on china-1989.csv, 10 rounds.
  compareWithReference("china-1989", readReference("china-1989"));

  it("differs from the paper's capitulation rule from round 1", () => {
    const replication = runExpectedUtility(table("china-1989"), defaults);
    const paper = runExpectedUtility(table("china-1989"), { ...defaults, capitulation: "paper" });
    const kinds = (t: typeof paper) => t.rounds[0].moves.map((m) => m.type);
    expect(kinds(replication)).not.toContain("capitulation");
    expect(kinds(paper)).toContain("capitulation");
    expect(paper.rounds[0].positions).not.toEqual(replication.rounds[0].positions);
  });
});

describe("expected-utility model: fast implementation agrees with the direct formula", () => {
  it("on every bundled stakeholder table, 10 rounds, to 1e-9", () => {
    for (const name of [
      "saudi-oil-price-1997",
      "china-1989",
      "greece-debt-2015",
      "july-crisis-1914",
      "uk-emu-1998",
      "iran-election-2013",
    ]) {
      const input = table(name);
      const fast = runExpectedUtility(input, defaults);
      const naive = naiveExpectedUtility(input.capability, input.salience, input.position, 10);
      fast.rounds.forEach((round, t) => {
        round.positions.forEach((x, i) =>
          expect(Math.abs(x - naive[t].positions[i]), `${name} round ${t + 1}`).toBeLessThan(1e-9),
        );
        round.riskExponents.forEach((r, i) =>
          expect(Math.abs(r - naive[t].riskExponents[i])).toBeLessThan(1e-9),
        );
        expect(Math.abs(round.median - naive[t].median)).toBeLessThan(1e-9);
      });
    }
  });

  it("on random tables (property)", () => {
    const actor = fc.record({
      c: fc.double({ min: 0.01, max: 100, noNaN: true }),
      s: fc.double({ min: 0.01, max: 1, noNaN: true }),
      x: fc.double({ min: 0, max: 100, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(actor, { minLength: 2, maxLength: 12 }), (rows) => {
        fc.pre(new Set(rows.map((r) => r.x)).size > 1);
        const input = {
          actors: rows.map((_, i) => `a${i}`),
          capability: rows.map((r) => r.c),
          salience: rows.map((r) => r.s),
          position: rows.map((r) => r.x),
        };
        // The replication's rules and the paper's capitulations with the lower-position
        // tie rule: the bounds of expected-utility/bounds.ts decide for both.
        for (const rules of [{}, { capitulation: "paper", ties: "lower-position" }] as const) {
          const fast = runExpectedUtility(input, { ...defaults, ...rules, rounds: 3 });
          const naive = naiveExpectedUtility(
            input.capability,
            input.salience,
            input.position,
            3,
            rules,
          );
          fast.rounds.forEach((round, t) =>
            round.positions.forEach((x, i) =>
              expect(Math.abs(x - naive[t].positions[i])).toBeLessThan(1e-6),
            ),
          );
        }
      }),
      { numRuns: 150, seed: 20161108 },
    );
  });
});

describe("expected-utility model: variants and edge cases", () => {
  const input = table("emission-standards-ec");
  it.each([
    { probability: "textbook" as const },
    { perspective: "each" as const },
    { compromiseChoice: "smallest-move" as const },
    { statusQuoProbability: 0.8 },
  ])("variant %o runs and stays within the range of positions", (variant) => {
    const trace = runExpectedUtility(input, { ...defaults, ...variant });
    for (const round of trace.rounds) {
      for (const x of round.positions) expect(x >= 4 && x <= 10).toBe(true);
      expect(Number.isFinite(round.median)).toBe(true);
    }
  });

  it("the textbook probabilities change the run", () => {
    const a = runExpectedUtility(input, defaults);
    const b = runExpectedUtility(input, { ...defaults, probability: "textbook" });
    expect(JSON.stringify(a.rounds.map((r) => r.positions))).not.toBe(
      JSON.stringify(b.rounds.map((r) => r.positions)),
    );
  });

  it("identical positions: nobody moves, forecast is that position", () => {
    const trace = runExpectedUtility(
      { actors: ["a", "b"], capability: [1, 2], salience: [0.5, 0.5], position: [40, 40] },
      defaults,
    );
    expect(trace.rounds.every((r) => r.moves.length === 0 && r.median === 40)).toBe(true);
  });

  it("a single actor keeps its position", () => {
    const trace = runExpectedUtility(
      { actors: ["a"], capability: [1], salience: [1], position: [70] },
      defaults,
    );
    expect(trace.rounds[9].median).toBe(70);
  });

  it("zero salience everywhere gives no forecast rather than NaN positions", () => {
    const trace = runExpectedUtility(
      { actors: ["a", "b"], capability: [1, 1], salience: [0, 0], position: [0, 100] },
      defaults,
    );
    for (const round of trace.rounds)
      for (const x of round.positions) expect(Number.isFinite(x)).toBe(true);
    expect(Number.isNaN(trace.rounds[0].median)).toBe(true);
  });
});

/** The traced run's forecast: what the forecast-only path must give, bit for bit. */
function tracedForecast(
  cap: ArrayLike<number>,
  sal: ArrayLike<number>,
  pos: ArrayLike<number>,
  options: ExpectedUtilityOptions,
  scaleWidth?: number,
): number {
  const trace = runExpectedUtility(
    {
      actors: Array.from(pos, (_, i) => `a${i}`),
      capability: cap,
      salience: sal,
      position: pos,
      scaleWidth,
    },
    options,
  );
  if (options.forecast === "last-round")
    expect(Object.is(trace.forecast, trace.rounds[trace.rounds.length - 1].median)).toBe(true);
  return trace.forecast;
}

const bundledTables = [
  "argentina-2016",
  "china-1989",
  "emission-standards-ec",
  "greece-debt-2015",
  "honduras-nicaragua",
  "iran-election-2013",
  "july-crisis-1914",
  "litigation-case",
  "saudi-oil-price-1997",
  "uk-emu-1998",
];

/**
 * Every combination of the model's named options (the tie rule and the forecast's
 * rule for cycles in two pairs).
 */
const everyVariant = ["scholz", "textbook"].flatMap((probability) =>
  ["own", "each"].flatMap((perspective) =>
    ["replication", "smallest-move"].flatMap((compromiseChoice) =>
      ["replication", "paper"].flatMap((capitulation) =>
        [
          { ties: "input-order", forecast: "cycle-mean" },
          { ties: "lower-position", forecast: "last-round" },
        ].flatMap((rest) =>
          [1, 0.8, 0].map((statusQuoProbability) => ({
            probability,
            perspective,
            compromiseChoice,
            capitulation,
            ...rest,
            statusQuoProbability,
          })),
        ),
      ),
    ),
  ),
);

describe("expected-utility model: the forecast-only path equals the traced run", () => {
  const randomTable = fc.integer({ min: 1, max: 14 }).chain((n) =>
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
        { minLength: n, maxLength: n },
      ),
    }),
  );
  const randomVariant = fc.record({
    rounds: fc.integer({ min: 1, max: 30 }),
    statusQuoProbability: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    probability: fc.constantFrom("scholz" as const, "textbook" as const),
    perspective: fc.constantFrom("own" as const, "each" as const),
    compromiseChoice: fc.constantFrom("replication" as const, "smallest-move" as const),
    capitulation: fc.constantFrom("replication" as const, "paper" as const),
    ties: fc.constantFrom("input-order" as const, "lower-position" as const),
    forecast: fc.constantFrom("cycle-mean" as const, "last-round" as const),
  });
  const scaleWidth = fc.constantFrom(undefined, 100, 250);

  it("bit for bit on random tables (ties, zero weights, single actors) and options", () => {
    fc.assert(
      fc.property(randomTable, randomVariant, scaleWidth, ({ pos, sal, cap }, v, width) => {
        const options = ExpectedUtilityOptions.parse(v);
        expect(
          Object.is(
            expectedUtilityForecast(cap, sal, pos, options, width),
            tracedForecast(cap, sal, pos, options, width),
          ),
        ).toBe(true);
      }),
      { numRuns: 600, seed: 20161120 },
    );
  });

  it("bit for bit on every bundled table and flagship issue, for every option variant", async () => {
    const tables = bundledTables.map((name) => table(name));
    const compiled = compileScenario(
      await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml")),
    );
    for (const issue of compiled.issues)
      tables.push({
        actors: issue.actorIds,
        capability: Array.from(issue.capability),
        salience: Array.from(issue.salience),
        position: Array.from(issue.position),
      });
    for (const variant of everyVariant)
      for (const rounds of [1, 10, 30]) {
        const options = ExpectedUtilityOptions.parse({ ...variant, rounds });
        for (const t of tables) {
          const forecast = expectedUtilityForecast(t.capability, t.salience, t.position, options);
          expect(
            Object.is(forecast, tracedForecast(t.capability, t.salience, t.position, options)),
            `${JSON.stringify(options)} on ${t.actors.slice(0, 3).join(",")}…`,
          ).toBe(true);
        }
      }
  });

  it("gives NaN (no forecast) when no actor has weight, and the position of a lone actor", () => {
    expect(expectedUtilityForecast([0, 0], [0.5, 0.5], [10, 90], defaults)).toBeNaN();
    expect(expectedUtilityForecast([5], [0.5], [42], defaults)).toBe(42);
    expect(expectedUtilityForecast([], [], [], defaults)).toBeNaN();
  });
});

describe("expected-utility model: rounds that repeat earlier ones", () => {
  // These tables fall into a 2-cycle within a few rounds; the model then copies the
  // rounds instead of playing them again. The direct formula plays every round.
  it.each(["honduras-nicaragua", "iran-election-2013", "china-1989"])(
    "%s, 25 rounds: every round agrees with the direct formula",
    (name) => {
      const input = table(name);
      const fast = runExpectedUtility(input, { ...defaults, rounds: 25 });
      const naive = naiveExpectedUtility(input.capability, input.salience, input.position, 25);
      expect(fast.rounds.map((r) => r.round)).toEqual(Array.from({ length: 25 }, (_, t) => t + 1));
      fast.rounds.forEach((round, t) => {
        round.positions.forEach((x, i) =>
          expect(Math.abs(x - naive[t].positions[i]), `round ${t + 1}`).toBeLessThan(1e-9),
        );
        round.riskExponents.forEach((r, i) =>
          expect(Math.abs(r - naive[t].riskExponents[i])).toBeLessThan(1e-9),
        );
        expect(Math.abs(round.median - naive[t].median)).toBeLessThan(1e-9);
        expect(Math.abs(round.mean - naive[t].mean)).toBeLessThan(1e-9);
      });
    },
  );

  it("repeated rounds are equal records, but their own objects", () => {
    const trace = runExpectedUtility(table("honduras-nicaragua"), { ...defaults, rounds: 12 });
    const [a, b] = [trace.rounds[9], trace.rounds[11]];
    expect({ ...b, round: a.round }).toEqual(a);
    expect(b.moves.length).toBeGreaterThan(0);
    expect(b.positions).not.toBe(a.positions);
    expect(b.riskExponents).not.toBe(a.riskExponents);
    expect(b.moves).not.toBe(a.moves);
    b.moves.forEach((m, k) => expect(m).not.toBe(a.moves[k]));
  });

  it("a fixed point: actors move for two rounds, then the later rounds repeat the third", () => {
    const [cap, sal, pos] = [
      [3, 1, 8],
      [0.1, 0.4, 0.7],
      [0, 60, 80],
    ];
    // With the paper's capitulations (the replication's rules cycle on this table).
    const paper = { capitulation: "paper", ties: "lower-position" } as const;
    const options = { ...defaults, ...paper, rounds: 6 };
    const trace = runExpectedUtility(
      { actors: ["a", "b", "c"], capability: cap, salience: sal, position: pos },
      options,
    );
    expect(trace.rounds.map((r) => r.moves.length)).toEqual([2, 1, 0, 0, 0, 0]);
    const naive = naiveExpectedUtility(cap, sal, pos, 6, paper);
    trace.rounds.forEach((round, t) => {
      expect(round.positions).toEqual(naive[t].positions);
      expect(round.median).toBe(naive[t].median);
      if (t >= 3) expect({ ...round, round: 3 }).toEqual(trace.rounds[2]);
    });
    expect(trace.rounds[5].median).toBe(80);
    expect(expectedUtilityForecast(cap, sal, pos, options)).toBe(80);
  });
});
