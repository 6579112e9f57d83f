/**
 * The exchange model's results in Chromium (issue 15): a small two-issue scenario,
 * run with the exchange model through the workbench's run panel; the "Exchanges"
 * section must list the round's realized exchanges as the API's stored trace has
 * them, and its network chart must draw one edge per pair that traded.
 * Screenshot: test-artifacts/browser/exchanges.png.
 */
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { RunningServer } from "../../src/server/serve.js";
import {
  artifacts,
  describeInChromium,
  openWorkbench,
  watchedPage,
  type Workbench,
} from "../support/browser.js";

/** Two issues, four actors: two on each side, each caring most about a different issue. */
const scenario = {
  entente: 1,
  metadata: { title: "Trade test" },
  actors: [
    { id: "a", name: "Anna", capability: 1 },
    { id: "b", name: "Bert", capability: 1 },
    { id: "c", name: "Carla", capability: 0.8 },
    { id: "d", name: "Dirk", capability: 0.6 },
  ],
  issues: [
    { id: "tax", name: "Tax", scale: { low: 0, high: 10 } },
    { id: "road", name: "Road", scale: { low: 0, high: 100 } },
  ],
  stances: [
    { actor: "a", issue: "tax", position: 0, salience: 90 },
    { actor: "a", issue: "road", position: 0, salience: 20 },
    { actor: "b", issue: "tax", position: 10, salience: 20 },
    { actor: "b", issue: "road", position: 100, salience: 90 },
    { actor: "c", issue: "tax", position: 2, salience: 80 },
    { actor: "c", issue: "road", position: 30, salience: 30 },
    { actor: "d", issue: "tax", position: 8, salience: 30 },
    { actor: "d", issue: "road", position: 70, salience: 80 },
  ],
};

interface Ex {
  i: { actor: string; supply_issue: string };
  j: { actor: string; supply_issue: string };
}

describeInChromium("exchange results in Chromium", () => {
  let workbench: Workbench | undefined;
  let server: RunningServer | undefined;
  let errors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    workbench = await openWorkbench("exchange");
    ({ server, errors } = workbench);
    page = await watchedPage(workbench);
  }, 120_000);

  afterAll(async () => {
    await workbench?.close();
  });

  it("runs the exchange model and shows each round's exchanges and the trading network", async () => {
    const created = await fetch(`${server!.url}/api/scenarios`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ scenario }),
    });
    expect(created.status).toBeLessThan(300);
    const { id } = (await created.json()) as { id: string };

    await page.goto(`${server!.url}/#/scenario/${id}/results`);
    await page.locator("#run-panel-button").waitFor();
    for (const box of await page.locator('input[name="model"]').all()) {
      const value = await box.getAttribute("value");
      if ((value === "exchange") !== (await box.isChecked())) await box.click();
    }
    await page.click("#run-panel-button");
    await page.locator("#exchanges").waitFor({ timeout: 60_000 });

    // The stored run's trace, as the API returns it.
    const { runs: list } = (await (
      await fetch(`${server!.url}/api/runs?scenario=${id}`)
    ).json()) as {
      runs: { id: string }[];
    };
    const run = (await (await fetch(`${server!.url}/api/runs/${list[0].id}`)).json()) as {
      result: {
        runs: { model: string; trace: { rounds: { round: number; exchanges: Ex[] }[] } }[];
      };
    };
    const trace = run.result.runs.find((r) => r.model === "exchange")!.trace;
    const first = trace.rounds[0].exchanges;
    expect(first.length).toBeGreaterThan(0);

    const names: Record<string, string> = { a: "Anna", b: "Bert", c: "Carla", d: "Dirk" };
    const issues: Record<string, string> = { tax: "Tax", road: "Road" };
    const rows = page.locator("#exchange-table tbody tr");
    expect(await rows.count()).toBe(first.length);
    for (let k = 0; k < first.length; k++) {
      const cells = await rows.nth(k).locator("td").allInnerTexts();
      const e = first[k];
      expect(cells[1]).toBe(names[e.i.actor]);
      expect(cells[2]).toBe(issues[e.i.supply_issue]);
      expect(cells[3]).toMatch(/^-?[\d.]+ → -?[\d.]+$/);
      // In round 1 each partner moves from its stance, shown on the issue's own scale.
      const from = (actor: string, issue: string) =>
        scenario.stances.find((t) => t.actor === actor && t.issue === issue)!.position;
      expect(Number(cells[3].split(" → ")[0])).toBeCloseTo(from(e.i.actor, e.i.supply_issue), 6);
      expect(Number(cells[7].split(" → ")[0])).toBeCloseTo(from(e.j.actor, e.j.supply_issue), 6);
      expect(cells[5]).toBe(names[e.j.actor]);
      expect(cells[6]).toBe(issues[e.j.supply_issue]);
    }

    // One edge per pair that traded in any round.
    const pairs = new Set(
      trace.rounds.flatMap((r) => r.exchanges.map((e) => [e.i.actor, e.j.actor].sort().join("|"))),
    );
    const network = page.locator("#chart-exchange-network svg");
    expect(await network.getAttribute("role")).toBe("img");
    expect(await network.getAttribute("aria-label")).toContain("Exchanges between");
    expect(await network.locator(":scope > title").count()).toBe(1);
    const edges = await network
      .locator("line.edge")
      .evaluateAll((ls) => ls.map((l) => l.getAttribute("data-pair")!));
    expect(edges.length).toBe(pairs.size);
    expect(new Set(edges)).toEqual(pairs);
    expect(await network.locator("text").allTextContents()).toEqual([
      "Anna",
      "Bert",
      "Carla",
      "Dirk",
    ]);

    // Another round through the selector.
    if (trace.rounds.length > 1) {
      await page.selectOption("#exchange-round-select", String(trace.rounds[1].round));
      const n = trace.rounds[1].exchanges.length;
      if (n > 0) expect(await rows.count()).toBe(n);
      else await page.locator("#exchange-round .hint").waitFor();
      await page.selectOption("#exchange-round-select", String(trace.rounds[0].round));
    }

    await page.locator("#exchanges").screenshot({ path: join(artifacts, "exchanges.png") });
    expect(errors.filter((e) => /^(page error|console):/.test(e))).toEqual([]);
  }, 120_000);
});
