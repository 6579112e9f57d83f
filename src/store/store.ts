/**
 * The workbench's store: an embedded SQLite database (better-sqlite3) holding the
 * scenario library, every saved version of every scenario, and every run.
 *
 * - A scenario is a head row (title, current version, soft deletion for undo) plus
 *   its versions; every save appends a version, none is ever changed (triggers in
 *   the schema refuse it).
 * - A run is immutable: the scenario as it was run (a snapshot, not a reference to
 *   a version that might be read differently later), the request with every model's
 *   options, the seed, the entente version and the result. It can be re-run from
 *   exactly these.
 *
 * Ids are generated here and checked against one pattern before use (ids.ts).
 * The store knows nothing of HTTP; the server maps its errors to status codes.
 */
import { gunzipSync, gzip } from "node:zlib";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import type { Scenario } from "../scenario/schema.js";
import { isId, newId } from "./ids.js";
import { migrate } from "./migrations.js";

export type StoreErrorKind = "not-found" | "conflict";

export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  constructor(kind: StoreErrorKind, message: string) {
    super(message);
    this.name = "StoreError";
    this.kind = kind;
  }
}

export interface ScenarioSummary {
  id: string;
  title: string;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  actors: number;
  issues: number;
  runs: number;
  lastRunAt: string | null;
}

export interface ScenarioDetail extends ScenarioSummary {
  /** The version returned (the current one unless another was asked for). */
  version: number;
  versionNote: string | null;
  versionCreatedAt: string;
  scenario: Scenario;
}

export interface VersionSummary {
  version: number;
  title: string;
  note: string | null;
  createdAt: string;
}

export interface NewRun {
  scenarioId: string | null;
  scenarioVersion: number | null;
  label?: string | null;
  /** The run request as it was resolved (models, every model's options, rounds, draws). */
  request: Record<string, unknown>;
  seed: number;
  ententeVersion: string;
  snapshot: Scenario;
  result: Record<string, unknown>;
  rerunOf?: string | null;
}

/** A run's result as stored: JSON text, or gzip'd JSON for large results. */
export interface EncodedResult {
  encoding: "json" | "json+gzip";
  data: string | Buffer;
  /** Bytes of the JSON text before compression. */
  jsonBytes: number;
}

/** Results larger than this (bytes of JSON) are stored gzip'd. */
export const COMPRESS_ABOVE = 64 * 1024;

const gzipAsync = promisify(gzip);

/**
 * Encodes a result's JSON text for the store; compression runs on libuv's thread
 * pool, not on the event loop.
 */
export async function encodeResult(json: string): Promise<EncodedResult> {
  const jsonBytes = Buffer.byteLength(json);
  if (jsonBytes <= COMPRESS_ABOVE) return { encoding: "json", data: json, jsonBytes };
  return { encoding: "json+gzip", data: await gzipAsync(json, { level: 6 }), jsonBytes };
}

export interface RunSummary {
  id: string;
  scenarioId: string | null;
  scenarioVersion: number | null;
  title: string;
  label: string | null;
  request: Record<string, unknown>;
  seed: number;
  ententeVersion: string;
  rerunOf: string | null;
  createdAt: string;
}

export interface RunRecord extends RunSummary {
  snapshot: Scenario;
  result: Record<string, unknown>;
}

export interface OpenStoreOptions {
  /** The database file, or ":memory:" (tests). */
  file: string;
  /** A clock, for tests. */
  now?: () => Date;
}

interface ScenarioRow {
  id: string;
  title: string;
  current_version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  actors: number | null;
  issues: number | null;
  runs: number;
  last_run_at: string | null;
}

interface RunRow {
  id: string;
  scenario_id: string | null;
  scenario_version: number | null;
  label: string | null;
  request: string;
  seed: number;
  entente_version: string;
  rerun_of: string | null;
  created_at: string;
  snapshot?: string;
  result?: string | Buffer;
  result_encoding?: string;
}

