/**
 * The scenario editor in Chromium: the decision-rule and what-if editors survive a
 * save and a reload (and show a problem beside its field), unsaved edits are offered
 * back after a reload, "New scenario" stores nothing until its first edit, and focus
 * never drops to <body> after New scenario or a run started with Ctrl+Enter.
 * Screenshots go to test-artifacts/browser/.
 */
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

describeInChromium("scenario editor in Chromium", () => {
  let workbench: Workbench | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let errors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    workbench = await openWorkbench("editor");
    ({ server, browser, errors } = workbench);
    page = await watchedPage(workbench, { viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await workbench?.close();
  });

  const active = () =>
    page.evaluate<string>(
      "(document.activeElement && document.activeElement !== document.body ? document.activeElement.id || document.activeElement.tagName : 'BODY')",
    );
  const scenarioCount = async () => {
    const r = await fetch(`${server!.url}/api/scenarios`);
    return ((await r.json()) as { scenarios: unknown[] }).scenarios.length;
  };
  const openFlagship = async () => {
    await page.goto(`${server!.url}/`);
    await page.locator(".scenario-link", { hasText: "A new reset?" }).click();
    await page.locator("#stakeholder-grid").waitFor();
  };
  const sanctionsQuota = () =>
    page.locator('.rule-card[data-issue="us-sanctions"] input[data-path$=".rule.quota"]');

  it("edits a decision rule and a what-if, shows a problem at its field, saves, and keeps both after a reload", async () => {
    await openFlagship();
    await page.click("#tab-rules");
    const quota = sanctionsQuota();
    await expect(quota.inputValue()).resolves.toBe("60");
    // A quota no coalition can reach: said beside the field.
    await quota.fill("500");
    const problem = page.locator('.rule-card[data-issue="us-sanctions"] .field-problem').first();
    await problem.waitFor({ timeout: 5000 });
    expect(await problem.innerText()).toMatch(/quota 500 exceeds the total weight 100/);
    expect(await quota.getAttribute("aria-describedby")).toBe(await problem.getAttribute("id"));
    await page.screenshot({ path: join(artifacts, "editor-1-rule-problem.png") });
    await quota.fill("55");
    await expect
      .poll(() => page.locator('.rule-card[data-issue="us-sanctions"] .field-problem').count())
      .toBe(0);
    // Putin becomes a veto player on the sanctions.
    await page
      .locator('.rule-card[data-issue="us-sanctions"] .rule-body > .actor-checks label', {
        hasText: "Vladimir Putin",
      })
      .locator("input")
      .check();

    // A new what-if: Putin's capability doubled.
    await page.click("#tab-whatifs");
    const before = await page.locator(".whatif-card").count();
    await page.click("#add-what-if");
    expect(await page.locator(".whatif-card").count()).toBe(before + 1);
    const name = page.locator(`[id="f:whatIfs.${before}.name"]`);
    expect(await active()).toBe(`f:whatIfs.${before}.name`);
    await name.fill("A stronger Kremlin");
    await page.selectOption(`[id="f:whatIfs.${before}.changes.0.actor"]`, "putin");
    await page.fill(`[id="f:whatIfs.${before}.changes.0.by"]`, "3");
    // A second change, turned into a remove.
    await page.click(`#add-change-${before}`);
    await page.selectOption(`[id="f:whatIfs.${before}.changes.1.op"]`, "remove");
    // The change is drawn anew; focus comes back to its kind.
    expect(await active()).toBe(`f:whatIfs.${before}.changes.1.op`);
    await page.selectOption(`[id="f:whatIfs.${before}.changes.1.actor"]`, "assad");
    await page.screenshot({ path: join(artifacts, "editor-2-what-if.png"), fullPage: true });

    await page.click("#save");
    await expect.poll(() => page.locator("#version-badge").innerText()).toBe("version 2");
    expect(await active()).toBe("save");
    await page.reload();
    await page.locator("#scenario-heading").waitFor();
    // Saved: no draft is offered.
    expect(await page.locator("#draft-banner").isHidden()).toBe(true);
    await page.click("#tab-rules");
    await expect(sanctionsQuota().inputValue()).resolves.toBe("55");
    expect(
      await page
        .locator('.rule-card[data-issue="us-sanctions"] .rule-body > .actor-checks label', {
          hasText: "Vladimir Putin",
        })
        .locator("input")
        .isChecked(),
    ).toBe(true);
    await page.click("#tab-whatifs");
    await expect(page.locator(`[id="f:whatIfs.${before}.name"]`).inputValue()).resolves.toBe(
      "A stronger Kremlin",
    );
    await expect(
      page.locator(`[id="f:whatIfs.${before}.changes.0.by"]`).inputValue(),
    ).resolves.toBe("3");
    await expect(
      page.locator(`[id="f:whatIfs.${before}.changes.1.op"]`).inputValue(),
    ).resolves.toBe("remove");

    // The stored scenario holds both, in the file format.
    const id = page.url().match(/#\/scenario\/([^/]+)/)![1];
    const stored = (await (await fetch(`${server!.url}/api/scenarios/${id}`)).json()) as {
      scenario: {
        issues: { id: string; rule?: { quota?: number; vetoPlayers?: string[] } }[];
        whatIfs: { name?: string; changes: unknown[] }[];
      };
    };
    const rule = stored.scenario.issues.find((i) => i.id === "us-sanctions")!.rule!;
    expect(rule.quota).toBe(55);
    expect(rule.vetoPlayers).toEqual(["trump", "putin"]);
    expect(stored.scenario.whatIfs[before]).toEqual({
      id: `what-if-${before + 1}`,
      name: "A stronger Kremlin",
      changes: [
        { op: "scale", actor: "putin", field: "capability", by: 3 },
        { op: "remove", actor: "assad" },
      ],
    });
    expect(errors).toEqual([]);
  }, 60_000);

  it("renames an actor's id in its rules and what-ifs, never onto another actor's", async () => {
    await openFlagship();
    const id = page.getByLabel("Id of Republican majority in Congress", { exact: true });
    // Through another actor's id first: the rules must stay with Congress, not Trump.
    await id.fill("trump");
    await id.fill("gop");
    await page.click("#save");
    await expect.poll(() => page.locator("#save-status").innerText()).not.toMatch(/Unsaved/);
    const href = page.url().match(/#\/scenario\/([^/]+)/)![1];
    const stored = (await (await fetch(`${server!.url}/api/scenarios/${href}`)).json()) as {
      scenario: { issues: { id: string; rule?: { weights?: object; agendaSetter?: string } }[] };
    };
    const text = JSON.stringify(stored.scenario);
    expect(text).not.toMatch(/"gop-congress"/);
    const sanctions = stored.scenario.issues.find((i) => i.id === "us-sanctions")!.rule!;
    expect(Object.keys(sanctions.weights!)).toEqual(["gop", "dem-congress"]);
    expect(sanctions.agendaSetter).toBe("gop");
    await page.click("#tab-rules");
    expect(await page.locator(".rule-card").first().innerText()).not.toMatch(/no such actor/);
    expect(errors).toEqual([]);
  });

  it("offers unsaved edits back after a reload, and forgets them once discarded", async () => {
    await openFlagship();
    await page.click("#tab-about");
    await page.fill("#scenario-title", "An edited title, not saved");
    await expect.poll(() => page.locator("#save-status").innerText()).toMatch(/Unsaved/);
    await page.reload();
    const banner = page.locator("#draft-banner");
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(
      /You have unsaved changes from .+:\s*Restore\s*Discard/,
    );
    expect(await active()).toBe("draft-restore");
    await page.screenshot({ path: join(artifacts, "editor-3-draft.png") });
    await page.click("#draft-restore");
    expect(await page.locator("#scenario-heading").innerText()).toBe("An edited title, not saved");
    expect(await page.locator("#save-status").innerText()).toMatch(/Unsaved/);
    expect(await active()).toBe("scenario-heading");

    // Reloaded again: still offered; discarded: gone, the stored title is back.
    await page.reload();
    await banner.waitFor();
    await page.click("#draft-discard");
    expect(await banner.isHidden()).toBe(true);
    expect(await active()).toBe("scenario-heading");
    await page.reload();
    await page.locator("#scenario-heading").waitFor();
    expect(await page.locator("#draft-banner").isHidden()).toBe(true);
    expect(await page.locator("#scenario-heading").innerText()).toMatch(/^A new reset\?/);
    expect(errors).toEqual([]);
  }, 60_000);

  it("New scenario stores nothing until the first edit, with focus on the title", async () => {
    await page.goto(`${server!.url}/`);
    await page.locator(".scenario-link").first().waitFor();
    const count = await scenarioCount();
    await page.click("#new-scenario");
    await page.locator("#scenario-title").waitFor();
    expect(await active()).toBe("scenario-title");
    expect(page.url()).toMatch(/#\/new$/);
    expect(await page.locator("#save-status").innerText()).toMatch(/Not saved yet/);
    // Opening it stored nothing, even after the validation has had time to run.
    await page.waitForTimeout(600);
    expect(await scenarioCount()).toBe(count);

    await page.keyboard.type("Fare reform");
    await expect.poll(() => scenarioCount(), { timeout: 5000 }).toBe(count + 1);
    await expect.poll(() => page.url()).toMatch(/#\/scenario\/[^/]+\/about$/);
    expect(await page.locator("#version-badge").innerText()).toBe("version 1");
    expect(await page.locator("#scenario-title").inputValue()).toBe("Fare reform");
    expect(await active()).toBe("scenario-title");
    const list = (await (await fetch(`${server!.url}/api/scenarios`)).json()) as {
      scenarios: { title: string }[];
    };
    expect(list.scenarios.map((s) => s.title)).toContain("Fare reform");
    expect(list.scenarios.map((s) => s.title)).not.toContain("Untitled scenario");
    expect(errors).toEqual([]);
  }, 60_000);

  it("keeps focus on the library after delete, undo and duplicate (never <body>)", async () => {
    await page.goto(`${server!.url}/#/`);
    const rows = page.locator("table.library tbody tr");
    await rows.first().waitFor();
    const first = await rows.first().getAttribute("data-id");
    const count = await rows.count();
    await rows.first().locator("button", { hasText: "Delete" }).click();
    await expect.poll(() => rows.count()).toBe(count - 1);
    // Focus moves to the scenario now in the deleted one's place.
    await expect.poll(() => active()).toBe("A");
    expect(
      await page.evaluate<string | null>("document.activeElement.closest('tr').dataset.id"),
    ).toBe(await rows.first().getAttribute("data-id"));
    await page.locator(".toast button", { hasText: "Undo" }).click();
    await expect.poll(() => rows.count()).toBe(count);
    await expect
      .poll(() =>
        page.evaluate<string | null>("document.activeElement.closest('tr')?.dataset.id ?? null"),
      )
      .toBe(first);
    await rows.first().locator("button", { hasText: "Duplicate" }).click();
    await expect.poll(() => rows.count()).toBe(count + 1);
    await expect
      .poll(() =>
        page.evaluate<string>(
          "document.activeElement.closest('tr')?.querySelector('.scenario-link')?.textContent ?? 'BODY'",
        ),
      )
      .toMatch(/\(copy\)$/);
    expect(errors).toEqual([]);
  }, 60_000);

  it("on a phone (390×844): stance cells in view beside the actors, rules and what-ifs without sideways scrolling", async () => {
    const phone = await browser!.newContext({ viewport: { width: 390, height: 844 } });
    const p = watchPage(await phone.newPage(), errors);
    try {
      await p.goto(`${server!.url}/`);
      await p.locator(".scenario-link", { hasText: "A new reset?" }).click();
      await p.locator("#stakeholder-grid").waitFor();
      const cell = p.getByLabel(
        "position of Donald Trump and the incoming administration on US sanctions on Russia over Ukraine and Crimea",
      );
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await p.screenshot({ path: join(artifacts, "phone-editor-1-grid.png") });
      for (const tab of ["rules", "whatifs"]) {
        await p.click(`#tab-${tab}`);
        expect(
          await p.evaluate<number>("document.documentElement.scrollWidth"),
        ).toBeLessThanOrEqual(390);
        await p.screenshot({ path: join(artifacts, `phone-editor-${tab}.png`) });
      }
    } finally {
      await phone.close();
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it("moves focus to the run's heading after Ctrl+Enter", async () => {
    await openFlagship();
    const cell = page.getByLabel(
      "position of Donald Trump and the incoming administration on US sanctions on Russia over Ukraine and Crimea",
    );
    await cell.focus();
    await page.keyboard.press("Control+Enter");
    await page.locator("#run-heading").waitFor({ timeout: 20_000 });
    await expect.poll(() => active(), { timeout: 10_000 }).toBe("run-heading");
    expect(errors).toEqual([]);
  }, 60_000);
});
