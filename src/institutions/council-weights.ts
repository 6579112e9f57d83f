/**
 * Qualified-majority voting in the Council of the European Union, era by era, keyed
 * by the DEU member-state codes, with the voting power each rule gives the members
 * (Shapley–Shubik or Banzhaf, exactly, via `power-indices.ts`).
 *
 * Eras (qualified majority on a Commission proposal, the case of every DEU issue):
 *
 * | era      | members | from – until            | rule                                                   |
 * |----------|---------|-------------------------|--------------------------------------------------------|
 * | `eu15`   | 15      | 1995-01-01 – 2004-04-30 | 62 of 87 weighted votes                                |
 * | `eu25`   | 25      | 2004-11-01 – 2006-12-31 | 232 of 321 votes and a majority (13) of the members    |
 * | `eu27`   | 27      | 2007-01-01 – 2013-06-30 | 255 of 345 votes and 14 members                        |
 * | `eu28`   | 28      | 2013-07-01 – 2014-10-31 | 260 of 352 votes and 15 members                        |
 * | `lisbon` | 28      | 2014-11-01 –            | 55 % of members (≥ 15) with 65 % of the population;    |
 * |          |         |                         | a blocking minority needs at least 4 members           |
 *
 * Legal sources:
 * - EU-15: Art. 148(2) EC Treaty (Art. 205(2) after Amsterdam), weights and quota
 *   as set for the 1995 enlargement by the Act of Accession of Austria, Finland and
 *   Sweden (OJ C 241, 29.8.1994), adjusted to 15 members (62 of 87) by Council
 *   Decision 95/1/EC, Euratom, ECSC of 1 January 1995 after Norway stayed out.
 * - EU-25: Treaty of Nice, Protocol on the enlargement of the European Union, Art. 3,
 *   with the new members' weights from the Act of Accession of 2003 (OJ L 236,
 *   23.9.2003), in force from 1 November 2004. From 1 May to 31 October 2004 a
 *   transitional scale applied (88 of 124 votes); it is not modelled here.
 * - EU-27: the same system as extended by the Act of Accession of Bulgaria and
 *   Romania (OJ L 157, 21.6.2005); after 1 December 2009, Protocol (No 36) on
 *   transitional provisions, Art. 3(3), to the Treaty of Lisbon.
 * - EU-28: Protocol (No 36), Art. 3(3), as amended by the Act of Accession of
 *   Croatia (OJ L 112, 24.4.2012).
 * - Lisbon: Art. 16(4) TEU and Art. 238(3) TFEU; Protocol (No 36), Art. 3(2), let a
 *   member ask for the Nice rule until 31 March 2017 (not modelled).
 *
 * Simplifications, stated: the Nice rule's population "safety net" (62 % of the
 * population, checked only when a member asks) is left out; the member floor is the
 * one for Commission proposals (a majority of members; two thirds otherwise).
 */
import type { DoubleMajorityRule, PowerIndexOptions, WeightedVotingGame } from "./power-indices.js";
import { doubleMajorityGame, LISBON_DOUBLE_MAJORITY, powerIndices } from "./power-indices.js";
import type { DeuMemberState } from "./eu-member-states.js";
import { DEU_MEMBER_STATES } from "./eu-member-states.js";

export type CouncilEra = "eu15" | "eu25" | "eu27" | "eu28" | "lisbon";

interface CouncilRuleCommon {
  era: CouncilEra;
  label: string;
  /** First day the rule applied (ISO date). */
  from: string;
  /** Last day the rule applied, where it has ended. */
  until?: string;
  /** Member states voting under the rule, in DEU column order. */
  members: DeuMemberState[];
  /** Treaty articles and acts that set the rule. */
  legalBasis: string[];
}

/** Qualified majority by weighted votes (EC Treaty; Treaty of Nice). */
export interface WeightedVotesRule extends CouncilRuleCommon {
  kind: "weighted-votes";
  weights: Readonly<Partial<Record<DeuMemberState, number>>>;
  quota: number;
  totalVotes: number;
  /** Fewest members a qualified majority needs (on a Commission proposal). */
  minMembers: number;
}

/** Qualified majority by double majority of members and population (Treaty of Lisbon). */
export interface DoubleMajorityCouncilRule extends CouncilRuleCommon {
  kind: "double-majority";
  rule: DoubleMajorityRule;
  /** Population in persons used to weigh the members. */
  population: Readonly<Partial<Record<DeuMemberState, number>>>;
  populationSource: string;
}

export type CouncilRule = WeightedVotesRule | DoubleMajorityCouncilRule;

/** Weights in force for EU-15, 1995–2004. */
const EU15_WEIGHTS = {
  de: 10,
  fr: 10,
  it: 10,
  uk: 10,
  es: 8,
  be: 5,
  el: 5,
  nl: 5,
  pt: 5,
  at: 4,
  se: 4,
  dk: 3,
  ie: 3,
  fi: 3,
  lu: 2,
} as const;

