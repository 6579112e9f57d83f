/**
 * Decision rules of EU legislation for DEU issues (Thomson et al. 2006, The European
 * Union Decides), built from the procedure (`proc`: CNS or COD) and the Council's
 * voting rule (`counvte`: QMV or Unan), with the Council's weights of the era
 * (`src/institutions/council-weights.ts`).
 *
 * - Consultation (CNS): the Commission proposes (agenda setter); the Council adopts
 *   by qualified majority or unanimity; it can amend the proposal only by unanimity
 *   (Art. 250(1) EC, Art. 293(1) TFEU), so the Commission proposes the point of the
 *   Council's win set nearest its ideal that no unanimous Council would amend
 *   (Crombez 1996, "Legislative procedures in the European Community", BJPS 26;
 *   Tsebelis & Garrett 2000, "Legislative politics in the European Union", EUP 1).
 *   The Parliament is only consulted: no veto.
 * - Co-decision (COD, after Amsterdam): the Council (QMV or unanimity) and the
 *   Parliament must both agree, in the conciliation committee if need be; the
 *   Commission loses its agenda-setting power (Tsebelis & Garrett 2000; Crombez
 *   2001). So the rule is the Council's vote with the Parliament as a veto player,
 *   and by default no agenda setter (option `codAgendaSetter: "commission"` keeps
 *   the Commission's first-reading proposal as the agenda).
 * - Unanimity: every member state holding a stance is a veto player. An abstention
 *   does not prevent unanimity (Art. 205(3) EC, Art. 238(4) TFEU), so members
 *   without a stance never veto.
 * - Qualified majority: the era's weights and quotas (`COUNCIL_RULES`). Members
 *   without a stance on the issue are handled by option `missing`:
 *   `rescale` (default) scales the quota, the member floor and the blocking minority
 *   in proportion to the members present (as if the absent members split like those
 *   present); `join` counts the absent members in every coalition (indifferent, they
 *   go along with any change); `abstain` leaves them out of every coalition (under
 *   QMV an abstention counts as a no).
 *
 * The Parliament and the Commission take part only where they hold a stance (the DEU
 * codes them `ep` and `com`); otherwise the rule leaves them out and says so.
 */
import type { DecisionRule } from "../../scenario/rules.js";
import type { CouncilEra, CouncilEraOptions } from "../../institutions/council-weights.js";
import { COUNCIL_RULES, inferCouncilEra } from "../../institutions/council-weights.js";

/** A qualified-majority rule as a weighted vote (weights keyed by member-state code). */
export interface CouncilQmv {
  label: string;
  weights: Readonly<Record<string, number>>;
  quota: number;
  minMembers?: number;
  minBlocking?: number;
}

/**
 * The Council's qualified majority in an era, as a weighted vote: the Nice or EU-15
 * votes with their quota and member floor, or, under Lisbon, the populations with
 * 65 % of the population, 55 % of the members (at least 15), and a blocking
 * minority of at least four members.
 */
export function councilQmv(era: CouncilEra): CouncilQmv {
  const rule = COUNCIL_RULES[era];
  if (rule.kind === "weighted-votes")
    return {
      label: rule.label,
      weights: Object.fromEntries(rule.members.map((m) => [m, rule.weights[m]!])),
      quota: rule.quota,
      minMembers: rule.minMembers > 0 ? rule.minMembers : undefined,
    };
  const population = Object.fromEntries(rule.members.map((m) => [m, rule.population[m]!]));
  const total = Object.values(population).reduce((a, b) => a + b, 0);
  const n = rule.members.length;
  return {
    label: rule.label,
    weights: population,
    quota: Math.ceil((total * rule.rule.populationPercent) / 100),
    minMembers: Math.max(Math.ceil((n * rule.rule.memberPercent) / 100), rule.rule.minMembers),
    minBlocking: rule.rule.minBlocking,
  };
}

export type MissingMembers = "rescale" | "join" | "abstain";

/** The vote of a qualified-majority rule restricted to the members present. */
export function councilVote(
  qmv: CouncilQmv,
  present: readonly string[],
  missing: MissingMembers = "rescale",
): { weights: Record<string, number>; quota: number; minMembers?: number; minBlocking?: number } {
  const here = new Set(present);
  const members = Object.keys(qmv.weights);
  const inside = members.filter((m) => here.has(m));
  const outside = members.filter((m) => !here.has(m));
  const weights = Object.fromEntries(inside.map((m) => [m, qmv.weights[m]]));
  const total = members.reduce((s, m) => s + qmv.weights[m], 0);
  const presentWeight = inside.reduce((s, m) => s + qmv.weights[m], 0);
  const absentWeight = total - presentWeight;
  const k = outside.length;
  let quota = qmv.quota;
  let minMembers = qmv.minMembers;
  let minBlocking = qmv.minBlocking;
  if (missing === "join") {
    quota = Math.max(0, qmv.quota - absentWeight);
    if (minMembers !== undefined) minMembers = Math.max(0, minMembers - k);
  } else if (missing === "rescale") {
    quota = total > 0 ? (qmv.quota * presentWeight) / total : 0;
    if (minMembers !== undefined)
      minMembers = Math.ceil((minMembers * inside.length) / members.length);
    if (minBlocking !== undefined)
      minBlocking = Math.max(1, Math.ceil((minBlocking * inside.length) / members.length));
  } else if (minBlocking !== undefined) {
    // Absent members stand outside every coalition, so they already count as blockers.
    minBlocking = minBlocking - k >= 1 ? minBlocking - k : undefined;
  }
  const vote: {
    weights: Record<string, number>;
    quota: number;
    minMembers?: number;
    minBlocking?: number;
  } = {
    weights,
    quota,
  };
  if (minMembers) vote.minMembers = minMembers;
  if (minBlocking !== undefined && minBlocking <= inside.length) vote.minBlocking = minBlocking;
  return vote;
}

