import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { loadScenario, type Scenario } from "../../src/index.js";
import {
  LATEST_VERSION,
  MIGRATIONS,
  ID_PATTERN,
  Store,
  StoreError,
  isId,
  migrate,
  openDataStore,
  openStore,
} from "../../src/store/index.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);

function small(title = "Small"): Scenario {
  return {
    entente: 1,
    metadata: { title },
    actors: [
      { id: "a", name: "A", capability: 1 },
      { id: "b", name: "B", capability: 2 },
    ],
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 }, referencePoint: 50 }],
    stances: [
      { actor: "a", issue: "x", position: 10, salience: 50 },
      { actor: "b", issue: "x", position: 90, salience: 80 },
    ],
  };
}

function newRun(store: Store, scenarioId: string | null, snapshot: Scenario) {
  return store.createRun({
    scenarioId,
    scenarioVersion: scenarioId ? 1 : null,
    request: { models: ["weighted-median"], options: { "weighted-median": {} } },
    seed: 42,
    ententeVersion: "0.0.0-test",
    snapshot,
    result: { runs: [] },
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("migrations", () => {
  it("creates the schema once and records it in schema_migrations", () => {
    const store = openStore({ file: ":memory:" });
    expect(store.applied).toEqual(MIGRATIONS.map((m) => m.version));
    expect(store.created).toBe(true);
    const rows = store.db
      .prepare("SELECT version, name FROM schema_migrations ORDER BY version")
      .all() as { version: number }[];
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(store.db)).toEqual([]);
    store.close();
  });

  it("keeps data across reopening a data folder and applies nothing twice", () => {
    const dir = mkdtempSync(join(tmpdir(), "entente-store-"));
    dirs.push(dir);
    const first = openDataStore(dir);
    expect(first.created).toBe(true);
    const created = first.createScenario(small());
    first.close();
    const second = openDataStore(dir);
    expect(second.created).toBe(false);
    expect(second.applied).toEqual([]);
    expect(second.getScenario(created.id).scenario).toEqual(small());
    second.close();
  });

  it("refuses a database written by a newer entente", () => {
    const db = new Database(":memory:");
    migrate(db);
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 'now')",
    ).run(LATEST_VERSION + 1);
    expect(() => migrate(db)).toThrow(/newer than this entente knows/);
    db.close();
  });

  it("applies only the migrations a database lacks", () => {
    const db = new Database(":memory:");
    const extra = [
      ...MIGRATIONS,
      { version: LATEST_VERSION + 1, name: "extra", sql: "CREATE TABLE extra (x INTEGER)" },
    ];
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, extra)).toEqual([LATEST_VERSION + 1]);
    expect(migrate(db, extra)).toEqual([]);
    db.close();
  });
});

describe("ids", () => {
  it("are version-4 UUIDs and anything else is no id", () => {
    const store = openStore({ file: ":memory:" });
    const { id } = store.createScenario(small());
    expect(id).toMatch(ID_PATTERN);
    for (const bad of ["", "../../etc/passwd", `${id}' OR '1'='1`, id.toUpperCase(), `${id}/x`]) {
      expect(isId(bad)).toBe(false);
      expect(() => store.getScenario(bad)).toThrow(StoreError);
      expect(() => store.getRun(bad)).toThrow(StoreError);
    }
    store.close();
  });
});

