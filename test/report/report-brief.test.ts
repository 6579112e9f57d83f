/**
 * The report's first page (src/report/report-brief.ts, laid out by run-report.ts):
 * the answer per issue from the headline, the draws' intervals, the key actors and
 * the what-ifs, with the figures of the analyses they come from.
 */
import { describe, expect, it } from "vitest";
import { parseHTML } from "linkedom";
import { loadScenario, runScenario, type Scenario } from "../../src/index.js";
import { computeHeadline } from "../../src/analysis/headline.js";
import { simulate } from "../../src/analysis/montecarlo.js";
import { compareWhatIfs } from "../../src/analysis/whatif.js";
import { reportBrief, BRIEF_ACTORS } from "../../src/report/report-brief.js";
import { renderReport } from "../../src/report/run-report.js";
import type { RunView } from "../../src/report/views.js";
import { namesOf } from "../../src/report/format.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);

async function viewOf(scenario: Scenario, draws: number): Promise<RunView> {
  const runs = runScenario(scenario, { models: ["compromise", "weighted-median"] }).runs;
  const analyses: Record<string, unknown> = {};
  if (draws > 0) {
    const sim = await simulate(scenario, {
      models: ["compromise", "weighted-median"],
      draws,
      seed: 3,
      workers: 1,
      inProcess: true,
    });
    analyses.montecarlo = { ...sim.result, histograms: [] };
  }
  return {
    snapshot: scenario,
    result: { runs, analyses, headline: computeHeadline(scenario, runs, { draws: 40, seed: 3 }) },
  };
}

describe("report brief", () => {
  it("leads with the headline forecast and its intervals per issue", async () => {
    const view = await viewOf(flagship, 0);
    const brief = reportBrief(view);
    expect(brief.statement).toBe(view.result.headline!.statement.line);
    expect(brief.headline.map((r) => r.issue)).toEqual(flagship.issues.map((i) => i.id));
    const sanctions = view.result.headline!.issues.find((i) => i.issue === "us-sanctions")!;
    const row = brief.headline.find((r) => r.issue === "us-sanctions")!;
    expect(row.forecast).toBe(sanctions.forecast!.toFixed(1));
    expect(row.interval90).toBe(
      `${sanctions.interval90![0].toFixed(1)}–${sanctions.interval90![1].toFixed(1)}`,
    );
    expect(brief.intervals).toBeNull();
  });

  it("gives the draws' median and 5–95 % interval per model when the run has draws", async () => {
    const brief = reportBrief(await viewOf(flagship, 100));
    expect(brief.intervals?.draws).toBe(100);
    expect(brief.intervals?.models).toEqual(["compromise", "weighted-median"]);
    for (const r of brief.intervals!.rows)
      expect(r.cells.compromise).toMatch(/^\d+\.\d \(\d+\.\d–\d+\.\d\)$/);
  });

  it("names the key actors with where and why they decide, most issues first", async () => {
    const view = await viewOf(flagship, 0);
    const brief = reportBrief(view);
    expect(brief.keyActors.length).toBeGreaterThan(0);
    expect(brief.keyActors.length).toBeLessThanOrEqual(BRIEF_ACTORS);
    const count = (actor: string) =>
      view.result.headline!.issues.filter((i) =>
        (i.decisiveActors ?? []).some((a) => a.actor === actor),
      ).length;
    const counts = brief.keyActors.map((a) => count(a.actor));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    for (const a of brief.keyActors) {
      expect(a.name).toBe(namesOf(flagship.actors).short(a.actor));
      expect(a.roles.join("; ")).toMatch(/^(veto on|pivot on|without it:)/);
    }
  });

  it("shows each what-if's change of the headline model's forecast", async () => {
    const brief = reportBrief(await viewOf(flagship, 0));
    const expected = compareWhatIfs(flagship, flagship.whatIfs!, { models: ["compromise"] });
    expect(brief.whatIfs?.whatIfs.map((w) => w.id)).toEqual(flagship.whatIfs!.map((w) => w.id));
    for (const row of brief.whatIfs!.rows) {
      const r = expected.rows.find((x) => x.issue === row.issue)!;
      for (const w of flagship.whatIfs!) {
        const x = r.whatIfs[w.id];
        expect(row.changes[w.id].startsWith(`${x.forecast!.toFixed(1)} (`)).toBe(true);
      }
    }
  });

  it("has no what-ifs section for a scenario without what-ifs", async () => {
    const { whatIfs: _drop, ...plain } = flagship;
    void _drop;
    expect(reportBrief(await viewOf(plain as Scenario, 0)).whatIfs).toBeNull();
  });

  it("puts the brief first in the report and the detail in a closed <details>", async () => {
    const html = renderReport({
      run: {
        ...(await viewOf(flagship, 50)),
        id: "r",
        createdAt: "2026-01-01T00:00:00Z",
        seed: 3,
        ententeVersion: "test",
        scenarioVersion: 1,
        request: {},
      },
    });
    const { document } = parseHTML(html);
    const first = document.querySelector("body > section");
    expect(first?.getAttribute("class")).toBe("brief");
    expect([...first!.querySelectorAll("h2")].map((x) => x.textContent)).toEqual([
      "Forecast per issue",
      expect.stringMatching(/^Monte Carlo intervals/),
      "Key actors",
      expect.stringMatching(/^What-ifs/),
    ]);
    const detail = document.querySelector("details.detail");
    expect(detail?.hasAttribute("open")).toBe(false);
    expect(detail?.querySelectorAll("svg").length).toBeGreaterThan(9);
    expect(html).toMatch(/@page \{ size: A4/);
    expect(html).toMatch(/table \{[^}]*break-inside: avoid/);
  });
});
