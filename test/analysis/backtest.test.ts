/**
 * The DEU backtest on the development table (data/deu3-dev.tsv; Arregui & Perarnaud
 * 2021, doi 10.34810/data53, CC BY 4.0) and on small hand-made tables: the README's
 * check figures, capability options, paired intervals on common issues, subgroups,
 * and the outputs.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BASELINE_ROW,
  backtestDeu,
  backtestDeuText,
  defaultBacktestModels,
  deuCapability,
  memberCapabilities,
  type BacktestResult,
} from "../../src/analysis/backtest.js";
import {
  missingNotes,
  renderBacktestCsv,
  renderBacktestMarkdown,
  renderBacktestTable,
  renderPerIssueCsv,
  signed2,
} from "../../src/analysis/backtest-report.js";
import { renderBacktestHtml } from "../../src/report/backtest-html.js";
import { readDeu, type DeuIssueMeta } from "../../src/scenario/import/deu.js";
import { InputError } from "../../src/scenario/problems.js";

const DEV_TABLE = fileURLToPath(new URL("../../data/deu3-dev.tsv", import.meta.url));
const text = readFileSync(DEV_TABLE, "utf8");
const HEADER = text.split("\n", 1)[0].split("\t");

/** A DEU table with the dev header and the given cells (everything else empty). */
export function deuTable(rows: Record<string, string | number>[]): string {
  const lines = rows.map((r) =>
    HEADER.map((c) => (r[c] === undefined ? "" : String(r[c]))).join("\t"),
  );
  return [HEADER.join("\t"), ...lines].join("\n") + "\n";
}

const row =
  (id: string, get: (r: BacktestResult) => BacktestResult["rows"]) => (r: BacktestResult) =>
    get(r).find((x) => x.id === id);

