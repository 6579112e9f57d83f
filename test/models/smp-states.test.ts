/**
 * The number of states of KTAB's own runs of its examples (smp-algorithm.md §10, from
 * KTAB's run database): every input runs to the same stop, and fast.
 */
import { describe, expect, it } from "vitest";
import { readKtabCsv } from "../../src/scenario/import/ktab.js";
import { smpInputFromKtab } from "../../src/models/smp/input.js";
import { runSmp } from "../../src/models/smp/run.js";
import { SmpOptions } from "../../src/models/smp/options.js";
import { createContext } from "../../src/models/smp/context.js";
import { allocateState, setupState } from "../../src/models/smp/state.js";
import {
  allocateChallengeScratch,
  challenge,
  chooseTargets,
} from "../../src/models/smp/challenge.js";
import { fixture } from "../fixtures/ktab/ktab-log.js";

/** Published state counts of KTAB's runs (smp-algorithm.md §10). */
const KTAB_STATES: [file: string, actors: number, dims: number, states: number][] = [
  ["dummyData_3Dim.csv", 7, 3, 11],
  ["SOE-Pol-Comp.csv", 13, 2, 28],
  ["SOE-Policy.csv", 26, 1, 20],
  ["SOE-Competitive.csv", 34, 1, 36],
  ["dummyData_6Dim.csv", 27, 6, 30],
  ["dummyData-a040.csv", 40, 1, 21],
  ["dummyData-a080.csv", 80, 1, 18],
  ["dummyData-a160.csv", 160, 1, 14],
];

describe("SMP stops where KTAB's runs stopped", () => {
  for (const [file, actors, dims, states] of KTAB_STATES)
    it(`${file}: ${states} states`, () => {
      const k = readKtabCsv(fixture(file), file);
      expect(k.actors).toHaveLength(actors);
      expect(k.dimensions).toHaveLength(dims);
      const trace = runSmp(smpInputFromKtab(k), {});
      expect(trace.states).toBe(states);
      expect(trace.stopReason).toBe("converged");
      expect(trace.ratios.at(-1)!).toBeLessThan(0.02);
      expect(trace.positions.flat().every(Number.isFinite)).toBe(true);
    });
});

describe("target choice", () => {
  it("prunes only targets that cannot win: same choice as the full scan, bit for bit", () => {
    for (const file of ["dummyData_6Dim.csv", "dummyData-a040.csv", "SOE-Competitive.csv"]) {
      const input = smpInputFromKtab(readKtabCsv(fixture(file), file));
      const trace = runSmp(input, {});
      const N = input.actorNames.length;
      const D = input.dimensionNames.length;
      const ctx = createContext(N, D, input.capability, input.salience, SmpOptions.parse({}));
      const st = allocateState(N, D);
      const scratch = allocateChallengeScratch(N);
      for (const position of trace.positions.slice(0, 5)) {
        st.position.set(position);
        st.ideal.set(position);
        setupState(ctx, st);
        const pruned = [new Int32Array(N), new Float64Array(N), new Float64Array(N)] as const;
        const full = [new Int32Array(N), new Float64Array(N), new Float64Array(N)] as const;
        chooseTargets(ctx, st, scratch, ...pruned, true);
        chooseTargets(ctx, st, scratch, ...full, false);
        expect(Array.from(pruned[0])).toEqual(Array.from(full[0]));
        expect(Array.from(pruned[1])).toEqual(Array.from(full[1]));
        expect(Array.from(pruned[2])).toEqual(Array.from(full[2]));
        // and the fast scan computes exactly Chal(i, i, i, j)
        for (let i = 0; i < N; i++)
          if (full[0][i] >= 0) {
            const c = challenge(ctx, st, i, i, i, full[0][i]);
            expect(c.dU).toBe(full[2][i]);
            expect(c.phi).toBe(full[1][i]);
          }
      }
    }
  });
});
