/**
 * KTAB's Spatial Model of Politics (KAPSARC Toolkit for Behavioral Analysis; Wise et
 * al., KAPSARC), re-implemented from docs/design/smp-algorithm.md.
 *
 * - `runSmp(input, options, rng?)`: the model over typed arrays (run.ts);
 * - `smpModel`: the entente `Model` over a compiled scenario (model.ts);
 * - `SmpOptions`: the zod schema of KTAB's named variants (options.ts);
 * - `smpInputFromCompiled`, `smpInputFromKtab`: building the input (input.ts).
 */
export { runSmp } from "./run.js";
export type {
  SmpInput,
  SmpTrace,
  SmpTurnRecord,
  SmpChallengeRecord,
  SmpBargainRecord,
  SmpQueueRecord,
} from "./run.js";
export type { SmpOutcomes } from "./state.js";
export { SmpOptions, DEFAULT_SMP_OPTIONS, SmpSeed } from "./options.js";
export type { SmpOptionsInput } from "./options.js";
export { smpModel, SmpModelOptions } from "./model.js";
export type { SmpMove, SmpRound } from "./model.js";
export { smpInputFromCompiled, smpInputFromKtab, accommodationMatrix } from "./input.js";
export type { CompiledSmpInput } from "./input.js";
export { createRng } from "./rng.js";
