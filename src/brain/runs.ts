import fs from "node:fs";
import path from "node:path";
import { datasetFile, type SampleCollection } from "../dataset/index.js";
import { didYouMean } from "../errors.js";
import { BrainError } from "./errors.js";

/** The brain methods that record runs. */
export type BrainMethod = "mistakenness" | "hardness" | "uniqueness" | "similarity" | "visualization";

/** What a brain run was: its key, method, when and with which settings. */
export interface BrainRunInfo {
  /** The brain key (for field-writing methods, the field written). */
  key: string;
  method: BrainMethod;
  /** ISO time the run finished. */
  timestamp: string;
  /** The settings of the run (fields, model name, backend, ...). */
  config: Record<string, unknown>;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const RUNS_FILE = "runs.json";

/** Throws unless `key` can name a brain run (it becomes part of file names). */
export function checkBrainKey(key: string): void {
  if (typeof key !== "string" || !KEY.test(key)) {
    throw new BrainError(`"${String(key)}" is not a valid brain key: use letters, digits and "_", starting with a letter or "_" (e.g. "img_sim").`);
  }
}

/**
 * The folder beside a dataset's SQLite file holding its brain runs: `runs.json` and the
 * results of each run (`<key>.*`). Deleting the dataset deletes the folder.
 */
export function brainDir(collection: SampleCollection): string {
  return `${datasetFile(collection.datasetName)}.brain`;
}

/** A file of run `key` in the dataset's brain folder. */
export function runFile(collection: SampleCollection, key: string, suffix: string): string {
  return path.join(brainDir(collection), `${key}${suffix}`);
}

function readRuns(collection: SampleCollection): Record<string, BrainRunInfo> {
  const file = path.join(brainDir(collection), RUNS_FILE);
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, BrainRunInfo>;
}

/** Writes `data` to `file` through a temporary file and a rename, so readers never see half a file. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Records (or replaces) a run. */
export function saveRun(collection: SampleCollection, run: Omit<BrainRunInfo, "timestamp">): BrainRunInfo {
  checkBrainKey(run.key);
  const info: BrainRunInfo = { ...run, timestamp: new Date().toISOString() };
  const runs = readRuns(collection);
  runs[run.key] = info;
  writeAtomic(path.join(brainDir(collection), RUNS_FILE), JSON.stringify(runs, null, 2));
  return info;
}

/** The runs of the collection's dataset, sorted by key. */
export function listRuns(collection: SampleCollection, method?: BrainMethod): BrainRunInfo[] {
  return Object.values(readRuns(collection))
    .filter((r) => method === undefined || r.method === method)
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The run called `key`.
 * @throws BrainError naming the known keys when there is none
 */
export function getRun(collection: SampleCollection, key: string, method?: BrainMethod): BrainRunInfo {
  const runs = readRuns(collection);
  const run = runs[key];
  if (!run || (method && run.method !== method)) {
    const known = Object.values(runs).filter((r) => !method || r.method === method).map((r) => r.key);
    const what = method ? `${method} run` : "brain run";
    const listing = known.length > 0 ? ` Known: ${known.map((k) => `"${k}"`).join(", ")}.` : ` It has none; compute one first.`;
    throw new BrainError(`Dataset "${collection.datasetName}" has no ${what} "${key}".${didYouMean(key, known)}${listing}`);
  }
  return run;
}

/** Forgets run `key` and deletes its result files (fields it wrote stay). */
export function deleteRun(collection: SampleCollection, key: string): void {
  getRun(collection, key);
  const runs = readRuns(collection);
  delete runs[key];
  writeAtomic(path.join(brainDir(collection), RUNS_FILE), JSON.stringify(runs, null, 2));
  const dir = brainDir(collection);
  for (const f of fs.readdirSync(dir)) if (f.startsWith(`${key}.`)) fs.rmSync(path.join(dir, f), { force: true });
}
