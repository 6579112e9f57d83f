// Builds entente only when its build is missing or older than its sources, so that
// `npm run forecast` and `npm run serve` start in about a second once installed
// (`npm ci` builds once, through `prepare`). With `--web`, the web app as well.
//
//   node scripts/ensure-built.mjs [--web]
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The newest modification time of the files under `paths` (0 if none). */
function newest(paths) {
  let t = 0;
  for (const p of paths) {
    const full = join(root, p);
    if (!existsSync(full)) continue;
    const s = statSync(full);
    if (s.isDirectory()) t = Math.max(t, newest(readdirSync(full).map((name) => join(p, name))));
    else t = Math.max(t, s.mtimeMs);
  }
  return t;
}

function builtAt(file) {
  const full = join(root, file);
  return existsSync(full) ? statSync(full).mtimeMs : -1;
}

function run(args) {
  execFileSync(process.execPath, args, { cwd: root, stdio: "inherit" });
}

const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
if (builtAt("dist/cli/bin.js") < newest(["src", "tsconfig.json", "tsconfig.build.json"])) {
  process.stderr.write("entente: building (sources changed since the last build)…\n");
  run([tsc, "-p", "tsconfig.build.json"]);
}
if (process.argv.includes("--web")) {
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  if (
    builtAt("web/dist/index.html") < newest(["web/src", "web/index.html", "web/vite.config.ts"])
  ) {
    process.stderr.write("entente: building the web app…\n");
    run([vite, "build", "web", "--logLevel", "warn"]);
  }
}
