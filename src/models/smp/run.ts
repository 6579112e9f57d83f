/**
 * A run of KTAB's Spatial Model of Politics (KAPSARC Toolkit for Behavioral
 * Analysis; Wise et al., KAPSARC 2015–2017), re-implemented from the contract in
 * smp-algorithm.md; with the default options it reproduces KTAB's `smpc` runs bit
 * for bit (smp-algorithm.md §10).
 *
 * Actors hold positions on D dimensions at once. Each turn (smp-algorithm.md §3):
 * every actor picks the rival it most profits from challenging (§4) and proposes a
 * bargain (§5.1); every actor then faces a queue — keep its position, its own
 * bargain, the bargains aimed at it (§5.2) — resolved by a probabilistic Condorcet
 * election over the states they would create (§5.3), and takes its side of the
 * winner (§5.4). All move at once; ideals follow (§1.4); the run stops when a turn's
 * movement falls below 2% of the first turn's, or at turn 100 (§6).
 *
 * Speed: all numbers live in `Float64Array`s allocated once per run; the work of a
 * state (distances, risk attitudes, the actors' own utilities, the value of the status
 * quo and of each bargain) is done once and shared by all queues. The challenge scan is
 * O(N³) per turn. Explanations (targets, bargains, queues) are recorded only with
 * `trace: "full"`.
 */
import { allocateChallengeScratch, chooseTargets } from "./challenge.js";
import { createContext } from "./context.js";
import {
  bargainValues,
  formBargains,
  statusQuoValues,
  type Bargain,
  type BargainView,
} from "./bargain.js";
import { SmpOptions, type SmpOptionsInput } from "./options.js";
import { bsU, scalarPce } from "./primitives.js";
import { createRng } from "./rng.js";
import {
  allocateState,
  setupState,
  stateOutcomes,
  type SmpOutcomes,
  type SmpState,
} from "./state.js";

/** The input of a run: N actors on D dimensions, arrays indexed `[actor * D + dim]`. */
export interface SmpInput {
  actorNames: string[];
  dimensionNames: string[];
  /** Capability ("power") per actor, >= 0, any scale. */
  capability: Float64Array;
  /** Initial positions on the internal [0, 1] scale (KTAB's 0–100 divided by 100.0). */
  position: Float64Array;
  /** Saliences in [0, 1]; each actor's saliences sum to at most 1 (KTAB's rule). */
  salience: Float64Array;
  /**
   * Ideal accommodation `[i*N + j]`: how far i's ideal moves toward j's new position
   * each turn (KTAB's IdealAdjustment). Absent = identity (ideals are the positions),
   * the only case smp-algorithm.md specifies and KTAB's runs validate. Otherwise, as
   * we read KTAB: `ideal_i' = Σ_j A_ij pos'_j + (1 − Σ_j A_ij) ideal_i`. Not checked
   * against a KTAB run (none exists with deterministic transitions).
   */
  accommodation?: Float64Array;
}

/** An initiator's chosen challenge in a turn (§4.6). */
export interface SmpChallengeRecord {
  actor: number;
  /** The target, or −1 when no challenge is worth more than 1e-5. */
  target: number;
  /** The initiator's expected gain `dU` from challenging the target (null without target). */
  dU: number | null;
  /** The initiator's estimate that it beats the target (null without target). */
  phi: number | null;
}

/** A bargain proposed in a turn (§5.1): where it would put its initiator and its receiver. */
export interface SmpBargainRecord {
  initiator: number;
  receiver: number;
  view: BargainView;
  /** Internal [0, 1] scale, one value per dimension. */
  initiatorPosition: number[];
  receiverPosition: number[];
}

/** One actor's queue in a turn (§5.2–§5.4): its entries, their PCE probabilities, the pick. */
export interface SmpQueueRecord {
  actor: number;
  /** Queue entries: −1 for the status quo, else an index into the turn's `bargains`. */
  options: number[];
  /** The PCE probability of each entry (§5.3). */
  probabilities: number[];
  /** Index into `options` of the entry taken (§5.4). */
  chosen: number;
}

