/**
 * Benchmark of KTAB's Spatial Model of Politics (models.md §3, smp-algorithm.md) on
 * KTAB's own example inputs, with KTAB's defaults: median milliseconds per run and per
 * turn (one core), the number of states against KTAB's runs (smp-algorithm.md §10),
 * and, as the peer column, KTAB's published wall time for `smpc --logmin` built with
 * -O2 on a similar 2-core machine (the README of KTAB's examples as shipped to this project; median of 3 runs,
 * a160 one run; KTAB bargains on several threads). KTAB cannot be built here, so
 * its figures are quoted, not measured in this run.
 *
 * `npx tsx bench/smp.ts`, or through bench/run.ts (`BENCH=smp`).
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { readKtabCsv } from "../src/scenario/import/ktab.js";
import { smpInputFromKtab } from "../src/models/smp/input.js";
import { runSmp, type SmpInput } from "../src/models/smp/run.js";
import { createRng } from "../src/models/smp/rng.js";
import { median, timeMs } from "./timing.js";

interface Case {
  name: string;
  input: () => SmpInput;
  /** States of KTAB's own run (smp-algorithm.md §10). */
  ktabStates?: number;
  /** KTAB's published wall seconds (the README of KTAB's examples as shipped to this project). */
  ktabSeconds?: number;
  runs: number;
}

function load(file: string): SmpInput {
  const path = fileURLToPath(new URL(`../test/fixtures/ktab/${file}`, import.meta.url));
  return smpInputFromKtab(readKtabCsv(readFileSync(path, "utf8"), file));
}

/** KTAB's largest size (250 actors) on 10 dimensions, from a seeded generator. */
function synthetic(N: number, D: number, seed: number): SmpInput {
  const rng = createRng(seed);
  const position = Float64Array.from({ length: N * D }, () => rng());
  const salience = new Float64Array(N * D);
  for (let i = 0; i < N; i++) {
    const raw = Array.from({ length: D }, () => rng());
    const total = raw.reduce((a, b) => a + b, 0);
    const share = 0.2 + 0.8 * rng();
    raw.forEach((x, d) => (salience[i * D + d] = (x / total) * share * 0.999));
  }
  return {
    actorNames: Array.from({ length: N }, (_, i) => `A${i}`),
    dimensionNames: Array.from({ length: D }, (_, d) => `d${d}`),
    capability: Float64Array.from({ length: N }, () => 1 + 199 * rng()),
    position,
    salience,
  };
}

const ktab = (file: string, ktabStates: number, ktabSeconds: number, runs: number): Case => ({
  name: file,
  input: () => load(file),
  ktabStates,
  ktabSeconds,
  runs,
});

const CASES: Case[] = [
  ktab("dummyData_3Dim.csv", 11, 0.06, 21),
  ktab("SOE-Pol-Comp.csv", 28, 0.45, 11),
  ktab("SOE-Policy.csv", 20, 1.7, 11),
  ktab("SOE-Competitive.csv", 36, 7.5, 11),
  ktab("dummyData_6Dim.csv", 30, 3.3, 11),
  ktab("dummyData-a040.csv", 21, 6.7, 11),
  ktab("dummyData-a080.csv", 18, 57, 7),
  ktab("dummyData-a160.csv", 14, 878, 5),
  { name: "random 250×10 (seeded)", input: () => synthetic(250, 10, 20240531), runs: 1 },
];

const fmt = (x: number, digits: number, width: number): string => x.toFixed(digits).padStart(width);

/** Runs the benchmark, printing each line as it goes; returns the lines. */
export async function benchSmp(): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  say("");
  say(
    `SMP (KTAB defaults), median of several runs on one core — node ${process.version}, ` +
      `${os.cpus()[0]?.model ?? "unknown CPU"}`,
  );
  say(
    "trace 'positions' = positions only; 'full' = every target, bargain, queue and win probability.",
  );
  say(
    "input                  actors×dims  states (KTAB)   ms/run   ms/turn  ms/run full   KTAB s/run*   speed-up",
  );
  let allMatch = true;
  for (const c of CASES) {
    const input = c.input();
    const first = runSmp(input, {}); // the state count
    // Warm-up in both modes, so the JIT has seen both before timing.
    for (let k = 1; k < Math.min(6, c.runs); k++) {
      runSmp(input, {});
      runSmp(input, { trace: "full" });
    }
    const lean = median(Array.from({ length: c.runs }, () => timeMs(() => runSmp(input, {}))));
    const full = median(
      Array.from({ length: Math.max(1, c.runs >> 1) }, () =>
        timeMs(() => runSmp(input, { trace: "full" })),
      ),
    );
    const size = `${input.actorNames.length}×${input.dimensionNames.length}`;
    let states = String(first.states).padStart(6);
    let peer = "—".padStart(14) + "".padStart(11);
    if (c.ktabStates !== undefined && c.ktabSeconds !== undefined) {
      const match = first.states === c.ktabStates;
      allMatch &&= match;
      states += ` (${c.ktabStates}) ${match ? "✓" : "✗"}`;
      peer = `${fmt(c.ktabSeconds, 2, 14)}${fmt((c.ktabSeconds * 1000) / lean, 0, 10)}×`;
    } else states += "".padStart(7);
    say(
      `${c.name.padEnd(23)}${size.padStart(11)}  ${states}` +
        `${fmt(lean, 1, 9)}${fmt(lean / (first.states - 1), 2, 10)}${fmt(full, 1, 13)}${peer}`,
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  say(
    "* KTAB's published figure (the README of KTAB's examples as shipped to this project): smpc -O2 --logmin, wall seconds on a similar " +
      "2-core machine, threads; not measured in this run.",
  );
  say(`States match KTAB's runs (smp-algorithm.md §10): ${allMatch ? "yes, all" : "NO"}.`);
  say("Goal: a full run of dummyData-a160 in under 2 s on one core.");
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSmp();
