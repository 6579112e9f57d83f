/**
 * Spreadsheets in and out of the workbench in Chromium: an .xlsx workbook imported
 * through the file input (sent as base64, parsed on a worker thread), a semicolon
 * CSV dropped on the library page (a drop event with a DataTransfer built in the
 * page), import errors in web terms (no command-line flags), and the Download menu:
 * an Excel workbook that reads back to the scenario, and a one-issue format that is
 * disabled with its reason on a scenario of several issues, so the menu never leaves
 * the app for a raw JSON error.
 *
 * Without /usr/bin/chromium (or $CHROMIUM_PATH) the test fails under CI (`CI` set)
 * and is skipped with a message elsewhere.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { RunningServer } from "../../src/server/serve.js";
import { loadScenario } from "../../src/index.js";
import { readXlsx, writeXlsx } from "../../src/scenario/import/xlsx.js";
import {
  artifacts,
  describeInChromium,
  openWorkbench,
  watchedPage,
  type Workbench,
} from "../support/browser.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);

describeInChromium("spreadsheets in the workbench", () => {
  let workbench: Workbench | undefined;
  let server: RunningServer | undefined;
  let dataDir: string;
  let errors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    workbench = await openWorkbench("import", { seed: false });
    ({ server, dataDir, errors } = workbench);
    page = await watchedPage(workbench, { viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await workbench?.close();
  });

  /** Drops a file with `name` and `content` on the library page, as a browser does. */
  async function drop(name: string, content: string, type = "text/csv"): Promise<void> {
    // Built in the page (a DataTransfer cannot cross from Node); the code is a string,
    // as the test is type-checked without the DOM's types.
    const transfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([${JSON.stringify(content)}], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }));
      return dt;
    })()`);
    const target = page.locator("#library-page");
    await target.dispatchEvent("dragenter", { dataTransfer: transfer });
    await target.dispatchEvent("dragover", { dataTransfer: transfer });
    expect(await target.getAttribute("class")).toMatch(/dragging/);
    await target.dispatchEvent("drop", { dataTransfer: transfer });
  }

  it("imports an .xlsx workbook through the file input", async () => {
    await page.goto(`${server!.url}/`);
    await page.locator("#import-file").waitFor({ state: "attached" });
    expect(await page.locator("#import-file").getAttribute("accept")).toContain(".xlsx");
    await expect(page.locator("#drop-zone").textContent()).resolves.toMatch(/Drop a file/);
    await page.locator("#import-file").setInputFiles({
      name: "reset.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await writeXlsx(flagship),
    });
    await page.waitForURL(/#\/scenario\/[0-9a-f-]{36}/);
    await page.locator("#scenario-heading", { hasText: flagship.metadata.title }).waitFor();
    await page.screenshot({ path: join(artifacts, "import-xlsx.png") });
  });

  it("imports a semicolon CSV dropped on the library page", async () => {
    await page.goto(`${server!.url}/#/`);
    await page.locator("#library-page").waitFor();
    await drop(
      "excel-de.csv",
      "\uFEFFActor;Capability;Position;Salience\r\nNorth;10;20,5;0,5\r\nSouth;30;80;0,9\r\n",
    );
    await page.waitForURL(/#\/scenario\/[0-9a-f-]{36}/);
    await page.locator("#scenario-heading").waitFor();
    const id = /#\/scenario\/([0-9a-f-]{36})/.exec(page.url())![1];
    const stored = (await (await fetch(`${server!.url}/api/scenarios/${id}`)).json()) as {
      scenario: { actors: { name: string }[]; stances: { position: number; salience: number }[] };
    };
    expect(stored.scenario.actors.map((a) => a.name)).toEqual(["North", "South"]);
    expect(stored.scenario.stances.map((s) => [s.position, s.salience])).toEqual([
      [20.5, 50],
      [80, 90],
    ]);
  });

  it("shows an import error in web terms, with no command-line flag", async () => {
    await page.goto(`${server!.url}/#/`);
    await page.locator("#library-page").waitFor();
    await drop("notes.txt", "just some words\nthat are no scenario\n", "text/plain");
    const box = page.locator("#import-error");
    await box.waitFor();
    const text = (await box.textContent()) ?? "";
    expect(text).toMatch(/Could not import notes\.txt: cannot tell the file's format/);
    expect(text).toMatch(/choose its format in the “Format” list/);
    expect(text).not.toMatch(/--[a-z]/);
    expect(await page.evaluate<string | undefined>("document.activeElement?.id")).toBe(
      "import-error",
    );
    await page.screenshot({ path: join(artifacts, "import-error.png") });
    // The refused request is the one error in the console: Chromium logs every
    // response of 400 or more; nothing else may be there.
    expect(errors.splice(0)).toEqual([
      "console: Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
  });

  it("keeps a file dropped on the editor from opening in place of the app", async () => {
    await page.goto(`${server!.url}/#/`);
    await page.locator(".scenario-link", { hasText: flagship.metadata.title }).click();
    await page.locator("#scenario-heading").waitFor();
    const url = page.url();
    // Dispatched on the page's body as a browser would, bubbling to the window: the
    // app takes the drop (preventDefault) so the browser does not open the file.
    const prevented = await page.evaluate<boolean>(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["a,b"], "stray.csv", { type: "text/csv" }));
      const over = new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true });
      const drop = new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true });
      return !document.body.dispatchEvent(over) && !document.body.dispatchEvent(drop);
    })()`);
    expect(prevented).toBe(true);
    await page.locator(".toast", { hasText: "drop it on the scenario library" }).waitFor();
    expect(page.url()).toBe(url);
  });

  it("downloads the scenario as an Excel workbook from the Download menu", async () => {
    await page.goto(`${server!.url}/#/`);
    await page.locator(".scenario-link", { hasText: flagship.metadata.title }).click();
    const menu = page.locator("#download-scenario");
    await menu.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      menu.selectOption("xlsx"),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = join(dataDir, "download.xlsx");
    await download.saveAs(file);
    const read = await readXlsx(new Uint8Array(readFileSync(file)), { file });
    expect(read.scenario).toEqual(flagship);
    expect(page.url()).toMatch(/#\/scenario\//);
    await page.locator(".toast", { hasText: "Downloaded" }).waitFor();
  });

  it("disables a one-issue format on a scenario of several issues, saying why", async () => {
    const menu = page.locator("#download-scenario");
    await menu.focus();
    const entry = menu.locator('option[value="stakeholder-csv"]');
    expect(await entry.isDisabled()).toBe(true);
    expect(await entry.textContent()).toBe("Stakeholder CSV (one issue): this scenario has 9");
    expect(await entry.getAttribute("title")).toMatch(
      /download Scenario CSV \(all issues\) or the Excel workbook/,
    );
    expect(errors).toEqual([]);
  });

  it("shows each model's median and 5–95 % interval over the draws in the forecast table", async () => {
    await page.click("#tab-results");
    await page.fill("#run-draws", "50");
    await page.click("#run");
    const table = page.locator("#forecast-table");
    await expect
      .poll(() => table.locator(".drawn").count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const models = await table.locator("thead th").count();
    expect(await table.locator(".drawn").count()).toBe((models - 2) * flagship.issues.length);
    expect(await table.locator(".drawn").first().innerText()).toMatch(
      /^median \d+\.\d\n5–95 %: \d+\.\d–\d+\.\d/,
    );
    expect(await page.locator("#forecast-draws-note").innerText()).toMatch(
      /over 50 Monte Carlo draws/,
    );
    await page
      .locator("#forecast-table")
      .screenshot({ path: join(artifacts, "forecast-draws.png") });
    expect(errors).toEqual([]);
  });
});
