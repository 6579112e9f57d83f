/**
 * Benchmark of the headline (`computeHeadline`): the flagship's nine issues with the
 * default 200 input draws, the error model's residuals applied to every draw, and
 * one threshold; and `entente advise` for one actor on every issue it holds a stance
 * on (each other actor moved once, the headline recomputed each time). Prints the
 * median milliseconds of a few runs after a warm-up.
 *
 * Run alone: `npx tsx bench/headline.ts`.
 */
import { fileURLToPath } from "node:url";
import { computeHeadline } from "../src/analysis/headline.js";
import { advise } from "../src/analysis/advise.js";
import { loadScenario } from "../src/scenario/formats.js";
import { median, timeMs } from "./timing.js";

const FLAGSHIP = fileURLToPath(new URL("../scenarios/us-russia-reset-2016.yaml", import.meta.url));

export async function benchHeadline(runs = 5): Promise<void> {
  const scenario = await loadScenario(FLAGSHIP);
  const headline = () => computeHeadline(scenario, [], { thresholds: ["us-sanctions>=75"] });
  const advice = () => advise(scenario, { actor: "putin" });
  headline();
  advice();
  const h: number[] = [];
  const a: number[] = [];
  for (let i = 0; i < runs; i++) h.push(timeMs(headline));
  for (let i = 0; i < Math.min(runs, 3); i++) a.push(timeMs(advice));
  console.log(
    `\nHeadline, flagship (9 issues, 200 input draws): ${median(h).toFixed(1)} ms (median of ${runs})`,
  );
  console.log(
    `advise --actor putin, flagship (every issue, 200 draws per lever): ${median(a).toFixed(0)} ms (median of ${a.length})`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchHeadline();
