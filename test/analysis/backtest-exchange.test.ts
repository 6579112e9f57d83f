/**
 * The exchange model in the DEU backtest: run once per proposal on all its issues
 * (src/analysis/backtest-proposals.ts), scored issue by issue like the other models,
 * and left out of the default run (about a minute per capability option).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { backtestDeuText, defaultBacktestModels } from "../../src/analysis/backtest.js";
import { proposalScenario } from "../../src/analysis/backtest-proposals.js";
import { readDeu } from "../../src/scenario/import/deu.js";
import { runScenario } from "../../src/run.js";

const HEADER = readFileSync(
  fileURLToPath(new URL("../../data/deu3-dev.tsv", import.meta.url)),
  "utf8",
)
  .split("\n", 1)[0]
  .split("\t");
const deuTable = (rows: Record<string, string | number>[]): string =>
  [HEADER.join("\t"), ...rows.map((r) => HEADER.map((c) => String(r[c] ?? "")).join("\t"))].join(
    "\n",
  ) + "\n";
const stances = (xs: Record<string, [number, number]>) =>
  Object.fromEntries(
    Object.entries(xs).flatMap(([a, [p, s]]) => [
      [`p${a}`, p],
      [`s${a}`, s],
    ]),
  );
const base = { prname: "test", type: "Reg", proc: "CNS", counvte: "QMV" };
// Proposal p1: two issues on which Germany and France can trade (each cares about one).
const table = deuTable([
  {
    ...base,
    prnr: "p1",
    isnr: "a",
    ...stances({ de: [10, 20], fr: [90, 70], it: [60, 50] }),
    out: 80,
  },
  {
    ...base,
    prnr: "p1",
    isnr: "b",
    ...stances({ de: [20, 80], fr: [60, 40], it: [50, 50] }),
    out: 30,
  },
  {
    ...base,
    prnr: "p2",
    isnr: "c",
    ...stances({ de: [0, 50], fr: [50, 50], it: [100, 100] }),
    out: 60,
  },
]);

describe("exchange model in the DEU backtest", () => {
  it("is not in the default run", () => {
    expect(defaultBacktestModels()).not.toContain("exchange");
  });

  it("runs once per proposal on all its issues and scores every issue", () => {
    const result = backtestDeuText(table, {
      models: ["compromise", "exchange"],
      capabilities: ["equal"],
      resamples: 50,
    });
    const row = result.rows.find((r) => r.id === "exchange/equal")!;
    expect(row.summary.n).toBe(3);
    const issues = result.issues.map((i) => i.forecasts["exchange/equal"]);
    // The same forecasts as the model on the proposal's issues as one scenario.
    const dataset = readDeu(table);
    const p1 = dataset.issues.filter((i) => i.meta.proposal === "p1");
    const merged = runScenario(
      proposalScenario(p1, () => 1),
      { models: ["exchange"] },
    ).runs[0];
    expect(issues.slice(0, 2)).toEqual(merged.issues.map((i) => i.forecast));
    // Trading moved them away from the compromise of each issue alone.
    const compromise = result.issues.map((i) => i.forecasts["compromise/equal"]);
    expect(issues[0]).not.toBeCloseTo(compromise[0]!, 3);
    // A proposal with one issue has nothing to trade: the weighted mean.
    expect(issues[2]).toBeCloseTo(compromise[2]!, 9);
  });
});
