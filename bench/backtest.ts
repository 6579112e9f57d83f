/**
 * Benchmark of the whole DEU backtest (`entente backtest data/deu3-dev.tsv`): every
 * model of the default run under the four capability options, 1000 paired
 * bootstrap resamples per row, the grouped cross-validation of the institutional
 * compromise, and the subgroup tables by procedure, voting rule and legal type.
 * Prints the median wall-clock seconds of a few runs (reading and parsing the table
 * included), after one run that warms the caches (voting-power indices) and the JIT;
 * the first, cold run is printed too. Target: under 10 s. Models kept out of the
 * default run (`NOT_IN_DEFAULT_RUN`: SMP) are timed in one more run with them added.
 *
 * Run alone: `npx tsx bench/backtest.ts`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  backtestDeu,
  defaultBacktestModels,
  NOT_IN_DEFAULT_RUN,
} from "../src/analysis/backtest.js";
import { findModel } from "../src/models/registry.js";
import { readDeu } from "../src/scenario/import/deu.js";
import { median, timeMs } from "./timing.js";

const DEV_TABLE = fileURLToPath(new URL("../data/deu3-dev.tsv", import.meta.url));

export async function benchBacktest(runs = 3): Promise<void> {
  const text = readFileSync(DEV_TABLE, "utf8");
  let scored = 0;
  let rows = 0;
  const once = (models?: string[]) => {
    const result = backtestDeu(readDeu(text, { file: "deu3-dev.tsv" }), {
      ...(models ? { models } : {}),
      resamples: 1000,
      seed: 1,
      by: ["procedure", "voting-rule", "type"],
    });
    scored = result.scored;
    rows = result.rows.length;
  };
  const cold = timeMs(() => once());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timeMs(() => once()));
  const defaultRows = rows;
  console.log(
    `\nDEU backtest, data/deu3-dev.tsv: ${scored} issues, ${defaultRows} rows, 1000 resamples, subgroups by procedure, voting rule, type`,
  );
  console.log(`first (cold) run: ${(cold / 1000).toFixed(2)} s`);
  console.log(
    `median of ${runs} runs: ${(median(times) / 1000).toFixed(2)} s (runs: ${times.map((t) => (t / 1000).toFixed(2)).join(", ")} s)`,
  );
  const extra = Object.keys(NOT_IN_DEFAULT_RUN).filter((id) => findModel(id));
  if (extra.length > 0) {
    const t = timeMs(() => once([...defaultBacktestModels(), ...extra]));
    console.log(
      `with ${extra.join(", ")} added (${rows} rows): ${(t / 1000).toFixed(2)} s (one run)`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchBacktest();
