import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import { DatasetStateError } from "../errors.js";
import type { FieldSchemaEntry } from "../field-type.js";
import { decodeStored, encodeStored } from "../value-codec.js";
import { SchemaDraft, checkType, frameCells } from "./schema-draft.js";
import { CREATE_TABLES, RUN_TABLES, SCHEMA_VERSION } from "./sqlite-schema.js";
import type { DatasetRecord, DatasetStore, PushedStage, SampleUpdate, StoredFrames, StoredRun, StoredSample } from "./store.js";
import { diskFullError, ModelzooError } from "../../errors.js";
import { BUILTIN_COLUMNS, storedSampleOf, type SampleRow } from "./sample-row.js";
import { INEXACT_FUNCTION, SqliteDialect } from "./sqlite-query.js";
import { INEXACT, compileCountValues, compileView, countedValues, type CompiledView } from "./view-sql.js";

/** SQLite allows a limited number of bound parameters; ids are bound in chunks of this size. */
const IN_CHUNK = 500;

interface CellRow {
  json: string | null;
  blob: Buffer | null;
}

/** Thrown inside a query by the INEXACT SQL function: the view runs in memory instead. */
class InexactQuery extends Error {}

/** A dataset file that SQLite cannot open or that a newer modelzoo wrote. */
export class DatasetFileError extends ModelzooError {
  /** @param message - the file and what is wrong with it */
  constructor(message: string, options?: ErrorOptions) {
    super("DATASET_FILE", message, options);
  }
}

/**
 * The embedded store: one SQLite file per dataset, in WAL mode so that other
 * processes can read while this one writes. Every write is one transaction.
 */
export class SqliteStore implements DatasetStore {
  readonly location: string;
  private readonly db: Db;
  private readonly seqById: Statement<[string], { seq: number }>;
  private readonly upsertField: Statement<[string, number, string | null, Buffer | null]>;
  private readonly deleteFieldRow: Statement<[string, number]>;
  private readonly upsertFrame: Statement<[number, number, string, string | null, Buffer | null]>;

  private constructor(file: string, db: Db) {
    this.location = file;
    this.db = db;
    this.seqById = db.prepare("SELECT seq FROM samples WHERE id = ?");
    db.function(INEXACT_FUNCTION, { deterministic: false }, () => {
      throw new InexactQuery(INEXACT);
    });
    this.upsertField = db.prepare(
      "INSERT INTO sample_fields (name, sample_seq, json, blob) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (name, sample_seq) DO UPDATE SET json = excluded.json, blob = excluded.blob",
    );
    this.deleteFieldRow = db.prepare("DELETE FROM sample_fields WHERE name = ? AND sample_seq = ?");
    this.upsertFrame = db.prepare(
      "INSERT INTO frames (sample_seq, frame_number, name, json, blob) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (sample_seq, frame_number, name) DO UPDATE SET json = excluded.json, blob = excluded.blob",
    );
  }

  /** Creates a new dataset file (it must not exist) holding `record`. */
  static create(file: string, record: DatasetRecord): SqliteStore {
    if (fs.existsSync(file)) throw new DatasetStateError(`Dataset file ${file} already exists.`);
    let db: Db | undefined;
    try {
      db = openDb(file, false);
      db.exec(CREATE_TABLES);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      const put = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
      db.transaction(() => {
        for (const [k, v] of Object.entries(record)) put.run(k, JSON.stringify(v));
      })();
    } catch (err) {
      const full = diskFullError(err, path.dirname(file));
      if (!full) throw err;
      if (db?.open) db.close();
      SqliteStore.remove(file); // a file without its tables would look like a dataset
      throw full;
    }
    return new SqliteStore(file, db);
  }

