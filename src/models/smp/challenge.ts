/**
 * Challenges in KTAB's Spatial Model of Politics (Wise et al., KAPSARC;
 * smp-algorithm.md §4): the value to an actor of initiator i challenging j, as seen
 * by an actor h, with third parties joining either side, and each initiator's choice
 * of the most rewarding target.
 *
 * Notation of the spec: `U = U[h]`, `U[x][y] = bsU(vd[x][y], r[h][x])` is h's estimate
 * of the utility to x of y's position; it is computed here from `vd` and `r` on the
 * fly (the same doubles as a stored tensor).
 */
import { COMMIT_FULL, COMMIT_SEMI, type SmpContext } from "./context.js";
import { bsU, vote, VOTE_PROP } from "./primitives.js";
import type { SmpState } from "./state.js";

/** The result of `Chal(h, k, i, j)`. */
export interface ChallengeValue {
  /** h's estimate of the probability that i beats j. */
  phi: number;
  /** h's estimate of the change in k's expected utility if i challenges j. */
  dU: number;
}

/**
 * Third party n's vote in i's challenge of j (smp-algorithm.md §4.4): a "little
 * contest" from the principals' frozen strengths `A0`, `B0` gives `pin`, the
 * probability that i's side wins with n's vote; n then compares joining i (X) with
 * joining j (Y) under the commitment model. `a = U[n][i]`, `b = U[n][j]`, `c = U[n][n]`.
 *
 * Under this single little contest both Full and No commitment make X and Y the same
 * expression, so third parties abstain there; only SemiCommit (KTAB's default) lets
 * them take sides. This follows the spec as written.
 */
function thirdPartyVote(
  rule: number,
  commit: number,
  wn: number,
  a: number,
  b: number,
  c: number,
  A0: number,
  B0: number,
): number {
  const v0 = rule === VOTE_PROP ? wn * (a - b) : vote(rule, wn, a, b);
  const Ai = v0 > 0 ? A0 + v0 : A0;
  const Bj = v0 < 0 ? B0 - v0 : B0;
  const pin = Ai / (Ai + Bj);
  const pjn = 1.0 - pin;
  let uJoinI: number;
  let uOppIJWins: number;
  let uIAlone: number;
  let uJoinJ: number;
  if (commit === COMMIT_SEMI) {
    uJoinI = a + a + c;
    uOppIJWins = b + b + b;
    uIAlone = a + a + a;
    uJoinJ = b + b + c;
  } else if (commit === COMMIT_FULL) {
    uJoinI = a + a + a;
    uOppIJWins = b + b + b;
    uIAlone = a + a + a;
    uJoinJ = b + b + b;
  } else {
    uJoinI = a + a + c;
    uOppIJWins = b + b + c;
    uIAlone = a + a + c;
    uJoinJ = b + b + c;
  }
  const X = pin * uJoinI + pjn * uOppIJWins;
  const Y = pin * uIAlone + pjn * uJoinJ;
  return rule === VOTE_PROP ? wn * (X - Y) : vote(rule, wn, X, Y);
}

/**
 * `Chal(h, k, i, j)` (smp-algorithm.md §4 steps 1–5): h's estimate of the probability
 * that i beats j, and of the change in k's expected utility if i challenges j.
 * Principals vote with weights `S·cap`; every other actor is a third party.
 * `euChal = (1 − S_j)·uWin + S_j·euContest`: j resists in proportion to how much it
 * cares. The run uses h = k = i; other views serve `init-rcvr` bargains and tests.
 */
