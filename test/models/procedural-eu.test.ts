import { describe, expect, it } from "vitest";
import { DecisionRule } from "../../src/scenario/rules.js";
import { COUNCIL_RULES } from "../../src/institutions/council-weights.js";
import {
  analyseWinSet,
  coreOf,
  councilQmv,
  councilVote,
  euDecisionRule,
  gameOfAmendment,
  gameOfRule,
  setterOutcome,
} from "../../src/models/procedural/index.js";

const EU15 = [
  "at",
  "be",
  "dk",
  "fi",
  "fr",
  "de",
  "el",
  "ie",
  "it",
  "lu",
  "nl",
  "pt",
  "es",
  "se",
  "uk",
];

describe("Council weights for the rules", () => {
  it("reuses the era's weights, quota and member floor", () => {
    const eu15 = councilQmv("eu15");
    expect(Object.values(eu15.weights).reduce((a, b) => a + b, 0)).toBe(87);
    expect(eu15.quota).toBe(62);
    expect(eu15.minMembers).toBeUndefined();
    expect(eu15.weights.de).toBe(10);
    const eu27 = councilQmv("eu27");
    expect(eu27).toMatchObject({ quota: 255, minMembers: 14 });
    expect(Object.keys(eu27.weights)).toHaveLength(27);
  });

  it("Lisbon: 65 % of the population, 55 % of the members (16 of 28), blocking minority of 4", () => {
    const l = councilQmv("lisbon");
    const rule = COUNCIL_RULES.lisbon;
    expect(rule.kind).toBe("double-majority");
    const total = Object.values(l.weights).reduce((a, b) => a + b, 0);
    expect(l.quota).toBe(Math.ceil(total * 0.65));
    expect(l.minMembers).toBe(16);
    expect(l.minBlocking).toBe(4);
  });

  it("members without a stance: rescale, join or abstain", () => {
    const qmv = {
      label: "t",
      weights: { a: 4, b: 3, c: 2, d: 1 },
      quota: 7,
      minMembers: 2,
      minBlocking: 2,
    };
    expect(councilVote(qmv, ["a", "b", "c"], "join")).toEqual({
      weights: { a: 4, b: 3, c: 2 },
      quota: 6,
      minMembers: 1,
      minBlocking: 2,
    });
    expect(councilVote(qmv, ["a", "b", "c"], "rescale")).toEqual({
      weights: { a: 4, b: 3, c: 2 },
      quota: 6.3,
      minMembers: 2,
      minBlocking: 2,
    });
    expect(councilVote(qmv, ["a", "b", "c"], "abstain")).toEqual({
      weights: { a: 4, b: 3, c: 2 },
      quota: 7,
      minMembers: 2,
      minBlocking: 1,
    });
    expect(councilVote(qmv, ["a", "b"], "abstain")).toEqual({
      weights: { a: 4, b: 3 },
      quota: 7,
      minMembers: 2,
    });
  });
});

