/**
 * The web app's files (the Vite build in `web/dist`), read once into memory at
 * start. A request path is only ever looked up as a key in that table, never
 * joined to a directory, so no URL can reach a file outside the build.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export interface StaticFile {
  body: Uint8Array;
  type: string;
  /** Hashed asset names never change content: cache them for a year. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

/**
 * `web/dist` of this package: two levels up from this module, which lives in
 * `src/server/` when run from source and in `dist/server/` when built.
 */
export function defaultWebDir(): string {
  return fileURLToPath(new URL("../../web/dist", import.meta.url));
}

/** Every file under `dir` by URL path (`/index.html`, `/assets/app-1a2b.js`); undefined when `dir` has no index.html. */
export function loadStaticFiles(dir: string): Map<string, StaticFile> | undefined {
  if (!existsSync(join(dir, "index.html"))) return undefined;
  const files = new Map<string, StaticFile>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) {
        const path = "/" + relative(dir, full).split(sep).join("/");
        files.set(path, {
          body: readFileSync(full),
          type: TYPES[extname(name).toLowerCase()] ?? "application/octet-stream",
          immutable: path.startsWith("/assets/"),
        });
      }
    }
  };
  walk(dir);
  return files;
}

/** What `/` shows when the web app has not been built. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>entente</title></head>
<body style="font: 16px system-ui, sans-serif; max-width: 40em; margin: 3em auto">
<h1>entente</h1>
<p>The HTTP API is running (see <a href="/api/openapi.yaml">/api/openapi.yaml</a>), but the web app is not built.</p>
<p>Build it with <code>npm run build:web</code> and restart <code>entente serve</code>.</p>
</body></html>
`;
