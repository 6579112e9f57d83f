/**
 * The smallest and largest of a list, in a loop: `Math.min(...values)` passes every
 * value as an argument and overflows the stack beyond about 100,000 of them.
 */

/** The smallest value (Infinity for none). */
export function minOf(values: Iterable<number>): number {
  let out = Infinity;
  for (const x of values) if (x < out || Number.isNaN(x)) out = x;
  return out;
}

/** The largest value (−Infinity for none). */
export function maxOf(values: Iterable<number>): number {
  let out = -Infinity;
  for (const x of values) if (x > out || Number.isNaN(x)) out = x;
  return out;
}
