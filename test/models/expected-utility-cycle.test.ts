import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findCycle } from "../../src/models/expected-utility/cycle.js";
import {
  ExpectedUtilityOptions,
  expectedUtilityForecast,
  runExpectedUtility,
} from "../../src/models/expected-utility.js";
import { readStakeholderCsv } from "../../src/scenario/import/stakeholder-csv.js";
import { loadScenario } from "../../src/scenario/formats.js";
import { runScenario } from "../../src/run.js";
import { naiveExpectedUtility } from "../support/naive-expected-utility.js";
import { fixture, repoFile } from "../support/fixtures.js";

const defaults = ExpectedUtilityOptions.parse({});
const states = (rows: number[][]) => Float64Array.from(rows.flat());

describe("findCycle: the earliest recurring state, its shortest period, to the last state", () => {
  it("finds a 2-cycle from the start and a fixed point later", () => {
    expect(findCycle(states([[0], [1], [0], [1], [0]]), 5, 1, 0)).toEqual({
      firstRound: 0,
      period: 2,
    });
    expect(findCycle(states([[0], [1], [2], [2], [2]]), 5, 1, 0)).toEqual({
      firstRound: 2,
      period: 1,
    });
  });

  it("finds a period of 3 and longer ones up to the number of states", () => {
    expect(findCycle(states([[5], [0], [1], [2], [0], [1], [2]]), 7, 1, 0)).toEqual({
      firstRound: 1,
      period: 3,
    });
    // s_5 = s_0: a period of 5 seen once, in 6 states.
    expect(findCycle(states([[0], [1], [2], [3], [4], [0]]), 6, 1, 0)).toEqual({
      firstRound: 0,
      period: 5,
    });
  });

  it("compares whole states within the tolerance, position by position", () => {
    const rows = [
      [0, 10],
      [1, 10],
      [0 + 1e-10, 10],
      [1, 10 - 1e-10],
    ];
    expect(findCycle(states(rows), 4, 2, 1e-9)).toEqual({ firstRound: 0, period: 2 });
    expect(findCycle(states(rows), 4, 2, 1e-11)).toBeUndefined();
    // Same sum, other positions: no cycle.
    expect(
      findCycle(
        states([
          [0, 2],
          [1, 1],
          [2, 0],
        ]),
        3,
        2,
        1e-9,
      ),
    ).toBeUndefined();
  });

  it("needs the repetition to hold to the last state", () => {
    // s_2 = s_0, but s_3 differs from s_1: not a cycle; s_4 = s_3 is a fixed point.
    expect(findCycle(states([[0], [1], [0], [3], [3]]), 5, 1, 0)).toEqual({
      firstRound: 3,
      period: 1,
    });
    expect(findCycle(states([[0], [1], [0], [3]]), 4, 1, 0)).toBeUndefined();
    expect(findCycle(states([[0]]), 1, 1, 0)).toBeUndefined();
  });
});

