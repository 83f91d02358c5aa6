import fs from "node:fs";
import path from "node:path";
import type { Dataset } from "../dataset/index.js";
import { mediaTypeOf } from "../media/index.js";

/** Label properties that point at files on disk (FiftyOne's `mask_path`, `map_path`). */
const FILE_PATH_PROPERTIES: Readonly<Record<string, string>> = { Segmentation: "maskPath", Heatmap: "mapPath", ImageOutput: "imagePath" };

/** Shortest wait between two rereads of a dataset's file list after a miss. */
const REREAD_INTERVAL_MS = 1000;

/**
 * The files the media route may serve: the media of the dataset's samples and the
 * mask and map images their labels point at, when those are image files inside the
 * dataset's media folders or its label folders (`applyModel`'s `outputDir`s), also
 * after following symlinks — nothing else, so a label naming `~/.ssh/id_rsa` is not served. A requested path must be
 * absolute and already normalized (no `.` or `..` segments), and is then looked up
 * exactly: a path through a symlinked folder, or any file not named by a sample,
 * is not found. The list is reread (at most once a second) when a path misses, so
 * samples added while the app runs are served.
 */
export class MediaFiles {
  private files = new Set<string>();
  private readAt = 0;
  private reading: Promise<void> | undefined;
  private datasetName: string | undefined;

  /** True when `requested` is a file of `dataset` the app may serve. */
  async allows(dataset: Dataset, requested: unknown): Promise<boolean> {
    if (!isCleanAbsolute(requested)) return false;
    if (dataset.name !== this.datasetName) {
      this.datasetName = dataset.name;
      this.files = new Set();
      this.readAt = 0;
    }
    if (this.files.has(requested)) return true;
    if (Date.now() - this.readAt >= REREAD_INTERVAL_MS) await this.reread(dataset);
    return this.files.has(requested);
  }

  private async reread(dataset: Dataset): Promise<void> {
    this.reading ??= (async () => {
      try {
        this.files = await filesOf(dataset);
        this.readAt = Date.now();
      } finally {
        this.reading = undefined;
      }
    })();
    await this.reading;
  }
}

/** True for a string that is an absolute, normalized path without NUL bytes. */
export function isCleanAbsolute(p: unknown): p is string {
  return typeof p === "string" && p.length > 0 && !p.includes("\0") && path.isAbsolute(p) && path.normalize(p) === p && !p.split(/[\\/]/).includes("..");
}

async function filesOf(dataset: Dataset): Promise<Set<string>> {
  const media = (await dataset.values("filepath")) as string[];
  const files = new Set(media);
  const schema = await dataset.getFieldSchema();
  let folders: Set<string> | undefined;
  for (const f of schema) {
    const prop = Object.hasOwn(FILE_PATH_PROPERTIES, f.type) ? FILE_PATH_PROPERTIES[f.type] : undefined;
    if (prop === undefined) continue;
    folders ??= await labelFolders(dataset, media);
    for (const p of await dataset.values(`${f.name}.${prop}`)) if (isLabelImage(p, folders)) files.add(p);
  }
  return files;
}

/**
 * The folders label files may lie in: each folder holding a sample's media, and the
 * dataset's label folders — each as given and with symlinks resolved.
 */
async function labelFolders(dataset: Dataset, media: readonly string[]): Promise<Set<string>> {
  const given = new Set([...media.map((p) => path.dirname(p)), ...((await dataset.store.getRecord()).labelFolders ?? [])]);
  const out = new Set<string>();
  for (const dir of given) {
    out.add(dir);
    const real = realpathOrUndefined(dir);
    if (real !== undefined) out.add(real);
  }
  return out;
}

/** True for an image path (by extension) inside one of `folders`, also once its symlinks are resolved. */
function isLabelImage(p: unknown, folders: ReadonlySet<string>): p is string {
  if (!isCleanAbsolute(p) || mediaTypeOf(p) !== "image" || !inside(p, folders)) return false;
  const real = realpathOrUndefined(p);
  return real === undefined || (mediaTypeOf(real) === "image" && inside(real, folders)); // a missing file is a 404 later
}

function inside(p: string, folders: ReadonlySet<string>): boolean {
  for (let dir = path.dirname(p); ; dir = path.dirname(dir)) {
    if (folders.has(dir)) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
