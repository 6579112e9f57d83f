/**
 * The exchange model's trace: every round's outcomes and positions, groups, candidate
 * counts, every realized exchange (who, which issues, moves, gains, the outcome before
 * and after), externalities, and every random draw. Its layout and key names follow
 * the reference JSON of exchange-model.md §8 (`format_version` 1), so a run can be
 * compared with a reference field by field. Numbers are strings holding the exact
 * decimal; positions are on the internal 0–100 scale unless the key ends in `_scale`.
 */
import type { Num } from "./arithmetic.js";
import type { DrawRecord, Exchange, ExchangeActor } from "./state.js";

export interface ExchangeActorRecord {
  actor: string;
  supply_issue: string;
  demand_issue: string;
  start_position: string;
  x: string;
  move: string;
  y: string;
  target: string;
  eu: string;
  nbs_0: string;
  nbs_1: string;
  salience_supply: string;
  salience_demand: string;
  power_supply: string;
  eu_max?: string;
  u?: string;
  v?: string;
  z?: string;
}

export interface ExchangeRecord {
  seq: number;
  p: string;
  q: string;
  groups: "a-d" | "b-c";
  gain: string;
  /** A (supplies q). */
  i: ExchangeActorRecord;
  /** B (supplies p). */
  j: ExchangeActorRecord;
  /** How many recalculated candidates became invalid when this one was realized. */
  removed_after: number;
  /** Candidates left after it. */
  remaining_after: number;
  valid_at_end_of_round: boolean;
  /** Voting positions at the end of the round, where they differ from those reported (never in the references). */
  end_of_round?: { i_y: string; j_y: string };
}

/** Per issue → per actor (positions), or per issue (outcomes). */
export type IssueActorValues = Record<string, Record<string, string>>;

/** Externalities of one round for one actor (§8): sums over the round's exchanges. */
export interface ExternalityRecord {
  own: string;
  inner_positive: string;
  inner_negative: string;
  outer_positive: string;
  outer_negative: string;
}

export interface RoundRecord {
  round: number;
  start: { nbs: Record<string, string>; positions: IssueActorValues };
  groups: { p: string; q: string; a: string[]; b: string[]; c: string[]; d: string[] }[];
  candidates: number;
  candidates_valid: number;
  exchanges: ExchangeRecord[];
  ties: number;
  realized: number;
  voting: { nbs: Record<string, string>; positions: IssueActorValues };
  next_start: { positions: IssueActorValues; nbs: Record<string, string> };
  externalities: Record<string, ExternalityRecord>;
}

export interface CandidateRecord {
  p: string;
  q: string;
  groups: "a-d" | "b-c";
  /** [A, A's supply issue, B, B's supply issue]. */
  id: [string, string, string, string];
  gain: string;
  valid: boolean;
  i_move: string;
  j_move: string;
  i_y: string;
  j_y: string;
}

export interface FinalIssueRecord {
  initial_nbs: string;
  initial_nbs_scale: string;
  voting_nbs_last_round: string;
  voting_nbs_last_round_scale: string;
  preference_nbs_after_last_round: string;
  preference_nbs_after_last_round_scale: string;
}

export interface ExchangeTrace {
  format_version: 1;
  arithmetic: string;
  parameters: {
    p: string;
    iterations: number;
    seed: number | string;
    salience_weight: string;
    fixed_weight: string;
  };
  issues: { id: string; lower: string; upper: string; step_size: string }[];
  actors: { id: string; name: string }[];
  rounds: RoundRecord[];
  final: Record<string, FinalIssueRecord>;
  round1_candidates: CandidateRecord[];
  rng_trace: DrawRecord[];
}

const str = (d: Num): string => d.toString();

function actorRecord(X: ExchangeActor, Y: ExchangeActor, actorIds: string[], issueIds: string[]) {
  const r: ExchangeActorRecord = {
    actor: actorIds[X.actor],
    supply_issue: issueIds[X.supply],
    demand_issue: issueIds[X.demand],
    start_position: str(X.start),
    x: str(X.sx),
    move: str(X.move),
    y: str(X.y),
    target: str(Y.dx),
    eu: str(X.eu),
    nbs_0: str(X.nbs0),
    nbs_1: str(X.nbs1),
    salience_supply: str(X.ss),
    salience_demand: str(X.ds),
    power_supply: str(X.sc),
  };
  if (X.euMax !== undefined) r.eu_max = str(X.euMax);
  if (X.u !== undefined) r.u = String(X.u);
  if (X.v !== undefined) r.v = String(X.v);
  if (X.z !== undefined) r.z = String(X.z);
  return r;
}

/** The reported state of a realized exchange (§5.9.3). */
export function snapshotExchange(
  E: Exchange,
  seq: number,
  removed: number,
  remaining: number,
  actorIds: string[],
  issueIds: string[],
): ExchangeRecord {
  return {
    seq,
    p: issueIds[E.p],
    q: issueIds[E.q],
    groups: E.groups,
    gain: str(E.gain),
    i: actorRecord(E.A, E.B, actorIds, issueIds),
    j: actorRecord(E.B, E.A, actorIds, issueIds),
    removed_after: removed,
    remaining_after: remaining,
    valid_at_end_of_round: E.valid,
  };
}

/** The identity of an exchange: [A, A's supply, B, B's supply]. */
export function exchangeId(
  E: Exchange,
  actorIds: string[],
  issueIds: string[],
): [string, string, string, string] {
  return [actorIds[E.A.actor], issueIds[E.A.supply], actorIds[E.B.actor], issueIds[E.B.supply]];
}

export function candidateRecord(
  E: Exchange,
  actorIds: string[],
  issueIds: string[],
): CandidateRecord {
  return {
    p: issueIds[E.p],
    q: issueIds[E.q],
    groups: E.groups,
    id: exchangeId(E, actorIds, issueIds),
    gain: str(E.gain),
    valid: E.valid,
    i_move: str(E.A.move),
    j_move: str(E.B.move),
    i_y: str(E.A.y),
    j_y: str(E.B.y),
  };
}
