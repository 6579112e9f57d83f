import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/formats.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { ruleProblems } from "../../src/scenario/rules.js";
import { findModel } from "../../src/models/registry.js";
import { prepareIssue, proceduralModels } from "../../src/models/procedural/index.js";
import { repoFile } from "../support/fixtures.js";

// The figures of src/models/procedural/FLAGSHIP-NOTES.md.
const scenario = await loadScenario(repoFile("scenarios/us-russia-reset-2016.yaml"));
const compiled = compileScenario(scenario);
const [winSet, vetoCore] = proceduralModels(findModel);
const ws = new Map(winSet.run(compiled, winSet.options.parse({})).issues.map((r) => [r.issue, r]));
const vc = new Map(
  vetoCore.run(compiled, vetoCore.options.parse({})).issues.map((r) => [r.issue, r]),
);

describe("flagship scenario: who can block the reset", () => {
  it("states valid rules for every issue", () => {
    expect(ruleProblems(scenario)).toEqual([]);
    for (const issue of compiled.issues) expect(issue.rule, issue.id).toBeDefined();
  });

  it.each([
    // issue, win set, veto players, core, win-set forecast, veto-core forecast
    ["us-sanctions", [50, 100], ["gop-congress", "dem-congress"], [80, 85], 80, 80],
    ["crimea-status", [0, 85], ["trump"], [40, 40], 40, 40],
    ["magnitsky", [50, 100], ["gop-congress", "dem-congress"], [80, 90], 80, 80],
    ["ukraine-arms", [30, 80], ["dem-congress", "gop-congress"], [55, 65], 65, 55],
    ["missile-defense", [50, 60], ["dem-congress", "gop-congress"], [55, 75], 60, 55],
    ["nato-east", [50, 90], ["dem-congress", "gop-congress"], [70, 75], 75, 70],
    ["syria-cooperation", [20, 100], ["trump", "putin"], [70, 85], null, 70],
    ["eu-sanctions", [0, 40], ["eu-skeptics", "germany", "eu-frontline"], [20, 85], 40, 20],
    ["us-russia-relations", [30, 80], ["putin", "trump"], [55, 80], null, 55],
  ] as const)("%s: win set %j, veto players %j", (id, w, vetoes, core, forecast, coreForecast) => {
    const r = ws.get(id)!;
    expect(r.winSet).toEqual({ low: w[0], high: w[1] });
    expect(r.vetoPlayers).toEqual(vetoes);
    expect(r.core).toEqual({ low: core[0], high: core[1] });
    if (forecast !== null) expect(r.forecast).toBe(forecast);
    else expect(r.outcomeBy).toBe("compromise within the win set");
    expect(vc.get(id)!.forecast).toBe(coreForecast);
  });

  it("only a congressional supermajority moves sanctions and Magnitsky, and only upwards", () => {
    for (const id of ["us-sanctions", "magnitsky"]) {
      const r = ws.get(id)!;
      expect(r.paths).toEqual([
        { label: "rule", winSet: null },
        { label: "override 1", winSet: { low: 50, high: 100 } },
      ]);
      expect((r.pivots as { below: { blockers: string[] } }).below.blockers).toEqual([
        "gop-congress",
        expect.any(String),
      ]);
    }
  });

  it("if the president could lift sanctions alone, nothing would be stable (empty core)", () => {
    const issue = compiled.issues.find((i) => i.id === "us-sanctions")!;
    const prep = prepareIssue({
      ...issue,
      rule: {
        type: "consensus",
        vetoPlayers: ["trump"],
        overrides: [
          { removes: "trump", weights: { "gop-congress": 52, "dem-congress": 48 }, quota: 67 },
        ],
      },
    });
    expect(prep.ok && prep.prepared.details.winSet).toEqual({ low: 0, high: 100 });
    expect(prep.ok && prep.prepared.details.core).toBeNull();
  });
});