describe("scenarios", () => {
  it("keeps every saved version and serves each", () => {
    const store = openStore({ file: ":memory:" });
    const created = store.createScenario(flagship, "first");
    expect(created.version).toBe(1);
    expect(created.actors).toBe(flagship.actors.length);
    expect(created.issues).toBe(flagship.issues.length);
    const edited = structuredClone(flagship);
    edited.stances[0].position = 33;
    edited.metadata.title = "Edited";
    const saved = store.saveScenario(created.id, edited, { baseVersion: 1, note: "moved trump" });
    expect(saved.version).toBe(2);
    expect(saved.title).toBe("Edited");
    expect(store.getScenario(created.id, 1).scenario).toEqual(flagship);
    expect(store.getScenario(created.id).scenario.stances[0].position).toBe(33);
    expect(store.listVersions(created.id).map((v) => [v.version, v.note, v.title])).toEqual([
      [2, "moved trump", "Edited"],
      [1, "first", flagship.metadata.title],
    ]);
    expect(() => store.getScenario(created.id, 3)).toThrow(/no version 3/);
    store.close();
  });

  it("refuses a save on top of a version that is no longer current", () => {
    const store = openStore({ file: ":memory:" });
    const { id } = store.createScenario(small());
    store.saveScenario(id, small("two"), { baseVersion: 1 });
    expect(() => store.saveScenario(id, small("three"), { baseVersion: 1 })).toThrow(
      expect.objectContaining({ kind: "conflict" }) as unknown as Error,
    );
    expect(store.getScenario(id).currentVersion).toBe(2);
    store.close();
  });

  it("deletes softly, restores, and keeps deleted ones out of the list", () => {
    const store = openStore({ file: ":memory:" });
    const a = store.createScenario(small("a"));
    const b = store.createScenario(small("b"));
    store.deleteScenario(a.id);
    expect(store.listScenarios().map((s) => s.id)).toEqual([b.id]);
    expect(
      store
        .listScenarios({ includeDeleted: true })
        .map((s) => s.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(() => store.saveScenario(a.id, small("again"))).toThrow(/deleted/);
    store.restoreScenario(a.id);
    expect(
      store
        .listScenarios()
        .map((s) => s.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    store.close();
  });

  it("duplicates a version into a new scenario", () => {
    const store = openStore({ file: ":memory:" });
    const a = store.createScenario(small("a"));
    store.saveScenario(a.id, small("a2"));
    const copy = store.duplicateScenario(a.id, { version: 1 });
    expect(copy.id).not.toBe(a.id);
    expect(copy.version).toBe(1);
    expect(copy.title).toBe("a (copy)");
    expect(copy.scenario.actors).toEqual(small().actors);
    store.close();
  });
});

describe("runs", () => {
  it("are stored with their snapshot, request, seed and version, and listed newest first", () => {
    const store = openStore({ file: ":memory:" });
    const s = store.createScenario(small());
    const first = newRun(store, s.id, small());
    const second = newRun(store, s.id, small("changed"));
    const adHoc = newRun(store, null, small("ad hoc"));
    expect(store.getRun(first.id)).toMatchObject({
      seed: 42,
      ententeVersion: "0.0.0-test",
      scenarioId: s.id,
      snapshot: small(),
    });
    expect(store.listRuns({ scenarioId: s.id }).map((r) => r.id)).toEqual([second.id, first.id]);
    expect(store.listRuns().map((r) => r.id)).toEqual([adHoc.id, second.id, first.id]);
    expect(store.listScenarios()[0]).toMatchObject({ runs: 2 });
    store.close();
  });

  it("cannot be changed or deleted, nor can scenario versions", () => {
    const store = openStore({ file: ":memory:" });
    const s = store.createScenario(small());
    const run = newRun(store, s.id, small());
    expect(() => store.db.prepare("UPDATE runs SET seed = 1 WHERE id = ?").run(run.id)).toThrow(
      /immutable/,
    );
    expect(() => store.db.prepare("DELETE FROM runs WHERE id = ?").run(run.id)).toThrow(
      /never deleted/,
    );
    expect(() => store.db.prepare("UPDATE scenario_versions SET document = '{}'").run()).toThrow(
      /immutable/,
    );
    expect(() => store.db.prepare("DELETE FROM scenario_versions").run()).toThrow(/never deleted/);
    expect(store.getRun(run.id).seed).toBe(42);
    store.close();
  });

  it("refuse a scenario or original run that does not exist", () => {
    const store = openStore({ file: ":memory:" });
    expect(() => newRun(store, "00000000-0000-4000-8000-000000000000", small())).toThrow(
      StoreError,
    );
    store.close();
  });
});
