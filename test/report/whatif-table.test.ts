/**
 * The results' what-if table (whatIfTable, whatIfCsv in src/report/views.ts): the
 * comparison stored with a run, by model, with issue names and scales.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "../../src/index.js";
import { compareWhatIfs } from "../../src/analysis/whatif.js";
import { whatIfCsv, whatIfTable, type RunView } from "../../src/report/views.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);
const models = ["compromise", "weighted-median"];
const runs = runScenario(flagship, { models }).runs;
const comparison = compareWhatIfs(flagship, flagship.whatIfs!, { models });
const view: RunView = { snapshot: flagship, result: { runs, whatIfs: comparison } };

describe("the what-if table", () => {
  it("gives each model's forecast per issue with each what-if's forecast and difference", () => {
    const t = whatIfTable(view)!;
    expect(t.models).toEqual(models);
    expect(t.whatIfs.map((w) => w.id)).toEqual(flagship.whatIfs!.map((w) => w.id));
    expect(t.whatIfs[0].name).toBe(flagship.whatIfs![0].name ?? flagship.whatIfs![0].id);
    const rows = t.byModel.compromise;
    expect(rows.map((r) => r.name)).toEqual(flagship.issues.map((i) => i.name));
    for (const r of rows) {
      const base = runs[0].issues.find((i) => i.issue === r.issue)!.forecast;
      expect(r.baseline).toBe(base);
      for (const w of t.whatIfs) {
        const x = r.whatIfs[w.id];
        expect(x.difference).toBeCloseTo(x.forecast! - base!, 12);
      }
    }
    // Some what-if moves some forecast (the table is not a copy of the baseline).
    expect(
      rows.some((r) => Object.values(r.whatIfs).some((x) => Math.abs(x.difference!) > 0.1)),
    ).toBe(true);
  });

  it("is absent for a run without what-ifs", () => {
    expect(whatIfTable({ snapshot: flagship, result: { runs } })).toBeUndefined();
  });

  it("writes one CSV row per model and issue, a forecast and a difference per what-if", () => {
    const t = whatIfTable(view)!;
    const lines = whatIfCsv(t).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      [
        "model",
        "issue",
        "name",
        "baseline",
        ...t.whatIfs.flatMap((w) => [w.id, `${w.id}_difference`]),
      ].join(","),
    );
    expect(lines).toHaveLength(1 + models.length * flagship.issues.length);
    expect(lines[1].startsWith("compromise,us-sanctions,")).toBe(true);
  });
});
