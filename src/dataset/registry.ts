import fs from "node:fs";
import path from "node:path";
import { InvalidNameError } from "./errors.js";
import { datasetsDir } from "./store/home.js";
import { SqliteStore } from "./store/sqlite-store.js";
import { processAlive } from "./store/process-alive.js";

/**
 * Where dataset files live and which are open in this process. Non-persistent
 * datasets are deleted when their process exits; those left behind by a process
 * that was killed are removed the next time datasets are listed or created.
 */

const FILE_SUFFIX = ".sqlite";
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Closes a dataset's store synchronously; the exit hook cannot await. */
export interface OpenDataset {
  /** True for a non-persistent dataset made by this process: it is deleted at exit. */
  readonly ownedTemporary: boolean;
  /** Closes the connection. */
  closeSync(): void;
}

const open = new Map<string, OpenDataset>();
let exitHookInstalled = false;

/** Throws unless `name` can name a dataset (it becomes a file name). */
export function checkDatasetName(name: string): void {
  if (typeof name !== "string" || !NAME.test(name) || name.endsWith(FILE_SUFFIX)) {
    throw new InvalidNameError(
      `"${String(name)}" is not a valid dataset name: use 1–128 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "coco-val-2017").`,
    );
  }
}

/** The SQLite file of dataset `name`. */
export function datasetFile(name: string): string {
  return path.join(datasetsDir(), `${name}${FILE_SUFFIX}`);
}

/** Names of the dataset files on disk, sorted. */
export function datasetNamesOnDisk(): string[] {
  const dir = datasetsDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(FILE_SUFFIX))
    .map((f) => f.slice(0, -FILE_SUFFIX.length))
    .sort();
}

/** Registers an open dataset (by its file) so that it is closed (and deleted if not persistent) at exit. */
export function registerOpen(file: string, ds: OpenDataset): void {
  open.set(file, ds);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", closeAllAtExit);
  }
}

/** The dataset open in this process with this file, if any. */
export function getOpen<T extends OpenDataset>(file: string): T | undefined {
  return open.get(file) as T | undefined;
}

/** Forgets an open dataset (after it is closed or deleted). */
export function unregisterOpen(file: string): void {
  open.delete(file);
}

/** Deletes non-persistent datasets whose owning process no longer runs. */
export function removeOrphanedDatasets(): void {
  for (const name of datasetNamesOnDisk()) {
    const file = datasetFile(name);
    if (open.has(file)) continue;
    try {
      const rec = SqliteStore.peekRecord(file);
      if (!rec.persistent && rec.ownerPid !== null && rec.ownerPid !== process.pid && !processAlive(rec.ownerPid)) {
        SqliteStore.remove(file);
      }
    } catch {
      // A file being created by another process, or damaged: leave it for the user to see.
    }
  }
}

function closeAllAtExit(): void {
  for (const [file, ds] of open) {
    try {
      ds.closeSync();
      // A server database cannot be written synchronously: its temporary datasets are removed by the next cleanup.
      if (ds.ownedTemporary && !/^postgres(ql)?:/i.test(file)) SqliteStore.remove(file);
    } catch {
      // Exiting anyway; a leftover non-persistent file is removed by the next cleanup.
    }
  }
  open.clear();
}
