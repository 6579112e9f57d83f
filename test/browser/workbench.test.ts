/**
 * The workbench in a real browser: Debian's Chromium driven by playwright-core.
 * Opens the flagship scenario, changes a stance (through an invalid value, which
 * must be flagged at its cell), runs, checks that the chart changed, compares the
 * two runs, exports a chart and the HTML report, and deletes and restores a
 * scenario. Screenshots go to test-artifacts/.
 *
 * Builds the web app first when web/dist is missing or older than its sources.
 * Without /usr/bin/chromium (or $CHROMIUM_PATH) the test fails under CI
 * (`CI` set) and is skipped with a message elsewhere.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { RunningServer } from "../../src/server/serve.js";
import {
  artifacts,
  describeInChromium,
  openWorkbench,
  watchedPage,
  watchPage,
  type Workbench,
} from "../support/browser.js";

describeInChromium("workbench in Chromium", () => {
  let workbench: Workbench | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let errors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    workbench = await openWorkbench("workbench");
    ({ server, browser, errors } = workbench);
    page = await watchedPage(workbench);
  }, 120_000);

  afterAll(async () => {
    await workbench?.close();
  });

  const shot = (name: string, fullPage = false) =>
    page.screenshot({ path: join(artifacts, `${name}.png`), fullPage });

  it("opens the flagship, changes a stance, runs, shows the change, and exports", async () => {
    await page.goto(`${server!.url}/`);
    const link = page.locator(".scenario-link", { hasText: "A new reset?" });
    await link.waitFor();
    await shot("1-library");

    await link.click();
    await page.locator("#stakeholder-grid").waitFor();
    await shot("2-stakeholder-grid");

    // A baseline run of the flagship.
    await page.click("#run");
    await page.locator("#chart-trajectory svg").waitFor();
    const trajectoryBefore = await page.locator("#chart-trajectory svg").innerHTML();
    const forecastsBefore = await page.locator("#forecast-table").innerText();
    // The headline leads the results.
    expect(await page.locator("#results h3").first().innerText()).toBe("Headline");
    expect(await page.locator("#headline-table tbody tr").count()).toBe(9);
    await page.locator("#headline").screenshot({ path: join(artifacts, "2b-headline.png") });

    // Change Trump's stance on US sanctions, through a value off the scale.
    await page.click("#tab-table");
    const cell = page.getByLabel(
      "position of Donald Trump and the incoming administration on US sanctions on Russia over Ukraine and Crimea",
    );
    await expect(cell.inputValue()).resolves.toBe("20");
    await cell.click();
    await cell.fill("150");
    await expect.poll(() => cell.getAttribute("class"), { timeout: 5000 }).toContain("invalid");
    expect(await page.locator("#problems-bar").innerText()).toMatch(/off the scale/);
    expect(await page.locator("#cell-detail").innerText()).toMatch(
      /kept at the 2016 level by executive order/,
    );
    await shot("3-inline-validation");
    await cell.fill("95");
    await page.keyboard.press("Enter");
    await expect.poll(() => cell.getAttribute("class"), { timeout: 5000 }).not.toContain("invalid");
    expect(await page.locator("#save-status").innerText()).toMatch(/Unsaved/);

    // Run again, with Monte Carlo draws and a tornado: saves version 2 and runs it.
    await page.click("#tab-results");
    await page.fill("#run-draws", "200");
    await page.check("#run-tornado");
    await page.click("#tab-table");
    await cell.focus();
    await page.keyboard.press("Control+Enter");
    await expect
      .poll(() => page.locator("#run-history li[data-run]").count(), { timeout: 20_000 })
      .toBe(2);
    await expect
      .poll(() => page.locator("#chart-trajectory svg").innerHTML(), { timeout: 10_000 })
      .not.toBe(trajectoryBefore);
    expect(await page.locator("#version-badge").innerText()).toBe("version 2");
    const forecastsAfter = await page.locator("#forecast-table").innerText();
    expect(forecastsAfter.split("\n")[0]).toBe(forecastsBefore.split("\n")[0]);

    await page.locator("#chart-distribution svg").waitFor();
    await page.locator("#chart-tornado svg").waitFor();
    expect(await page.locator(".chart-card:has(#chart-tornado) figcaption").innerText()).toMatch(
      /Tornado \(expected-utility\)/,
    );

    // Compare with the baseline: the changed input is named.
    const previous = await page.locator("#compare-select option").nth(1).getAttribute("value");
    await page.selectOption("#compare-select", previous!);
    await page.locator("#comparison-table").waitFor();
    expect(await page.locator(".changes").innerText()).toContain(
      "stance trump/us-sanctions: position 20 → 95",
    );
    await shot("4-results", true);

    // The challenge map of another actor.
    await page.selectOption("#challenge-actor", "putin");
    await page.locator("#chart-challenge svg").waitFor();
    expect(await page.locator(".chart-card:has(#chart-challenge) figcaption").innerText()).toMatch(
      /Vladimir Putin/,
    );

    // Export a chart as SVG and PNG, and the standalone report.
    const [svgDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.click(".chart-card:has(#chart-forecasts) [data-export=svg]"),
    ]);
    const svgPath = join(artifacts, "forecasts.svg");
    await svgDownload.saveAs(svgPath);
    const svg = readFileSync(svgPath, "utf8");
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain("<svg");
    const [pngDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.click(".chart-card:has(#chart-trajectory) [data-export=png]"),
    ]);
    const pngPath = join(artifacts, "trajectory.png");
    await pngDownload.saveAs(pngPath);
    expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe("PNG");
    const [reportDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#export-report"),
    ]);
    const reportPath = join(artifacts, "report.html");
    await reportDownload.saveAs(reportPath);
    const report = readFileSync(reportPath, "utf8");
    expect(report).toContain("A new reset? US–Russia relations after the 2016 US election");
    expect((report.match(/<svg/g) ?? []).length).toBeGreaterThan(10);
    expect(report).not.toMatch(/<script/i);

    // The report opened on its own.
    const reportPage = await page.context().newPage();
    await reportPage.goto(`file://${reportPath}`);
    await reportPage.screenshot({ path: join(artifacts, "5-report.png") });
    await reportPage.close();

    // A long run shows its progress and can be cancelled.
    const runsBefore = await page.locator("#run-history li[data-run]").count();
    await page.bringToFront();
    await page.fill("#run-draws", "20000");
    await page.uncheck("#run-tornado");
    await page.click("#run-panel-button");
    await page.locator(".job-progress progress").waitFor({ timeout: 10_000 });
    await expect
      .poll(() => page.locator(".job-progress").innerText(), { timeout: 10_000 })
      .toMatch(/Running: \d+% \(\d+ of \d+ model evaluations\)/);
    await page.click(".job-progress button");
    await expect
      .poll(() => page.locator("#run-panel-button").innerText(), { timeout: 10_000 })
      .toBe("Run ▶");
    expect(await page.locator("body").innerText()).toMatch(
      /Run cancelled \(cancelled by the client\)/,
    );
    expect(await page.locator("#run-history li[data-run]").count()).toBe(runsBefore);
    expect(errors).toEqual([]);
  }, 90_000);

  it("reads on a phone (390×844): headline and advice lead the results, no sideways scrolling", async () => {
    const phone = await browser!.newContext({ viewport: { width: 390, height: 844 } });
    const p = watchPage(await phone.newPage(), errors);
    // Run in the page (as text: this file is type-checked without the DOM's types).
    const pageWidth = () => p.evaluate<number>("document.documentElement.scrollWidth");
    // What sticks out of the page (not out of a box that scrolls), for the failure message.
    const wide = () =>
      p.evaluate<string[]>(`[...document.querySelectorAll("body *")]
        .filter((e) => {
          if (e.getBoundingClientRect().right <= window.innerWidth + 0.5) return false;
          for (let a = e.parentElement; a; a = a.parentElement)
            if (/auto|scroll|hidden/.test(getComputedStyle(a).overflowX)) return false;
          return true;
        })
        .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + e.className)
        .slice(0, 10)`);
    try {
      await p.goto(`${server!.url}/`);
      const link = p.locator(".scenario-link", { hasText: "A new reset?" });
      await link.waitFor();
      expect(await wide()).toEqual([]);
      expect(await pageWidth()).toBeLessThanOrEqual(390);
      await p.screenshot({ path: join(artifacts, "phone-1-library.png"), fullPage: true });

      await link.click();
      await p.locator("#stakeholder-grid").waitFor();
      await p.click("#run");
      await p.locator("#headline-table").waitFor();
      // The headline leads: above the per-model forecasts, with its caption.
      const order = await p.evaluate<boolean>(`(() => {
        const [head, advice, models] = ["headline", "advice", "forecast-table"].map((id) =>
          document.getElementById(id),
        );
        const before = (a, b) =>
          Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
        return before(head, advice) && before(advice, models);
      })()`);
      expect(order).toBe(true);
      expect(await p.locator("#headline-caption").innerText()).toMatch(
        /compromise model .* error model fitted on DEU .* single models/,
      );
      const sanctions = await p.locator("#headline-table tr[data-issue=us-sanctions]").innerText();
      expect(sanctions).toMatch(/US sanctions/);
      expect(sanctions).toMatch(/\d+\.\d–\d+\.\d/); // intervals
      expect(sanctions).not.toMatch(/gop-congress|putin|trump\b/); // names, not ids

      // Advice for Putin with a threshold: levers by name, with probability shifts.
      await p.selectOption("#advice-actor", "putin");
      await p.fill("#advice-threshold", "us-sanctions<40");
      await p.click("#advice-button");
      const table = p.locator("#advice-out .advice-issue[data-issue=us-sanctions] .advice-table");
      await table.waitFor({ timeout: 30_000 });
      const first = await table.locator("tbody tr").first().innerText();
      expect(first).toMatch(/Republican majority in Congress/);
      expect(first).toMatch(/\+\d/);
      expect(await table.locator("thead").innerText()).toMatch(/Probability shift/);
      expect(await p.locator("#advice-out").innerText()).toMatch(
        /Who blocks|Decision rule|not modelled/,
      );
      await p.locator("#headline").screenshot({ path: join(artifacts, "phone-2-headline.png") });
      await p
        .locator("#advice-out .advice-issue")
        .first()
        .screenshot({ path: join(artifacts, "phone-3-advice.png") });
      await p.screenshot({ path: join(artifacts, "phone-4-results.png"), fullPage: true });
      expect(await wide()).toEqual([]);
      expect(await pageWidth()).toBeLessThanOrEqual(390);

      // A bad threshold is said in the panel's terms, not the command line's.
      await p.fill("#advice-threshold", "us-sanctions~40");
      await p.click("#advice-button");
      const box = p.locator("#advice-out .error-box");
      await box.waitFor();
      expect(await box.innerText()).toMatch(/must look like ISSUE<VALUE/);
      expect(await box.innerText()).not.toMatch(/--/);
    } finally {
      await phone.close();
    }
    expect(errors).toEqual([]);
  }, 90_000);

  it("deletes a scenario from the library and undoes it", async () => {
    await page.goto(`${server!.url}/#/`);
    const row = page.locator("table.library tbody tr").first();
    await row.waitFor();
    const count = await page.locator("table.library tbody tr").count();
    await row.locator("button", { hasText: "Delete" }).click();
    await page.locator(".toast", { hasText: "Deleted" }).waitFor();
    await expect.poll(() => page.locator("table.library tbody tr").count()).toBe(count - 1);
    await page.locator(".toast button", { hasText: "Undo" }).click();
    await expect.poll(() => page.locator("table.library tbody tr").count()).toBe(count);
    await shot("6-library-after-undo");
    expect(errors).toEqual([]);
  }, 30_000);
});
