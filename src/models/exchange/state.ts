/**
 * The state the exchange model works on within a round (exchange-model.md §4): the
 * positions, saliences and powers of every actor on every issue on the internal 0–100
 * scale, the weight sums `W_k`, and the candidate exchanges with their two exchange
 * actors. Everything is a 28-digit decimal (decimal.ts).
 */
import type { Arithmetic, Num } from "./arithmetic.js";
import type { PythonRandom } from "./mt19937.js";

/** One issue's actors and numbers, members in `#D` row order (the order of every sum). */
export interface ExchangeIssue {
  id: string;
  /** The arithmetic of the run (arithmetic.ts). */
  ar: Arithmetic;
  /** The scale's ends as decimals (the lowest and highest `#M` point). */
  lower: Num;
  upper: Num;
  /** `100 / (upper − lower)`, 0 when upper = lower (F0). */
  step: Num;
  /** Actor index per member slot, in `#D` order. */
  members: number[];
  /** Member slot per actor index (−1 when the actor has no stance). */
  slot: Int32Array;
  salience: Num[];
  power: Num[];
  /** False where the actor cannot trade on the issue (salience or power 0: the program divides by both, Q15). */
  trades: boolean[];
}

/** One side of an exchange: `i` (= A, supplies q) or `j` (= B, supplies p). */
export interface ExchangeActor {
  actor: number;
  supply: number;
  demand: number;
  /** Current position on the supply issue. */
  sx: Num;
  ss: Num;
  sc: Num;
  /** Position and salience on the demand issue (never updated, Q5). */
  dx: Num;
  ds: Num;
  /** `sx` when the exchange was created. */
  start: Num;
  move: Num;
  /** Voting position on the supply issue. */
  y: Num;
  moves: Num[];
  eu: Num;
  nbs0: Num;
  nbs1: Num;
  euMax?: Num;
  u?: number;
  v?: number;
  z?: number;
}

export interface Exchange {
  /** Creation number within the round (for traces). */
  serial: number;
  p: number;
  q: number;
  groups: "a-d" | "b-c";
  A: ExchangeActor;
  B: ExchangeActor;
  gain: Num;
  /** `gain` as a double, and the gain it was taken from (a sort key, realization.ts). */
  key?: number;
  keyOf?: Num;
  valid: boolean;
  /** Moves by others this exchange has been told about: issue → actor → position (§5.10). */
  updates: Map<number, Map<number, Num>>;
}

/** What a round's calculations read: positions at the round's start, weights, randomness. */
export interface RoundContext {
  issues: ExchangeIssue[];
  /** `[issue][member slot]` positions at the start of the round (0–100). */
  pos: Num[][];
  /** `[issue][member slot]`: the terms `(x·s)·c` of the start positions (F2–F4 reuse them). */
  terms: Num[][];
  /** Per issue: `W_k = Σ s·c` (F1). */
  W: Num[];
  ar: Arithmetic;
  /** REX's `p` (0: equal gain). */
  p: Num;
  rng: PythonRandom;
  round: number;
  /** Every random draw, in order (the reference JSON's `rng_trace`). */
  draws: DrawRecord[];
  actorIds: string[];
  issueIds: string[];
}

/** One random draw, as the reference JSON's `rng_trace` records it (exchange-model.md §8). */
export interface DrawRecord {
  round: number;
  call: "random";
  value: string;
  purpose: "tie-break" | "u" | "v" | "z";
  popped?: string[];
  next?: string[];
  popped_valid?: boolean;
  next_valid?: boolean;
  gain?: string;
  swap?: boolean;
  exchange?: string[];
}
