/**
 * Sure decisions about an offer of the expected-utility model without its powers.
 *
 * Step 4 of models.md §2 (Scholz, Calbert & Smith 2011, eqs. 20–23) with Q = 1, for
 * actors i and j at normalised distance d, evaluated with exponent r: put
 * `A = ((1 − d)/2)^r`, `B = ((1 + d)/2)^r`, `C = (1/2)^r` (so U_s = 2 − 4A,
 * U_f = 2 − 4B, U_sq = 2 − 4C) and `ρ = (C − A)/(B − A)`. Then
 *
 *   E(i→j) = s_j [P(i,j) U_s + (1 − P(i,j)) U_f] + (1 − s_j) U_s − U_sq
 *          = 4 (B − A)(ρ − s_j (1 − P(i,j))).
 *
 * With `a = E^i(i→j) = 4 (B − A)(ρ − t')`, `t' = s_j (1 − P(i,j))`, and, when i
 * evaluates both with its own exponent (the replication), `b = E^i(j→i) =
 * 4 (B − A)(ρ − t)`, `t = s_i (1 − P(j,i))`, the kind of offer (step 5) depends on
 * ρ, t and t' alone: b > a ⇔ t' > t; a > 0 ⇔ ρ > t'; b > 0 ⇔ ρ > t; b > |a| when
 * a < 0 ⇔ 2ρ > t + t'. The powers only scale by `B − A > 0`.
 *
 * Bounds of ρ, for r in [1/2, 2] (the exponents of step 1 lie there,
 * r = (1 − R/3)/(1 + R/3) with R in [−1, 1]):
 * - ρ does not increase with r: ρ is the share of the rise from u = (1 − d)/2 to
 *   u = (1 + d)/2 reached at u = 1/2; for r₂ > r₁, u^r₂ = g(u^r₁) with g convex and
 *   increasing, which keeps the middle point under the chord: the share falls;
 * - ρ increases with d when r < 1 and decreases when r > 1 (from 1/2 as d → 0 to
 *   2^−r at d = 1; checked on a fine grid by the tests, not proved here);
 * so over a cell of a grid in (d, r) ρ lies between the least and the greatest of
 * its four corners. The corners are computed once (`pow`), on a grid of 1/64 in d
 * and r, with r = 1 on it.
 * - B − A ≥ d/4: with u = (1 + d)/2 and v = (1 − d)/2 (u − v = d), for r ≤ 1 the
 *   mean value theorem gives u^r − v^r = r ξ^(r−1) d ≥ r d with ξ < 1; for r ≥ 1,
 *   u^r − v^r ≥ u^(r−1)(u − v) ≥ 2^(1−r) d.
 * So a bracket `ρ − t` that is surely beyond g > 0 gives `|E| ≥ d g`. A decision is
 * taken only when d g exceeds 1e−10, ten thousand times any rounding error of the
 * computed expected utilities (terms of at most 4, a dozen operations, powers within
 * an ulp), so the rounded numbers the rounds compute fall the same way. Everything
 * else is left to the exact arithmetic.
 */

/** The exponents for which the bounds hold (with a margin for rounding of step 1). */
export const MIN_EXPONENT = 0.49;
export const MAX_EXPONENT = 2.01;

/** What the bounds decide about the offer of a pair. */
export const UNDECIDED = 0;
export const NO_OFFER = 1;
export const CONFRONTATION = 2;
export const CAPITULATION = 3;
export const NOT_CONFRONTATION = 4;

/** Brackets times d beyond this decide (see above). */
const MARGIN = 1e-10;

/** Grid steps per unit of d and r; r from 31/64 to 129/64, d from 0 to 1. */
const STEPS = 64;
const R_FIRST = 31;
const R_POINTS = 129 - R_FIRST + 1;
const D_POINTS = STEPS + 1;
/** Added to each side of a cell's bounds for the rounding of the corners (≤ 1e−13). */
const SLACK = 1e-9;

/** ρ at (d, r) from the powers: 1/2 in the limit d → 0. */
export function rho(d: number, r: number): number {
  if (d === 0) return 0.5;
  const a = Math.pow((1 - d) / 2, r);
  const b = Math.pow((1 + d) / 2, r);
  const c = Math.pow(0.5, r);
  return (c - a) / (b - a);
}

