/**
 * The run report printed to PDF in Chromium (what "Print → Save as PDF" gives): the
 * report as sent prints on one page (the answer per issue, the Monte Carlo
 * intervals, the key actors, the what-ifs), and its full detail prints only when it
 * is opened. The PDF and a screenshot go to test-artifacts/browser/.
 *
 * Without /usr/bin/chromium (or $CHROMIUM_PATH) the test fails under CI (`CI` set)
 * and is skipped with a message elsewhere.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { loadScenario, runScenario, type Scenario } from "../../src/index.js";
import { computeHeadline } from "../../src/analysis/headline.js";
import { simulate } from "../../src/analysis/montecarlo.js";
import { renderReport, type ReportContext } from "../../src/report/run-report.js";
import {
  artifacts,
  describeInChromium,
  launchChromium,
  requireChromium,
} from "../support/browser.js";

const examples = new URL("../../examples/", import.meta.url);
const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);

/** A stored run's report context, as GET /api/runs/:id/export?format=html builds it. */
async function reportOf(scenario: Scenario, draws: number): Promise<ReportContext> {
  const seed = 11;
  const runs = runScenario(scenario).runs;
  const analyses: Record<string, unknown> = {};
  if (draws > 0) {
    const sim = await simulate(scenario, {
      models: runs.map((r) => r.model),
      draws,
      seed,
      workers: 1,
      inProcess: true,
    });
    analyses.montecarlo = { ...sim.result, histograms: [] };
  }
  return {
    run: {
      id: "00000000-0000-4000-8000-000000000001",
      createdAt: "2026-12-04T12:00:00.000Z",
      seed,
      ententeVersion: "test",
      scenarioVersion: 1,
      request: {},
      label: null,
      snapshot: scenario,
      result: { runs, analyses, headline: computeHeadline(scenario, runs, { draws: 50, seed }) },
    },
  };
}

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

describeInChromium("run report printed in Chromium", () => {
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    requireChromium();
    mkdirSync(artifacts, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function print(html: string, name: string): Promise<Buffer> {
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    writeFileSync(join(artifacts, `${name}.pdf`), pdf);
    return pdf;
  }

  it("prints the flagship's report (draws, key actors, what-ifs) on one page", async () => {
    const html = renderReport(await reportOf(flagship, 200));
    writeFileSync(join(artifacts, "report-flagship.html"), html);
    const pdf = await print(html, "report-flagship");
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageCount(pdf)).toBe(1);
    // The page leads with the answer, then intervals, key actors and what-ifs.
    const headings = await page.locator(".brief h2").allTextContents();
    expect(headings[0]).toBe("Forecast per issue");
    expect(headings[1]).toMatch(/^Monte Carlo intervals: median \(5–95 %\) over 200 draws/);
    expect(headings[2]).toBe("Key actors");
    expect(headings[3]).toMatch(/^What-ifs/);
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: join(artifacts, "report-flagship-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
  }, 60_000);

  it("prints the detail on further pages once it is opened", async () => {
    await page.setContent(renderReport(await reportOf(flagship, 0)), { waitUntil: "load" });
    await page.evaluate('document.querySelector("details.detail").setAttribute("open", "")');
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pageCount(pdf)).toBeGreaterThan(3);
  }, 60_000);

  it("prints every example's report on one page", async () => {
    for (const file of ["argentina-2016.yaml", "city-transit.csv", "greece-debt-2015.yaml"]) {
      const scenario = await loadScenario(new URL(file, examples).pathname);
      const pdf = await print(renderReport(await reportOf(scenario, 50)), `report-${file}`);
      expect(pdf.subarray(0, 4).toString("latin1"), file).toBe("%PDF");
      expect(pageCount(pdf), file).toBe(1);
    }
  }, 120_000);
});