describe("EU decision rules for DEU issues", () => {
  const holders = ["com", "ep", ...EU15];

  it("CNS with QMV: Commission sets the agenda, the Council amends only by unanimity, no Parliament veto", () => {
    const { rule, era, notes } = euDecisionRule({
      procedure: "CNS",
      votingRule: "QMV",
      stanceHolders: holders,
    });
    expect(era).toBe("eu15");
    expect(DecisionRule.safeParse(rule).success).toBe(true);
    expect(rule).toMatchObject({ type: "vote", quota: 62, agendaSetter: "com" });
    expect(rule!.vetoPlayers).toBeUndefined();
    expect(rule!.amendment).toEqual({
      type: "consensus",
      vetoPlayers: EU15.filter((m) => holders.includes(m)).sort(sortDeu),
    });
    expect(notes.join(" ")).toMatch(/qualified majority/);
  });

  it("CNS with unanimity: every member state with a stance is a veto player", () => {
    const { rule } = euDecisionRule({
      procedure: "CNS",
      votingRule: "Unan",
      stanceHolders: ["com", "de", "fr", "uk"],
    });
    expect(rule).toMatchObject({
      type: "consensus",
      vetoPlayers: ["fr", "de", "uk"],
      agendaSetter: "com",
    });
  });

  it("COD: the Parliament is a veto player and there is no agenda setter by default", () => {
    const { rule } = euDecisionRule({
      procedure: "COD",
      votingRule: "QMV",
      stanceHolders: holders,
    });
    expect(rule).toMatchObject({ type: "vote", vetoPlayers: ["ep"] });
    expect(rule!.agendaSetter).toBeUndefined();
    const withCom = euDecisionRule(
      { procedure: "COD", votingRule: "QMV(10)", stanceHolders: holders },
      { codAgendaSetter: "commission" },
    );
    expect(withCom.rule!.agendaSetter).toBe("com");
    const unan = euDecisionRule({
      procedure: "COD",
      votingRule: "Unan",
      stanceHolders: ["ep", "de", "fr"],
    });
    expect(unan.rule).toMatchObject({ type: "consensus", vetoPlayers: ["fr", "de", "ep"] });
  });

  it("infers the era from who holds positions, or takes it or weights as options", () => {
    expect(
      euDecisionRule({ procedure: "COD", votingRule: "QMV", stanceHolders: ["de", "pl"] }).era,
    ).toBe("eu25");
    expect(
      euDecisionRule({ procedure: "COD", votingRule: "QMV", stanceHolders: ["de", "ro"] }).era,
    ).toBe("eu27");
    const given = euDecisionRule(
      { procedure: "CNS", votingRule: "QMV", stanceHolders: ["de", "fr"] },
      { qmv: { label: "mine", weights: { de: 1, fr: 1 }, quota: 2 } },
    );
    expect(given.rule).toMatchObject({ weights: { de: 1, fr: 1 }, quota: 2 });
  });

  it("says why when it cannot build a rule, and leaves out absent institutions", () => {
    expect(
      euDecisionRule({ procedure: "SYN", votingRule: "QMV", stanceHolders: ["de"] }).rule,
    ).toBeUndefined();
    expect(
      euDecisionRule({ procedure: "CNS", votingRule: "simple", stanceHolders: ["de"] }).notes.at(
        -1,
      ),
    ).toMatch(/neither QMV nor unanimity/);
    expect(
      euDecisionRule({ procedure: "CNS", votingRule: "QMV", stanceHolders: ["com"] }).notes.at(-1),
    ).toMatch(/no member state/);
    const noEp = euDecisionRule({
      procedure: "COD",
      votingRule: "QMV",
      stanceHolders: ["de", "fr"],
    });
    expect(noEp.rule!.vetoPlayers).toBeUndefined();
    expect(noEp.notes.join(" ")).toMatch(/Parliament holds no stance/);
  });

  it("CNS outcome: the Commission's nearest point of the QMV win set that no unanimous Council would amend", () => {
    // Five members of equal weight, quota 4 (a rescaled supermajority), Commission at 100, rp 0.
    const positions = { com: 100, a: 20, b: 40, c: 50, d: 60, e: 90 };
    const rule = euDecisionRule(
      { procedure: "CNS", votingRule: "QMV", stanceHolders: Object.keys(positions) },
      { qmv: { label: "t", weights: { a: 1, b: 1, c: 1, d: 1, e: 1 }, quota: 4 } },
    ).rule!;
    const ideals = new Map(Object.entries(positions));
    const a = analyseWinSet(gameOfRule(rule), ideals, 0, { low: 0, high: 100 });
    // From the top, four members are needed: e, d, c, b → pivot b at 40, so W = [0, 80].
    expect(a.winSet).toEqual({ low: 0, high: 80 });
    const amend = coreOf(gameOfAmendment(rule.amendment!), ideals);
    expect(amend).toEqual({ low: 20, high: 90 });
    expect(setterOutcome(a, 100, amend).outcome).toBe(80);
  });
});

const ORDER = [
  "at",
  "be",
  "bu",
  "cr",
  "cy",
  "cz",
  "dk",
  "ee",
  "fi",
  "fr",
  "de",
  "el",
  "hu",
  "ie",
  "it",
  "lv",
  "lt",
  "lu",
  "mt",
  "nl",
  "pl",
  "pt",
  "ro",
  "si",
  "sk",
  "es",
  "se",
  "uk",
];
function sortDeu(a: string, b: string): number {
  return ORDER.indexOf(a) - ORDER.indexOf(b);
}
