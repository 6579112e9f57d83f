/**
 * The store's schema, as an ordered list of migrations. Each migration runs once,
 * inside a transaction, and is recorded in `schema_migrations`; a database already
 * at a later version than this code knows is refused rather than guessed at.
 *
 * To change the schema, append a migration: never edit one that has shipped, since
 * databases in users' data folders have already applied it.
 */
import type Database from "better-sqlite3";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "scenarios, scenario versions and runs",
    sql: `
      -- Small key/value facts about the store itself (e.g. whether it was seeded).
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- A scenario in the library. The row is the mutable head (title, current
      -- version, soft deletion); the documents live in scenario_versions.
      CREATE TABLE scenarios (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        current_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );

      -- Every save is a new version; versions are never changed or removed.
      CREATE TABLE scenario_versions (
        scenario_id TEXT NOT NULL REFERENCES scenarios(id),
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        note TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (scenario_id, version)
      );

      -- A run: what was run (snapshot of the scenario, the request with every
      -- model's options, the seed, the entente version) and what came out. Immutable.
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        scenario_id TEXT REFERENCES scenarios(id),
        scenario_version INTEGER,
        label TEXT,
        request TEXT NOT NULL,
        seed INTEGER NOT NULL,
        entente_version TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        result TEXT NOT NULL,
        rerun_of TEXT REFERENCES runs(id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX runs_by_scenario ON runs (scenario_id, created_at);

      CREATE TRIGGER scenario_versions_are_immutable BEFORE UPDATE ON scenario_versions
      BEGIN SELECT RAISE(ABORT, 'scenario versions are immutable'); END;
      CREATE TRIGGER scenario_versions_are_kept BEFORE DELETE ON scenario_versions
      BEGIN SELECT RAISE(ABORT, 'scenario versions are never deleted'); END;
      CREATE TRIGGER runs_are_immutable BEFORE UPDATE ON runs
      BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
      CREATE TRIGGER runs_are_kept BEFORE DELETE ON runs
      BEGIN SELECT RAISE(ABORT, 'runs are never deleted'); END;
    `,
  },
  {
    version: 2,
    name: "large run results stored compressed",
    sql: `
      -- How runs.result is encoded: 'json' (text) or 'json+gzip' (a BLOB of gzip'd JSON,
      -- for large results such as every round of a 2,000-actor run).
      ALTER TABLE runs ADD COLUMN result_encoding TEXT NOT NULL DEFAULT 'json';
    `,
  },
];

/** The version a fresh database ends at. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings the database up to the latest version. Returns the versions applied now
 * (empty when it was up to date): `[1, ...]` means the store was created just now.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current =
    (db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null })
      .v ?? 0;
  const latest = migrations.length > 0 ? migrations[migrations.length - 1].version : 0;
  if (current > latest)
    throw new Error(
      `the data folder's database is at schema version ${current}, newer than this entente knows (${latest}); ` +
        "upgrade entente or use another --data folder",
    );
  const applied: number[] = [];
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  );
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return applied;
}
