/**
 * The EU institutional compromise (src/models/institutional-compromise.ts): its
 * rule on hand-made issues, the shipped weights as the fit on the development table
 * (data/deu3-dev.tsv; Arregui & Perarnaud 2021, doi 10.34810/data53, CC BY 4.0),
 * and its cross-validated error against the compromise model.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  INSTITUTIONAL_FIT,
  INSTITUTIONAL_WEIGHTS,
  InstitutionalCompromiseOptions,
  combineInstitutionalParts,
  fitInstitutionalWeights,
  institutionalCompromiseModel,
} from "../../src/models/institutional-compromise.js";
import {
  BASELINE_ROW,
  backtestDeu,
  fitInstitutionalCompromiseOnDeu,
  institutionalDeuSamples,
} from "../../src/analysis/backtest.js";
import { councilVotingPower } from "../../src/institutions/council-weights.js";
import { euDecisionRule } from "../../src/models/procedural/eu.js";
import { compileScenario } from "../../src/scenario/compile.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { readDeu } from "../../src/scenario/import/deu.js";
import { crossValidate } from "../../src/analysis/cross-validation.js";

const DEV_TABLE = fileURLToPath(new URL("../../data/deu3-dev.tsv", import.meta.url));
const dataset = readDeu(readFileSync(DEV_TABLE, "utf8"), { file: "deu3-dev.tsv" });

type Stance = [actor: string, position: number, salience: number];

/** A one-issue scenario with DEU actor codes and, where given, the EU rule of its procedure. */
function euIssue(
  stances: Stance[],
  procedure?: "CNS" | "COD",
  votingRule?: "QMV" | "Unan",
): Scenario {
  const ids = stances.map((s) => s[0]);
  const rule =
    procedure && votingRule
      ? euDecisionRule({ procedure, votingRule, stanceHolders: ids }).rule
      : undefined;
  return {
    entente: 1,
    metadata: { title: "test" },
    actors: ids.map((id) => ({ id, name: id, capability: 1 })),
    issues: [
      {
        id: "i",
        name: "i",
        scale: { low: 0, high: 100 },
        referencePoint: 0,
        ...(rule ? { rule } : {}),
      },
    ],
    stances: stances.map(([actor, position, salience]) => ({
      actor,
      issue: "i",
      position,
      salience,
    })),
  } as unknown as Scenario;
}

const options = InstitutionalCompromiseOptions.parse({});
const forecast = (s: Scenario, o = options) =>
  institutionalCompromiseModel.run(compileScenario(s), o).issues[0];

const W = INSTITUTIONAL_WEIGHTS;
const stances: Stance[] = [
  ["com", 100, 50],
  ["ep", 80, 100],
  ["de", 0, 50],
  ["fr", 40, 100],
  ["lu", 100, 20],
];
const ss = councilVotingPower("eu15", "shapley-shubik");
const councilQmv =
  (ss.de! * 0.5 * 0 + ss.fr! * 1 * 40 + ss.lu! * 0.2 * 100) /
  (ss.de! * 0.5 + ss.fr! * 1 + ss.lu! * 0.2);
const councilUnan = (0.5 * 0 + 1 * 40 + 0.2 * 100) / (0.5 + 1 + 0.2);