export function challenge(
  ctx: SmpContext,
  st: SmpState,
  h: number,
  k: number,
  i: number,
  j: number,
): ChallengeValue {
  const { N, challengeWeight: w, salienceSum: S } = ctx;
  const rule = ctx.pce.votingRule;
  const { vd, r } = st;
  const rh = h * N;
  const U = (x: number, y: number): number => bsU(vd[x * N + y], r[rh + x]);
  const uki = U(k, i);
  const ukj = U(k, j);
  const euSQ = uki + ukj;
  const uWin = uki + uki;
  const uLose = ukj + ukj;
  const ci = vote(rule, w[i], U(i, i), U(i, j));
  const cj = vote(rule, w[j], U(j, i), U(j, j));
  let A = 1e-10;
  let B = 1e-10;
  if (ci > 0) A += ci;
  if (ci < 0) B -= ci;
  if (cj > 0) A += cj;
  if (cj < 0) B -= cj;
  const A0 = A;
  const B0 = B;
  for (let n = 0; n < N; n++) {
    if (n === i || n === j) continue;
    const vn = thirdPartyVote(rule, ctx.thirdPartyCommit, w[n], U(n, i), U(n, j), U(n, n), A0, B0);
    if (vn > 0) A += vn;
    else if (vn < 0) B -= vn;
  }
  const phi = A / (A + B);
  const phj = B / (A + B);
  const euContest = phi * uWin + phj * uLose;
  const euChal = (1 - S[j]) * uWin + S[j] * euContest;
  return { phi, dU: euChal - euSQ };
}

/** Scratch arrays for `chooseTargets`, allocated once per run. */
export interface ChallengeScratch {
  /** `U[n][i]` for the current initiator i, per n. */
  ua: Float64Array;
  /** `U[n][n]` for the current initiator i, per n. */
  uc: Float64Array;
  /** Upper bound of `dU` per target j (see `chooseTargets`). */
  bound: Float64Array;
  /** Candidate targets, to be tried by decreasing bound. */
  order: Int32Array;
  /** phi of the last `initiatorChallenge`. */
  phi: number;
}

export function allocateChallengeScratch(N: number): ChallengeScratch {
  return {
    ua: new Float64Array(N),
    uc: new Float64Array(N),
    bound: new Float64Array(N),
    order: new Int32Array(N),
    phi: 0,
  };
}

/**
 * `Chal(i, i, i, j)`'s dU (phi left in `scratch.phi`), the same arithmetic as
 * `challenge`, arranged for speed: `scratch.ua`/`uc` must hold `U[n][i]` and `U[n][n]`
 * for this initiator, and `U[n][j]` is read from the transposed distances.
 */
function initiatorChallenge(
  ctx: SmpContext,
  st: SmpState,
  scratch: ChallengeScratch,
  i: number,
  j: number,
): number {
  const { N, challengeWeight: w, salienceSum: S } = ctx;
  const rule = ctx.pce.votingRule;
  const commit = ctx.thirdPartyCommit;
  const { vd, vdT, r } = st;
  const { ua, uc } = scratch;
  const ri = i * N;
  const uii = ua[i];
  const uij = bsU(vd[ri + j], r[ri + i]);
  const euSQ = uii + uij;
  const uWin = uii + uii;
  const uLose = uij + uij;
  const ci = vote(rule, w[i], uii, uij);
  const cj = vote(rule, w[j], ua[j], uc[j]);
  let A = 1e-10;
  let B = 1e-10;
  if (ci > 0) A += ci;
  if (ci < 0) B -= ci;
  if (cj > 0) A += cj;
  if (cj < 0) B -= cj;
  const A0 = A;
  const B0 = B;
  const jo = j * N;
  if (rule === VOTE_PROP && commit === COMMIT_SEMI) {
    // KTAB's default, written out: the hot loop of the whole model. Branch-free
    // but bit-identical: adding +0 leaves a positive sum unchanged.
    for (let n = 0; n < N; n++) {
      if (n === i || n === j) continue;
      const wn = w[n];
      const a = ua[n];
      const s = vdT[jo + n];
      const rin = r[ri + n];
      const b = s <= 1 ? (1 - s) * (1 + s * rin) : (1 - s) * (1 + rin);
      const c = uc[n];
      const v0 = wn * (a - b);
      const Ai = A0 + Math.max(v0, 0);
      const Bj = B0 - Math.min(v0, 0);
      const pin = Ai / (Ai + Bj);
      const pjn = 1.0 - pin;
      const X = pin * (a + a + c) + pjn * (b + b + b);
      const Y = pin * (a + a + a) + pjn * (b + b + c);
      const vn = wn * (X - Y);
      A += Math.max(vn, 0);
      B -= Math.min(vn, 0);
    }
  } else {
    for (let n = 0; n < N; n++) {
      if (n === i || n === j) continue;
      const b = bsU(vdT[jo + n], r[ri + n]);
      const vn = thirdPartyVote(rule, commit, w[n], ua[n], b, uc[n], A0, B0);
      if (vn > 0) A += vn;
      else if (vn < 0) B -= vn;
    }
  }
  const phi = A / (A + B);
  const phj = B / (A + B);
  const euContest = phi * uWin + phj * uLose;
  const euChal = (1 - S[j]) * uWin + S[j] * euContest;
  scratch.phi = phi;
  return euChal - euSQ;
}