/** What happened in one turn (trace "full"): the step creating state `turn`. */
export interface SmpTurnRecord {
  turn: number;
  challenges: SmpChallengeRecord[];
  bargains: SmpBargainRecord[];
  queues: SmpQueueRecord[];
}

/**
 * Everything a run records: positions per state always (smp-algorithm.md §6: states =
 * turns + 1), the stop rule's figures, and, on request, win probabilities (§7), risk
 * attitudes (§2.4) and each turn's challenges, bargains and queues (§4–§5).
 */
export interface SmpTrace {
  actorNames: string[];
  dimensionNames: string[];
  options: SmpOptions;
  /** Number of states, initial included (KTAB's "turns"; dummyData_3Dim: 11). */
  states: number;
  /** Why the run stopped (§6). */
  stopReason: "converged" | "max-turns";
  /** Positions per state, `[actor * D + dim]` on the internal [0, 1] scale. */
  positions: number[][];
  /** Ideals per state, only with a non-identity accommodation. */
  ideals?: number[][];
  /** Per step t (index t − 1): `Σ_i ‖pos_t[i] − pos_{t−1}[i]‖` (§6). */
  distances: number[];
  /** Per step t: distance / (first step's distance + 1e-4), the stop rule's ratio. */
  ratios: number[];
  /** Per state, per actor, the win probability KTAB reports (§7); with trace "full" or `winProbabilities`. */
  winProbabilities?: number[][];
  /** Per state, the distinct positions and their probabilities (§7). */
  outcomes?: SmpOutcomes[];
  /** Per state, the risk attitudes R (§2.4); trace "full" only. */
  riskAttitudes?: number[][];
  /** Per step (index t − 1): challenges, bargains and queues; trace "full" only. */
  turns?: SmpTurnRecord[];
}

function checkInput(input: SmpInput): { N: number; D: number } {
  const N = input.actorNames.length;
  const D = input.dimensionNames.length;
  const problems: string[] = [];
  if (N < 1) problems.push("SMP needs at least one actor");
  if (D < 1) problems.push("SMP needs at least one dimension");
  if (input.capability.length !== N)
    problems.push(`capability has ${input.capability.length} values, expected ${N}`);
  if (input.position.length !== N * D)
    problems.push(`position has ${input.position.length} values, expected ${N * D}`);
  if (input.salience.length !== N * D)
    problems.push(`salience has ${input.salience.length} values, expected ${N * D}`);
  if (input.accommodation && input.accommodation.length !== N * N)
    problems.push(`accommodation has ${input.accommodation.length} values, expected ${N * N}`);
  if (problems.length === 0) {
    for (let i = 0; i < N; i++) {
      const name = input.actorNames[i];
      const c = input.capability[i];
      if (!(Number.isFinite(c) && c >= 0))
        problems.push(`capability of ${name} must be a finite number >= 0, got ${c}`);
      let S = 0;
      for (let d = 0; d < D; d++) {
        const x = input.position[i * D + d];
        const s = input.salience[i * D + d];
        if (!Number.isFinite(x))
          problems.push(
            `position of ${name} on ${input.dimensionNames[d]} must be finite, got ${x}`,
          );
        if (!(Number.isFinite(s) && s >= 0 && s <= 1))
          problems.push(
            `salience of ${name} on ${input.dimensionNames[d]} must be in [0, 1], got ${s}`,
          );
        S += s;
      }
      if (S > 1 + 1e-9)
        problems.push(
          `saliences of ${name} sum to ${S}; SMP needs at most 1 (KTAB: at most 100 on 0–100)`,
        );
    }
    if (input.accommodation && !input.accommodation.every(Number.isFinite))
      problems.push("accommodation must hold finite numbers");
  }
  if (problems.length > 0) throw new RangeError(`invalid SMP input: ${problems.join("; ")}`);
  return { N, D };
}

function isIdentity(A: Float64Array | undefined, N: number): boolean {
  if (!A) return true;
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) if (A[i * N + j] !== (i === j ? 1 : 0)) return false;
  return true;
}

/**
 * Runs SMP from the initial positions to the stop rule (smp-algorithm.md §3–§6).
 * `rng` (uniform in [0, 1)) is used for stochastic transitions only; by default a
 * generator seeded with `options.seed` (rng.ts).
 */
