/**
 * The run store: scenario library with versions, and immutable runs, in one SQLite
 * file inside the data folder chosen with `entente serve --data DIR`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Store } from "./store.js";

export { Store, StoreError, openStore, encodeResult, COMPRESS_ABOVE } from "./store.js";
export type {
  NewRun,
  OpenStoreOptions,
  RunRecord,
  RunSummary,
  ScenarioDetail,
  ScenarioSummary,
  StoreErrorKind,
  VersionSummary,
} from "./store.js";
export { ID_PATTERN, isId, newId } from "./ids.js";
export { LATEST_VERSION, MIGRATIONS, migrate, type Migration } from "./migrations.js";

/** The database's file name inside a data folder. */
export const DATABASE_FILE = "entente.sqlite";

/** Opens (creating on first use) the store in a data folder. */
export function openDataStore(dir: string): Store {
  mkdirSync(dir, { recursive: true });
  return new Store({ file: join(dir, DATABASE_FILE) });
}
