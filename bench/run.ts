/**
 * `npm run bench`: every benchmark of entente, one after the other, printing figures a
 * person can compare across versions (and, where a peer can run here, beside it).
 * Set BENCH=name[,name] to run only some: expected-utility, smp, exchange, montecarlo, backtest, api, headline, import, jobs, queue, backtest-queue.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import os from "node:os";
import { VERSION } from "../src/version.js";

const only = process.env.BENCH?.split(",").map((s) => s.trim());
const benches: { name: string; file: string; fn: string }[] = [
  { name: "expected-utility", file: "./expected-utility.ts", fn: "benchExpectedUtility" },
  { name: "smp", file: "./smp.ts", fn: "benchSmp" },
  { name: "exchange", file: "./exchange.ts", fn: "benchExchange" },
  { name: "montecarlo", file: "./montecarlo.ts", fn: "benchMonteCarlo" },
  { name: "backtest", file: "./backtest.ts", fn: "benchBacktest" },
  { name: "api", file: "./api.ts", fn: "benchApi" },
  { name: "headline", file: "./headline.ts", fn: "benchHeadline" },
  { name: "import", file: "./import.ts", fn: "benchImport" },
  { name: "jobs", file: "./jobs.ts", fn: "benchJobs" },
  { name: "queue", file: "./queue.ts", fn: "benchQueue" },
  { name: "backtest-queue", file: "./queue.ts", fn: "benchBacktestQueue" },
];

console.log(
  `entente ${VERSION} benchmarks — node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"}), ${new Date().toISOString()}`,
);
for (const b of benches) {
  if (only && !only.includes(b.name)) continue;
  if (!existsSync(fileURLToPath(new URL(b.file, import.meta.url)))) continue;
  const module = (await import(b.file)) as Record<string, () => Promise<void>>;
  await module[b.fn]();
}