export interface EuRuleOptions {
  /** The Council era (default: inferred from who holds positions, `inferCouncilEra`). */
  era?: CouncilEra;
  /** Passed to `inferCouncilEra` when the era is inferred. */
  eraOptions?: CouncilEraOptions;
  /** Qualified-majority weights to use instead of the era's (e.g. from another source). */
  qmv?: CouncilQmv;
  /** Members without a stance under QMV (default `rescale`; see the module comment). */
  missing?: MissingMembers;
  /** Actor id of the Commission (default `com`); null to leave it out. */
  commission?: string | null;
  /** Actor id of the Parliament (default `ep`); null to leave it out. */
  parliament?: string | null;
  /** Under COD: no agenda setter (default) or the Commission. */
  codAgendaSetter?: "none" | "commission";
}

/** What a DEU issue says about its procedure, from `DeuIssueMeta`. */
export interface EuIssueProcedure {
  /** `proc`: COD or CNS. */
  procedure: string;
  /** `counvte`: QMV (also `QMV(10)`) or Unan. */
  votingRule: string;
  /** Actors with a position (for the era), default `stanceHolders`. */
  positionHolders?: readonly string[];
  /** Actors with a stance (position and salience): the rule may name only these. */
  stanceHolders: readonly string[];
}

export interface EuRule {
  /** The rule, or undefined when none can be built (see `notes`). */
  rule: DecisionRule | undefined;
  era: CouncilEra | undefined;
  /** Member states with a stance: the Council members the rule counts. */
  councilMembers: string[];
  /** Choices and omissions, in words. */
  notes: string[];
}

/**
 * The decision rule of a DEU issue: CNS or COD, QMV or unanimity, the era's Council
 * weights, the Commission as setter under CNS and the Parliament as a veto player
 * under COD (where they hold stances). The rule names only actors with a stance.
 */
export function euDecisionRule(issue: EuIssueProcedure, options: EuRuleOptions = {}): EuRule {
  const notes: string[] = [];
  const procedure = issue.procedure.trim().toUpperCase();
  const voting = issue.votingRule.trim().toLowerCase();
  const stance = new Set(issue.stanceHolders);
  const commissionId = options.commission === undefined ? "com" : options.commission;
  const parliamentId = options.parliament === undefined ? "ep" : options.parliament;
  const era =
    options.era ??
    inferCouncilEra(issue.positionHolders ?? issue.stanceHolders, options.eraOptions).era;
  const qmv = options.qmv ?? councilQmv(era);
  const councilMembers = Object.keys(qmv.weights).filter((m) => stance.has(m));
  const fail = (why: string): EuRule => ({
    rule: undefined,
    era,
    councilMembers,
    notes: [...notes, why],
  });
  if (procedure !== "CNS" && procedure !== "COD")
    return fail(`procedure '${issue.procedure}' is neither CNS nor COD`);
  const unanimity = voting.startsWith("unan");
  if (!unanimity && !voting.startsWith("qmv"))
    return fail(`Council voting rule '${issue.votingRule}' is neither QMV nor unanimity`);
  if (councilMembers.length === 0)
    return fail("no member state holds a stance, so the Council cannot be modelled");
  const outsideEra = issue.stanceHolders.filter(
    (a) => a !== commissionId && a !== parliamentId && !Object.hasOwn(qmv.weights, a),
  );
  if (outsideEra.length > 0)
    notes.push(
      `actors outside the ${era} Council and not Commission or Parliament have no say: ${outsideEra.join(", ")}`,
    );

  const hasCommission = commissionId !== null && stance.has(commissionId);
  const hasParliament = parliamentId !== null && stance.has(parliamentId);
  const setter =
    procedure === "CNS" || options.codAgendaSetter === "commission"
      ? hasCommission
        ? commissionId!
        : undefined
      : undefined;
  if ((procedure === "CNS" || options.codAgendaSetter === "commission") && !hasCommission)
    notes.push("the Commission holds no stance, so the rule has no agenda setter");
  const extraVetoes: string[] = [];
  if (procedure === "COD") {
    if (hasParliament) extraVetoes.push(parliamentId!);
    else notes.push("the Parliament holds no stance, so it cannot be modelled as a veto player");
  }

  let rule: DecisionRule;
  if (unanimity) {
    rule = { type: "consensus", vetoPlayers: [...councilMembers, ...extraVetoes] };
    notes.push(`Council unanimity among the ${councilMembers.length} member states with a stance`);
  } else {
    const vote = councilVote(qmv, councilMembers, options.missing ?? "rescale");
    rule = { type: "vote", ...vote };
    if (extraVetoes.length > 0) rule.vetoPlayers = extraVetoes;
    notes.push(
      `Council qualified majority (${qmv.label}) among the ${councilMembers.length} member states with a stance, absent members: ${options.missing ?? "rescale"}`,
    );
  }
  if (setter !== undefined) rule.agendaSetter = setter;
  if (procedure === "CNS" && setter !== undefined)
    rule.amendment = { type: "consensus", vetoPlayers: [...councilMembers] };
  rule.note =
    procedure === "CNS"
      ? "Consultation: Commission proposes, Council adopts (amends only by unanimity); Crombez 1996, Tsebelis & Garrett 2000"
      : "Co-decision: Council and Parliament must both agree; Tsebelis & Garrett 2000";
  if (procedure === "COD" && extraVetoes.length > 0)
    notes.push("the Parliament is a veto player (co-decision)");
  return { rule, era, councilMembers, notes };
}
