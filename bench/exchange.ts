/**
 * Benchmark of the exchange model (exchange-model.md): rounds per second, median of
 * several runs on one core, in both arithmetics (`decimal`, the faithful default, and
 * `double`, the fast approximation), on
 *
 * - a synthetic case of the size of `cop21.csv` (15 actors, 13 issues, 181 stances,
 *   positions on a 5-point grid so that ties occur as in the real data), from a seeded
 *   generator — cop21.csv itself is GPL and not in the repository;
 * - a random 100-actor × 10-issue case (one round, in doubles only: ~56,000 candidates a
 *   round, each realization recalculating hundreds of them over 100-actor outcome sums;
 *   the decimal arithmetic, about ten times slower, would take minutes a round).
 *
 * The reference program (decide-exchange-model, Python) cannot run here: it needs its
 * Python dependencies from PyPI, which this machine cannot reach, so its figures are
 * not measured; ours are reported alone.
 *
 * `npx tsx bench/exchange.ts`, or through bench/run.ts (`BENCH=exchange`).
 */
import { fileURLToPath } from "node:url";
import { compileScenario } from "../src/scenario/compile.js";
import type { Scenario } from "../src/scenario/schema.js";
import { exchangeModel } from "../src/models/exchange/model.js";
import { ExchangeOptions } from "../src/models/exchange/options.js";
import { PythonRandom } from "../src/models/exchange/mt19937.js";
import type { ExchangeModelTrace } from "../src/models/exchange/model.js";
import { median, timeMs } from "./timing.js";

function synthetic(
  actors: number,
  issues: number,
  present: number,
  grid: number,
  seed: number,
): Scenario {
  const rng = new PythonRandom(seed);
  const pick = (n: number) => Math.floor(rng.random() * n);
  const stances: Scenario["stances"] = [];
  for (let a = 0; a < actors; a++)
    for (let k = 0; k < issues; k++)
      if (rng.random() < present)
        stances.push({
          actor: `a${a}`,
          issue: `i${k}`,
          position: grid > 0 ? pick(100 / grid + 1) * grid : Math.round(rng.random() * 1000) / 10,
          salience: (1 + pick(10)) * 10,
        });
  return {
    entente: 1,
    metadata: { title: `synthetic ${actors} × ${issues}` },
    actors: Array.from({ length: actors }, (_, a) => ({
      id: `a${a}`,
      name: `A${a}`,
      capability: (1 + pick(100)) / 100,
    })),
    issues: Array.from({ length: issues }, (_, k) => ({
      id: `i${k}`,
      name: `I${k}`,
      scale: { low: 0, high: 100 },
    })),
    stances,
  };
}

interface Case {
  name: string;
  scenario: Scenario;
  rounds: number;
  runs: number;
  arithmetics: ("decimal" | "double")[];
}

export async function benchExchange(): Promise<void> {
  const cases: Case[] = [
    {
      name: "cop21-sized (15 × 13, 181 stances, synthetic)",
      scenario: synthetic(15, 13, 0.93, 5, 21),
      rounds: 10,
      runs: 3,
      arithmetics: ["decimal", "double"],
    },
    {
      name: "random 100 actors × 10 issues",
      scenario: synthetic(100, 10, 1, 0, 100),
      rounds: 1,
      runs: 1,
      arithmetics: ["double"],
    },
  ];
  console.log(
    "\nExchange model (Stokman; decide-exchange-model rules), rounds per second, one core",
  );
  console.log(
    "  peer: decide-exchange-model (Python) cannot be installed here (no access to PyPI for its dependencies); not measured",
  );
  console.log(
    "  (the 100 × 10 case runs in doubles only: in decimals a round would take minutes, five to ten times the doubles' time)",
  );
  for (const c of cases) {
    const compiled = compileScenario(c.scenario);
    for (const arithmetic of c.arithmetics) {
      const options = ExchangeOptions.parse({ rounds: c.rounds, arithmetic, trace: "summary" });
      let candidates = 0;
      const times: number[] = [];
      for (let r = 0; r < c.runs; r++)
        times.push(
          timeMs(() => {
            const run = exchangeModel.run(compiled, options);
            candidates = (run.trace as ExchangeModelTrace).rounds![0].candidates;
          }),
        );
      const ms = median(times);
      console.log(
        `  ${c.name.padEnd(48)} ${arithmetic.padEnd(7)} ${((1000 * c.rounds) / ms).toFixed(2).padStart(8)} rounds/s ` +
          `(${(ms / c.rounds).toFixed(0)} ms a round, ${c.rounds} rounds, median of ${c.runs}; ${candidates} candidates in round 1)`,
      );
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchExchange();