describe("expected-utility model: cycles of the rounds", () => {
  // Three actors, a1 alternating between a0's position (100) and a2's (50).
  const twoCycle = {
    actors: ["a0", "a1", "a2"],
    capability: [6, 6, 8],
    salience: [0.3, 0.7, 0.6],
    position: [50, 100, 50],
  };

  it("a constructed 2-cycle: period, first round, range, mean and who alternates", () => {
    const trace = runExpectedUtility(twoCycle, { ...defaults, rounds: 6 });
    expect(trace.rounds.map((r) => r.median)).toEqual([100, 50, 100, 50, 100, 50]);
    const cycle = trace.cycle!;
    expect(cycle).toMatchObject({
      period: 2,
      firstRound: 0,
      rounds: [5, 6],
      forecasts: [100, 50],
      forecastRange: [50, 100],
      meanForecast: 75,
    });
    expect(cycle.alternation).toEqual([
      {
        actor: "a0",
        index: 0,
        positions: [100, 50],
        moves: [
          { type: "confrontation", with: "a1", withIndex: 1, withPosition: 100 },
          { type: "confrontation", with: "a2", withIndex: 2, withPosition: 50 },
        ],
      },
    ]);
    expect(trace.forecast).toBe(75);
    expect(trace.lastRoundForecast).toBe(50);
    // The same rounds as the direct transcription of the rules.
    const naive = naiveExpectedUtility(
      twoCycle.capability,
      twoCycle.salience,
      twoCycle.position,
      6,
    );
    expect(naive.map((r) => r.median)).toEqual(trace.rounds.map((r) => r.median));
  });

  it("the forecast does not depend on whether the run stops on one state or the other", () => {
    for (const rounds of [5, 6, 7, 30])
      expect(runExpectedUtility(twoCycle, { ...defaults, rounds }).forecast).toBe(75);
    expect(runExpectedUtility(twoCycle, { ...defaults, rounds: 7 }).lastRoundForecast).toBe(100);
    // The forecast-only path gives the same.
    expect(
      expectedUtilityForecast(twoCycle.capability, twoCycle.salience, twoCycle.position, {
        ...defaults,
        rounds: 7,
      }),
    ).toBe(75);
  });

  it("forecast=last-round keeps the last round's median", () => {
    const options = { ...defaults, rounds: 7, forecast: "last-round" as const };
    const trace = runExpectedUtility(twoCycle, options);
    expect(trace.forecast).toBe(100);
    expect(trace.cycle?.period).toBe(2);
    expect(
      expectedUtilityForecast(twoCycle.capability, twoCycle.salience, twoCycle.position, options),
    ).toBe(100);
  });

  it("a period of 3, longer than the 2-cycles the run stops computing at", () => {
    const table = {
      actors: ["a0", "a1", "a2"],
      capability: [1, 8, 3],
      salience: [0.6, 0.4, 0.9],
      position: [100, 100, 75],
    };
    const trace = runExpectedUtility(table, { ...defaults, rounds: 10 });
    const cycle = trace.cycle!;
    expect(cycle.period).toBe(3);
    expect(cycle.firstRound).toBe(0);
    expect(cycle.rounds).toEqual([8, 9, 10]);
    expect(cycle.alternation.map((a) => a.actor)).toEqual(["a1"]);
    expect(cycle.alternation[0].moves.map((m) => m?.type)).toEqual([
      "compromise",
      "confrontation",
      "compromise",
    ]);
    const [lo, hi] = cycle.forecastRange;
    expect(lo).toBeCloseTo(82.93647827327494, 9);
    expect(hi).toBe(100);
    const mean = cycle.forecasts.reduce((a, b) => a + b, 0) / 3;
    expect(trace.forecast).toBe(mean);
    expect(trace.lastRoundForecast).toBeCloseTo(95.6004879920745, 9);
    expect(
      expectedUtilityForecast(table.capability, table.salience, table.position, {
        ...defaults,
        rounds: 10,
      }),
    ).toBe(trace.forecast);
    const naive = naiveExpectedUtility(table.capability, table.salience, table.position, 10);
    naive.forEach((r, t) => expect(Math.abs(r.median - trace.rounds[t].median)).toBeLessThan(1e-9));
  });

  it("no false cycle on the emission standards run (Scholz, Calbert & Smith 2011)", () => {
    const scenario = readStakeholderCsv(
      readFileSync(fixture("bdm/emission-standards-ec.csv"), "utf8"),
    );
    const cap = new Map(scenario.actors.map((a) => [a.id, a.capability]));
    const table = {
      actors: scenario.stances.map((s) => s.actor),
      capability: scenario.stances.map((s) => cap.get(s.actor)!),
      position: scenario.stances.map((s) => s.position),
      salience: scenario.stances.map((s) => s.salience / 100),
    };
    const trace = runExpectedUtility(table, defaults);
    // Rounds 3–5 share a median (9.96) but not their positions.
    expect(trace.rounds[2].median).toBe(trace.rounds[4].median);
    expect(trace.cycle).toBeUndefined();
    expect(trace.forecast).toBe(trace.rounds[9].median);
  });

  it("a fixed point is a cycle of period 1 and leaves the forecast alone", () => {
    const trace = runExpectedUtility(
      { actors: ["a", "b"], capability: [1, 2], salience: [0.5, 0.5], position: [40, 40] },
      defaults,
    );
    expect(trace.cycle).toMatchObject({ period: 1, firstRound: 0, alternation: [] });
    expect(trace.forecast).toBe(40);
  });

  it("the flagship: cycling issues report the cycle, the mean and the last round", async () => {
    const scenario = await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml"));
    const run = runScenario(scenario, { models: ["expected-utility"] }).runs[0];
    const cycling = run.issues.filter(
      (r) => (r.cycle as { period: number } | undefined)?.period === 2,
    );
    expect(cycling.length).toBeGreaterThan(0);
    for (const r of run.issues) {
      const cycle = r.cycle as { period: number; forecastRange: number[]; meanForecast: number };
      expect(typeof r.lastRoundForecast).toBe("number");
      if (cycle === undefined || cycle.period === 1) {
        expect(r.forecast).toBe(r.lastRoundForecast);
        continue;
      }
      expect(r.forecast).toBe(cycle.meanForecast);
      expect(r.forecast! >= cycle.forecastRange[0] && r.forecast! <= cycle.forecastRange[1]).toBe(
        true,
      );
      if (r.forecast !== r.lastRoundForecast)
        expect(r.note).toContain(
          `round 10 alone gives ${(r.lastRoundForecast as number).toFixed(1)}`,
        );
    }
  });
});
