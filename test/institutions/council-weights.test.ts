import { describe, expect, it } from "vitest";
import type { CouncilEra } from "../../src/institutions/council-weights.js";
import {
  COUNCIL_RULES,
  councilVotingGame,
  councilVotingPower,
  ENTRANTS_2004,
  inferCouncilEra,
} from "../../src/institutions/council-weights.js";
import { doubleMajorityIndices } from "../../src/institutions/power-indices.js";
import { DEU_MEMBER_STATES } from "../../src/institutions/eu-member-states.js";

const ERAS: CouncilEra[] = ["eu15", "eu25", "eu27", "eu28", "lisbon"];
const DEU_CODES = new Set<string>(DEU_MEMBER_STATES.map((m) => m.id));

describe("Council rules by era", () => {
  it("have the treaty totals, quotas and member floors", () => {
    const expected = {
      eu15: { members: 15, total: 87, quota: 62, minMembers: 0 },
      eu25: { members: 25, total: 321, quota: 232, minMembers: 13 },
      eu27: { members: 27, total: 345, quota: 255, minMembers: 14 },
      eu28: { members: 28, total: 352, quota: 260, minMembers: 15 },
    } as const;
    for (const [era, e] of Object.entries(expected)) {
      const rule = COUNCIL_RULES[era as CouncilEra];
      if (rule.kind !== "weighted-votes") throw new Error(`${era} should be weighted votes`);
      expect(rule.members).toHaveLength(e.members);
      expect(rule.totalVotes).toBe(e.total);
      expect(rule.quota).toBe(e.quota);
      expect(rule.minMembers).toBe(e.minMembers);
      expect(rule.legalBasis.length).toBeGreaterThan(0);
    }
  });

  it("use the DEU member-state codes", () => {
    for (const era of ERAS)
      for (const m of COUNCIL_RULES[era].members) expect(DEU_CODES.has(m)).toBe(true);
    expect(COUNCIL_RULES.lisbon.members).toHaveLength(28);
  });

  it("Nice weights: the big four 29, Spain and Poland 27, Malta 3; Romania 14, Bulgaria 10, Croatia 7", () => {
    const rule = COUNCIL_RULES.eu28;
    if (rule.kind !== "weighted-votes") throw new Error("eu28 should be weighted votes");
    expect(rule.weights).toMatchObject({
      de: 29,
      fr: 29,
      it: 29,
      uk: 29,
      es: 27,
      pl: 27,
      nl: 13,
      mt: 3,
    });
    expect(rule.weights).toMatchObject({ ro: 14, bu: 10, cr: 7 });
  });

  it("Lisbon: 16 of 28 members, 65 % of the population, any 25 members win", () => {
    const { game } = councilVotingGame("lisbon");
    const rule = COUNCIL_RULES.lisbon;
    if (rule.kind !== "double-majority") throw new Error("lisbon should be a double majority");
    const total = Object.values(rule.population).reduce((a, b) => a + (b ?? 0), 0);
    expect(game.minMembers).toBe(16);
    expect(game.winsWithMembers).toBe(25);
    expect(game.quota).toBe(Math.ceil(0.65 * total));
  });
});

describe("voting power by era", () => {
  it("EU-15 Shapley–Shubik: DE .1167, ES .0955, BE .0552, AT .0454, DK .0353, LU .0207", () => {
    const phi = councilVotingPower("eu15");
    const expected = {
      de: 0.1167,
      fr: 0.1167,
      it: 0.1167,
      uk: 0.1167,
      es: 0.0955,
      be: 0.0552,
      at: 0.0454,
      dk: 0.0353,
      lu: 0.0207,
    };
    for (const [m, x] of Object.entries(expected))
      expect(Math.abs(phi[m as keyof typeof phi]! - x)).toBeLessThan(0.00005);
  });

  it.each(ERAS)("%s: every index sums to 1 and follows the weights", (era) => {
    for (const index of ["shapley-shubik", "banzhaf"] as const) {
      const power = councilVotingPower(era, index);
      const values = Object.values(power) as number[];
      expect(values).toHaveLength(COUNCIL_RULES[era].members.length);
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    const { members, game } = councilVotingGame(era);
    const phi = councilVotingPower(era);
    members.forEach((a, i) =>
      members.forEach((b, j) => {
        if (game.weights[i] > game.weights[j]) expect(phi[a]!).toBeGreaterThanOrEqual(phi[b]!);
      }),
    );
  });

  it("Lisbon: Germany has the most power, Malta the least; the table on rounded populations agrees", () => {
    const phi = councilVotingPower("lisbon");
    const values = Object.values(phi) as number[];
    expect(phi.de).toBe(Math.max(...values));
    expect(phi.mt).toBe(Math.min(...values));
    const rule = COUNCIL_RULES.lisbon;
    if (rule.kind !== "double-majority") throw new Error("lisbon should be a double majority");
    const inTenThousands = rule.members.map((m) => Math.round(rule.population[m]! / 10_000));
    const rounded = doubleMajorityIndices(inTenThousands, rule.rule, {
      method: "dynamic-programming",
    });
    rule.members.forEach((m, i) =>
      expect(Math.abs(rounded.shapleyShubik[i] - phi[m]!)).toBeLessThan(5e-4),
    );
  });

  it("Lisbon: an error of 5 000 persons in a population figure moves no index by 2e-5", () => {
    const rule = COUNCIL_RULES.lisbon;
    if (rule.kind !== "double-majority") throw new Error("lisbon should be a double majority");
    const population = rule.members.map((m) => rule.population[m]!);
    const base = doubleMajorityIndices(population);
    // Germany, Hungary and Cyprus carry round figures, the likeliest to be off.
    for (const member of ["de", "hu", "cy"] as const) {
      const k = rule.members.indexOf(member);
      for (const delta of [-5000, 5000]) {
        const changed = [...population];
        changed[k] += delta;
        const r = doubleMajorityIndices(changed);
        r.shapleyShubik.forEach((x, i) =>
          expect(Math.abs(x - base.shapleyShubik[i])).toBeLessThan(2e-5),
        );
      }
    }
  });
});

describe("inferring the era of a DEU issue", () => {
  it("reads the membership from later entrants holding positions", () => {
    expect(inferCouncilEra(["com", "ep", "de", "fr"])).toEqual({
      era: "eu15",
      membership: 15,
      evidence: [],
    });
    expect(inferCouncilEra(["de", "pl", "hu"])).toEqual({
      era: "eu25",
      membership: 25,
      evidence: ["hu", "pl"],
    });
    expect(inferCouncilEra(["de", "ro"]).era).toBe("eu27");
    expect(inferCouncilEra(["bu", "pl"]).era).toBe("eu27");
    expect(inferCouncilEra(["cr", "bu"])).toEqual({
      era: "lisbon",
      membership: 28,
      evidence: ["cr"],
    });
    expect(inferCouncilEra(["cr"], { croatiaEra: "eu28" }).era).toBe("eu28");
    expect(inferCouncilEra([]).era).toBe("eu15");
  });

  it("every 2004 entrant alone implies EU-25", () => {
    for (const m of ENTRANTS_2004) expect(inferCouncilEra(["com", m]).era).toBe("eu25");
  });

  it("the inferred era's members include every member state holding a position", () => {
    const cases = [
      ["at", "fi", "se"],
      ["mt", "de"],
      ["ro", "si"],
      ["cr", "uk"],
    ];
    for (const holders of cases) {
      const { era } = inferCouncilEra(holders);
      for (const m of holders) expect(COUNCIL_RULES[era].members).toContain(m);
    }
  });
});