/** Nice weights for EU-25, from 1 November 2004. */
const NICE25_WEIGHTS = {
  de: 29,
  fr: 29,
  it: 29,
  uk: 29,
  es: 27,
  pl: 27,
  nl: 13,
  be: 12,
  cz: 12,
  el: 12,
  hu: 12,
  pt: 12,
  at: 10,
  se: 10,
  dk: 7,
  ie: 7,
  lt: 7,
  sk: 7,
  fi: 7,
  cy: 4,
  ee: 4,
  lv: 4,
  lu: 4,
  si: 4,
  mt: 3,
} as const;

const NICE27_WEIGHTS = { ...NICE25_WEIGHTS, ro: 14, bu: 10 } as const;
const NICE28_WEIGHTS = { ...NICE27_WEIGHTS, cr: 7 } as const;

/**
 * Population in persons on 1 January 2014 (Eurostat), the figures the Council used
 * for 2015 under its Rules of Procedure, Annex III, as updated by Council Decision
 * 2014/937/EU (OJ L 363, 18.12.2014). Transcribed from that table from memory, not
 * copied from a file: their sum, 507 421 276, differs from the published EU-28
 * total as recalled (507 416 607) by about 5 000, so a figure may be off by that
 * much; an error of 5 000 persons in one figure moves no Shapley–Shubik or Banzhaf
 * index by more than 2e-5 (checked for every member, and in the tests for three).
 * Check the Official Journal before quoting a figure.
 */
const POPULATION_2014 = {
  de: 80_780_000,
  fr: 65_856_609,
  uk: 64_308_261,
  it: 60_782_668,
  es: 46_507_760,
  pl: 38_495_659,
  ro: 19_947_311,
  nl: 16_829_289,
  be: 11_203_992,
  el: 10_992_589,
  cz: 10_512_419,
  pt: 10_427_301,
  hu: 9_879_000,
  se: 9_644_864,
  at: 8_507_786,
  bu: 7_245_677,
  dk: 5_627_235,
  fi: 5_451_270,
  sk: 5_415_949,
  ie: 4_604_029,
  cr: 4_246_700,
  lt: 2_943_472,
  si: 2_061_085,
  lv: 2_001_468,
  ee: 1_315_819,
  cy: 858_000,
  lu: 549_680,
  mt: 425_384,
} as const;

/** The members of a weight table, in DEU column order. */
function membersOf(table: Partial<Record<DeuMemberState, number>>): DeuMemberState[] {
  return DEU_MEMBER_STATES.map((m) => m.id).filter((id) => table[id] !== undefined);
}

function sum(table: Partial<Record<DeuMemberState, number>>): number {
  return Object.values(table).reduce((a: number, b) => a + (b ?? 0), 0);
}

function weightedRule(
  era: CouncilEra,
  label: string,
  from: string,
  until: string,
  weights: Partial<Record<DeuMemberState, number>>,
  quota: number,
  minMembers: number,
  legalBasis: string[],
): WeightedVotesRule {
  return {
    kind: "weighted-votes",
    era,
    label,
    from,
    until,
    members: membersOf(weights),
    legalBasis,
    weights,
    quota,
    totalVotes: sum(weights),
    minMembers,
  };
}

/** The Council's qualified-majority rule in each era (see the module comment). */
export const COUNCIL_RULES: Readonly<Record<CouncilEra, CouncilRule>> = {
  eu15: weightedRule(
    "eu15",
    "EU-15, weighted votes (62 of 87)",
    "1995-01-01",
    "2004-04-30",
    EU15_WEIGHTS,
    62,
    0,
    [
      "EC Treaty Art. 148(2), Art. 205(2) after the Treaty of Amsterdam",
      "Act of Accession of Austria, Finland and Sweden (OJ C 241, 29.8.1994)",
      "Council Decision 95/1/EC, Euratom, ECSC of 1 January 1995",
    ],
  ),
  eu25: weightedRule(
    "eu25",
    "EU-25, Nice weighted votes (232 of 321)",
    "2004-11-01",
    "2006-12-31",
    NICE25_WEIGHTS,
    232,
    13,
    [
      "Treaty of Nice, Protocol on the enlargement of the European Union, Art. 3",
      "Act of Accession 2003 (OJ L 236, 23.9.2003)",
    ],
  ),
  eu27: weightedRule(
    "eu27",
    "EU-27, Nice weighted votes (255 of 345)",
    "2007-01-01",
    "2013-06-30",
    NICE27_WEIGHTS,
    255,
    14,
    [
      "Act of Accession of Bulgaria and Romania (OJ L 157, 21.6.2005)",
      "Treaty of Lisbon, Protocol (No 36) on transitional provisions, Art. 3(3) (from 1.12.2009)",
    ],
  ),
  eu28: weightedRule(
    "eu28",
    "EU-28, Nice weighted votes (260 of 352)",
    "2013-07-01",
    "2014-10-31",
    NICE28_WEIGHTS,
    260,
    15,
    [
      "Protocol (No 36) on transitional provisions, Art. 3(3), as amended by the Act of Accession of Croatia (OJ L 112, 24.4.2012)",
    ],
  ),
  lisbon: {
    kind: "double-majority",
    era: "lisbon",
    label: "Lisbon double majority (55 % of members, 65 % of population)",
    from: "2014-11-01",
    members: membersOf(POPULATION_2014),
    legalBasis: [
      "TEU Art. 16(4)",
      "TFEU Art. 238(3)",
      "Protocol (No 36) on transitional provisions, Art. 3(1)–(2)",
    ],
    rule: LISBON_DOUBLE_MAJORITY,
    population: POPULATION_2014,
    populationSource:
      "Eurostat, population on 1 January 2014, as in the Council's Rules of Procedure, Annex III (Council Decision 2014/937/EU)",
  },
};