  /** Opens an existing dataset file. */
  static open(file: string): SqliteStore {
    const db = openDb(file, true);
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      db.close();
      throw new DatasetFileError(
        `Dataset file ${file} was written by a newer modelzoo (format ${version}; this one reads up to ${SCHEMA_VERSION}). Upgrade modelzoo to open it.`,
      );
    }
    if (version < 2) {
      // Format 1 → 2: the run tables (brain runs used to live in a folder beside the file;
      // the brain layer moves them in when it first reads the runs).
      try {
        db.transaction(() => {
          db.exec(RUN_TABLES);
          db.pragma("user_version = 2");
        })();
      } catch (err) {
        db.close();
        throw diskFullError(err, path.dirname(file)) ?? err;
      }
    }
    return new SqliteStore(file, db);
  }

  /** Deletes a dataset file and its WAL side files. */
  static remove(file: string): void {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    // The folder beside the file where older versions kept brain runs (now in the file itself).
    fs.rmSync(`${file}.brain`, { recursive: true, force: true });
  }

  /** Reads the record of a dataset file without keeping it open. */
  static peekRecord(file: string): DatasetRecord {
    const store = SqliteStore.open(file);
    try {
      return store.readRecord();
    } finally {
      store.db.close();
    }
  }

  getRecord(): Promise<DatasetRecord> {
    return this.settle(() => {
      return this.readRecord();
    });
  }

  private readRecord(): DatasetRecord {
    const rows = this.db.prepare("SELECT key, value FROM meta").all() as { key: string; value: string }[];
    const rec = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    return rec as unknown as DatasetRecord;
  }

  updateRecord(patch: Partial<Omit<DatasetRecord, "name" | "createdAt">>): Promise<void> {
    return this.settle(() => {
      const put = this.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
      this.db.transaction(() => {
        for (const [k, v] of Object.entries(patch)) if (v !== undefined) put.run(k, JSON.stringify(v));
      })();
      return ;
    });
  }

  getSchema(): Promise<FieldSchemaEntry[]> {
    return this.settle(() => {
      const rows = this.db.prepare("SELECT name, frame, type FROM field_schema ORDER BY frame, rowid").all() as {
        name: string;
        frame: number;
        type: string;
      }[];
      return rows.map((r) => ({ name: r.name, type: r.type, frame: r.frame === 1 }));
    });
  }

  count(): Promise<number> {
    return this.settle(() => {
      return (this.db.prepare("SELECT COUNT(*) AS n FROM samples").get() as { n: number }).n;
    });
  }

  listIds(): Promise<string[]> {
    return this.settle(() => {
      return this.db.prepare("SELECT id FROM samples ORDER BY seq").pluck().all() as string[];
    });
  }

  insertSamples(samples: StoredSample[]): Promise<void> {
    return this.settle(() => {
      const insert = this.db.prepare(
        "INSERT INTO samples (id, filepath, media_type, tags, metadata) VALUES (?, ?, ?, ?, ?)",
      );
      this.write(samples.length === 0, (schema) => {
        for (const s of samples) {
          const { lastInsertRowid } = insert.run(
            s.id,
            s.filepath,
            s.mediaType,
            JSON.stringify(s.tags),
            s.metadata === null ? null : JSON.stringify(s.metadata),
          );
          this.setFields(Number(lastInsertRowid), s.fields, schema);
          if (s.frames) this.setFrames(Number(lastInsertRowid), s.id, s.frames, schema);
        }
      });
      return ;
    });
  }

  readSamples(ids: readonly string[], fields?: readonly string[]): Promise<StoredSample[]> {
    return this.settle(() => {
      const bySeq = new Map<number, StoredSample>();
      const byId = new Map<string, StoredSample>();
      for (const chunk of chunks(ids)) {
        const rows = this.db
          .prepare(`SELECT seq, id, filepath, media_type, tags, metadata FROM samples WHERE id IN (${marks(chunk.length)})`)
          .all(...chunk) as SampleRow[];
        for (const r of rows) {
          const s = storedSampleOf(r);
          bySeq.set(r.seq, s);
          byId.set(r.id, s);
        }
      }
      if (fields === undefined || fields.length > 0) {
        const seqs = [...bySeq.keys()];
        for (const chunk of chunks(seqs)) {
          const nameFilter = fields === undefined ? "" : ` AND name IN (${marks(fields.length)})`;
          const rows = this.db
            .prepare(`SELECT sample_seq, name, json, blob FROM sample_fields WHERE sample_seq IN (${marks(chunk.length)})${nameFilter}`)
            .all(...chunk, ...(fields ?? [])) as (CellRow & { sample_seq: number; name: string })[];
          for (const r of rows) bySeq.get(r.sample_seq)!.fields[r.name] = decodeStored(r);
        }
      }
      return ids.flatMap((id) => byId.get(id) ?? []);
    });
  }

  readValues(field: string, ids?: readonly string[], raw = false): Promise<Map<string, unknown>> {
    return this.settle(() => {
      const out = new Map<string, unknown>();
      const builtin = Object.hasOwn(BUILTIN_COLUMNS, field) ? BUILTIN_COLUMNS[field] : undefined;
      if (builtin !== undefined) {
        const decode = builtin.json ? (v: unknown) => (v === null ? null : JSON.parse(v as string) as unknown) : (v: unknown) => v;
        const each = (rows: { id: string; v: unknown }[]) => {
          for (const r of rows) out.set(r.id, decode(r.v));
        };
        const sql = `SELECT id, ${builtin.column} AS v FROM samples`;
        if (ids === undefined) each(this.db.prepare(`${sql} ORDER BY seq`).all() as { id: string; v: unknown }[]);
        else for (const chunk of chunks(ids)) each(this.db.prepare(`${sql} WHERE id IN (${marks(chunk.length)})`).all(...chunk) as { id: string; v: unknown }[]);
        return out;
      }
      const sql = "SELECT s.id AS id, f.json AS json, f.blob AS blob FROM sample_fields f JOIN samples s ON s.seq = f.sample_seq WHERE f.name = ?";
      const each = (rows: (CellRow & { id: string })[]) => {
        for (const r of rows) out.set(r.id, decodeStored(r, raw));
      };
      if (ids === undefined || ids.length > 5 * IN_CHUNK) {
        // Scanning one field's rows (contiguous in the primary key) beats many IN lookups.
        const wanted = ids === undefined ? undefined : new Set(ids);
        const rows = this.db.prepare(sql).all(field) as (CellRow & { id: string })[];
        each(wanted === undefined ? rows : rows.filter((r) => wanted.has(r.id)));
      } else {
        for (const chunk of chunks(ids)) {
          each(this.db.prepare(`${sql} AND s.id IN (${marks(chunk.length)})`).all(field, ...chunk) as (CellRow & { id: string })[]);
        }
      }
      return out;
    });
  }

  updateSamples(updates: readonly SampleUpdate[]): Promise<void> {
    return this.settle(() => {
      const setTags = this.db.prepare("UPDATE samples SET tags = ? WHERE seq = ?");
      const setMetadata = this.db.prepare("UPDATE samples SET metadata = ? WHERE seq = ?");
      const setFilepath = this.db.prepare("UPDATE samples SET filepath = ? WHERE seq = ?");
      const keyed = updates.find((u) => u.once !== undefined);
      if (keyed) {
        throw new DatasetStateError(
          `Write-once updates (key "${keyed.once}") need a PostgreSQL store; dataset file ${this.location} is SQLite. Set MODELZOO_DATABASE_URI to a postgres:// URI for distributed runs.`,
        );
      }
      this.write(updates.length === 0, (schema) => {
        for (const u of updates) {
          const seq = this.seqById.get(u.id)?.seq;
          if (seq === undefined) {
            throw new DatasetStateError(`Sample ${u.id} is not in dataset file ${this.location} (was it deleted?). Reload the sample from the dataset.`);
          }
          if (u.set) this.setFields(seq, u.set, schema);
          for (const name of u.unset ?? []) this.deleteFieldRow.run(name, seq);
          if (u.tags) setTags.run(JSON.stringify(u.tags), seq);
          if (u.metadata !== undefined) setMetadata.run(u.metadata === null ? null : JSON.stringify(u.metadata), seq);
          if (u.filepath !== undefined) setFilepath.run(u.filepath, seq);
          if (u.frames) this.setFrames(seq, u.id, u.frames, schema);
        }
      });
      return ;
    });
  }

  deleteSamples(ids: readonly string[]): Promise<void> {
    return this.settle(() => {
      this.db.transaction(() => {
        for (const chunk of chunks(ids)) this.db.prepare(`DELETE FROM samples WHERE id IN (${marks(chunk.length)})`).run(...chunk);
      }).immediate();
      return ;
    });
  }

  deleteField(name: string, frame: boolean): Promise<void> {
    return this.settle(() => {
      this.db.transaction(() => {
        this.db.prepare(frame ? "DELETE FROM frames WHERE name = ?" : "DELETE FROM sample_fields WHERE name = ?").run(name);
        this.db.prepare("DELETE FROM field_schema WHERE name = ? AND frame = ?").run(name, frame ? 1 : 0);
      }).immediate();
      return ;
    });
  }

  readFrames(id: string, fields?: readonly string[]): Promise<StoredFrames> {
    return this.settle(() => {
      const out: StoredFrames = new Map();
      const seq = this.seqById.get(id)?.seq;
      if (seq === undefined) return out;
      const nameFilter = fields === undefined ? "" : ` AND name IN (${marks(fields.length)})`;
      const rows = this.db
        .prepare(`SELECT frame_number, name, json, blob FROM frames WHERE sample_seq = ?${nameFilter} ORDER BY frame_number`)
        .all(seq, ...(fields ?? [])) as (CellRow & { frame_number: number; name: string })[];
      for (const r of rows) {
        let frame = out.get(r.frame_number);
        if (!frame) out.set(r.frame_number, (frame = {}));
        frame[r.name] = decodeStored(r);
      }
      return out;
    });
  }

  countFrames(ids?: readonly string[]): Promise<Map<string, number>> {
    return this.settle(() => {
      const rows = this.db
        .prepare("SELECT s.id AS id, COUNT(DISTINCT f.frame_number) AS n FROM frames f JOIN samples s ON s.seq = f.sample_seq GROUP BY f.sample_seq")
        .all() as { id: string; n: number }[];
      const wanted = ids === undefined ? undefined : new Set(ids);
      return new Map(rows.filter((r) => !wanted || wanted.has(r.id)).map((r) => [r.id, r.n]));
    });
  }

  queryIds(stages: readonly PushedStage[]): Promise<string[] | undefined> {
    return this.query(stages, (view) => `SELECT s.id FROM (${view.sql}) s ORDER BY ${view.orderBy}`, (st, params) => st.pluck().all(params) as string[]);
  }

  queryCount(stages: readonly PushedStage[]): Promise<number | undefined> {
    return this.query(stages, (view) => `SELECT count(*) FROM (${view.sql}) s`, (st, params) => st.pluck().get(params) as number);
  }

  queryCountValues(stages: readonly PushedStage[], path: string): Promise<Map<string | number | boolean | null, number> | undefined> {
    return this.query(
      stages,
      (view, d) => compileCountValues(view, path, d),
      (st, params) => countedValues(st.all(params) as { r: number; n: unknown; t: string | null; cnt: number }[]),
    );
  }

  /** Runs the view compiled to SQL, or gives undefined when it runs in memory (a stage SQL cannot run, or data only JavaScript reads exactly). */
  private query<T>(stages: readonly PushedStage[], sql: (view: CompiledView, d: SqliteDialect) => string | undefined, read: (st: Statement, params: Record<string, string | number>) => T): Promise<T | undefined> {
    return this.settle(() => {
      const q = this.compile(stages);
      const text = q && sql(q.view, q.dialect);
      if (q === undefined || text === undefined) return undefined;
      try {
        return read(this.db.prepare(text), q.dialect.params);
      } catch (err) {
        if (err instanceof InexactQuery) return undefined;
        throw err;
      }
    });
  }

  /** The stages as SQL with their bound values, or undefined when they run in memory. */
  private compile(stages: readonly PushedStage[]): { view: CompiledView; dialect: SqliteDialect } | undefined {
    const vectors = this.db.prepare("SELECT name FROM field_schema WHERE frame = 0 AND type = 'vector'").pluck().all() as string[];
    const dialect = new SqliteDialect(new Set(vectors));
    const view = compileView(stages, dialect);
    return view && { view, dialect };
  }

  close(): Promise<void> {
    return this.settle(() => {
      if (this.db.open) this.db.close();
      return ;
    });
  }

  /** Runs a store operation as a promise; a full disk becomes a {@link DiskFullError} naming the dataset's folder. */
  private settle<T>(fn: () => T): Promise<T> {
    return settle(() => {
      try {
        return fn();
      } catch (err) {
        throw diskFullError(err, path.dirname(this.location)) ?? err;
      }
    });
  }

  listRuns(): Promise<StoredRun[]> {
    return this.settle(() => {
      const rows = this.db.prepare("SELECT key, info FROM runs ORDER BY key").all() as { key: string; info: string }[];
      return rows.map((r) => ({ key: r.key, info: JSON.parse(r.info) as Record<string, unknown> }));
    });
  }

  readRunPart(key: string, part: string): Promise<Uint8Array | undefined> {
    return this.settle(() => {
      const row = this.db.prepare("SELECT data FROM run_parts WHERE run_key = ? AND name = ?").get(key, part) as { data: Buffer } | undefined;
      return row?.data;
    });
  }

  saveRun(run: StoredRun, parts: Readonly<Record<string, Uint8Array>>): Promise<void> {
    return this.settle(() => {
      const putPart = this.db.prepare("INSERT INTO run_parts (run_key, name, data) VALUES (?, ?, ?)");
      this.db.transaction(() => {
        this.db.prepare("DELETE FROM runs WHERE key = ?").run(run.key);
        this.db.prepare("INSERT INTO runs (key, info) VALUES (?, ?)").run(run.key, JSON.stringify(run.info));
        for (const [name, data] of Object.entries(parts)) putPart.run(run.key, name, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      })();
    });
  }

  deleteRun(key: string): Promise<void> {
    return this.settle(() => {
      this.db.prepare("DELETE FROM runs WHERE key = ?").run(key);
    });
  }

  /** Closes synchronously; used by the exit handler, which cannot await. */
  closeSync(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Runs `body` in one IMMEDIATE transaction (it takes the write lock up front, so
   * a concurrent writer waits instead of failing half-way) with the field schema
   * read inside it; schema changes made by `body` are written before commit.
   */
  private write(empty: boolean, body: (schema: SchemaDraft) => void): void {
    if (empty) return;
    this.db.transaction(() => {
      const schema = new SchemaDraft(
        this.db.prepare("SELECT name, frame, type FROM field_schema").all() as { name: string; frame: number; type: string }[],
      );
      body(schema);
      const put = this.db.prepare(
        "INSERT INTO field_schema (name, frame, type) VALUES (?, ?, ?) ON CONFLICT (name, frame) DO UPDATE SET type = excluded.type",
      );
      for (const e of schema.changed()) put.run(e.name, e.frame ? 1 : 0, e.type);
    }).immediate();
  }

  private setFrames(seq: number, id: string, frames: ReadonlyMap<number, Record<string, unknown>>, schema: SchemaDraft): void {
    for (const { frame, name, cell } of frameCells(id, frames, schema)) this.upsertFrame.run(seq, frame, name, cell.json, cell.blob);
  }

  private setFields(seq: number, fields: Record<string, unknown>, schema: SchemaDraft): void {
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      checkType(schema, name, false, value);
      const cell = encodeStored(value, name);
      this.upsertField.run(name, seq, cell.json, cell.blob);
    }
  }
}

function openDb(file: string, mustExist: boolean): Db {
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: mustExist });
    db.pragma("journal_mode = WAL");
    // NORMAL is safe in WAL mode: a killed process never loses a committed transaction.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 10000");
  } catch (err) {
    if (db?.open) db.close();
    const full = diskFullError(err, path.dirname(file));
    if (full) throw full;
    throw new DatasetFileError(
      `Cannot open dataset file ${file}: ${(err as Error).message}. If the file is damaged, delete the dataset ` +
        `(modelzoo datasets delete <name>) and create it again.`,
      { cause: err },
    );
  }
  return db;
}

/** Runs a synchronous store operation as a promise, so that its errors reject rather than throw. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += IN_CHUNK) yield items.slice(i, i + IN_CHUNK);
}

function marks(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}