describe("institutional compromise: the rule", () => {
  it("consultation with QMV: Council by voting power, the Commission as setter, the Parliament", () => {
    const r = forecast(euIssue(stances, "CNS", "QMV"));
    const expected = (W.council * councilQmv + W.commission * 100 + W.parliament * 80) / 1;
    expect(r.forecast).toBeCloseTo(expected, 10);
    expect(r.parts).toEqual({ council: councilQmv, commission: 100, parliament: 80 });
    expect(r).toMatchObject({ votingRule: "qmv", era: "eu15" });
  });

  it("co-decision with QMV: the Commission loses its agenda power", () => {
    const r = forecast(euIssue(stances, "COD", "QMV"));
    const expected = (W.council * councilQmv + W.parliament * 80) / (W.council + W.parliament);
    expect(r.forecast).toBeCloseTo(expected, 10);
    expect(r.note).toMatch(/Commission has no agenda power/);
  });

  it("consultation with unanimity: the Council alone, every member equal", () => {
    const r = forecast(euIssue(stances, "CNS", "Unan"));
    expect(r.forecast).toBeCloseTo(councilUnan, 10);
    expect(r.note).toMatch(/Parliament has no lever/);
  });

  it("co-decision with unanimity: the Parliament still counts as a veto player", () => {
    const r = forecast(euIssue(stances, "COD", "Unan"));
    const expected = (W.council * councilUnan + W.parliament * 80) / (W.council + W.parliament);
    expect(r.forecast).toBeCloseTo(expected, 10);
  });

  it("takes the voting rule and procedure from its options when the issue has no rule", () => {
    const bare = euIssue(stances);
    const noRule = forecast(bare);
    // The plain compromise: salience-weighted mean with equal capabilities.
    const mean = (100 * 0.5 + 80 * 1 + 0 + 40 * 1 + 100 * 0.2) / (0.5 + 1 + 0.5 + 1 + 0.2);
    expect(noRule.forecast).toBeCloseTo(mean, 10);
    expect(noRule.note).toMatch(/no decision rule/);
    const given = forecast(bare, { ...options, votingRule: "qmv", procedure: "cns" });
    expect(given.forecast).toBeCloseTo(forecast(euIssue(stances, "CNS", "QMV")).forecast!, 10);
  });

  it("falls back to the compromise where no EU institution holds a stance", () => {
    const s = euIssue([], "CNS", "QMV");
    const other = {
      ...s,
      actors: ["a", "b", "c"].map((id) => ({ id, name: id, capability: 1 })),
      stances: [
        { actor: "a", issue: "i", position: 0, salience: 100 },
        { actor: "b", issue: "i", position: 60, salience: 100 },
        { actor: "c", issue: "i", position: 90, salience: 100 },
      ],
      issues: [{ id: "i", name: "i", scale: { low: 0, high: 100 } }],
    } as unknown as Scenario;
    const r = forecast(other, { ...options, votingRule: "qmv", procedure: "cod" });
    expect(r.forecast).toBeCloseTo(50, 10);
    expect(r.note).toMatch(/no EU institution/);
  });

  it("combines the parts present, renormalising the weights", () => {
    const parts = { council: 20, commission: null, parliament: 80, fallback: 0 };
    expect(
      combineInstitutionalParts(parts, { council: 0.5, commission: 0.3, parliament: 0.2 }),
    ).toBeCloseTo((0.5 * 20 + 0.2 * 80) / 0.7, 12);
    expect(
      combineInstitutionalParts(
        { council: null, commission: null, parliament: null, fallback: 7 },
        W,
      ),
    ).toBe(7);
  });
});

describe("institutional compromise: the fit", () => {
  it("fits exactly on a table made by known weights", () => {
    const truth = { council: 0.5, commission: 0.3, parliament: 0.2 };
    const samples = Array.from({ length: 40 }, (_, i) => {
      const parts = {
        council: (i * 37) % 100,
        commission: (i * 53) % 100,
        parliament: (i * 71) % 100,
        fallback: 50,
      };
      return { parts, outcome: combineInstitutionalParts(parts, truth)! };
    });
    const fit = fitInstitutionalWeights(samples);
    expect(fit.weights.council).toBeCloseTo(0.5, 12);
    expect(fit.weights.commission).toBeCloseTo(0.3, 12);
    expect(fit.weights.parliament).toBeCloseTo(0.2, 12);
    expect(fit.mae).toBeLessThan(1e-9);
    expect(() => fitInstitutionalWeights(samples, 0.3)).toThrow(/divide 1/);
  });

  it("ships the weights fitted on the development table", () => {
    const fit = fitInstitutionalCompromiseOnDeu(dataset);
    expect(fit.issues).toBe(263);
    expect(fit.weights).toEqual({ ...INSTITUTIONAL_WEIGHTS });
    expect(fit.mae.toFixed(2)).toBe(INSTITUTIONAL_FIT.inSampleMae.toFixed(2));
    expect(fit.proposals).toEqual([...INSTITUTIONAL_FIT.proposals]);
  });

  it("beats the compromise model under cross-validation grouped by proposal", () => {
    const samples = institutionalDeuSamples(dataset);
    const cv = crossValidate(
      samples,
      (s) => s.proposal,
      (training) => fitInstitutionalWeights(training).weights,
      (w, s) => combineInstitutionalParts(s.parts, w),
      { folds: 10, seed: 1 },
    );
    // Every issue's forecast comes from weights fitted without its proposal.
    for (let f = 0; f < cv.folds.folds; f++) {
      const held = new Set(cv.folds.groupsByFold[f]);
      const training = samples.filter((s) => !held.has(s.proposal));
      expect(fitInstitutionalWeights(training).weights).toEqual(cv.fitted[f]);
    }
    const mae =
      cv.predictions.reduce<number>((t, p, i) => t + Math.abs(p! - samples[i].outcome), 0) /
      samples.length;
    expect(mae).toBeLessThan(25.37);

    // The backtest's cross-validated row is the same computation.
    const result = backtestDeu(dataset, {
      models: ["compromise", "institutional-compromise"],
      capabilities: ["equal"],
    });
    const row = result.rows.find((r) => r.id === "institutional-compromise/cv")!;
    expect(row.summary.mae).toBeCloseTo(mae, 10);
    expect(row.summary.mae.toFixed(2)).toBe("24.08");
    const base = result.rows.find((r) => r.id === BASELINE_ROW)!;
    expect(row.summary.mae).toBeLessThan(base.summary.mae);
    expect(row.vsBaseline!.high).toBeLessThan(0);
  });
});
