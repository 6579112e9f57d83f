/**
 * What the browser tests share: where Chromium and the artifacts are, building the web
 * app when it is older than its sources, and launching Debian's Chromium headless with
 * the flags this machine needs (no sandbox as root, no background networking on a
 * closed network).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";

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