export function runSmp(
  input: SmpInput,
  options: SmpOptionsInput | SmpOptions = {},
  rng?: () => number,
): SmpTrace {
  const opts = SmpOptions.parse(options);
  const { N, D } = checkInput(input);
  const ctx = createContext(N, D, input.capability, input.salience, opts);
  const full = opts.trace === "full";
  const wantWin = full || opts.winProbabilities;
  const stochastic = opts.stateTransitions === "stochastic";
  const draw = stochastic ? (rng ?? createRng(opts.seed)) : undefined;
  const accommodation = isIdentity(input.accommodation, N) ? undefined : input.accommodation;

  let cur: SmpState = allocateState(N, D);
  let next: SmpState = allocateState(N, D);
  cur.position.set(input.position);
  cur.ideal.set(input.position);
  setupState(ctx, cur);

  const trace: SmpTrace = {
    actorNames: [...input.actorNames],
    dimensionNames: [...input.dimensionNames],
    options: opts,
    states: 1,
    stopReason: "converged",
    positions: [Array.from(cur.position)],
    distances: [],
    ratios: [],
  };
  if (accommodation) trace.ideals = [Array.from(cur.ideal)];
  if (wantWin) {
    const o = stateOutcomes(ctx, cur);
    trace.outcomes = [o];
    trace.winProbabilities = [o.actorProbabilities];
  }
  if (full) {
    trace.riskAttitudes = [Array.from(cur.R)];
    trace.turns = [];
  }

  // Buffers reused every turn.
  const scratch = allocateChallengeScratch(N);
  const target = new Int32Array(N);
  const phi = new Float64Array(N);
  const dU = new Float64Array(N);
  const sqValue = new Float64Array(N);
  const selfUAtR = ctx.ktabQuirks ? undefined : new Float64Array(N * N);
  let bargainValue = new Float64Array(N * N);
  let queueUtility = new Float64Array(N * 4);
  let queueProb = new Float64Array(4);
  const queues: number[][] = Array.from({ length: N }, () => []);

  let firstDistance = 0;
  for (let t = 1; ; t++) {
    // §3.1, §4: targets and bargains, all from the current state.
    chooseTargets(ctx, cur, scratch, target, phi, dU);
    const bargains: Bargain[] = [];
    for (let i = 0; i < N; i++)
      if (target[i] >= 0) bargains.push(...formBargains(ctx, cur, i, target[i], phi[i]));

    // §5.2: queues in canonical order: status quo, then bargains by initiator.
    for (let k = 0; k < N; k++) queues[k].length = 0;
    bargains.forEach((b, m) => {
      queues[b.initiator].push(m);
      queues[b.receiver].push(m);
    });

    // §5.3: the value of each candidate state, computed once per state or bargain.
    let selfU = cur.selfU;
    if (selfUAtR) {
      for (let a = 0; a < N; a++)
        for (let n = 0; n < N; n++) selfUAtR[a * N + n] = bsU(cur.vd[a * N + n], cur.R[a]);
      selfU = selfUAtR;
    }
    statusQuoValues(N, selfU, sqValue);
    if (bargainValue.length < bargains.length * N)
      bargainValue = new Float64Array(bargains.length * N);
    bargainValues(ctx, cur, selfU, bargains, bargainValue);

    // §5.4: every actor resolves its queue; new positions from the current state.
    const record: SmpTurnRecord | undefined = full
      ? { turn: t, challenges: [], bargains: [], queues: [] }
      : undefined;
    copyPositionsInto(cur, next);
    for (let k = 0; k < N; k++) {
      const queue = queues[k];
      const M = 1 + queue.length;
      if (queueUtility.length < M * N) queueUtility = new Float64Array(M * N * 2);
      if (queueProb.length < M) queueProb = new Float64Array(M * 2);
      let chosen = 0;
      if (M === 1) {
        queueProb[0] = 1;
      } else {
        queueUtility.set(sqValue, 0);
        for (let m = 1; m < M; m++)
          queueUtility.set(bargainValue.subarray(queue[m - 1] * N, queue[m - 1] * N + N), m * N);
        scalarPce(ctx.capability, queueUtility, N, M, ctx.pce, ctx.workspace, queueProb);
        if (draw) chosen = drawIndex(queueProb, M, draw());
        else for (let m = 1; m < M; m++) if (queueProb[m] > queueProb[chosen]) chosen = m;
      }
      if (draw && M === 1) draw(); // one draw per actor, whatever its queue
      if (chosen > 0) {
        const b = bargains[queue[chosen - 1]];
        const p = k === b.initiator ? b.initiatorPosition : b.receiverPosition;
        next.position.set(p, k * D);
      }
      if (record)
        record.queues.push({
          actor: k,
          options: [-1, ...queue],
          probabilities: Array.from(queueProb.subarray(0, M)),
          chosen,
        });
    }
    if (record) {
      for (let i = 0; i < N; i++)
        record.challenges.push(
          target[i] >= 0
            ? { actor: i, target: target[i], dU: dU[i], phi: phi[i] }
            : { actor: i, target: -1, dU: null, phi: null },
        );
      for (const b of bargains)
        record.bargains.push({
          initiator: b.initiator,
          receiver: b.receiver,
          view: b.view,
          initiatorPosition: Array.from(b.initiatorPosition),
          receiverPosition: Array.from(b.receiverPosition),
        });
      trace.turns!.push(record);
    }

    // §3.4, §1.4: ideals follow the new positions.
    if (accommodation) accommodate(accommodation, N, D, cur.ideal, next.position, next.ideal);
    else next.ideal.set(next.position);

    // §6: stop rule.
    const distance = stateDistance(cur.position, next.position, N, D);
    if (t === 1) firstDistance = distance;
    const ratio = distance / (firstDistance + 1e-4);
    trace.distances.push(distance);
    trace.ratios.push(ratio);
    trace.positions.push(Array.from(next.position));
    if (trace.ideals) trace.ideals.push(Array.from(next.ideal));
    trace.states = t + 1;
    const stop = t >= opts.maxTurns || (t >= 2 && ratio < opts.minRatio);
    if (stop)
      trace.stopReason =
        t >= opts.maxTurns && !(t >= 2 && ratio < opts.minRatio) ? "max-turns" : "converged";

    // §3.4: the new state's setup (skipped after the last turn unless reported).
    [cur, next] = [next, cur];
    if (!stop || wantWin) setupState(ctx, cur);
    if (wantWin) {
      const o = stateOutcomes(ctx, cur);
      trace.outcomes!.push(o);
      trace.winProbabilities!.push(o.actorProbabilities);
    }
    if (full) trace.riskAttitudes!.push(Array.from(cur.R));
    if (stop) break;
  }
  return trace;
}

