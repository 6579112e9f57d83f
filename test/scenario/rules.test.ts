import { describe, expect, it } from "vitest";
import { DecisionRule, removedBy, ruleActors, ruleProblems } from "../../src/scenario/rules.js";
import { Scenario } from "../../src/scenario/schema.js";
import { validateScenario } from "../../src/scenario/validate.js";

function scenario(
  extra: Record<string, unknown> = {},
  issueRule?: unknown,
): Record<string, unknown> {
  return {
    entente: 1,
    metadata: { title: "t" },
    actors: [
      { id: "pres", name: "President", capability: 1 },
      { id: "house", name: "House", capability: 1 },
      { id: "senate", name: "Senate", capability: 1 },
      { id: "court", name: "Court", capability: 1 },
    ],
    issues: [
      {
        id: "tax",
        name: "Tax",
        scale: { low: 0, high: 100 },
        referencePoint: 50,
        ...(issueRule !== undefined ? { rule: issueRule } : {}),
      },
      { id: "war", name: "War", scale: { low: 0, high: 10 }, referencePoint: 5 },
    ],
    stances: [
      { actor: "pres", issue: "tax", position: 20, salience: 50 },
      { actor: "house", issue: "tax", position: 70, salience: 50 },
      { actor: "senate", issue: "tax", position: 60, salience: 50 },
      { actor: "pres", issue: "war", position: 8, salience: 50 },
      { actor: "house", issue: "war", position: 2, salience: 50 },
    ],
    ...extra,
  };
}

const messages = (problems: { message: string }[]) => problems.map((p) => p.message);

describe("DecisionRule schema", () => {
  it("accepts a consensus and a vote with setter, overrides and amendment", () => {
    expect(
      DecisionRule.safeParse({ type: "consensus", vetoPlayers: ["a", "b"], agendaSetter: "a" })
        .success,
    ).toBe(true);
    const vote = {
      type: "vote",
      weights: { a: 3, b: 2, c: 1 },
      quota: 4,
      minMembers: 2,
      minBlocking: 2,
      agendaSetter: "a",
      vetoPlayers: ["c"],
      referencePoint: 0,
      overrides: [{ removes: "c", weights: { a: 3, b: 2 }, quota: 5, note: "two thirds" }],
      amendment: { type: "consensus", vetoPlayers: ["a", "b", "c"] },
      note: "a rule",
    };
    const parsed = DecisionRule.parse(vote);
    expect(parsed.type).toBe("vote");
    expect(ruleActors(parsed)).toEqual(["a", "b", "c"]);
    expect(removedBy({ removes: "c" })).toEqual(["c"]);
    expect(removedBy({ removes: ["c", "d"] })).toEqual(["c", "d"]);
  });

  it("names a missing or unknown type clearly", () => {
    for (const bad of [{ vetoPlayers: ["a"] }, { type: "majority", vetoPlayers: ["a"] }]) {
      const r = DecisionRule.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].message).toMatch(/type must be 'consensus'.*or 'vote'/);
      expect(r.error!.issues[0].path).toEqual(["type"]);
    }
  });

  it("rejects an empty consensus, negative weights, a vote without members, unknown fields", () => {
    const fails = (x: unknown) => DecisionRule.safeParse(x).error!.issues.map((i) => i.message);
    expect(fails({ type: "consensus", vetoPlayers: [] })).toEqual([
      "a consensus needs at least one veto player",
    ]);
    expect(fails({ type: "vote", weights: { a: -1 }, quota: 1 })).toContain(
      "a weight must not be negative",
    );
    expect(fails({ type: "vote", weights: {}, quota: 1 })).toContain(
      "a vote needs at least one member with a weight",
    );
    expect(fails({ type: "vote", weights: { a: 1 }, quota: 1, minMembers: 1.5 })).toContain(
      "must be a whole number",
    );
    expect(
      DecisionRule.safeParse({ type: "consensus", vetoPlayers: ["a"], quorum: 3 }).error!.issues[0]
        .code,
    ).toBe("unrecognized_keys");
    expect(fails({ type: "consensus", vetoPlayers: ["bad id"] })[0]).toMatch(
      /must start with a letter/,
    );
  });

  it("is part of the scenario schema, per issue and as a default", () => {
    const s = scenario({ defaultRule: { type: "consensus", vetoPlayers: ["pres", "house"] } });
    expect(Scenario.safeParse(s).success).toBe(true);
    const bad = scenario({ defaultRule: { type: "consensus" } });
    const r = validateScenario(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toEqual(["defaultRule", "vetoPlayers"]);
  });
});

