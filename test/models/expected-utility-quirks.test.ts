/**
 * The replication code's quirks (models.md §2, "Replication-code quirks"), which the
 * default variant reproduces, and the paper's rules, which options give back.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ExpectedUtilityOptions,
  runExpectedUtility,
  type EuTable,
  type ExpectedUtilityMove,
  type ExpectedUtilityRound,
} from "../../src/models/expected-utility.js";
import { weightedMedian, weightedMedianTie } from "../../src/models/weights.js";
import { runScenario } from "../../src/run.js";
import { readStakeholderCsv } from "../../src/scenario/import/stakeholder-csv.js";
import { naiveExpectedUtility } from "../support/naive-expected-utility.js";
import { fixture } from "../support/fixtures.js";
import { runCli } from "../support/cli.js";

const defaults = ExpectedUtilityOptions.parse({});

/** A table as the file has it: names as written (repeats and all), salience on 0–1. */
function rawTable(name: string): EuTable & { actors: string[] } {
  const lines = readFileSync(fixture(`bdm/${name}.csv`), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1);
  const rows = lines.map((l) => l.split(","));
  return {
    actors: rows.map((r) => r[0]),
    capability: rows.map((r) => Number(r[1])),
    position: rows.map((r) => Number(r[2])),
    salience: rows.map((r) => Number(r[3])),
  };
}

