/**
 * Benchmark of the expected-utility model (models.md §2), 10 rounds, on stakeholder
 * tables of 10, 46 (the litigation case), 200 and 1000 actors: median milliseconds
 * per run, of the traced run (`runExpectedUtility`, every round recorded) and of the
 * forecast-only path (`expectedUtilityForecast`, what the Monte Carlo and sensitivity
 * analyses call; the same rounds, nothing recorded). The peer in the same run is the
 * direct transcription of the rules
 * (test/support/naive-expected-utility.ts, O(n³) per pass), the shape of the
 * published Python replication; it runs on the sizes where it finishes in seconds.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ExpectedUtilityOptions,
  expectedUtilityForecast,
  runExpectedUtility,
  type EuTable,
} from "../src/models/expected-utility.js";
import { readStakeholderCsv } from "../src/scenario/import/stakeholder-csv.js";
import { naiveExpectedUtility } from "../test/support/naive-expected-utility.js";
import { median, timeMs } from "./timing.js";

/** mulberry32: a small seeded generator, so every run benchmarks the same tables. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(n: number, seed: number): EuTable {
  const random = generator(seed);
  return {
    actors: Array.from({ length: n }, (_, i) => `a${i}`),
    capability: Array.from({ length: n }, () => 1 + 99 * random()),
    position: Array.from({ length: n }, () => Math.round(100 * random())),
    salience: Array.from({ length: n }, () => 0.1 + 0.9 * random()),
  };
}

function litigation(): EuTable {
  const file = fileURLToPath(new URL("../test/fixtures/bdm/litigation-case.csv", import.meta.url));
  const s = readStakeholderCsv(readFileSync(file, "utf8"), { disambiguate: true });
  const cap = new Map(s.actors.map((a) => [a.id, a.capability]));
  return {
    actors: s.stances.map((x) => x.actor),
    capability: s.stances.map((x) => cap.get(x.actor)!),
    position: s.stances.map((x) => x.position),
    salience: s.stances.map((x) => x.salience / 100),
  };
}

export async function benchExpectedUtility(): Promise<void> {
  const options = ExpectedUtilityOptions.parse({ rounds: 10 });
  const cases: { name: string; table: EuTable; runs: number; naiveRuns: number }[] = [
    { name: "10 actors (synthetic)", table: synthetic(10, 10), runs: 200, naiveRuns: 50 },
    { name: "46 actors (litigation-case)", table: litigation(), runs: 50, naiveRuns: 5 },
    { name: "200 actors (synthetic)", table: synthetic(200, 200), runs: 10, naiveRuns: 1 },
    { name: "1000 actors (synthetic)", table: synthetic(1000, 1000), runs: 3, naiveRuns: 0 },
  ];
  console.log(
    "\nexpected-utility model, 10 rounds (median ms per run; one core; speed-up of the traced run)",
  );
  console.log(
    "case".padEnd(30) +
      "traced".padStart(11) +
      "forecast only".padStart(15) +
      "direct O(n³) formula".padStart(23) +
      "speed-up".padStart(10),
  );
  for (const c of cases) {
    const { capability, salience, position } = c.table;
    runExpectedUtility(c.table, options); // warm-up
    expectedUtilityForecast(capability, salience, position, options);
    const ours = median(
      Array.from({ length: c.runs }, () => timeMs(() => runExpectedUtility(c.table, options))),
    );
    const forecastOnly = median(
      Array.from({ length: c.runs }, () =>
        timeMs(() => expectedUtilityForecast(capability, salience, position, options)),
      ),
    );
    let naive = Number.NaN;
    if (c.naiveRuns > 0) {
      const [cap, sal, pos] = [c.table.capability, c.table.salience, c.table.position].map((a) =>
        Array.from(a),
      );
      naive = median(
        Array.from({ length: c.naiveRuns }, () =>
          timeMs(() => naiveExpectedUtility(cap, sal, pos, 10)),
        ),
      );
    }
    console.log(
      `${c.name.padEnd(30)}${ours.toFixed(2).padStart(8)} ms ${forecastOnly.toFixed(2).padStart(11)} ms ${Number.isNaN(naive) ? "   (not run: too slow)".padStart(22) : `${naive.toFixed(1).padStart(19)} ms`}${Number.isNaN(naive) ? "" : `${(naive / ours).toFixed(0).padStart(9)}×`}`,
    );
  }
  console.log("Goals (issue 2): 46 actors < 20 ms, 200 actors < 1000 ms.");
}

if (import.meta.url === `file://${process.argv[1]}`) await benchExpectedUtility();