const SCENARIO_SELECT = `
  SELECT s.id, s.title, s.current_version, s.created_at, s.updated_at, s.deleted_at,
    json_array_length(v.document, '$.actors') AS actors,
    json_array_length(v.document, '$.issues') AS issues,
    (SELECT COUNT(*) FROM runs r WHERE r.scenario_id = s.id) AS runs,
    (SELECT MAX(r.created_at) FROM runs r WHERE r.scenario_id = s.id) AS last_run_at
  FROM scenarios s
  JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version`;

const RUN_SUMMARY_COLUMNS = `r.id, r.scenario_id, r.scenario_version, r.label, r.request, r.seed,
  r.entente_version, r.rerun_of, r.created_at, json_extract(r.snapshot, '$.metadata.title') AS title`;

export class Store {
  readonly db: Database.Database;
  /** Migrations applied when the store was opened (`[1, ...]`: created just now). */
  readonly applied: number[];
  private readonly now: () => Date;

  constructor(options: OpenStoreOptions) {
    this.db = new Database(options.file);
    this.now = options.now ?? (() => new Date());
    if (options.file !== ":memory:") {
      this.db.pragma("journal_mode = WAL");
      // In WAL mode NORMAL never corrupts the database; a power cut may lose the
      // last commits, and each commit skips an fsync (runs are stored often).
      this.db.pragma("synchronous = NORMAL");
    }
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    this.applied = migrate(this.db);
  }

  close(): void {
    this.db.close();
  }

  /** True when the database was created by this open (first start). */
  get created(): boolean {
    return this.applied.includes(1);
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(key, value);
  }

  // --- scenarios -------------------------------------------------------------

  listScenarios(options: { includeDeleted?: boolean } = {}): ScenarioSummary[] {
    const where = options.includeDeleted ? "" : "WHERE s.deleted_at IS NULL";
    const rows = this.db
      .prepare(`${SCENARIO_SELECT} ${where} ORDER BY s.updated_at DESC, s.rowid DESC`)
      .all() as ScenarioRow[];
    return rows.map(toScenarioSummary);
  }

  /** The scenario at its current version, or at `version`. Deleted scenarios are found too. */
  getScenario(id: string, version?: number): ScenarioDetail {
    const head = this.scenarioRow(id);
    const wanted = version ?? head.current_version;
    const row = this.db
      .prepare(
        "SELECT version, document, note, created_at FROM scenario_versions WHERE scenario_id = ? AND version = ?",
      )
      .get(id, wanted) as
      { version: number; document: string; note: string | null; created_at: string } | undefined;
    if (!row)
      throw new StoreError(
        "not-found",
        `scenario ${id} has no version ${wanted} (versions 1–${head.current_version})`,
      );
    return {
      ...toScenarioSummary(head),
      version: row.version,
      versionNote: row.note,
      versionCreatedAt: row.created_at,
      scenario: JSON.parse(row.document) as Scenario,
    };
  }