describe("backtest on the development table: the README's check figures", () => {
  let result: BacktestResult;
  beforeAll(() => {
    result = backtestDeu(readDeu(text, { file: "deu3-dev.tsv" }), {
      by: ["procedure", "voting-rule", "type"],
    });
  });
  const get = (id: string) => row(id, (r) => r.rows)(result)!;

  it("scores 263 issues", () => {
    expect(result.scored).toBe(263);
    expect(result.issues).toHaveLength(263);
    expect(result.rowsRead).toBe(276);
  });

  it("compromise with equal capabilities 25.37, the baseline", () => {
    expect(get(BASELINE_ROW).summary.mae.toFixed(2)).toBe("25.37");
    expect(get(BASELINE_ROW).summary.n).toBe(263);
    expect(get(BASELINE_ROW).vsBaseline).toBeNull();
  });

  it("salience-weighted median 30.00, plain median 30.49", () => {
    expect(get("weighted-median/equal").summary.mae.toFixed(2)).toBe("30.00");
    expect(get("plain-median").summary.mae.toFixed(2)).toBe("30.49");
    expect(get("plain-median").capability).toBe("any");
  });

  it("the reference point 48.99 on its own 191 issues, with the reason for the others", () => {
    const sq = get("status-quo");
    expect(sq.summary.mae.toFixed(2)).toBe("48.99");
    expect(sq.summary.n).toBe(191);
    expect(sq.missing).toEqual([{ note: "the issue has no reference point", count: 72 }]);
    // The paired interval uses only the issues both scored.
    expect(sq.vsBaseline!.n).toBe(191);
  });

  it("Nash has its own n and is compared on the issues both scored", () => {
    const nash = get("nash/equal");
    expect(nash.summary.n).toBe(191);
    expect(nash.vsBaseline!.n).toBe(191);
    expect(nash.missing[0].note).toMatch(/reference point/);
  });

  it("has a row per model and capability option, capability-free models once", () => {
    for (const c of ["equal", "council-votes", "shapley-shubik", "banzhaf"])
      expect(get(`compromise/${c}`).summary.n).toBe(263);
    expect(result.rows.filter((r) => r.model === "status-quo")).toHaveLength(1);
    expect(result.notes.join("\n")).toMatch(/capability-free.*status-quo/);
    // Voting power changes the compromise forecast.
    expect(get("compromise/shapley-shubik").summary.mae).not.toBe(get(BASELINE_ROW).summary.mae);
  });

  it("includes the better model, flags it in-sample here, and cross-validates it", () => {
    const shipped = get("institutional-compromise");
    expect(shipped.inSample).toBe(263);
    const cv = get("institutional-compromise/cv");
    expect(cv.capability).toBe("cv");
    expect(cv.summary.n).toBe(263);
    expect(cv.summary.mae).toBeLessThan(get(BASELINE_ROW).summary.mae);
    expect(cv.vsBaseline!.n).toBe(263);
    expect(result.crossValidation).toMatchObject({ folds: 10, seed: 1, unit: "proposal" });
    expect(result.crossValidation!.foldWeights).toHaveLength(10);
  });

  it("tabulates subgroups by procedure, voting rule and legal type", () => {
    const sizes = (by: string) =>
      Object.fromEntries(result.groups.filter((g) => g.by === by).map((g) => [g.value, g.scored]));
    expect(sizes("procedure")).toEqual({ CNS: 105, COD: 158 });
    expect(sizes("voting-rule")).toEqual({ QMV: 212, "QMV(10)": 2, Unan: 49 });
    expect(sizes("type")).toEqual({ Dec: 11, Dir: 115, Reg: 137 });
    const cod = result.groups.find((g) => g.by === "procedure" && g.value === "COD")!;
    expect(cod.rows.find((r) => r.id === BASELINE_ROW)!.summary.mae.toFixed(2)).toBe("24.69");
  });

  it("records every forecast per issue", () => {
    const first = result.issues[0];
    expect(first).toMatchObject({
      issue: "d00032i1",
      proposal: "d00032",
      outcome: 100,
      era: "eu15",
    });
    expect(first.forecasts[BASELINE_ROW]).toBeCloseTo(60.5, 10);
    for (const r of result.rows) expect(r.id in first.forecasts).toBe(true);
  });

  it("renders a table, CSV, a long per-issue CSV, Markdown and standalone HTML", () => {
    const table = renderBacktestTable(result);
    expect(table).toMatch(/compromise\/equal\s*│\s*263\s*│\s*25\.37/);
    expect(table).toMatch(/By procedure = COD \(158 issues\)/);
    expect(table).toContain("CC BY 4.0");

    const csv = renderBacktestCsv(result).trim().split("\n");
    expect(csv[0]).toMatch(/^group_by,group,row,model,capability,n,mae/);
    expect(csv.length).toBe(1 + result.rows.length * (1 + result.groups.length));

    const perIssue = renderPerIssueCsv(result).trim().split("\n");
    expect(perIssue).toHaveLength(1 + 263 * result.rows.length);
    expect(perIssue[0]).toBe(
      "issue,proposal,line,type,procedure,voting_rule,era,council,stances,reference_point,outcome,row,model,capability,forecast,abs_error,note",
    );

    const md = renderBacktestMarkdown(result);
    expect(md).toMatch(/\| compromise\/equal \| 263 \| 25\.37 \|/);
    expect(md).toMatch(/institutional-compromise ¹/);

    const html = renderBacktestHtml(result);
    expect(html).toMatch(/^<!doctype html>/);
    // The MAE and difference charts, and the headline's PIT histogram.
    expect(html.match(/<svg/g)!.length).toBe(3);
    expect(html).toMatch(/Calibration \(PIT histogram\)/);
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html).toContain("25.37");
  });
});

