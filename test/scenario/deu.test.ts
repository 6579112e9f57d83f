/**
 * The DEU reader on the project's copy of the DEU III development table
 * (data/deu3-dev.tsv; Arregui & Perarnaud 2021, doi 10.34810/data53, CC BY 4.0),
 * checked against the figures in the table's README: 263 scored issues and the
 * mean absolute errors of four simple rules.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { DeuIssue } from "../../src/scenario/import/deu.js";
import {
  DEU_ACTORS,
  DEU_REQUIRED_COLUMNS,
  formatDeuReport,
  readDeu,
  scoredDeuIssues,
} from "../../src/scenario/import/deu.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { inferCouncilEra } from "../../src/institutions/council-weights.js";

const DEV_TABLE = fileURLToPath(new URL("../../data/deu3-dev.tsv", import.meta.url));
const text = readFileSync(DEV_TABLE, "utf8");
const dataset = readDeu(text, { file: "deu3-dev.tsv" });
const scored = scoredDeuIssues(dataset.issues);

// Small local rules (equal capabilities, weights = salience), written out here so
// the check does not depend on the registry's models.

function weightedMean(x: number[], w: number[]): number {
  let num = 0;
  let den = 0;
  x.forEach((xi, i) => {
    num += w[i] * xi;
    den += w[i];
  });
  return num / den;
}

/** First position (ascending, equal positions pooled) where the cumulative weight reaches half. */
function weightedMedian(x: number[], w: number[]): number {
  const pooled = new Map<number, number>();
  x.forEach((xi, i) => pooled.set(xi, (pooled.get(xi) ?? 0) + w[i]));
  const positions = [...pooled.keys()].sort((a, b) => a - b);
  const total = w.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  for (const p of positions) {
    cumulative += pooled.get(p)!;
    if (cumulative >= total / 2 - 1e-9) return p;
  }
  return positions[positions.length - 1];
}