  createScenario(scenario: Scenario, note: string | null = null): ScenarioDetail {
    const id = newId();
    const at = this.timestamp();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO scenarios (id, title, current_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)",
        )
        .run(id, scenario.metadata.title, at, at);
      this.insertVersion(id, 1, scenario, note, at);
    })();
    return this.getScenario(id);
  }

  /**
   * Saves a new version. With `baseVersion`, the save is refused (conflict) when
   * somebody saved another version since: the client must reload or overwrite
   * knowingly, so no edit is lost silently.
   */
  saveScenario(
    id: string,
    scenario: Scenario,
    options: { baseVersion?: number; note?: string | null } = {},
  ): ScenarioDetail {
    this.db.transaction(() => {
      const head = this.scenarioRow(id);
      if (head.deleted_at !== null)
        throw new StoreError("conflict", `scenario ${id} is deleted; restore it before saving`);
      if (options.baseVersion !== undefined && options.baseVersion !== head.current_version)
        throw new StoreError(
          "conflict",
          `scenario ${id} is at version ${head.current_version}, not ${options.baseVersion}: it was saved elsewhere since you opened it; reload it`,
        );
      const version = head.current_version + 1;
      const at = this.timestamp();
      this.insertVersion(id, version, scenario, options.note ?? null, at);
      this.db
        .prepare("UPDATE scenarios SET title = ?, current_version = ?, updated_at = ? WHERE id = ?")
        .run(scenario.metadata.title, version, at, id);
    })();
    return this.getScenario(id);
  }

  listVersions(id: string): VersionSummary[] {
    this.scenarioRow(id);
    const rows = this.db
      .prepare(
        `SELECT version, json_extract(document, '$.metadata.title') AS title, note, created_at
         FROM scenario_versions WHERE scenario_id = ? ORDER BY version DESC`,
      )
      .all(id) as { version: number; title: string; note: string | null; created_at: string }[];
    return rows.map((r) => ({
      version: r.version,
      title: r.title,
      note: r.note,
      createdAt: r.created_at,
    }));
  }

  /** A copy with its own id, starting at version 1 from the given version's document. */
  duplicateScenario(
    id: string,
    options: { version?: number; title?: string } = {},
  ): ScenarioDetail {
    const source = this.getScenario(id, options.version);
    const copy: Scenario = structuredClone(source.scenario);
    copy.metadata.title = options.title ?? `${source.scenario.metadata.title} (copy)`;
    return this.createScenario(copy, `duplicate of ${id} version ${source.version}`);
  }

  /** Soft deletion: hidden from the library, restorable (undo); versions and runs stay. */
  deleteScenario(id: string): ScenarioSummary {
    const head = this.scenarioRow(id);
    if (head.deleted_at === null)
      this.db.prepare("UPDATE scenarios SET deleted_at = ? WHERE id = ?").run(this.timestamp(), id);
    return toScenarioSummary(this.scenarioRow(id));
  }

  restoreScenario(id: string): ScenarioSummary {
    this.scenarioRow(id);
    this.db.prepare("UPDATE scenarios SET deleted_at = NULL WHERE id = ?").run(id);
    return toScenarioSummary(this.scenarioRow(id));
  }

  // --- runs --------------------------------------------------------------------

  createRun(run: NewRun): RunRecord {
    const summary = this.insertRun(run, {
      encoding: "json",
      data: JSON.stringify(run.result),
      jsonBytes: 0,
    });
    return { ...summary, snapshot: run.snapshot, result: run.result };
  }

  /** Stores a run whose result is already encoded (encodeResult); returns its summary. */
  createEncodedRun(run: Omit<NewRun, "result">, result: EncodedResult): RunSummary {
    return this.insertRun(run, result);
  }

  /** Bytes the run's row holds in its snapshot and result columns (as stored). */
  runSize(id: string): { snapshot: number; result: number; encoding: string } {
    if (!isId(id)) throw new StoreError("not-found", `no run with id '${id}'`);
    const row = this.db
      .prepare(
        "SELECT length(CAST(snapshot AS BLOB)) AS s, length(CAST(result AS BLOB)) AS r, result_encoding AS e FROM runs WHERE id = ?",
      )
      .get(id) as { s: number; r: number; e: string } | undefined;
    if (!row) throw new StoreError("not-found", `no run with id '${id}'`);
    return { snapshot: row.s, result: row.r, encoding: row.e };
  }

  private insertRun(run: Omit<NewRun, "result">, result: EncodedResult): RunSummary {
    const id = newId();
    const at = this.timestamp();
    if (run.scenarioId !== null) this.scenarioRow(run.scenarioId);
    if (run.rerunOf) this.runRow(run.rerunOf, false);
    this.db
      .prepare(
        `INSERT INTO runs (id, scenario_id, scenario_version, label, request, seed, entente_version, snapshot, result, result_encoding, rerun_of, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        run.scenarioId,
        run.scenarioVersion,
        run.label ?? null,
        JSON.stringify(run.request),
        run.seed,
        run.ententeVersion,
        JSON.stringify(run.snapshot),
        result.data,
        result.encoding,
        run.rerunOf ?? null,
        at,
      );
    return {
      id,
      scenarioId: run.scenarioId,
      scenarioVersion: run.scenarioVersion,
      title: run.snapshot.metadata.title,
      label: run.label ?? null,
      request: run.request,
      seed: run.seed,
      ententeVersion: run.ententeVersion,
      rerunOf: run.rerunOf ?? null,
      createdAt: at,
    };
  }

  getRun(id: string): RunRecord {
    const row = this.runRow(id, true);
    return {
      ...toRunSummary(row),
      snapshot: JSON.parse(row.snapshot!) as Scenario,
      result: JSON.parse(resultText(row)) as Record<string, unknown>,
    };
  }

  /** A run's result as JSON text (decompressed), e.g. to compare a re-run with it. */
  getRunResultJson(id: string): string {
    return resultText(this.runRow(id, true));
  }

  listRuns(options: { scenarioId?: string; limit?: number } = {}): RunSummary[] {
    const limit = Math.max(1, Math.min(options.limit ?? 200, 1000));
    if (options.scenarioId !== undefined) {
      this.scenarioRow(options.scenarioId);
      const rows = this.db
        .prepare(
          `SELECT ${RUN_SUMMARY_COLUMNS} FROM runs r WHERE r.scenario_id = ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
        )
        .all(options.scenarioId, limit) as (RunRow & { title: string })[];
      return rows.map(toRunSummary);
    }
    const rows = this.db
      .prepare(
        `SELECT ${RUN_SUMMARY_COLUMNS} FROM runs r ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
      )
      .all(limit) as (RunRow & { title: string })[];
    return rows.map(toRunSummary);
  }

  // --- internals ---------------------------------------------------------------

  private timestamp(): string {
    return this.now().toISOString();
  }

  private insertVersion(
    id: string,
    version: number,
    scenario: Scenario,
    note: string | null,
    at: string,
  ): void {
    this.db
      .prepare(
        "INSERT INTO scenario_versions (scenario_id, version, document, note, created_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(id, version, JSON.stringify(scenario), note, at);
  }

  private scenarioRow(id: string): ScenarioRow {
    if (!isId(id)) throw new StoreError("not-found", `no scenario with id '${id}'`);
    const row = this.db.prepare(`${SCENARIO_SELECT} WHERE s.id = ?`).get(id) as
      ScenarioRow | undefined;
    if (!row) throw new StoreError("not-found", `no scenario with id '${id}'`);
    return row;
  }

  private runRow(id: string, full: boolean): RunRow & { title: string } {
    if (!isId(id)) throw new StoreError("not-found", `no run with id '${id}'`);
    const columns = full
      ? `${RUN_SUMMARY_COLUMNS}, r.snapshot, r.result, r.result_encoding`
      : RUN_SUMMARY_COLUMNS;
    const row = this.db.prepare(`SELECT ${columns} FROM runs r WHERE r.id = ?`).get(id) as
      (RunRow & { title: string }) | undefined;
    if (!row) throw new StoreError("not-found", `no run with id '${id}'`);
    return row;
  }
}

function resultText(row: RunRow): string {
  if (row.result_encoding === "json+gzip") return gunzipSync(row.result as Buffer).toString("utf8");
  return typeof row.result === "string" ? row.result : (row.result as Buffer).toString("utf8");
}

function toScenarioSummary(row: ScenarioRow): ScenarioSummary {
  return {
    id: row.id,
    title: row.title,
    currentVersion: row.current_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    actors: row.actors ?? 0,
    issues: row.issues ?? 0,
    runs: row.runs,
    lastRunAt: row.last_run_at,
  };
}

function toRunSummary(row: RunRow & { title: string }): RunSummary {
  return {
    id: row.id,
    scenarioId: row.scenario_id,
    scenarioVersion: row.scenario_version,
    title: row.title,
    label: row.label,
    request: JSON.parse(row.request) as Record<string, unknown>,
    seed: row.seed,
    ententeVersion: row.entente_version,
    rerunOf: row.rerun_of,
    createdAt: row.created_at,
  };
}

export function openStore(options: OpenStoreOptions): Store {
  return new Store(options);
}
