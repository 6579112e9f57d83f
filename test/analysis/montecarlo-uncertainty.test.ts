/**
 * The uncertainty blocks of the scenario format (src/scenario/uncertainty.ts): what
 * the schema accepts, the messages it gives, and the checks against the scales.
 */
import { describe, expect, it } from "vitest";
import { validateScenario } from "../../src/scenario/validate.js";
import {
  StanceUncertainty,
  CapabilityUncertainty,
  ScenarioUncertainty,
} from "../../src/scenario/uncertainty.js";
import { uncertaintyProblems } from "../../src/scenario/uncertainty-checks.js";
import { scenarioJsonSchema } from "../../src/scenario/json-schema.js";
import type { Scenario } from "../../src/scenario/schema.js";

function scenarioWith(
  stanceUncertainty?: unknown,
  capabilityUncertainty?: unknown,
  uncertainty?: unknown,
): unknown {
  return {
    entente: 1,
    metadata: { title: "t" },
    actors: [
      {
        id: "a",
        name: "A",
        capability: 50,
        ...(capabilityUncertainty ? { capabilityUncertainty } : {}),
      },
      { id: "b", name: "B", capability: 20 },
    ],
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 } }],
    stances: [
      {
        actor: "a",
        issue: "x",
        position: 30,
        salience: 60,
        ...(stanceUncertainty ? { uncertainty: stanceUncertainty } : {}),
      },
      { actor: "b", issue: "x", position: 70, salience: 40 },
    ],
    ...(uncertainty ? { uncertainty } : {}),
  };
}

const messages = (input: unknown): string[] => {
  const r = validateScenario(input);
  return r.ok ? [] : r.problems.map((p) => `${p.path.join(".")}: ${p.message}`);
};

