/**
 * The library's first content: on the first start of a data folder, the scenarios
 * shipped in the package's `scenarios/` folder (the flagship) are added, once. A
 * user who deletes them does not get them back on the next start.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Store } from "../store/index.js";
import { parseScenario } from "../scenario/formats.js";

/** `scenarios/` of this package: two levels up from `src/server/` and from `dist/server/`. */
export function defaultScenariosDir(): string {
  return fileURLToPath(new URL("../../scenarios", import.meta.url));
}

const SEEDED = "seeded";

/** Adds the shipped scenarios unless this store was seeded before; returns the ids added. */
export function seedLibrary(store: Store, dir = defaultScenariosDir()): string[] {
  if (store.getMeta(SEEDED) !== undefined) return [];
  const added: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.(ya?ml|json)$/i.test(f))
      .sort();
  } catch {
    files = [];
  }
  for (const file of files) {
    const scenario = parseScenario(readFileSync(join(dir, file), "utf8"), file);
    added.push(store.createScenario(scenario, `shipped with entente (scenarios/${file})`).id);
  }
  store.setMeta(SEEDED, new Date().toISOString());
  return added;
}
