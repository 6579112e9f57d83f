/**
 * What the browser tests share: where Chromium and the artifacts are, building the web
 * app when it is older than its sources, launching Debian's Chromium headless with
 * the flags this machine needs (no sandbox as root, no background networking on a
 * closed network), the workbench's server on a fresh data folder, and pages whose
 * errors are recorded.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { startServer, type RunningServer, type StartOptions } from "../../src/server/serve.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const artifacts = join(root, "test-artifacts", "browser");
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const haveChromium = existsSync(chromiumPath);

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const stat = statSync(p);
    if (stat.isDirectory())
      newest = Math.max(newest, newestMtime(readdirSync(p).map((f) => join(p, f))));
    else newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

/** Builds web/dist unless it is newer than everything it is built from. */
export async function buildWebIfNeeded(): Promise<void> {
  const index = join(root, "web", "dist", "index.html");
  const sources = [
    join(root, "web", "src"),
    join(root, "web", "index.html"),
    join(root, "web", "vite.config.ts"),
    join(root, "src", "report"),
    join(root, "src", "scenario"),
  ];
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(sources)) return;
  const { build } = await import("vite");
  await build({ configFile: join(root, "web", "vite.config.ts"), logLevel: "warn" });
}

/** Debian's Chromium, headless, through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-dev-shm-usage",
    ],
  });
}

/** Whether the browser tests run: with Chromium, and always under CI (where a missing one fails). */
const runBrowserTests = haveChromium || Boolean(process.env.CI);

/**
 * `describe` for tests in Chromium: skipped with a message where there is no Chromium,
 * except under CI (`CI` set), where they run and `requireChromium` fails them.
 */
export function describeInChromium(name: string, tests: () => void): void {
  if (!runBrowserTests)
    console.warn(
      `[browser tests] skipped: no Chromium at ${chromiumPath} (install it with: apt-get install -y chromium)`,
    );
  describe.skipIf(!runBrowserTests)(name, tests);
}

/** Throws, saying how to install it, when Chromium is missing (under CI). */
export function requireChromium(): void {
  if (!haveChromium)
    throw new Error(
      `Chromium is required for the browser tests under CI but ${chromiumPath} is missing: install it with apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
}

/** The workbench as a browser test uses it: its server, Chromium, and what went wrong. */
export interface Workbench {
  server: RunningServer;
  browser: Browser;
  /** The server's data folder (removed by `close`). */
  dataDir: string;
  /** The server's log lines and every page's errors (`watchPage`): a test expects none. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Builds the web app if it is stale, starts the server on a fresh data folder (any free
 * port; jobs on one worker thread, as `entente serve` runs them, so the test's own
 * event loop stays free to drive the browser) and launches Chromium. `options` go to
 * the server (e.g. `seed: false` for an empty library).
 */
export async function openWorkbench(
  name: string,
  options: Partial<StartOptions> = {},
): Promise<Workbench> {
  requireChromium();
  mkdirSync(artifacts, { recursive: true });
  await buildWebIfNeeded();
  const errors: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), `entente-browser-${name}-`));
  const server = await startServer({
    dataDir,
    port: 0,
    jobs: { workers: 1 },
    log: (line) => errors.push(`server: ${line}`),
    ...options,
  });
  const browser = await launchChromium();
  return {
    server,
    browser,
    dataDir,
    errors,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Records a page's uncaught errors and console errors in `errors`, and accepts the
 * dialogs it opens (leaving a page with unsaved edits asks first).
 */
export function watchPage(page: Page, errors: string[]): Page {
  page.setDefaultTimeout(15_000);
  page.on("dialog", (d) => void d.accept());
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return page;
}

/** A page in a new browser context (viewport, downloads, …), watched (`watchPage`). */
export async function watchedPage(
  workbench: Workbench,
  context: BrowserContextOptions = {},
): Promise<Page> {
  const ctx = await workbench.browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    ...context,
  });
  return watchPage(await ctx.newPage(), workbench.errors);
}