let corners: Float64Array | undefined;

/** `corners[m * D_POINTS + k] = ρ(k/64, (m + 31)/64)`, computed on first use. */
function grid(): Float64Array {
  if (corners !== undefined) return corners;
  corners = new Float64Array(R_POINTS * D_POINTS);
  for (let m = 0; m < R_POINTS; m++)
    for (let k = 0; k < D_POINTS; k++)
      corners[m * D_POINTS + k] = rho(k / STEPS, (m + R_FIRST) / STEPS);
  return corners;
}

/**
 * The grid cell of (d, r), for d in (0, 1] and r in [MIN_EXPONENT, MAX_EXPONENT]:
 * the index of its corner of lesser d and lesser r, negated when r < 1 on the whole
 * cell (its upper r, (m + 1 + 31)/64, at most 1). Both products are exact (powers of
 * two): the cell is found without rounding.
 */
function cellOf(d: number, r: number): number {
  const k = Math.min(STEPS - 1, Math.floor(d * STEPS));
  const m = Math.floor(r * STEPS) - R_FIRST;
  const at = m * D_POINTS + k;
  return m + 1 + R_FIRST <= STEPS ? -1 - at : at;
}

/**
 * Bounds of ρ over a cell: the least and greatest of its corners. By the
 * monotonicity above, the greatest is at the cell's lesser r, and at its greater d
 * when r < 1, its lesser d when r > 1; the least at the opposite corner.
 */
function lowIn(table: Float64Array, cell: number): number {
  return (cell < 0 ? table[-1 - cell + D_POINTS] : table[cell + D_POINTS + 1]) - SLACK;
}
function highIn(table: Float64Array, cell: number): number {
  return (cell < 0 ? table[-1 - cell + 1] : table[cell]) + SLACK;
}

/** Bounds of ρ(d, r), widened by SLACK, into `out[0]` (low) and `out[1]` (high). No `pow`. */
export function rhoBounds(d: number, r: number, out: Float64Array): void {
  const table = corners ?? grid();
  const cell = cellOf(d, r);
  out[0] = lowIn(table, cell);
  out[1] = highIn(table, cell);
}

/**
 * The offer of i to j at normalised distance d in (0, 1] as far as the bounds decide
 * it, when a and b are evaluated with i's exponent r (the replication), Q = 1 and r
 * lies in [MIN_EXPONENT, MAX_EXPONENT]; `t = s_i (1 − P(j,i))`,
 * `tPrime = s_j (1 − P(i,j))`.
 * - NO_OFFER: b < a or b < 0 for sure; every offer needs b > 0 and b > a.
 * - CONFRONTATION: b > a > 0 for sure.
 * - CAPITULATION: a < 0 < b and b < |a| for sure.
 * - NOT_CONFRONTATION: a < 0 for sure: a compromise, a capitulation or nothing,
 *   which matter only if no confrontation is found.
 * - UNDECIDED: too near a boundary: compute.
 * The first test needs no bounds of ρ (b − a = 4 (B − A)(t' − t)).
 */
export function decideOffer(t: number, tPrime: number, d: number, r: number): number {
  if ((t - tPrime) * d > MARGIN) return NO_OFFER;
  const table = corners ?? grid();
  const cell = cellOf(d, r);
  const high = highIn(table, cell);
  if ((t - high) * d > MARGIN) return NO_OFFER;
  const aNegative = (tPrime - high) * d > MARGIN;
  if ((tPrime - t) * d > MARGIN) {
    const low = lowIn(table, cell);
    if ((low - tPrime) * d > MARGIN) return CONFRONTATION;
    if (aNegative && (low - t) * d > MARGIN && (t + tPrime - 2 * high) * d > MARGIN)
      return CAPITULATION;
  }
  return aNegative ? NOT_CONFRONTATION : UNDECIDED;
}

/**
 * True when b < 0 for sure, b evaluated with exponent r in [MIN_EXPONENT,
 * MAX_EXPONENT] at normalised distance d in (0, 1] (the textbook perspective, where a
 * and b have different exponents): no offer.
 */
export function surelyNoOffer(t: number, d: number, r: number): boolean {
  return (t - highIn(corners ?? grid(), cellOf(d, r))) * d > MARGIN;
}
