import { describe, expect, it } from "vitest";
import { explainExpectedUtility } from "../../src/report/explain-expected-utility.js";
import { expectedUtilityModel, ExpectedUtilityOptions } from "../../src/models/expected-utility.js";
import { compileScenario } from "../../src/scenario/compile.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { runCli } from "../support/cli.js";
import { repoFile } from "../support/fixtures.js";

const FLAGSHIP = repoFile("scenarios/us-russia-reset-2016.yaml");
const id = (x: string) => x;

/** A one-issue scenario of the given actors (capability, salience 0–100, position). */
function scenarioOf(rows: [string, number, number, number][]): Scenario {
  return {
    entente: 1,
    metadata: { title: "explain" },
    actors: rows.map(([actor, capability]) => ({ id: actor, name: actor, capability })),
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 } }],
    stances: rows.map(([actor, , salience, position]) => ({
      actor,
      issue: "x",
      position,
      salience,
    })),
  };
}

function explainOf(rows: [string, number, number, number][], rounds: number) {
  const options = ExpectedUtilityOptions.parse({ rounds });
  const run = expectedUtilityModel.run(compileScenario(scenarioOf(rows)), options);
  return explainExpectedUtility(run.issues[0], id);
}

describe("explain, expected utility: rounds of a cycle folded into one line", () => {
  it("a 2-cycle from the start: rounds 1–2 in full, the rest in one line with the mean", () => {
    // a0 alternates between a1's position (100) and a2's (50).
    const lines = explainOf(
      [
        ["a0", 6, 30, 50],
        ["a1", 6, 70, 100],
        ["a2", 8, 60, 50],
      ],
      10,
    );
    expect(lines.filter((l) => /^ {2}Round \d+:/.test(l))).toHaveLength(2);
    expect(lines[lines.length - 1]).toBe(
      "  Rounds 3–10 repeat the 2-round cycle of rounds 1–2: a0 alternates between a1's position " +
        "(100.0) and a2's (50.0); the forecast alternates between 100.0 and 50.0 (reported: their mean, 75.0).",
    );
  });

  it("a 3-cycle: the forecast cycles through three values", () => {
    const lines = explainOf(
      [
        ["a0", 1, 60, 100],
        ["a1", 8, 40, 100],
        ["a2", 3, 90, 75],
      ],
      10,
    );
    const last = lines[lines.length - 1];
    expect(last).toMatch(
      /^ {2}Rounds 4–10 repeat the 3-round cycle of rounds 1–3: a1 moves in turn to /,
    );
    expect(last).toMatch(/a compromise with a2 \(95\.6\)/);
    expect(last).toMatch(/the forecast cycles through .* \(reported: their mean, 92\.8\)\.$/);
  });

  it("the risk exponents are said once while they do not change", () => {
    const lines = explainOf(
      [
        ["a0", 6, 30, 50],
        ["a1", 6, 70, 100],
        ["a2", 8, 60, 50],
      ],
      10,
    );
    expect(lines.filter((l) => l.includes("Risk exponents run from"))).toHaveLength(1);
  });

  it("a table that settles: nobody moves after the last move", () => {
    const lines = explainOf(
      [
        ["a", 1, 50, 40],
        ["b", 2, 50, 40],
      ],
      10,
    );
    expect(lines).toEqual([
      "  Start: weighted median 40.0, weighted mean 40.0.",
      "  Rounds 1–10: nobody moves; the positions stay as they started and the forecast at 40.0.",
    ]);
  });
});

describe("entente explain -m expected-utility on the flagship", () => {
  it("us-sanctions: the cycle in one line, under 45 lines in all", async () => {
    const { code, stdout } = await runCli([
      "explain",
      FLAGSHIP,
      "--issue",
      "us-sanctions",
      "-m",
      "expected-utility",
    ]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.length).toBeLessThan(45);
    expect(stdout).toMatch(/Round 3: forecast/);
    expect(stdout).not.toMatch(/Round 4: forecast/);
    expect(stdout).toMatch(
      /Rounds 4–10 repeat the 2-round cycle of rounds 2–3: EU institutions alternates between Government of Germany's position \(20\.0\) and a compromise with Republican majority \(43\.4\); the forecast stays at 20\.0\./,
    );
  });

  it("magnitsky: trump alternates between Congress and Putin; the mean is reported, round 10 noted", async () => {
    const { stdout } = await runCli([
      "explain",
      FLAGSHIP,
      "--issue",
      "magnitsky",
      "-m",
      "expected-utility",
    ]);
    expect(stdout).toMatch(/^expected-utility: 40\.0 \(.*round 10 alone gives 0\.0\)$/m);
    expect(stdout).toMatch(
      /Donald Trump alternates between Republican majority's position \(80\.0\) and Vladimir Putin's \(0\.0\); the forecast alternates between 80\.0 and 0\.0 \(reported: their mean, 40\.0\)/,
    );
  });
});