describe("uncertainty in the scenario file", () => {
  it("accepts ranges, standard deviations, experts with an aggregation, and scenario-wide noise", () => {
    expect(
      messages(
        scenarioWith(
          { position: { low: 20, high: 40 }, salience: { sd: 10 } },
          { low: 40, high: 60 },
        ),
      ),
    ).toEqual([]);
    expect(
      messages(scenarioWith({ position: { low: 20, high: 40, distribution: "triangular" } })),
    ).toEqual([]);
    expect(
      messages(
        scenarioWith({
          experts: [
            { name: "A", position: 25, salience: 70 },
            { name: "B", position: 35, weight: 2 },
          ],
          aggregation: "median",
          note: "two analysts",
        }),
      ),
    ).toEqual([]);
    expect(
      messages(
        scenarioWith(undefined, undefined, {
          positionNoise: 0.1,
          salienceNoise: 0,
          capabilityNoise: 0.2,
        }),
      ),
    ).toEqual([]);
  });

  it("a scenario without any uncertainty data stays valid (the defaults apply)", () => {
    expect(messages(scenarioWith())).toEqual([]);
  });

  it("says what is wrong with a spread", () => {
    expect(messages(scenarioWith({ position: { low: 20 } }))).toEqual([
      "stances.0.uncertainty.position.high: a range needs both low and high",
    ]);
    expect(messages(scenarioWith({ position: { low: 40, high: 20 } }))).toEqual([
      "stances.0.uncertainty.position.high: high (20) must not be below low (40)",
    ]);
    expect(messages(scenarioWith({ position: { low: 20, high: 40, sd: 3 } }))[0]).toMatch(
      /either a range .* or a standard deviation/,
    );
    expect(messages(scenarioWith({ position: {} }))[0]).toMatch(
      /needs a range \(low and high\) or a standard deviation/,
    );
    expect(messages(scenarioWith({ position: { sd: -1 } }))[0]).toMatch(/must not be negative/);
    expect(messages(scenarioWith({ position: { sd: 5, distribution: "uniform" } }))[0]).toMatch(
      /standard deviation means a normal spread/,
    );
    expect(
      messages(scenarioWith({ position: { low: 1, high: 5, distribution: "normal" } }))[0],
    ).toMatch(/for a normal spread give sd/);
    expect(messages(scenarioWith({ position: { low: 1, hi: 5 } }))[0]).toMatch(
      /unknown field 'hi'/,
    );
  });

  it("says what is wrong with experts and aggregations", () => {
    expect(messages(scenarioWith({ experts: [{ position: 20 }] }))[0]).toMatch(
      /at least two experts/,
    );
    expect(messages(scenarioWith({ experts: [{ name: "A" }, { position: 1 }] }))[0]).toMatch(
      /an expert needs a position or a salience/,
    );
    expect(messages(scenarioWith({ aggregation: "mean" }))[0]).toMatch(/aggregation needs experts/);
    expect(
      messages(
        scenarioWith({ experts: [{ position: 1 }, { position: 2 }], aggregation: "mode" }),
      )[0],
    ).toMatch(/stances\.0\.uncertainty\.aggregation/);
    expect(
      messages(
        scenarioWith({ position: { sd: 2 }, experts: [{ position: 1 }, { position: 2 }] }),
      )[0],
    ).toMatch(/the experts already give the position's spread/);
    expect(messages(scenarioWith({ experts: [{ salience: 120 }, { salience: 2 }] }))[0]).toMatch(
      /between 0 and 100/,
    );
  });

  it("checks spreads against the scales and the point estimates (as part of validation)", () => {
    const check = (s: unknown) => {
      const r = validateScenario(s);
      // uncertaintyProblems on its own and validateScenario report the same problems.
      expect(uncertaintyProblems(s as Scenario)).toEqual(r.problems);
      return r.problems.map((p) => `${p.path.join(".")}: ${p.message}`);
    };
    expect(check(scenarioWith({ position: { low: 20, high: 120 } }))).toEqual([
      "stances.0.uncertainty.position: position range [20, 120] of 'a' on 'x' goes off the scale [0, 100]",
    ]);
    expect(check(scenarioWith({ position: { low: 40, high: 60 } }))).toEqual([
      "stances.0.uncertainty.position: position 30 of 'a' on 'x' lies outside its range [40, 60]",
    ]);
    expect(check(scenarioWith({ salience: { low: 70, high: 90 } }))[0]).toMatch(
      /salience 60 of 'a' on 'x' lies outside its range/,
    );
    expect(check(scenarioWith({ experts: [{ position: -5 }, { position: 20 }] }))[0]).toMatch(
      /experts\.0\.position: expert position -5 of 'a' on 'x' is off the scale/,
    );
    expect(check(scenarioWith(undefined, { low: -10, high: 60 }))[0]).toMatch(
      /must not go below 0/,
    );
    expect(check(scenarioWith(undefined, { low: 60, high: 80 }))[0]).toMatch(
      /capability 50 of 'a' lies outside its range \[60, 80\]/,
    );
    expect(
      check(
        scenarioWith({
          experts: [
            { position: 1, weight: 0 },
            { position: 2, weight: 0 },
          ],
        }),
      )[0],
    ).toMatch(/every expert .* has weight 0/);
    expect(check(scenarioWith({ position: { low: 20, high: 40 } }, { sd: 5 }))).toEqual([]);
  });

  it("the scenario-wide noise is bounded", () => {
    expect(ScenarioUncertainty.safeParse({ positionNoise: 1.5 }).success).toBe(false);
    expect(ScenarioUncertainty.safeParse({ salienceNoise: -0.1 }).success).toBe(false);
    expect(ScenarioUncertainty.safeParse({ note: "ok", capabilityNoise: 0.3 }).success).toBe(true);
  });

  it("the schemas keep their export names and appear in the published JSON Schema", () => {
    expect(StanceUncertainty.safeParse({ position: { sd: 1 } }).success).toBe(true);
    expect(CapabilityUncertainty.safeParse({ low: 1, high: 2 }).success).toBe(true);
    const schema = scenarioJsonSchema();
    for (const word of [
      "positionNoise",
      "aggregation",
      "capabilityUncertainty",
      "whatIfs",
      "extreme",
    ])
      expect(schema).toContain(word);
  });
});
