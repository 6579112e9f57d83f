/**
 * The exchange model as an entente model: registry, options, scales, missing and
 * idle stances, the JSON of a run, explain, and the decide file read end to end.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findModel } from "../../src/models/registry.js";
import { runScenario } from "../../src/run.js";
import { explainIssue } from "../../src/report/explain.js";
import { parseScenario } from "../../src/scenario/formats.js";
import type { Scenario } from "../../src/scenario/schema.js";
import type { ExchangeModelTrace, ExchangeRound } from "../../src/models/exchange/model.js";
import { fixture } from "../support/fixtures.js";

const two: Scenario = {
  entente: 1,
  metadata: { title: "two actors" },
  actors: [
    { id: "nl", name: "the Netherlands", capability: 0.5 },
    { id: "de", name: "Germany", capability: 1 },
  ],
  issues: [
    { id: "emissions", name: "Emissions", scale: { low: 0, high: 100 } },
    { id: "budget", name: "Budget", scale: { low: 0, high: 10 } },
  ],
  stances: [
    { actor: "nl", issue: "emissions", position: 10, salience: 20 },
    { actor: "nl", issue: "budget", position: 2, salience: 80 },
    { actor: "de", issue: "emissions", position: 90, salience: 70 },
    { actor: "de", issue: "budget", position: 6, salience: 40 },
  ],
};

describe("exchange model in entente", () => {
  it("is registered with its options and defaults (10 rounds, p = 0, seed 1)", () => {
    const m = findModel("exchange")!;
    expect(m.dynamic).toBe(true);
    expect(m.options.parse({})).toEqual({
      p: 0,
      rounds: 10,
      seed: 1,
      arithmetic: "decimal",
      forecast: "voting",
      trace: "full",
    });
    expect(m.options.safeParse({ p: 2 }).success).toBe(false);
    expect(m.options.safeParse({ seed: -1 }).success).toBe(false);
  });

  it("works on each issue's own scale: the worked example with the budget on 0–10", () => {
    const run = runScenario(two, { models: ["exchange"], rounds: 1 }).runs[0];
    const [emissions, budget] = run.issues;
    expect(emissions.forecast).toBe(90);
    expect(budget.forecast).toBeCloseTo(3.25, 12);
    expect(emissions.initialOutcome).toBe(80);
    expect(budget.initialOutcome).toBe(4);
    const r = (budget.rounds as ExchangeRound[])[0];
    expect(r.moves).toMatchObject([
      { actor: "de", with: "nl", type: "exchange", from: 6, position: 4.5, for: "emissions" },
    ]);
    const trace = run.trace as ExchangeModelTrace;
    expect(trace.final!.budget.voting_nbs_last_round).toBe("32.5");
    expect(trace.final!.budget.voting_nbs_last_round_scale).toBe("3.25");
  });

  it("explains who gave way on what for whose movement, and folds repeated rounds", () => {
    const result = runScenario(two, { models: ["exchange"], rounds: 4 });
    const lines = explainIssue({ scenario: two, issue: "emissions", runs: result.runs });
    expect(lines).toContain(
      "    the Netherlands gave way on emissions (+80.0, 10.0 → 90.0) for Germany's movement on budget (−1.5, 6.0 → 4.5); each gains 4.00.",
    );
    expect(lines.some((l) => /^ {2}Rounds 2–4 repeat these exchanges/.test(l))).toBe(true);
    expect(
      lines.some((l) => /^ {4}the Netherlands: own 8\.\d\d; as bystander inside \+0/.test(l)),
    ).toBe(true);
  });

  it("records bystanders' externalities: a third actor gains or loses from others' trade", () => {
    const three: Scenario = {
      ...two,
      actors: [...two.actors, { id: "be", name: "Belgium", capability: 0.3 }],
      stances: [
        ...two.stances,
        { actor: "be", issue: "emissions", position: 95, salience: 60 },
        { actor: "be", issue: "budget", position: 9, salience: 50 },
      ],
    };
    const run = runScenario(three, { models: ["exchange"], rounds: 1 }).runs[0];
    const t = (run.trace as ExchangeModelTrace).externality_totals;
    const be = t.be;
    expect(
      be.own + be.innerPositive + be.outerPositive + be.innerNegative + be.outerNegative,
    ).not.toBe(0);
    expect(t.nl.own).toBeGreaterThan(0);
  });

  it("leaves out of trade a stance with salience 0, and an issue nobody holds has no forecast", () => {
    const s: Scenario = {
      ...two,
      issues: [...two.issues, { id: "empty", name: "Empty", scale: { low: 0, high: 1 } }],
      stances: two.stances.map((x) =>
        x.actor === "nl" && x.issue === "budget" ? { ...x, salience: 0 } : x,
      ),
    };
    const run = runScenario(s, { models: ["exchange"] }).runs[0];
    expect(run.issues[1].note).toMatch(/nl hold a stance with salience or power 0/);
    expect((run.trace as ExchangeModelTrace).rounds![0].candidates).toBe(0);
    expect(run.issues[2]).toMatchObject({ forecast: null });
  });

  it("gives the same result whatever the scale of capabilities (they reach the models as shares of the largest)", () => {
    const big: Scenario = {
      ...two,
      actors: two.actors.map((a) => ({ ...a, capability: a.capability * 1000 })),
    };
    const a = runScenario(two, { models: ["exchange"] }).runs[0];
    const b = runScenario(big, { models: ["exchange"] }).runs[0];
    a.issues.forEach((x, k) => expect(b.issues[k].forecast).toBeCloseTo(x.forecast!, 12));
  });

  it("runs on a decide file read with its quirks (semicolons, quotes, #M out of order)", () => {
    const s = parseScenario(readFileSync(fixture("decide/harbour-semicolon.csv"), "utf8"), "h.csv");
    const run = runScenario(s, { models: ["exchange"] }).runs[0];
    for (const [k, iss] of run.issues.entries()) {
      const { low, high } = s.issues[k].scale;
      expect(iss.forecast! >= low && iss.forecast! <= high).toBe(true);
    }
  });
});
