/**
 * Random numbers for the analyses (Monte Carlo, Sobol indices), reproducible whatever
 * the number of worker threads.
 *
 * Every draw gets its own generator, seeded from `(seed, draw index, stream)` alone,
 * so a draw's numbers do not depend on which worker computes it or on what was
 * drawn before it: results are placed by index and come out identical with 1 or 16
 * workers.
 *
 * - The generator is sfc32, Chris Doty-Humphrey's "small fast counting" generator
 *   from PractRand (128-bit state, 32-bit output, passes PractRand and BigCrush);
 *   its counter word guarantees a period of at least 2^32 for every seed.
 * - Its state is filled by hashing the seed's two 32-bit halves, the draw index and
 *   the stream number with MurmurHash3's 32-bit finaliser (Appleby), and the first
 *   12 outputs are discarded, as the PractRand notes recommend for sfc32.
 * - Seeds are whole numbers from 0 to 2^53 − 1; draw indices from 0 to 2^32 − 1.
 *
 * Sampling uses inverse transform (one uniform per value), so the k-th input of a
 * draw always takes the k-th uniform of that draw's stream.
 */

/** A source of uniform doubles in the open interval (0, 1). */
export type Uniform = () => number;

/** MurmurHash3's 32-bit finaliser: an invertible mix in which every bit affects every bit. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Checks a seed: a whole number in [0, 2^53 − 1]. */
export function isValidSeed(seed: number): boolean {
  return Number.isSafeInteger(seed) && seed >= 0;
}

/** sfc32 with the given state; returns uniforms in (0, 1) (never exactly 0 or 1). */
export function sfc32(a: number, b: number, c: number, d: number): Uniform {
  a |= 0;
  b |= 0;
  c |= 0;
  d |= 0;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return ((t >>> 0) + 0.5) / 4294967296;
  };
}

/**
 * The generator of one draw: a function of `(seed, index, stream)` only. Streams
 * separate independent uses of the same draw index (e.g. the two sample matrices
 * of a Sobol design).
 */
export function drawRng(seed: number, index: number, stream = 0): Uniform {
  if (!isValidSeed(seed))
    throw new RangeError(`seed must be a whole number from 0 to 2^53 − 1, not ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const word = (k: number): number => {
    let h = mix32((Math.imul(k + 1, 0x9e3779b9) ^ 0x632be5ab) >>> 0);
    h = mix32(h ^ lo);
    h = mix32(h ^ hi);
    h = mix32(h ^ (index >>> 0));
    h = mix32(h ^ (stream >>> 0));
    return h;
  };
  const next = sfc32(word(0), word(1), word(2), 1);
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * The standard normal quantile function Φ⁻¹(p), by Peter Acklam's rational
 * approximation (relative error below 1.15e-9 over (0, 1)): far finer than any
 * stakeholder estimate needs.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return Number.NaN;
  }
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
    -3.066479806614716e1, 2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    return (
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    );
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return (
    -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  );
}

/** The complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The standard normal distribution function Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Inverse distribution function of the triangular distribution on [low, high] with the given mode. */
export function triangularQuantile(u: number, low: number, mode: number, high: number): number {
  if (high <= low) return low;
  const f = (mode - low) / (high - low);
  return u < f
    ? low + Math.sqrt(u * (high - low) * (mode - low))
    : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
}