describe("ruleProblems", () => {
  it("finds nothing in good rules", () => {
    const s = scenario(
      { defaultRule: { type: "consensus", vetoPlayers: ["pres", "house"] } },
      {
        type: "vote",
        weights: { house: 1, senate: 1 },
        quota: 2,
        vetoPlayers: ["pres"],
        overrides: [{ removes: "pres", weights: { house: 1, senate: 1 }, quota: 2 }],
      },
    );
    expect(ruleProblems(s)).toEqual([]);
    expect(ruleProblems(undefined)).toEqual([]);
  });

  it("names unknown actors with their role and path, and suggests", () => {
    const problems = ruleProblems(
      scenario(
        {},
        {
          type: "vote",
          weights: { hous: 1, senate: 1 },
          quota: 1,
          agendaSetter: "potus",
          vetoPlayers: ["pres"],
        },
      ),
    );
    expect(problems).toContainEqual({
      path: ["issues", 0, "rule", "weights", "hous"],
      message: "unknown actor 'hous' (voter); did you mean 'house'?",
    });
    expect(problems).toContainEqual({
      path: ["issues", 0, "rule", "agendaSetter"],
      message: "unknown actor 'potus' (agenda setter); known: pres, house, senate, court",
    });
  });

  it("reports actors of an issue's rule without a stance on the issue", () => {
    const problems = ruleProblems(
      scenario({}, { type: "consensus", vetoPlayers: ["pres", "court"] }),
    );
    expect(problems).toEqual([
      {
        path: ["issues", 0, "rule", "vetoPlayers", 1],
        message:
          "'court' (veto player) holds no stance on issue 'tax': the rule needs its position; add the stance or leave the actor out of the rule",
      },
    ]);
  });

  it("gathers the issues where a default-rule actor has no stance into one problem", () => {
    const problems = ruleProblems(
      scenario({ defaultRule: { type: "consensus", vetoPlayers: ["senate", "court"] } }),
    );
    expect(messages(problems)).toEqual([
      "'senate' (veto player in the default rule) holds no stance on issue 'war', which uses the default rule: give it its own rule or add the stance",
      "'court' (veto player in the default rule) holds no stance on issues 'tax', 'war', which use the default rule: give them their own rule or add the stance",
    ]);
    expect(problems[1].path).toEqual(["defaultRule", "vetoPlayers", 1]);
    // An issue with its own rule does not use the default.
    const own = ruleProblems(
      scenario(
        { defaultRule: { type: "consensus", vetoPlayers: ["house", "pres"] } },
        { type: "consensus", vetoPlayers: ["house"] },
      ),
    );
    expect(own).toEqual([]);
  });

  it("checks quotas, member floors, repeated veto players, overrides and reversion points", () => {
    const problems = ruleProblems(
      scenario(
        {},
        {
          type: "vote",
          weights: { house: 2, senate: 1 },
          quota: 4,
          minMembers: 3,
          vetoPlayers: ["pres", "pres"],
          referencePoint: 120,
          overrides: [
            { removes: ["house"], weights: { house: 2, senate: 1 }, quota: 3, minBlocking: 5 },
          ],
        },
      ),
    );
    expect(messages(problems)).toEqual([
      "veto player 'pres' is listed twice",
      "quota 4 exceeds the total weight 3 of the members, so the rule can never pass",
      "minMembers 3 exceeds the 2 member(s) with a weight, so the rule can never pass by weight",
      "minBlocking 5 exceeds the 2 member(s) with a weight",
      "the override removes 'house', who is not a veto player of this rule (veto players: pres, pres)",
      "reversion point 120 is off the scale [0, 100] of issue 'tax'",
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      ["issues", 0, "rule", "vetoPlayers", 1],
      ["issues", 0, "rule", "quota"],
      ["issues", 0, "rule", "minMembers"],
      ["issues", 0, "rule", "overrides", 0, "minBlocking"],
      ["issues", 0, "rule", "overrides", 0, "removes", 0],
      ["issues", 0, "rule", "referencePoint"],
    ]);
  });

  it("reports a default reversion point off the scale of the issues that use it", () => {
    const problems = ruleProblems(
      scenario({ defaultRule: { type: "consensus", vetoPlayers: ["pres"], referencePoint: 50 } }),
    );
    expect(problems).toEqual([
      {
        path: ["defaultRule", "referencePoint"],
        message: "reversion point 50 is off the scale of issue 'war'",
      },
    ]);
  });

  it("tolerates malformed input (checks what it can)", () => {
    const s = scenario({ defaultRule: { type: "vote", weights: "no", vetoPlayers: [3, "ghost"] } });
    expect(messages(ruleProblems(s))).toEqual([
      "unknown actor 'ghost' (veto player); known: pres, house, senate, court",
    ]);
  });

  it("paths point at nodes that exist in the document", () => {
    const s = scenario({}, { type: "consensus", vetoPlayers: ["pres", "court", "nobody"] });
    for (const p of ruleProblems(s)) {
      let node: unknown = s;
      for (const key of p.path) node = (node as Record<string | number, unknown>)[key];
      expect(node, p.message).toBeDefined();
    }
  });
});