describe("capability options", () => {
  const meta = (over: Partial<DeuIssueMeta>): DeuIssueMeta => ({
    line: 2,
    proposal: "p",
    proposalName: "",
    issue: "i",
    type: "Reg",
    procedure: "COD",
    votingRule: "QMV",
    outcome: 50,
    referencePoint: null,
    positionHolders: ["com", "ep", "de", "lu"],
    stanceHolders: ["com", "ep", "de", "lu"],
    columns: {},
    ...over,
  });

  it("equal gives every actor 1", () => {
    const c = deuCapability("equal");
    for (const a of ["com", "ep", "de", "lu"]) expect(c(a, meta({}))).toBe(1);
  });

  it("shapley-shubik gives EU-15 member states their index and the Commission the mean", () => {
    const c = deuCapability("shapley-shubik");
    expect(c("de", meta({})).toFixed(4)).toBe("0.1167");
    expect(c("lu", meta({})).toFixed(4)).toBe("0.0207");
    expect(c("com", meta({}))).toBeCloseTo(1 / 15, 12); // the indices sum to 1
    const max = deuCapability("shapley-shubik", { commission: "max", parliament: { share: 0.2 } });
    expect(max("com", meta({}))).toBeCloseTo(c("de", meta({})), 12);
    expect(max("ep", meta({}))).toBeCloseTo(0.2, 12);
  });

  it("gives every member the same power under unanimity", () => {
    const c = deuCapability("banzhaf");
    const unan = meta({ votingRule: "Unan" });
    expect(c("de", unan)).toBeCloseTo(1 / 15, 12);
    expect(c("lu", unan)).toBeCloseTo(1 / 15, 12);
  });

  it("council-votes uses vote shares (EU-15: 10 of 87) and population under Lisbon", () => {
    const c = deuCapability("council-votes");
    expect(c("de", meta({}))).toBeCloseTo(10 / 87, 12);
    const lisbon = memberCapabilities("council-votes", "lisbon", false);
    expect(Object.keys(lisbon)).toHaveLength(28);
    expect(lisbon.de).toBeGreaterThan(lisbon.fr);
    expect(Object.values(lisbon).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("infers the era from the member states with positions", () => {
    const c = deuCapability("shapley-shubik");
    const eu25 = meta({ positionHolders: ["de", "pl"], stanceHolders: ["de", "pl"] });
    expect(c("pl", eu25)).toBeGreaterThan(0);
    expect(c("pl", meta({}))).toBe(0); // Poland is not in the EU-15 Council
  });
});

describe("backtest on small tables", () => {
  const base = { prnr: "p1", prname: "test", type: "Reg", proc: "CNS", counvte: "QMV" };
  const stances = (xs: Record<string, [number, number]>) =>
    Object.fromEntries(
      Object.entries(xs).flatMap(([a, [p, s]]) => [
        [`p${a}`, p],
        [`s${a}`, s],
      ]),
    );

  it("computes the rules exactly on a hand-checked table", () => {
    const table = deuTable([
      // mean (1·0 + 1·50 + 2·100·… ) by salience: (0·50 + 50·50 + 100·100)/200 = 62.5
      {
        ...base,
        isnr: "a",
        ...stances({ de: [0, 50], fr: [50, 50], it: [100, 100] }),
        out: 60,
        rp: 0,
      },
      // weighted mean (20·100 + 40·100 + 80·50)/250 = 40; outcome 40
      {
        ...base,
        prnr: "p2",
        isnr: "b",
        ...stances({ de: [20, 100], fr: [40, 100], uk: [80, 50] }),
        out: 40,
      },
      // only two stances: not scored
      { ...base, prnr: "p3", isnr: "c", ...stances({ de: [0, 50], fr: [50, 50] }), out: 10 },
      // no outcome: not scored
      { ...base, prnr: "p4", isnr: "d", ...stances({ de: [0, 50], fr: [50, 50], it: [100, 100] }) },
    ]);
    const r = backtestDeuText(table, {
      models: ["compromise", "plain-median", "status-quo"],
      capabilities: ["equal"],
      resamples: 100,
      crossValidation: null,
    });
    expect(r.scored).toBe(2);
    const get = (id: string) => r.rows.find((x) => x.id === id)!;
    expect(r.issues.map((i) => i.forecasts[BASELINE_ROW])).toEqual([62.5, 40]);
    expect(get(BASELINE_ROW).summary).toMatchObject({
      n: 2,
      mae: 1.25,
      medianAe: 1.25,
      withinShare: 1,
    });
    expect(get("plain-median/equal").summary.mae).toBe(5); // medians 50 and 40
    expect(get("status-quo/equal").summary).toMatchObject({ n: 1, mae: 60 });
    expect(get("status-quo/equal").vsBaseline).toMatchObject({ n: 1, difference: 57.5 });
  });

  it("reads bad codes as missing and skips empty rows, still scoring what it can", () => {
    const table = deuTable([
      {
        ...base,
        isnr: "a",
        ...stances({ de: [0, 50], fr: [50, 50], it: [100, 100] }),
        pnl: "999",
        snl: "abc",
        out: 60,
      },
      {},
      {
        ...base,
        prnr: "p2",
        isnr: "b",
        ...stances({ de: [20, 100], fr: [40, 100], uk: [80, 50] }),
        out: "n/a",
      },
    ]);
    const r = backtestDeuText(table, { models: ["compromise"], resamples: 50, file: "t.tsv" });
    expect(r.scored).toBe(1);
    expect(r.read).toMatch(/1 rows skipped/);
    expect(r.read).toMatch(/2 not a number, 1 out of range/);
  });

  it("compares on common issues when the baseline itself cannot forecast one", () => {
    const table = deuTable([
      { ...base, isnr: "a", ...stances({ de: [0, 0], fr: [50, 0], it: [100, 0] }), out: 60, rp: 0 },
      {
        ...base,
        prnr: "p2",
        isnr: "b",
        ...stances({ de: [20, 100], fr: [40, 100], uk: [80, 50] }),
        out: 40,
        rp: 100,
      },
    ]);
    const r = backtestDeuText(table, {
      models: ["compromise", "status-quo", "institutional-compromise"],
      capabilities: ["equal"],
      resamples: 50,
      crossValidation: null,
    });
    const get = (id: string) => r.rows.find((x) => x.id === id)!;
    expect(get(BASELINE_ROW).summary.n).toBe(1);
    expect(get(BASELINE_ROW).missing[0].note).toMatch(/zero capability or zero salience/);
    expect(get("status-quo/equal").summary.n).toBe(2);
    expect(get("status-quo/equal").vsBaseline).toMatchObject({ n: 1, difference: 60 });
    expect(get("institutional-compromise/equal").summary.n).toBe(1);
  });

  it("says so when no issue can be scored", () => {
    const table = deuTable([
      { ...base, isnr: "a", ...stances({ de: [0, 50], fr: [50, 50], it: [100, 100] }) },
    ]);
    expect(() => backtestDeuText(table, { file: "none.tsv" })).toThrow(InputError);
    expect(() => backtestDeuText(table, { file: "none.tsv" })).toThrow(
      /no issue of none\.tsv can be scored/,
    );
  });

  it("rejects unknown models and options for models not run, naming them", () => {
    const table = deuTable([
      { ...base, isnr: "a", ...stances({ de: [0, 50], fr: [50, 50], it: [100, 100] }), out: 60 },
    ]);
    expect(() => backtestDeuText(table, { models: ["no-such-model"] })).toThrow(
      /unknown model 'no-such-model'/,
    );
    expect(() =>
      backtestDeuText(table, {
        models: ["compromise"],
        modelOptions: { nash: { weights: "equal" } },
      }),
    ).toThrow(/not among the models run/);
    expect(() =>
      backtestDeuText(table, { models: ["nash"], modelOptions: { nash: { weights: "bogus" } } }),
    ).toThrow(InputError);
  });

  it("runs the default models, with the plain median after the weighted median", () => {
    const ids = defaultBacktestModels();
    expect(ids).toContain("compromise");
    expect(ids).toContain("institutional-compromise");
    expect(ids.indexOf("plain-median")).toBe(ids.indexOf("weighted-median") + 1);
    expect(ids).not.toContain("smp");
  });

  it("names the rows without a forecast once per model and reason", () => {
    const rows = [
      { id: "nash/equal", model: "nash", missing: [{ note: "no rp", count: 3 }] },
      { id: "nash/banzhaf", model: "nash", missing: [{ note: "no rp", count: 3 }] },
    ] as unknown as BacktestResult["rows"];
    expect(missingNotes(rows, 10)).toEqual([
      "nash (every capability option): 3 of 10 issues without a forecast: no rp",
    ]);
    expect(signed2(-0.001)).toBe("+0.00");
    expect(signed2(-1.5)).toBe("−1.50");
  });
});
