/**
 * Cycles in the rounds of the expected-utility model (models.md §2).
 *
 * A round is a function of its starting positions alone (the risk exponents are
 * recomputed from them, step 1), so once the positions after a round equal those
 * after an earlier one, the rounds between them repeat for ever: the model has
 * entered a cycle. On polarised tables the model often does (Scholz, Calbert & Smith
 * 2011 report oscillating medians on the EC emission standards; the flagship's
 * issues alternate between two states), and the last round's median is then an
 * accident of the number of rounds.
 *
 * A state is the vector of all positions; two states are equal when every actor's
 * positions differ by at most a tolerance (1e-9 of the issue scale's width in the
 * model). The cycle found is the earliest state that recurs, with its shortest
 * period, and the repetition must hold to the last round played: from `firstRound`
 * on, the positions after every round equal those `period` rounds earlier. A period
 * of 1 is a fixed point (nobody moves any more).
 */

/** Where the rounds enter a cycle: states `firstRound`, … recur every `period` rounds. */
export interface CycleAt {
  /** The first state of the cycle: 0 for the initial positions, t for those after round t. */
  firstRound: number;
  /** Rounds per cycle (1: a fixed point). */
  period: number;
}

/**
 * The cycle of a sequence of states, if any. `states` holds `count` states of `n`
 * positions each, one after the other: the initial positions, then those after
 * every round. Two states are equal when no position differs by more than
 * `tolerance`. Returns the earliest state that recurs (with its shortest period)
 * such that every later state equals the one `period` before it; undefined when no
 * state recurs. O(count²) comparisons of one sum each, plus O(n) per candidate.
 */
export function findCycle(
  states: Float64Array,
  count: number,
  n: number,
  tolerance: number,
): CycleAt | undefined {
  if (count < 2) return undefined;
  // Screening: equal states have sums within n·tolerance (plus the rounding of the
  // sums, at most n ulps of the sum of magnitudes each).
  const sum = new Float64Array(count);
  const magnitude = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    let s = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const x = states[t * n + i];
      s += x;
      m += Math.abs(x);
    }
    sum[t] = s;
    magnitude[t] = m;
  }
  const equal = (t: number, u: number): boolean => {
    const slack = n * (tolerance + 4.5e-16 * (magnitude[t] + magnitude[u]));
    if (Math.abs(sum[t] - sum[u]) > slack) return false;
    const a = t * n;
    const b = u * n;
    for (let i = 0; i < n; i++)
      if (!(Math.abs(states[a + i] - states[b + i]) <= tolerance)) return false;
    return true;
  };
  for (let t = 1; t < count; t++)
    for (let u = t - 1; u >= 0; u--) {
      if (!equal(t, u)) continue;
      const period = t - u;
      let holds = true;
      for (let v = t + 1; v < count && holds; v++) holds = equal(v, v - period);
      if (holds) return { firstRound: u, period };
    }
  return undefined;
}
