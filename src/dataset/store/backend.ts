import fs from "node:fs";
import os from "node:os";
import { InvalidNameError } from "../errors.js";
import { datasetFile, datasetNamesOnDisk, getOpen, removeOrphanedDatasets } from "../registry.js";
import { datasetsDir } from "./home.js";
import { PostgresStore, redactUri } from "./postgres-store.js";
import { SqliteStore } from "./sqlite-store.js";
import type { DatasetRecord, DatasetStore } from "./store.js";
import { processAlive } from "./process-alive.js";

/** A store that the exit hook can close without awaiting. */
export type ClosableStore = DatasetStore & { closeSync(): void };

/**
 * Where datasets live: the SQLite files under `$MODELZOO_HOME/datasets` (the
 * default), or a PostgreSQL database named by a URI. The dataset layer asks it for
 * stores by dataset name and never touches files or servers itself.
 */
export interface DatasetBackend {
  /** Key of a dataset in the registry of open datasets (unique per backend and name). */
  key(name: string): string;
  /** Where the datasets live, for messages. */
  readonly location: string;
  /** True when a dataset called `name` exists. */
  exists(name: string): Promise<boolean>;
  /** Names of all datasets, sorted. */
  names(): Promise<string[]>;
  /** Creates the store of a new dataset; undefined when the name is taken. */
  create(record: DatasetRecord): Promise<ClosableStore | undefined>;
  /** Opens the store of a dataset; undefined when there is none. */
  open(name: string): Promise<ClosableStore | undefined>;
  /** Deletes a dataset's data; false when there was none. */
  remove(name: string): Promise<boolean>;
  /** Deletes non-persistent datasets whose owning process (on this machine) is gone. */
  removeOrphans(): Promise<void>;
}

/** A database URI that names no supported database. */
export class DatabaseUriError extends InvalidNameError {}

/** The database URI in force: the option, else `$MODELZOO_DATABASE_URI`, else none (SQLite files). */
export function databaseUri(option?: string): string | undefined {
  const uri = option ?? process.env.MODELZOO_DATABASE_URI;
  return uri === undefined || uri.trim() === "" ? undefined : uri.trim();
}

/** The backend for a database URI (see {@link databaseUri}); SQLite files without one. */
export function backendFor(option?: string): DatasetBackend {
  const uri = databaseUri(option);
  if (uri === undefined || uri === "sqlite:") return sqliteBackend;
  if (/^postgres(ql)?:\/\//i.test(uri)) return postgresBackend(uri);
  throw new DatabaseUriError(
    `Database URI "${redactUri(uri)}" is not supported: use postgres://user:password@host:5432/database for a PostgreSQL server, ` +
      `or leave MODELZOO_DATABASE_URI unset for the embedded SQLite files under $MODELZOO_HOME/datasets.`,
  );
}

const sqliteBackend: DatasetBackend = {
  key: (name) => datasetFile(name),
  get location() {
    return datasetsDir();
  },
  exists: (name) => Promise.resolve(fs.existsSync(datasetFile(name))),
  names: () => Promise.resolve(datasetNamesOnDisk()),
  create(record) {
    const file = datasetFile(record.name);
    if (fs.existsSync(file)) return Promise.resolve(undefined);
    fs.mkdirSync(datasetsDir(), { recursive: true });
    return Promise.resolve(SqliteStore.create(file, record));
  },
  open(name) {
    const file = datasetFile(name);
    return Promise.resolve(fs.existsSync(file) ? SqliteStore.open(file) : undefined);
  },
  remove(name) {
    const file = datasetFile(name);
    const existed = fs.existsSync(file);
    SqliteStore.remove(file);
    return Promise.resolve(existed);
  },
  removeOrphans() {
    removeOrphanedDatasets();
    return Promise.resolve();
  },
};

function postgresBackend(uri: string): DatasetBackend {
  const key = (name: string) => `${uri}#${name}`;
  return {
    key,
    location: redactUri(uri),
    exists: async (name) => (await PostgresStore.names(uri)).includes(name),
    names: () => PostgresStore.names(uri),
    create: (record) => PostgresStore.create(uri, record),
    open: (name) => PostgresStore.open(uri, name),
    remove: (name) => PostgresStore.remove(uri, name),
    async removeOrphans() {
      for (const t of await PostgresStore.temporaries(uri)) {
        if (t.ownerHost !== os.hostname() || t.ownerPid === null || t.ownerPid === process.pid || getOpen(key(t.name))) continue;
        if (!processAlive(t.ownerPid)) await PostgresStore.remove(uri, t.name);
      }
    },
  };
}
