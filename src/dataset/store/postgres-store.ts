import os from "node:os";
import pg from "pg";
import type { Pool, PoolClient, QueryResultRow } from "pg";
import { ModelzooError } from "../../errors.js";
import { DatasetStateError } from "../errors.js";
import type { FieldSchemaEntry } from "../field-type.js";
import { decodeStored, encodeStored, type StoredCell } from "../value-codec.js";
import { PostgresDialect } from "./postgres-query.js";
import { INEXACT, compileCountValues, compileView, countedValues, type CompiledView } from "./view-sql.js";
import { MIGRATIONS, MIGRATION_LOCK, PG_SCHEMA_VERSION } from "./postgres-schema.js";
import { SchemaDraft, checkType, frameCells } from "./schema-draft.js";
import type { DatasetRecord, DatasetStore, PushedStage, SampleUpdate, StoredFrames, StoredRun, StoredSample } from "./store.js";
import { BUILTIN_COLUMNS, storedSampleOf, type SampleRow } from "./sample-row.js";

/** A PostgreSQL server that cannot be reached, refuses us, or holds a newer layout. */
export class DatabaseError extends ModelzooError {
  /** @param message - the server (without password) and the fix */
  constructor(message: string, options?: ErrorOptions) {
    super("DATABASE", message, options);
  }
}

interface SharedPool {
  pool: Pool;
  users: number;
  ready: Promise<void>;
}

const pools = new Map<string, SharedPool>();

/** JSON stays text (decoded by the value codec, as in SQLite); BIGINT sequence numbers become numbers. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
    if (oid === 3802 || oid === 114) return (v: string) => v;
    if (oid === 20) return (v: string) => Number(v);
    return (pg.types.getTypeParser as (oid: number, format?: "text" | "binary") => (value: string) => unknown)(oid, format);
  },
};

/** `postgres://user:***@host:port/db`: a URI safe to print. */
export function redactUri(uri: string): string {
  try {
    const u = new URL(uri);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparseable database URI>";
  }
}

/**
 * The pool of connections to `uri`, shared by every store of this process on that
 * database (released with {@link releasePool}); the schema is migrated once per pool.
 */
export async function acquirePool(uri: string): Promise<Pool> {
  let shared = pools.get(uri);
  if (!shared) {
    const pool = new pg.Pool({ connectionString: uri, max: 8, allowExitOnIdle: true, types });
    pool.on("error", () => undefined); // an idle connection dropped by the server: the pool replaces it
    shared = { pool, users: 0, ready: migrate(pool, uri) };
    pools.set(uri, shared);
  }
  shared.users++;
  try {
    await shared.ready;
  } catch (err) {
    shared.users--;
    if (pools.get(uri) === shared) pools.delete(uri);
    void shared.pool.end().catch(() => undefined);
    throw err;
  }
  return shared.pool;
}

/** Gives back a pool taken with {@link acquirePool}; the last user closes it. */
export async function releasePool(uri: string): Promise<void> {
  const shared = pools.get(uri);
  if (!shared) return;
  shared.users--;
  if (shared.users <= 0) {
    pools.delete(uri);
    await shared.pool.end().catch(() => undefined);
  }
}

async function migrate(pool: Pool, uri: string): Promise<void> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw new DatabaseError(
      `Cannot connect to the PostgreSQL server at ${redactUri(uri)}: ${(err as Error).message}. Check that the server runs and that ` +
        `MODELZOO_DATABASE_URI (or the databaseUri option) names it, e.g. postgres://user:password@host:5432/modelzoo.`,
      { cause: err },
    );
  }
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS modelzoo_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const { rows } = await client.query<{ v: number | null }>("SELECT max(version) AS v FROM modelzoo_migrations");
    const current = rows[0]?.v ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new DatabaseError(
        `The database at ${redactUri(uri)} was migrated by a newer modelzoo (layout ${current}; this one reads up to ${PG_SCHEMA_VERSION}). Upgrade modelzoo on this machine.`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO modelzoo_migrations (version) VALUES ($1)", [m.version]);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * A dataset in a PostgreSQL database: the server store for data shared by many
 * processes and machines. Every dataset of the database shares one set of tables
 * (see postgres-schema.ts). Every write is one transaction that first locks the
 * dataset's row, so concurrent writers of one dataset take turns (as SQLite's
 * writers do) and the field schema is checked against committed types; readers
 * never wait.
 */