const tables = [
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

describe("expected-utility quirks: no capitulation in the replication code", () => {
  it.each(["china-1989", "uk-emu-1998"])(
    "%s: the paper's rule (b <= |a|) capitulates and diverges by round 2",
    (name) => {
      const input = rawTable(name);
      const code = runExpectedUtility(input, defaults);
      const paper = runExpectedUtility(input, { ...defaults, capitulation: "paper" });
      expect(code.rounds.flatMap((r) => r.moves).map((m) => m.type)).not.toContain("capitulation");
      expect(paper.rounds.slice(0, 2).flatMap((r) => r.moves.map((m) => m.type))).toContain(
        "capitulation",
      );
      const differ = (t: number) =>
        code.rounds[t].positions.some((x, i) => Math.abs(x - paper.rounds[t].positions[i]) > 1e-9);
      expect(differ(0) || differ(1)).toBe(true);
    },
  );
});

describe("expected-utility quirks: ties go to the actor listed first", () => {
  // Litigation case, round 3: Local Experts (0.5) has confrontations with actors at
  // 0.4 and at 0.6, at the same distance; Senior Democrat (0.6) is listed before FBI
  // (0.4) and every other one of them.
  const input = rawTable("litigation-case");
  const mover = input.actors.indexOf("Local Experts");
  const moveOf = (options: ExpectedUtilityOptions) =>
    (runExpectedUtility(input, options).rounds[2].moves as ExpectedUtilityMove[]).find(
      (m) => m.actorIndex === mover,
    )!;

  it("round 3 of the litigation case: Local Experts joins Senior Democrat at 0.6", () => {
    const m = moveOf(defaults);
    expect(m).toMatchObject({
      actor: "Local Experts",
      type: "confrontation",
      with: "Senior Democrat",
      from: 0.5,
      position: 0.6,
    });
    expect(m.withIndex).toBe(input.actors.indexOf("Senior Democrat"));
  });

  it("the lower-position rule (ties=lower-position) takes 0.4 instead", () => {
    const m = moveOf({ ...defaults, ties: "lower-position" });
    expect(m).toMatchObject({ type: "confrontation", position: 0.4 });
  });

  it("a symmetric table: the mover joins whichever of two equal rivals is listed first", () => {
    // a0 at 50 between two equal actors at 40 and 60: two confrontations at distance 10.
    const table = (first: number, second: number, ties?: "lower-position") =>
      runExpectedUtility(
        {
          actors: ["a0", "a1", "a2"],
          capability: [1, 5, 5],
          salience: [0.2, 0.3, 0.3],
          position: [50, first, second],
        },
        { ...defaults, rounds: 1, ...(ties ? { ties } : {}) },
      ).rounds[0].moves[0];
    expect(table(40, 60)).toMatchObject({ actor: "a0", with: "a1", position: 40 });
    expect(table(60, 40)).toMatchObject({ actor: "a0", with: "a1", position: 60 });
    // The lower-position rule does not depend on the order.
    expect(table(60, 40, "lower-position")).toMatchObject({ with: "a2", position: 40 });
  });
});

describe("expected-utility quirks: repeated names are distinct actors", () => {
  const input = rawTable("litigation-case");
  const repeated = input.actors.filter((a, i) => input.actors.indexOf(a) !== i);

  it("the litigation case repeats names", () => {
    expect(new Set(repeated)).toEqual(new Set(["Attorney", "Local Democrat", "Section Chief"]));
  });

  it("runs by index: the same rounds as with distinct names", () => {
    const named = runExpectedUtility(input, defaults);
    const distinct = runExpectedUtility(
      { ...input, actors: input.actors.map((_, i) => `actor-${i}`) },
      defaults,
    );
    expect(named.rounds.map((r) => r.positions)).toEqual(distinct.rounds.map((r) => r.positions));
    named.rounds.forEach((round, t) => {
      const ours = round.moves as ExpectedUtilityMove[];
      const theirs = distinct.rounds[t].moves as ExpectedUtilityMove[];
      expect(ours.map((m) => [m.actorIndex, m.withIndex, m.type])).toEqual(
        theirs.map((m) => [m.actorIndex, m.withIndex, m.type]),
      );
      // Names in the records are the input's, by index.
      for (const m of ours) {
        expect(m.actor).toBe(input.actors[m.actorIndex]);
        expect(m.with).toBe(input.actors[m.withIndex]);
      }
    });
  });

  it("namesakes move on their own: round 1 of the litigation case", () => {
    const moves = runExpectedUtility(input, defaults).rounds[0].moves as ExpectedUtilityMove[];
    const of = (name: string) =>
      moves.filter((m) => m.actor === name).map((m) => [m.actorIndex, m.from, m.position]);
    const indices = (name: string) => input.actors.flatMap((a, i) => (a === name ? [i] : []));
    // Both Local Democrats (0.25 and 0.6) move to 0.5, each from its own position.
    const [first, second] = indices("Local Democrat");
    expect(of("Local Democrat")).toEqual([
      [first, 0.25, 0.5],
      [second, 0.6, 0.5],
    ]);
    // Of the two Section Chiefs only the second (0.75, salience 0.2) moves.
    expect(of("Section Chief").map((m) => m[0])).toEqual([indices("Section Chief")[1]]);
  });

  it("entente run on the CSV, with --disambiguate: 46 actors and the library's forecast", async () => {
    const { code, stdout } = await runCli([
      "run",
      fixture("bdm/litigation-case.csv"),
      "--disambiguate",
      "-m",
      "expected-utility",
      "--format",
      "json",
    ]);
    expect(code).toBe(0);
    const issue = JSON.parse(stdout).runs[0].issues[0];
    expect(issue.actors).toHaveLength(46);
    expect(issue.actors).toContain("local-democrat-2");
    expect(issue.forecast).toBe(runExpectedUtility(input, defaults).forecast);
  });

  it("the stakeholder importer, with --disambiguate, gives the same run", () => {
    const scenario = readStakeholderCsv(readFileSync(fixture("bdm/litigation-case.csv"), "utf8"), {
      disambiguate: true,
    });
    const cap = new Map(scenario.actors.map((a) => [a.id, a.capability]));
    const imported = runExpectedUtility(
      {
        actors: scenario.stances.map((s) => s.actor),
        capability: scenario.stances.map((s) => cap.get(s.actor)!),
        position: scenario.stances.map((s) => s.position),
        salience: scenario.stances.map((s) => s.salience / 100),
      },
      defaults,
    );
    const named = runExpectedUtility(input, defaults);
    expect(imported.rounds.map((r) => r.positions)).toEqual(named.rounds.map((r) => r.positions));
  });
});

describe("expected-utility quirks: every bundled table runs, as the direct transcription", () => {
  it.each(tables)("%s: 10 rounds, both capitulation rules, to 1e-9", (name) => {
    const input = rawTable(name);
    for (const capitulation of ["replication", "paper"] as const) {
      const fast = runExpectedUtility(input, { ...defaults, capitulation });
      const naive = naiveExpectedUtility(
        Array.from(input.capability),
        Array.from(input.salience),
        Array.from(input.position),
        10,
        { capitulation },
      );
      expect(fast.rounds).toHaveLength(10);
      fast.rounds.forEach((round, t) => {
        round.positions.forEach((x, i) =>
          expect(
            Math.abs(x - naive[t].positions[i]),
            `${capitulation}, round ${t + 1}`,
          ).toBeLessThan(1e-9),
        );
        round.riskExponents.forEach((r, i) =>
          expect(Math.abs(r - naive[t].riskExponents[i])).toBeLessThan(1e-9),
        );
        expect(Math.abs(round.median - naive[t].median)).toBeLessThan(1e-9);
        expect(Math.abs(round.mean - naive[t].mean)).toBeLessThan(1e-9);
        expect(Number.isFinite(round.median)).toBe(true);
      });
    }
  });
});

describe("expected-utility quirks: the code's median, and exact ties of it", () => {
  it("weightedMedianTie: the lower and upper median where half the weight lies on each side", () => {
    expect(weightedMedianTie([0, 10, 90, 100], [1, 1, 1, 1])).toEqual([10, 90]);
    // Decimal weights that sum to an exact half only in real arithmetic.
    expect(weightedMedianTie([0, 50], [0.1 + 0.2, 0.3])).toEqual([0, 50]);
    // A position without weight between them ties too: the range runs to the next weight.
    expect(weightedMedianTie([0, 40, 100], [1, 0, 1])).toEqual([0, 100]);
    expect(weightedMedianTie([0, 10, 90], [1, 1, 1])).toBeUndefined();
    expect(weightedMedianTie([0, 100], [0, 0])).toBeUndefined();
    expect(weightedMedian([0, 10, 90, 100], [1, 1, 1, 1])).toBe(10);
  });

  it("the model reports a tie in the round and in the note, and gives the lower median", () => {
    const scenario = {
      entente: 1 as const,
      metadata: { title: "tie" },
      actors: ["a", "b", "c", "d"].map((id) => ({ id, name: id.toUpperCase(), capability: 1 })),
      issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 } }],
      stances: [0, 10, 90, 100].map((position, k) => ({
        actor: ["a", "b", "c", "d"][k],
        issue: "x",
        position,
        salience: 50,
      })),
    };
    const result = runScenario(scenario, { models: ["expected-utility"] }).runs[0].issues[0];
    const rounds = result.rounds as ExpectedUtilityRound[];
    expect(rounds.every((r) => r.medianTie?.[0] === 10 && r.medianTie[1] === 90)).toBe(true);
    expect(result.initialMedianTie).toEqual([10, 90]);
    expect(result.forecast).toBe(10);
    expect(result.note).toContain("not unique (anywhere from 10.0 to 90.0");
  });

  it("no bundled table has a tie of the median in any round", () => {
    for (const name of tables) {
      const trace = runExpectedUtility(rawTable(name), defaults);
      expect(trace.initialMedianTie, name).toBeUndefined();
      expect(
        trace.rounds.filter((r) => r.medianTie !== undefined).map((r) => r.round),
        name,
      ).toEqual([]);
    }
  });
});
