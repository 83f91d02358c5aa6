import path from "node:path";
import type { Dataset } from "../dataset/index.js";

/** Label properties that point at files on disk (FiftyOne's `mask_path`, `map_path`). */
const FILE_PATH_PROPERTIES: Readonly<Record<string, string>> = { Segmentation: "maskPath", Heatmap: "mapPath" };

/** Shortest wait between two rereads of a dataset's file list after a miss. */
const REREAD_INTERVAL_MS = 1000;

/**
 * The files the media route may serve: the media of the dataset's samples and the
 * mask and map PNGs their labels point at — nothing else. A requested path must be
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
  const files = new Set((await dataset.values("filepath")) as string[]);
  const schema = await dataset.getFieldSchema();
  for (const f of schema) {
    const prop = FILE_PATH_PROPERTIES[f.type];
    if (prop === undefined) continue;
    for (const p of await dataset.values(`${f.name}.${prop}`)) if (typeof p === "string") files.add(p);
  }
  return files;
}