export class PostgresStore implements DatasetStore {
  readonly location: string;

  private constructor(
    private readonly uri: string,
    private readonly pool: Pool,
    private readonly datasetId: number,
    readonly datasetName: string,
  ) {
    this.location = `${redactUri(uri)} (dataset "${datasetName}")`;
  }

  /** @internal — the URI of the database (with its password: never print it; see {@link redactUri}). */
  get databaseUri(): string {
    return this.uri;
  }

  /** Ids of the samples whose id is between `first` and `last` (inclusive, code-unit order), in insertion order. */
  async idsInRange(first: string, last: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM modelzoo_samples WHERE dataset_id = $1 AND id COLLATE "C" BETWEEN $2 AND $3 ORDER BY seq',
      [this.datasetId, first, last],
    );
    return rows.map((r) => r.id);
  }

  /** Creates dataset `record.name` in the database at `uri`; undefined when the name is taken. */
  static create(uri: string, record: DatasetRecord): Promise<PostgresStore | undefined> {
    const { name, ...rest } = record;
    return PostgresStore.storeOf(uri, name, (pool) =>
      pool.query<{ id: number }>(
        "INSERT INTO modelzoo_datasets (name, record, owner_host) VALUES ($1, $2::jsonb, $3) ON CONFLICT (name) DO NOTHING RETURNING id",
        [name, JSON.stringify(rest), os.hostname()],
      ),
    );
  }

  /** Opens dataset `name` of the database at `uri`; undefined when there is none. */
  static open(uri: string, name: string): Promise<PostgresStore | undefined> {
    return PostgresStore.storeOf(uri, name, (pool) => pool.query<{ id: number }>("SELECT id FROM modelzoo_datasets WHERE name = $1", [name]));
  }

  /**
   * A store on the dataset row that `find` returns, holding a pool on `uri`; undefined
   * (and the pool given back) when it returns none or fails.
   */
  private static async storeOf(uri: string, name: string, find: (pool: Pool) => Promise<{ rows: { id: number }[] }>): Promise<PostgresStore | undefined> {
    const pool = await acquirePool(uri);
    try {
      const { rows } = await find(pool);
      if (rows.length > 0) return new PostgresStore(uri, pool, rows[0]!.id, name);
    } catch (err) {
      await releasePool(uri);
      throw err;
    }
    await releasePool(uri);
    return undefined;
  }

  /** Runs `fn` with a pool on `uri` (taken and given back around it). */
  static async withPool<T>(uri: string, fn: (pool: Pool) => Promise<T>): Promise<T> {
    const pool = await acquirePool(uri);
    try {
      return await fn(pool);
    } finally {
      await releasePool(uri);
    }
  }

  /** Deletes dataset `name` (its samples, fields and frames); false when there was none. */
  static async remove(uri: string, name: string): Promise<boolean> {
    return PostgresStore.withPool(uri, async (pool) => {
      const r = await pool.query("DELETE FROM modelzoo_datasets WHERE name = $1", [name]);
      return (r.rowCount ?? 0) > 0;
    });
  }

  /** Names of the datasets in the database, sorted. */
  static async names(uri: string): Promise<string[]> {
    return PostgresStore.withPool(uri, async (pool) => {
      const { rows } = await pool.query<{ name: string }>("SELECT name FROM modelzoo_datasets ORDER BY name COLLATE \"C\"");
      return rows.map((r) => r.name);
    });
  }

  /** Records (and the host that made them) of the non-persistent datasets, for orphan cleanup. */
  static async temporaries(uri: string): Promise<{ name: string; ownerPid: number | null; ownerHost: string | null }[]> {
    return PostgresStore.withPool(uri, async (pool) => {
      const { rows } = await pool.query<{ name: string; record: string; owner_host: string | null }>(
        "SELECT name, record, owner_host FROM modelzoo_datasets WHERE record->>'persistent' = 'false'",
      );
      return rows.map((r) => ({ name: r.name, ownerPid: (JSON.parse(r.record) as DatasetRecord).ownerPid, ownerHost: r.owner_host }));
    });
  }

  async getRecord(): Promise<DatasetRecord> {
    const { rows } = await this.pool.query<{ record: string }>("SELECT record FROM modelzoo_datasets WHERE id = $1", [this.datasetId]);
    if (rows.length === 0) throw this.goneError();
    return { ...(JSON.parse(rows[0]!.record) as Omit<DatasetRecord, "name">), name: this.datasetName };
  }

  async updateRecord(patch: Partial<Omit<DatasetRecord, "name" | "createdAt">>): Promise<void> {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    await this.pool.query("UPDATE modelzoo_datasets SET record = record || $2::jsonb WHERE id = $1", [this.datasetId, JSON.stringify(defined)]);
  }

  async getSchema(): Promise<FieldSchemaEntry[]> {
    const { rows } = await this.pool.query<{ name: string; frame: boolean; type: string }>(
      "SELECT name, frame, type FROM modelzoo_field_schema WHERE dataset_id = $1 ORDER BY frame, ord",
      [this.datasetId],
    );
    return rows.map((r) => ({ name: r.name, type: r.type, frame: r.frame }));
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM modelzoo_samples WHERE dataset_id = $1", [this.datasetId]);
    return rows[0]!.n;
  }

  async listIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>("SELECT id FROM modelzoo_samples WHERE dataset_id = $1 ORDER BY seq", [this.datasetId]);
    return rows.map((r) => r.id);
  }

  async insertSamples(samples: StoredSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.write(async (c, schema) => {
      const { rows } = await c.query<{ seq: number; id: string }>(
        "INSERT INTO modelzoo_samples (dataset_id, id, filepath, media_type, tags, metadata) " +
          "SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[]) RETURNING seq, id",
        [
          this.datasetId,
          samples.map((s) => s.id),
          samples.map((s) => s.filepath),
          samples.map((s) => s.mediaType),
          samples.map((s) => JSON.stringify(s.tags)),
          samples.map((s) => (s.metadata === null ? null : JSON.stringify(s.metadata))),
        ],
      );
      const seqOf = new Map(rows.map((r) => [r.id, r.seq]));
      const fields = new CellBatch();
      const frames = new FrameBatch();
      for (const s of samples) {
        const seq = seqOf.get(s.id)!;
        for (const [name, value] of Object.entries(s.fields)) {
          if (value === undefined) continue;
          checkType(schema, name, false, value);
          fields.set(seq, name, encodeStored(value, name));
        }
        if (s.frames) frames.add(seq, s.id, s.frames, schema);
      }
      await fields.flush(c, this.datasetId);
      await frames.flush(c, this.datasetId);
    });
  }

  async readSamples(ids: readonly string[], fields?: readonly string[]): Promise<StoredSample[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<SampleRow>(
      "SELECT s.seq, s.id, s.filepath, s.media_type, s.tags, s.metadata FROM modelzoo_samples s " +
        "JOIN unnest($2::text[]) AS w(id) ON s.id = w.id WHERE s.dataset_id = $1",
      [this.datasetId, ids],
    );
    const bySeq = new Map<number, StoredSample>();
    const byId = new Map<string, StoredSample>();
    for (const r of rows) {
      const s = storedSampleOf(r);
      bySeq.set(r.seq, s);
      byId.set(r.id, s);
    }
    if ((fields === undefined || fields.length > 0) && bySeq.size > 0) {
      const cells = await this.pool.query<StoredCell & { sample_seq: number; name: string }>(
        "SELECT sample_seq, name, json::text AS json, blob FROM modelzoo_sample_fields WHERE sample_seq = ANY($1::bigint[])" +
          (fields === undefined ? "" : " AND name = ANY($2::text[])"),
        fields === undefined ? [[...bySeq.keys()]] : [[...bySeq.keys()], fields],
      );
      for (const r of cells.rows) bySeq.get(r.sample_seq)!.fields[r.name] = decodeStored(r);
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async readValues(field: string, ids?: readonly string[], raw = false): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    const builtin = BUILTIN_COLUMNS[field];
    const only = ids === undefined ? "" : " JOIN unnest($2::text[]) AS w(id) ON s.id = w.id";
    const params = ids === undefined ? [this.datasetId] : [this.datasetId, ids];
    if (builtin !== undefined) {
      const { rows } = await this.pool.query<{ id: string; v: unknown }>(
        `SELECT s.id, s.${builtin.column}${builtin.json ? "::text" : ""} AS v FROM modelzoo_samples s${only} WHERE s.dataset_id = $1 ORDER BY s.seq`,
        params,
      );
      for (const r of rows) out.set(r.id, builtin.json && r.v !== null ? (JSON.parse(r.v as string) as unknown) : r.v);
      return out;
    }
    const { rows } = await this.pool.query<StoredCell & { id: string }>(
      `SELECT s.id, f.json::text AS json, f.blob FROM modelzoo_sample_fields f JOIN modelzoo_samples s ON s.seq = f.sample_seq${only} ` +
        `WHERE f.dataset_id = $1 AND f.name = $${params.length + 1} ORDER BY f.sample_seq`,
      [...params, field],
    );
    for (const r of rows) out.set(r.id, decodeStored(r, raw));
    return out;
  }

  async updateSamples(updates: readonly SampleUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await this.write(async (c, schema) => {
      const { rows } = await c.query<{ id: string; seq: number }>(
        "SELECT id, seq FROM modelzoo_samples WHERE dataset_id = $1 AND id = ANY($2::text[])",
        [this.datasetId, [...new Set(updates.map((u) => u.id))]],
      );
      const seqOf = new Map(rows.map((r) => [r.id, r.seq]));
      const missing = updates.find((u) => !seqOf.has(u.id));
      if (missing) {
        throw new DatasetStateError(`Sample ${missing.id} is not in dataset ${this.location} (was it deleted?). Reload the sample from the dataset.`);
      }
      const fresh = await this.claimOnce(c, updates, seqOf);
      const fields = new CellBatch();
      const frames = new FrameBatch();
      const tags = new Map<number, string>();
      const metadata = new Map<number, string | null>();
      const filepaths = new Map<number, string>();
      for (const u of updates) {
        const seq = seqOf.get(u.id)!;
        if (u.once !== undefined && !fresh.get(u.once)?.has(seq)) continue; // written before under this key
        for (const [name, value] of Object.entries(u.set ?? {})) {
          if (value === undefined) continue;
          checkType(schema, name, false, value);
          fields.set(seq, name, encodeStored(value, name));
        }
        for (const name of u.unset ?? []) fields.set(seq, name, null);
        if (u.tags) tags.set(seq, JSON.stringify(u.tags));
        if (u.metadata !== undefined) metadata.set(seq, u.metadata === null ? null : JSON.stringify(u.metadata));
        if (u.filepath !== undefined) filepaths.set(seq, u.filepath);
        if (u.frames) frames.add(seq, u.id, u.frames, schema);
      }
      await fields.flush(c, this.datasetId);
      await frames.flush(c, this.datasetId);
      const column = async (name: string, type: string, values: Map<number, unknown>) => {
        if (values.size === 0) return;
        await c.query(
          `UPDATE modelzoo_samples s SET ${name} = t.v FROM unnest($1::bigint[], $2::${type}[]) AS t(seq, v) WHERE s.seq = t.seq`,
          [[...values.keys()], [...values.values()]],
        );
      };
      await column("tags", "jsonb", tags);
      await column("metadata", "jsonb", metadata);
      await column("filepath", "text", filepaths);
    });
  }

  async deleteSamples(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query("DELETE FROM modelzoo_samples WHERE dataset_id = $1 AND id = ANY($2::text[])", [this.datasetId, ids]);
  }

  async deleteField(name: string, frame: boolean): Promise<void> {
    await this.write(async (c) => {
      await c.query(`DELETE FROM ${frame ? "modelzoo_frames" : "modelzoo_sample_fields"} WHERE dataset_id = $1 AND name = $2`, [this.datasetId, name]);
      await c.query("DELETE FROM modelzoo_field_schema WHERE dataset_id = $1 AND name = $2 AND frame = $3", [this.datasetId, name, frame]);
    });
  }

  async readFrames(id: string, fields?: readonly string[]): Promise<StoredFrames> {
    const { rows } = await this.pool.query<StoredCell & { frame_number: number; name: string }>(
      "SELECT f.frame_number, f.name, f.json::text AS json, f.blob FROM modelzoo_frames f JOIN modelzoo_samples s ON s.seq = f.sample_seq " +
        `WHERE s.dataset_id = $1 AND s.id = $2${fields === undefined ? "" : " AND f.name = ANY($3::text[])"} ORDER BY f.frame_number`,
      fields === undefined ? [this.datasetId, id] : [this.datasetId, id, fields],
    );
    const out: StoredFrames = new Map();
    for (const r of rows) {
      let frame = out.get(r.frame_number);
      if (!frame) out.set(r.frame_number, (frame = {}));
      frame[r.name] = decodeStored(r);
    }
    return out;
  }

  async countFrames(ids?: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ id: string; n: number }>(
      "SELECT s.id, count(DISTINCT f.frame_number)::int AS n FROM modelzoo_frames f JOIN modelzoo_samples s ON s.seq = f.sample_seq " +
        "WHERE f.dataset_id = $1 GROUP BY s.id",
      [this.datasetId],
    );
    const wanted = ids === undefined ? undefined : new Set(ids);
    return new Map(rows.filter((r) => !wanted || wanted.has(r.id)).map((r) => [r.id, r.n]));
  }

  async queryIds(stages: readonly PushedStage[]): Promise<string[] | undefined> {
    return this.query(stages, (view) => `SELECT s.id FROM (${view.sql}) s ORDER BY ${view.orderBy}`, (rows: { id: string }[]) => rows.map((r) => r.id));
  }

  async queryCount(stages: readonly PushedStage[]): Promise<number | undefined> {
    return this.query(stages, (view) => `SELECT count(*)::int AS n FROM (${view.sql}) s`, (rows: { n: number }[]) => rows[0]!.n);
  }

  async queryCountValues(stages: readonly PushedStage[], path: string): Promise<Map<string | number | boolean | null, number> | undefined> {
    return this.query(stages, (view, d) => compileCountValues(view, path, d), countedValues);
  }

  /**
   * Runs the view compiled to SQL and reads its rows, or gives undefined when the
   * view runs in memory: a stage SQL cannot run exactly, or data only JavaScript
   * reads as the in-memory stages do (the query fails with INEXACT).
   */
  private async query<R extends QueryResultRow, T>(
    stages: readonly PushedStage[],
    sql: (view: CompiledView, d: PostgresDialect) => string | undefined,
    read: (rows: R[]) => T,
  ): Promise<T | undefined> {
    const vectors = (await this.getSchema()).filter((e) => !e.frame && e.type === "vector").map((e) => e.name);
    const dialect = new PostgresDialect(this.datasetId, new Set(vectors));
    const view = compileView(stages, dialect);
    const text = view && sql(view, dialect);
    if (text === undefined) return undefined;
    try {
      return read((await this.pool.query<R>(text, dialect.values)).rows);
    } catch (err) {
      if (err instanceof Error && err.message.includes(INEXACT)) return undefined;
      throw err;
    }
  }

  async listRuns(): Promise<StoredRun[]> {
    const { rows } = await this.pool.query<{ key: string; info: string }>("SELECT key, info::text AS info FROM modelzoo_runs WHERE dataset_id = $1 ORDER BY key COLLATE \"C\"", [this.datasetId]);
    return rows.map((r) => ({ key: r.key, info: JSON.parse(r.info) as Record<string, unknown> }));
  }

  async readRunPart(key: string, part: string): Promise<Uint8Array | undefined> {
    const { rows } = await this.pool.query<{ data: Buffer }>("SELECT data FROM modelzoo_run_parts WHERE dataset_id = $1 AND run_key = $2 AND name = $3", [this.datasetId, key, part]);
    return rows[0]?.data;
  }

  async saveRun(run: StoredRun, parts: Readonly<Record<string, Uint8Array>>): Promise<void> {
    await this.write(async (c) => {
      await c.query("DELETE FROM modelzoo_runs WHERE dataset_id = $1 AND key = $2", [this.datasetId, run.key]);
      await c.query("INSERT INTO modelzoo_runs (dataset_id, key, info) VALUES ($1, $2, $3::jsonb)", [this.datasetId, run.key, JSON.stringify(run.info)]);
      for (const [name, data] of Object.entries(parts)) {
        await c.query("INSERT INTO modelzoo_run_parts (dataset_id, run_key, name, data) VALUES ($1, $2, $3, $4)", [this.datasetId, run.key, name, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
      }
    });
  }

  async deleteRun(key: string): Promise<void> {
    await this.pool.query("DELETE FROM modelzoo_runs WHERE dataset_id = $1 AND key = $2", [this.datasetId, key]);
  }

  /** Of the sample ids, those written with `once: key` (see `SampleUpdate.once`). */
  async appliedIds(key: string, ids?: readonly string[]): Promise<Set<string>> {
    const only = ids === undefined ? "" : " JOIN unnest($3::text[]) AS w(id) ON s.id = w.id";
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT s.id FROM modelzoo_applied a JOIN modelzoo_samples s ON s.seq = a.sample_seq${only} WHERE a.dataset_id = $1 AND a.key = $2`,
      ids === undefined ? [this.datasetId, key] : [this.datasetId, key, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** How many samples were written with `once: key`. */
  async countApplied(key: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM modelzoo_applied WHERE dataset_id = $1 AND key = $2", [this.datasetId, key]);
    return rows[0]!.n;
  }

  /** Forgets the write-once records of `key` (once the work they guarded is over). */
  async forgetApplied(key: string): Promise<void> {
    await this.pool.query("DELETE FROM modelzoo_applied WHERE dataset_id = $1 AND key = $2", [this.datasetId, key]);
  }

  /** Records the write-once keys of `updates`; returns, per key, the samples not recorded before (those to write). */
  private async claimOnce(c: PoolClient, updates: readonly SampleUpdate[], seqOf: ReadonlyMap<string, number>): Promise<Map<string, Set<number>>> {
    const byKey = new Map<string, number[]>();
    for (const u of updates) {
      if (u.once === undefined) continue;
      let seqs = byKey.get(u.once);
      if (!seqs) byKey.set(u.once, (seqs = []));
      seqs.push(seqOf.get(u.id)!);
    }
    const fresh = new Map<string, Set<number>>();
    for (const [key, seqs] of byKey) {
      const { rows } = await c.query<{ sample_seq: number }>(
        "INSERT INTO modelzoo_applied (key, sample_seq, dataset_id) SELECT $2, s, $1 FROM unnest($3::bigint[]) AS s ON CONFLICT DO NOTHING RETURNING sample_seq",
        [this.datasetId, key, [...new Set(seqs)]],
      );
      fresh.set(key, new Set(rows.map((r) => r.sample_seq)));
    }
    return fresh;
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await releasePool(this.uri);
  }

  /** Lets go of the pool without waiting (the exit hook cannot await; idle connections do not keep the process alive). */
  closeSync(): void {
    void this.close();
  }

  private goneError(): DatasetStateError {
    return new DatasetStateError(`Dataset ${this.location} was deleted (by this or another process). Create it again, or load another dataset.`);
  }

  /**
   * Runs `body` in one transaction that first locks the dataset's row, so writers of
   * one dataset take turns and see each other's field types; schema changes made by
   * `body` are written before commit.
   */
  private async write(body: (c: PoolClient, schema: SchemaDraft) => Promise<void>): Promise<void> {
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query("BEGIN");
      const locked = await c.query("SELECT 1 FROM modelzoo_datasets WHERE id = $1 FOR UPDATE", [this.datasetId]);
      if (locked.rowCount === 0) throw this.goneError();
      const { rows } = await c.query<{ name: string; frame: boolean; type: string }>(
        "SELECT name, frame, type FROM modelzoo_field_schema WHERE dataset_id = $1",
        [this.datasetId],
      );
      const schema = new SchemaDraft(rows.map((r) => ({ name: r.name, frame: r.frame ? 1 : 0, type: r.type })));
      await body(c, schema);
      for (const e of schema.changed()) {
        await c.query(
          "INSERT INTO modelzoo_field_schema (dataset_id, name, frame, type) VALUES ($1, $2, $3, $4) ON CONFLICT (dataset_id, name, frame) DO UPDATE SET type = excluded.type",
          [this.datasetId, e.name, e.frame, e.type],
        );
      }
      await c.query("COMMIT");
    } catch (err) {
      await c.query("ROLLBACK").catch((e: unknown) => {
        broken = e as Error;
      });
      throw err;
    } finally {
      c.release(broken);
    }
  }
}

/** Field cells of one write, last value per (sample, field) winning; null deletes. */
class CellBatch {
  private readonly cells = new Map<string, { seq: number; name: string; cell: StoredCell | null }>();

  set(seq: number, name: string, cell: StoredCell | null): void {
    const k = `${seq}\u0000${name}`;
    this.cells.delete(k); // keep the order of the last write
    this.cells.set(k, { seq, name, cell });
  }

  async flush(c: PoolClient, datasetId: number): Promise<void> {
    const gone = [...this.cells.values()].filter((e) => e.cell === null);
    const put = [...this.cells.values()].filter((e) => e.cell !== null);
    if (gone.length > 0) {
      await c.query(
        "DELETE FROM modelzoo_sample_fields f USING unnest($1::bigint[], $2::text[]) AS t(seq, name) WHERE f.sample_seq = t.seq AND f.name = t.name",
        [gone.map((e) => e.seq), gone.map((e) => e.name)],
      );
    }
    if (put.length > 0) {
      await c.query(
        "INSERT INTO modelzoo_sample_fields (sample_seq, name, dataset_id, json, blob) " +
          "SELECT t.seq, t.name, $1, t.json, t.blob FROM unnest($2::bigint[], $3::text[], $4::jsonb[], $5::bytea[]) AS t(seq, name, json, blob) " +
          "ON CONFLICT (sample_seq, name) DO UPDATE SET json = excluded.json, blob = excluded.blob",
        [datasetId, put.map((e) => e.seq), put.map((e) => e.name), put.map((e) => e.cell!.json), put.map((e) => e.cell!.blob)],
      );
    }
  }
}

/** Frame cells of one write, last value per (sample, frame, field) winning. */
class FrameBatch {
  private readonly cells = new Map<string, { seq: number; frame: number; name: string; cell: StoredCell }>();

  add(seq: number, id: string, frames: ReadonlyMap<number, Record<string, unknown>>, schema: SchemaDraft): void {
    for (const { frame, name, cell } of frameCells(id, frames, schema)) this.cells.set(`${seq}\u0000${frame}\u0000${name}`, { seq, frame, name, cell });
  }

  async flush(c: PoolClient, datasetId: number): Promise<void> {
    const put = [...this.cells.values()];
    if (put.length === 0) return;
    await c.query(
      "INSERT INTO modelzoo_frames (sample_seq, frame_number, name, dataset_id, json, blob) " +
        "SELECT t.seq, t.frame, t.name, $1, t.json, t.blob FROM unnest($2::bigint[], $3::int[], $4::text[], $5::jsonb[], $6::bytea[]) AS t(seq, frame, name, json, blob) " +
        "ON CONFLICT (sample_seq, frame_number, name) DO UPDATE SET json = excluded.json, blob = excluded.blob",
      [datasetId, put.map((e) => e.seq), put.map((e) => e.frame), put.map((e) => e.name), put.map((e) => e.cell.json), put.map((e) => e.cell.blob)],
    );
  }
}
