/**
 * Building the input of KTAB's Spatial Model of Politics (Wise et al., KAPSARC) from
 * entente's compiled scenario or from a KTAB file, on SMP's internal scale
 * (smp-algorithm.md §1.3: positions and saliences in [0, 1]).
 */
import type { CompiledScenario } from "../../scenario/compile.js";
import type { KtabIdealAdjustment, KtabScenario } from "../../scenario/import/ktab-scenario.js";
import type { SmpInput } from "./run.js";

/** SMP's input for a scenario, and what had to be filled in or scaled to get it. */
export interface CompiledSmpInput {
  input: SmpInput;
  /** `[actor * issues + issue]`: 1 where the actor had no stance and its position was imputed. */
  imputed: Uint8Array;
  /** Per actor: true when its saliences summed to more than 1 and were divided by the sum. */
  salienceScaled: boolean[];
}

/**
 * SMP's input from a compiled scenario, all actors on all issues (SMP's dimensions):
 *
 * - Positions are mapped from each issue's scale to [0, 1]: `(x − low)/(high − low)`
 *   (for a 0–100 issue exactly KTAB's `x/100.0`).
 * - Saliences are the scenario's shares (0–100 read as [0, 1]). Scenario saliences are
 *   independent per issue, but SMP (like KTAB, which rejects the file) needs an
 *   actor's saliences to sum to at most 1, since `S_i` is how hard it resists a
 *   challenge (§4.5). An actor whose saliences sum to more than 1 has each divided by
 *   the sum: their proportions are kept, and the actor cares fully about the whole.
 * - An actor without a stance on an issue gets salience 0 there (it does not care),
 *   and a position where it disturbs least: the issue's reference point (the status
 *   quo) when there is one, else the capability × salience weighted mean of the
 *   positions of the actors with a stance (plain mean if none of them has weight;
 *   the middle of the scale if nobody has a stance). With salience 0 the actor's own
 *   utilities ignore the issue, but others still see its position, so a neutral
 *   point is the least arbitrary choice.
 */
export function smpInputFromCompiled(c: CompiledScenario): CompiledSmpInput {
  const N = c.actorIds.length;
  const D = c.issues.length;
  const position = new Float64Array(N * D);
  const salience = new Float64Array(N * D);
  const imputed = new Uint8Array(N * D);
  const salienceScaled: boolean[] = new Array<boolean>(N).fill(false);
  for (let i = 0; i < N; i++) {
    let S = 0;
    for (let k = 0; k < D; k++) {
      const cell = i * D + k;
      if (c.hasStance[cell]) {
        const { low, high } = c.issues[k].scale;
        position[cell] = (c.position[cell] - low) / (high - low);
        salience[cell] = c.salience[cell];
      }
      S += salience[i * D + k];
    }
    if (S > 1) {
      salienceScaled[i] = true;
      for (let k = 0; k < D; k++) salience[i * D + k] = salience[i * D + k] / S;
    }
  }
  for (let k = 0; k < D; k++) {
    let fill: number | undefined;
    for (let i = 0; i < N; i++) {
      const cell = i * D + k;
      if (c.hasStance[cell]) continue;
      imputed[cell] = 1;
      if (fill === undefined) fill = imputePosition(c, k, position, salience);
      position[cell] = fill;
    }
  }
  return {
    input: {
      actorNames: [...c.actorNames],
      dimensionNames: c.issues.map((iss) => iss.name),
      capability: Float64Array.from(c.capability),
      position,
      salience,
    },
    imputed,
    salienceScaled,
  };
}

/** The position given to actors without a stance on issue k (see `smpInputFromCompiled`). */
function imputePosition(
  c: CompiledScenario,
  k: number,
  position: Float64Array,
  salience: Float64Array,
): number {
  const iss = c.issues[k];
  const D = c.issues.length;
  const { low, high } = iss.scale;
  if (iss.referencePoint !== undefined) return (iss.referencePoint - low) / (high - low);
  let num = 0;
  let den = 0;
  let plain = 0;
  let count = 0;
  for (let i = 0; i < c.actorIds.length; i++) {
    const cell = i * D + k;
    if (!c.hasStance[cell]) continue;
    const w = c.capability[i] * salience[cell];
    num += w * position[cell];
    den += w;
    plain += position[cell];
    count++;
  }
  if (den > 0) return num / den;
  return count > 0 ? plain / count : 0.5;
}

/**
 * SMP's input straight from a KTAB file, exactly as KTAB reads it (smp-algorithm.md
 * §1.3): `pos/100.0`, `sal/100.0`, capability unchanged; the ideal adjustment, if not
 * the identity, as the accommodation matrix.
 */
export function smpInputFromKtab(k: KtabScenario): SmpInput {
  const N = k.actors.length;
  const D = k.dimensions.length;
  const position = new Float64Array(N * D);
  const salience = new Float64Array(N * D);
  k.actors.forEach((a, i) => {
    for (let d = 0; d < D; d++) {
      position[i * D + d] = a.position[d] / 100.0;
      salience[i * D + d] = a.salience[d] / 100.0;
    }
  });
  const input: SmpInput = {
    actorNames: k.actors.map((a) => a.name),
    dimensionNames: [...k.dimensions],
    capability: Float64Array.from(k.actors, (a) => a.capability),
    position,
    salience,
  };
  const A = accommodationMatrix(N, k.idealAdjustment ?? []);
  if (A) input.accommodation = A;
  return input;
}

/**
 * The accommodation matrix `[i*N + j]` of KTAB's IdealAdjustment pairs: KTAB starts
 * from the identity and each pair sets one entry (its log of smpExample.xml: "Setting
 * ideal-accomodation matrix to identity matrix (initially, needs reset)", then the
 * pairs). Undefined when the result is the identity.
 */
export function accommodationMatrix(
  N: number,
  pairs: KtabIdealAdjustment[],
): Float64Array | undefined {
  if (pairs.length === 0) return undefined;
  const A = new Float64Array(N * N);
  for (let i = 0; i < N; i++) A[i * N + i] = 1;
  for (const p of pairs) A[p.actor * N + p.reference] = p.adjust;
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) if (A[i * N + j] !== (i === j ? 1 : 0)) return A;
  return undefined;
}
