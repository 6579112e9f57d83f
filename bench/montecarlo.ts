/**
 * Benchmark of the Monte Carlo (issue "How sure, and what if", point 6): 10,000
 * draws of the expected-utility model (10 rounds; its forecast-only path,
 * `expectedUtilityForecast` in src/models/expected-utility.ts) on the flagship
 * scenario, all nine issues, under the file's uncertainty, through the real worker
 * pool with 1 and then 2 worker threads, and the same job as a user types it
 * (`entente simulate … -n 10000 -m expected-utility`), process start included.
 *
 * It measures the built package (dist/, what `entente` runs; `npm run bench` builds
 * it first), not the TypeScript sources through tsx, whose loader would slow the
 * workers' start. Each figure is the median of three runs (the spread is printed):
 * this machine is shared, and its speed varies from minute to minute.
 *
 * Run alone: `npx tsc -p tsconfig.build.json && npx tsx bench/montecarlo.ts`
 * (MC_DRAWS=N for another number of draws, MC_REPEAT=K for K runs per figure).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import os from "node:os";
import type * as MonteCarlo from "../src/analysis/montecarlo.js";
import type * as Pool from "../src/runtime/pool.js";
import type * as Formats from "../src/scenario/formats.js";
import { timeMsAsync } from "./timing.js";

const dist = new URL("../dist/", import.meta.url);

async function fromDist<T>(path: string): Promise<T> {
  const url = new URL(path, dist);
  if (!existsSync(fileURLToPath(url)))
    throw new Error(
      `${fileURLToPath(url)} is missing: build first (npx tsc -p tsconfig.build.json)`,
    );
  return (await import(url.href)) as T;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function spread(values: number[], digits = 2): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

export async function benchMonteCarlo(): Promise<void> {
  const { simulate } = await fromDist<typeof MonteCarlo>("analysis/montecarlo.js");
  const { AnalysisPool } = await fromDist<typeof Pool>("runtime/pool.js");
  const { loadScenario } = await fromDist<typeof Formats>("scenario/formats.js");
  const draws = Number(process.env.MC_DRAWS ?? 10_000);
  const repeat = Number(process.env.MC_REPEAT ?? 3);
  const file = fileURLToPath(new URL("../scenarios/us-russia-reset-2016.yaml", import.meta.url));
  const scenario = await loadScenario(file);
  const request = { draws, seed: 1, models: ["expected-utility"], rounds: 10 };
  console.log(
    `\nMonte Carlo: ${draws.toLocaleString("en")} draws of expected-utility (10 rounds), flagship scenario, ` +
      `${scenario.issues.length} issues; worker pool (piscina), ${os.cpus().length} cores; built package; ` +
      `median of ${repeat} runs (range)`,
  );
  console.log("workers   pool start (s)   run (s)             draws/s   total with start (s)");
  const results: Float64Array[] = [];
  const runs = new Map<number, number[]>();
  for (const workers of [1, 2]) {
    const starts: number[] = [];
    const times: number[] = [];
    let forecasts: Float64Array = new Float64Array(0);
    for (let k = 0; k < repeat; k++) {
      let pool: InstanceType<typeof AnalysisPool> | undefined;
      // Start-up: threads started and the worker module loaded, measured with one tiny job.
      starts.push(
        await timeMsAsync(async () => {
          pool = new AnalysisPool(workers, false);
          await simulate(scenario, { ...request, draws: workers, pool, chunkSize: 1 });
        }),
      );
      times.push(
        await timeMsAsync(async () => {
          forecasts = (await simulate(scenario, { ...request, pool })).forecasts;
        }),
      );
      await pool!.close();
    }
    results.push(forecasts);
    runs.set(workers, times);
    const start = median(starts) / 1000;
    const run = median(times) / 1000;
    console.log(
      `${String(workers).padStart(7)}   ${start.toFixed(2).padStart(14)}   ${run.toFixed(2).padStart(5)} (${spread(times.map((t) => t / 1000))})`.padEnd(
        46,
      ) +
        `${Math.round(draws / run)
          .toLocaleString("en")
          .padStart(7)}   ${(start + run).toFixed(2).padStart(20)}`,
    );
  }
  // The command a user types, from process start to exit, with all cores.
  const cli = fileURLToPath(new URL("cli/bin.js", dist));
  const walls: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    const child = spawnSync(
      process.execPath,
      [cli, "simulate", file, "-n", String(draws), "-m", "expected-utility", "-f", "json"],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    if (child.status !== 0) throw new Error(`entente simulate exited with ${child.status}`);
    walls.push((performance.now() - t0) / 1000);
  }
  console.log(
    `entente simulate ${file.split("/").pop()} -n ${draws} -m expected-utility (all cores), process start to exit: ` +
      `${median(walls).toFixed(2)} s (${spread(walls)})`,
  );
  // CPU time of one thread, which other processes on the machine disturb less than wall time.
  const probe = Math.min(draws, 1000);
  const cpu = process.cpuUsage();
  await simulate(scenario, { ...request, draws: probe, workers: 1 });
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `In this thread, ${probe} draws: ${Math.round((probe * 1000) / cpuMs).toLocaleString("en")} draws per CPU-second.`,
  );
  const one = median(runs.get(1)!);
  const two = median(runs.get(2)!);
  console.log(`Speed-up with 2 workers: ${(one / two).toFixed(2)}×.`);
  const same = Buffer.from(results[0].buffer).equals(Buffer.from(results[1].buffer));
  console.log(`Identical forecasts with 1 and 2 workers: ${same ? "yes" : "NO"}.`);
  if (draws === 10_000)
    console.log(
      `Goal (issue point 6): 10,000 draws in under 5 s on 2 cores: ${two / 1000 < 5 ? "met" : "NOT met"} (${(two / 1000).toFixed(2)} s).`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMonteCarlo();