/** The rule of an era as a weighted voting game over its members (DEU order). */
export function councilVotingGame(era: CouncilEra): {
  members: DeuMemberState[];
  game: WeightedVotingGame;
} {
  const rule = COUNCIL_RULES[era];
  if (rule.kind === "weighted-votes")
    return {
      members: rule.members,
      game: {
        weights: rule.members.map((m) => rule.weights[m]!),
        quota: rule.quota,
        minMembers: rule.minMembers,
      },
    };
  return {
    members: rule.members,
    game: doubleMajorityGame(
      rule.members.map((m) => rule.population[m]!),
      rule.rule,
    ),
  };
}

export type VotingPowerIndex = "shapley-shubik" | "banzhaf" | "banzhaf-raw";

const powerCache = new Map<string, Readonly<Partial<Record<DeuMemberState, number>>>>();

/**
 * Each member's voting power under an era's rule: the Shapley–Shubik index
 * (default), the normalised Banzhaf index or the raw Banzhaf index. Members of
 * other eras are absent from the result. Results are computed once and kept.
 */
export function councilVotingPower(
  era: CouncilEra,
  index: VotingPowerIndex = "shapley-shubik",
  options: PowerIndexOptions = {},
): Readonly<Partial<Record<DeuMemberState, number>>> {
  const key = `${era}/${index}/${options.method ?? "auto"}`;
  const cached = powerCache.get(key);
  if (cached) return cached;
  const { members, game } = councilVotingGame(era);
  const power = powerIndices(game, options);
  const values =
    index === "shapley-shubik"
      ? power.shapleyShubik
      : index === "banzhaf"
        ? power.banzhaf
        : power.banzhafRaw;
  const result = Object.freeze(Object.fromEntries(members.map((m, i) => [m, values[i]])));
  powerCache.set(key, result);
  return result;
}

/** Member states that joined in 2004 (Act of Accession 2003). */
export const ENTRANTS_2004: readonly DeuMemberState[] = [
  "cy",
  "cz",
  "ee",
  "hu",
  "lv",
  "lt",
  "mt",
  "pl",
  "si",
  "sk",
];
/** Member states that joined in 2007 (Act of Accession 2005). */
export const ENTRANTS_2007: readonly DeuMemberState[] = ["bu", "ro"];
/** Member state that joined in 2013 (Act of Accession 2012). */
export const ENTRANTS_2013: readonly DeuMemberState[] = ["cr"];

export interface CouncilEraInference {
  era: CouncilEra;
  /** The smallest membership consistent with the member states holding positions. */
  membership: 15 | 25 | 27 | 28;
  /** The later entrants whose positions decided the membership (empty for EU-15). */
  evidence: DeuMemberState[];
}

export interface CouncilEraOptions {
  /**
   * The rule for issues with a Croatian position: `lisbon` (default) or the Nice
   * weights of `eu28`. Croatia voted under Nice weights only from 1 July 2013 to
   * 31 October 2014; DEU III's issues with Croatian positions concern proposals
   * decided after that, so the double majority is the default.
   */
  croatiaEra?: "lisbon" | "eu28";
}

/**
 * The Council era of a DEU issue, inferred from which member states hold positions
 * (the DEU codes a position only for members at the time): a Croatian position
 * means 28 members; a Bulgarian or Romanian one, 27; one of a 2004 entrant, 25;
 * otherwise 15. It is a lower bound: an issue of a later era on which no later
 * entrant took a position reads as an earlier era, and the UK's departure is not
 * seen. Actors other than member states (`com`, `ep`) are ignored.
 */
export function inferCouncilEra(
  positionHolders: Iterable<string>,
  options: CouncilEraOptions = {},
): CouncilEraInference {
  const present = new Set(positionHolders);
  const found = (group: readonly DeuMemberState[]) => group.filter((m) => present.has(m));
  const croatia = found(ENTRANTS_2013);
  if (croatia.length > 0)
    return { era: options.croatiaEra ?? "lisbon", membership: 28, evidence: croatia };
  const eu27 = found(ENTRANTS_2007);
  if (eu27.length > 0) return { era: "eu27", membership: 27, evidence: eu27 };
  const eu25 = found(ENTRANTS_2004);
  if (eu25.length > 0) return { era: "eu25", membership: 25, evidence: eu25 };
  return { era: "eu15", membership: 15, evidence: [] };
}
