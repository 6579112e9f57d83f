/**
 * The seeded pseudo-random generator for SMP's stochastic state transitions
 * (smp-algorithm.md §9 StateTransitions). KTAB draws from its own generator shared by
 * several threads, so its stochastic runs cannot be reproduced, not even by KTAB
 * (models.md §3); we only promise that one seed gives one run.
 *
 * The generator is xoshiro128** (Blackman & Vigna 2018, "Scrambled linear
 * pseudorandom number generators"), whose 128-bit state is filled from the seed by
 * SplitMix64 (Steele, Lea & Flood 2014), as its authors recommend. Seeds are
 * non-negative integers up to 2^64 − 1 (KTAB's seeds are 64-bit), given as a number
 * or as decimal digits; larger values are taken modulo 2^64.
 */

const MASK64 = (1n << 64n) - 1n;

function splitMix64(state: { s: bigint }): bigint {
  state.s = (state.s + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** A function returning uniform doubles in [0, 1), determined by the seed. */
export function createRng(seed: number | string | bigint): () => number {
  const sm = { s: BigInt(seed) & MASK64 };
  const a = splitMix64(sm);
  const b = splitMix64(sm);
  let s0 = Number(a & 0xffffffffn) | 0;
  let s1 = Number(a >> 32n) | 0;
  let s2 = Number(b & 0xffffffffn) | 0;
  let s3 = Number(b >> 32n) | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return (result >>> 0) / 4294967296;
  };
}
