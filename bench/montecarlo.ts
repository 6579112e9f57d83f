/**
 * Benchmark of the Monte Carlo (issue "How sure, and what if", point 6): 10,000
 * draws of the expected-utility model (10 rounds; its forecast-only path,
 * `expectedUtilityForecast` in src/models/expected-utility.ts) on the flagship
 * scenario, all nine issues, under the file's uncertainty, through the real worker
 * pool with 1 and then 2 worker threads. Prints draws per second, the time with and without
 * starting the pool, and checks that both runs give identical forecasts.
 *
 * Run alone: `npx tsx bench/montecarlo.ts` (MC_DRAWS=N for another number of draws).
 */
import { fileURLToPath } from "node:url";
import os from "node:os";
import { loadScenario } from "../src/scenario/formats.js";
import { simulate } from "../src/analysis/montecarlo.js";
import { AnalysisPool } from "../src/runtime/pool.js";
import { timeMsAsync } from "./timing.js";

export async function benchMonteCarlo(): Promise<void> {
  const draws = Number(process.env.MC_DRAWS ?? 10_000);
  const file = fileURLToPath(new URL("../scenarios/us-russia-reset-2016.yaml", import.meta.url));
  const scenario = await loadScenario(file);
  const request = { draws, seed: 1, models: ["expected-utility"], rounds: 10 };
  console.log(
    `\nMonte Carlo: ${draws.toLocaleString("en")} draws of expected-utility (10 rounds), flagship scenario, ` +
      `${scenario.issues.length} issues; worker pool (piscina), ${os.cpus().length} cores`,
  );
  console.log("workers   pool start   run (s)   draws/s   total with start (s)");
  const results: Float64Array[] = [];
  for (const workers of [1, 2]) {
    let pool: AnalysisPool | undefined;
    // Start-up: threads started and the worker module loaded, measured with one tiny job.
    const start = await timeMsAsync(async () => {
      pool = new AnalysisPool(workers, false);
      await simulate(scenario, { ...request, draws: workers, pool, chunkSize: 1 });
    });
    let forecasts: Float64Array = new Float64Array(0);
    const run = await timeMsAsync(async () => {
      forecasts = (await simulate(scenario, { ...request, pool })).forecasts;
    });
    await pool!.close();
    results.push(forecasts);
    console.log(
      `${String(workers).padStart(7)}   ${(start / 1000).toFixed(2).padStart(8)} s   ${(run / 1000).toFixed(2).padStart(7)}   ` +
        `${Math.round((draws * 1000) / run)
          .toLocaleString("en")
          .padStart(7)}   ${((start + run) / 1000).toFixed(2).padStart(20)}`,
    );
  }
  // CPU time of one thread, which other processes on the machine disturb less than wall time.
  const probe = Math.min(draws, 1000);
  const cpu = process.cpuUsage();
  await simulate(scenario, { ...request, draws: probe, workers: 1 });
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `In this thread, ${probe} draws: ${Math.round((probe * 1000) / cpuMs).toLocaleString("en")} draws per CPU-second ` +
      `(${draws.toLocaleString("en")} draws on 2 idle cores: about ${((draws * cpuMs) / probe / 2000).toFixed(1)} s).`,
  );
  const same = Buffer.from(results[0].buffer).equals(Buffer.from(results[1].buffer));
  console.log(`Identical forecasts with 1 and 2 workers: ${same ? "yes" : "NO"}.`);
  console.log("Goal (issue point 6): 10,000 draws in under 5 s on 2 cores.");
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMonteCarlo();