function median(x: number[]): number {
  const s = [...x].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function meanAbsoluteError(issues: DeuIssue[], rule: (x: number[], w: number[]) => number): number {
  let total = 0;
  for (const issue of issues) {
    const x = issue.scenario.stances.map((s) => s.position);
    const w = issue.scenario.stances.map((s) => s.salience);
    total += Math.abs(rule(x, w) - issue.meta.outcome!);
  }
  return total / issues.length;
}

describe("DEU III development table: the README's check figures", () => {
  it("scores 263 issues (outcome known, at least three actors with position and salience)", () => {
    expect(scored).toHaveLength(263);
  });

  it("compromise model (salience-weighted mean, equal capabilities): MAE 25.37", () => {
    expect(meanAbsoluteError(scored, weightedMean).toFixed(2)).toBe("25.37");
  });

  it("salience-weighted median: MAE 30.00", () => {
    expect(meanAbsoluteError(scored, weightedMedian).toFixed(2)).toBe("30.00");
  });

  it("plain median of positions: MAE 30.49", () => {
    expect(meanAbsoluteError(scored, (x) => median(x)).toFixed(2)).toBe("30.49");
  });

  it("the reference point: MAE 48.99 on the 191 scored issues that have one", () => {
    const withRp = scored.filter((i) => i.meta.referencePoint !== null);
    expect(withRp).toHaveLength(191);
    const mae =
      withRp.reduce((t, i) => t + Math.abs(i.meta.referencePoint! - i.meta.outcome!), 0) /
      withRp.length;
    expect(mae.toFixed(2)).toBe("48.99");
    // The scenario carries the same reference point.
    for (const i of withRp) expect(i.scenario.issues[0].referencePoint).toBe(i.meta.referencePoint);
  });
});

describe("DEU reader on the development table", () => {
  it("reads every row into a valid one-issue scenario", () => {
    expect(dataset.issues).toHaveLength(276);
    expect(dataset.report).toMatchObject({
      rows: 276,
      issues: 276,
      separator: "\t",
      skippedRows: [],
    });
    for (const issue of dataset.issues) {
      const result = validateScenario(issue.scenario);
      if (!result.ok) throw new Error(`${issue.meta.issue}: ${JSON.stringify(result.problems)}`);
      expect(issue.scenario.issues).toHaveLength(1);
      expect(issue.scenario.issues[0].scale).toEqual({ low: 0, high: 100 });
      expect(compileScenario(issue.scenario).issues[0].actorIds).toEqual(issue.meta.stanceHolders);
    }
  });

  it("keeps the row's description and outcome out of the scenario", () => {
    const first = dataset.issues[0];
    expect(first.meta).toMatchObject({
      line: 2,
      proposal: "d00032",
      proposalName: "documents",
      issue: "d00032i1",
      type: "Reg",
      procedure: "COD",
      votingRule: "QMV",
      council: "General",
      outcome: 100,
      referencePoint: 0,
    });
    expect(first.meta.columns).toMatchObject({ prnrnmc: "1", isnrnmc: "1", proccde: "3" });
    expect(first.meta.stanceHolders).toEqual([
      "com",
      "ep",
      "at",
      "be",
      "dk",
      "fi",
      "fr",
      "de",
      "el",
      "ie",
      "it",
      "lu",
      "nl",
      "pt",
      "es",
      "se",
      "uk",
    ]);
    const de = first.scenario.stances.find((s) => s.actor === "de");
    expect(de).toMatchObject({ position: 0, salience: 80, issue: "d00032i1" });
    expect(first.scenario.actors.find((a) => a.id === "com")).toEqual({
      id: "com",
      name: "European Commission",
      capability: 1,
    });
    expect(Object.keys(first.scenario.issues[0])).toEqual([
      "id",
      "name",
      "scale",
      "referencePoint",
    ]);
    expect(first.scenario.metadata.sources?.[0]).toMatchObject({
      url: "https://doi.org/10.34810/data53",
    });
  });

  it("reports every cell read as missing, and the half stances it drops", () => {
    const { counts, missing } = dataset.report;
    expect(counts).toEqual({
      empty: 3292,
      "not a number": 0,
      "out of range": 0,
      "position without salience": 46,
      "salience without position": 2611,
    });
    expect(missing).toHaveLength(3292 + 46 + 2611);
    expect(missing).toContainEqual({
      line: 226,
      column: "pie",
      value: "15",
      reason: "position without salience",
    });
    expect(missing).toContainEqual({ line: 2, column: "pbu", value: "", reason: "empty" });
    expect(formatDeuReport(dataset.report)).toMatch(/276 rows read \(tab-separated\), 276 issues/);
    expect(formatDeuReport(dataset.report)).toMatch(/46 positions without salience/);
  });

  it("lists the actors with positions, for the Council era", () => {
    const eras = new Map<string, number>();
    for (const issue of dataset.issues) {
      const { era } = inferCouncilEra(issue.meta.positionHolders);
      eras.set(era, (eras.get(era) ?? 0) + 1);
    }
    expect(Object.fromEntries(eras)).toEqual({ eu15: 151, eu25: 57, eu27: 45, lisbon: 23 });
  });

  it("takes capabilities from a function of actor and issue", () => {
    const weighted = readDeu(text, {
      capability: (actor, meta) => (actor === "com" ? 2 : meta.votingRule === "QMV" ? 1 : 0.5),
    });
    const first = weighted.issues[0].scenario.actors;
    expect(first.find((a) => a.id === "com")?.capability).toBe(2);
    expect(first.find((a) => a.id === "de")?.capability).toBe(1);
  });

  it("reads the same table written with semicolons and decimal commas", () => {
    const semicolons = text.replace(/\t/g, ";").replace(/;50;/, ";50,0;");
    const other = readDeu(semicolons);
    expect(other.report.separator).toBe(";");
    expect(scoredDeuIssues(other.issues)).toHaveLength(263);
    expect(other.issues.map((i) => i.scenario)).toEqual(dataset.issues.map((i) => i.scenario));
  });

  it("needs the columns listed in the README", () => {
    expect(DEU_REQUIRED_COLUMNS).toHaveLength(6 + 2 * DEU_ACTORS.length + 2);
    const header = text.split("\n", 1)[0].split("\t");
    for (const c of DEU_REQUIRED_COLUMNS) expect(header).toContain(c);
  });
});