/**
 * Every initiator's target (smp-algorithm.md §4.6): i evaluates `Chal(i, i, i, j)` for
 * every j ≠ i and keeps the j with the largest `dU`, provided it exceeds 1e-5; the
 * spec scans j ascending with strict comparisons, so the lowest index wins ties.
 * Writes `target[i]` (−1 for none), with `phi[i]` and `dU[i]` of the chosen target.
 *
 * Pruning: since `dU = uWin − S_j(1 − phi)(uWin − uLose) − euSQ` with phi in [0, 1],
 * `dU <= (1 − S_j) uWin + S_j max(uWin, uLose) − euSQ`, a bound that costs O(1)
 * instead of the O(N) third-party loop. The target with the largest bound is tried
 * first; then only targets whose bound (plus a margin far above rounding error) can
 * still exceed 1e-5 and the best dU so far are tried, by decreasing bound, stopping
 * at the first that cannot. A skipped target could never have been chosen, so the
 * choice is the spec's bit for bit (ties still go to the lowest index). On KTAB's
 * 160-actor example about 7% of the pairs are evaluated. `prune = false` evaluates
 * every pair (for tests).
 */
export function chooseTargets(
  ctx: SmpContext,
  st: SmpState,
  scratch: ChallengeScratch,
  target: Int32Array,
  phiOut: Float64Array,
  dUOut: Float64Array,
  prune = true,
): void {
  const { N, salienceSum: S } = ctx;
  const { vd, r } = st;
  const { ua, uc, bound, order } = scratch;
  for (let i = 0; i < N; i++) {
    const ri = i * N;
    for (let n = 0; n < N; n++) {
      const rin = r[ri + n];
      ua[n] = bsU(vd[n * N + i], rin);
      uc[n] = bsU(vd[n * N + n], rin);
    }
    let best = -1;
    let bestJ = -1;
    let bestPhi = 0;
    const consider = (j: number): void => {
      const dU = initiatorChallenge(ctx, st, scratch, i, j);
      if (1e-5 < dU && (dU > best || (dU === best && j < bestJ))) {
        best = dU;
        bestJ = j;
        bestPhi = scratch.phi;
      }
    };
    if (!prune) {
      for (let j = 0; j < N; j++) if (j !== i) consider(j);
    } else {
      const uii = ua[i];
      const rii = r[ri + i];
      let top = -1;
      for (let j = 0; j < N; j++) {
        if (j === i) continue;
        const uij = bsU(vd[ri + j], rii);
        const uWin = uii + uii;
        const uLose = uij + uij;
        const euSQ = uii + uij;
        const ub = (1 - S[j]) * uWin + S[j] * Math.max(uWin, uLose) - euSQ;
        bound[j] = ub + 1e-9 * (1 + Math.abs(uWin) + Math.abs(uLose) + Math.abs(euSQ));
        if (top < 0 || bound[j] > bound[top]) top = j;
      }
      if (top >= 0 && bound[top] > 1e-5) {
        consider(top);
        let count = 0;
        for (let j = 0; j < N; j++)
          if (j !== i && j !== top && bound[j] > 1e-5 && !(bestJ >= 0 && bound[j] < best))
            order[count++] = j;
        const candidates = order.subarray(0, count);
        candidates.sort((x, y) => bound[y] - bound[x]);
        for (let k = 0; k < count; k++) {
          const j = candidates[k];
          if (bestJ >= 0 && bound[j] < best) break;
          consider(j);
        }
      }
    }
    target[i] = bestJ;
    phiOut[i] = bestJ >= 0 ? bestPhi : 0;
    dUOut[i] = bestJ >= 0 ? best : 0;
  }
}