function copyPositionsInto(from: SmpState, to: SmpState): void {
  to.position.set(from.position);
}

/** Stochastic transitions (§9): the first entry whose cumulative probability exceeds u. */
function drawIndex(p: Float64Array, M: number, u: number): number {
  let cum = 0;
  let last = 0;
  for (let m = 0; m < M; m++) {
    if (p[m] > 0) last = m;
    cum += p[m];
    if (u < cum) return m;
  }
  return last;
}

/** `Σ_i ‖a_i − b_i‖` over actors, i ascending (§6). */
function stateDistance(a: Float64Array, b: Float64Array, N: number, D: number): number {
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let d = 0; d < D; d++) {
      const x = a[i * D + d] - b[i * D + d];
      s += x * x;
    }
    sum += Math.sqrt(s);
  }
  return sum;
}

/** `ideal_i' = Σ_j A_ij pos'_j + (1 − Σ_j A_ij) ideal_i` (see `SmpInput.accommodation`). */
function accommodate(
  A: Float64Array,
  N: number,
  D: number,
  oldIdeal: Float64Array,
  newPosition: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < N; i++) {
    let sumA = 0;
    for (let j = 0; j < N; j++) sumA += A[i * N + j];
    for (let d = 0; d < D; d++) {
      let x = 0;
      for (let j = 0; j < N; j++) x += A[i * N + j] * newPosition[j * D + d];
      out[i * D + d] = x + (1 - sumA) * oldIdeal[i * D + d];
    }
  }
}
