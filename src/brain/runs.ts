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

/** The binary results of a run, by part name (e.g. `vectors.f32`, `ids.json`, `usearch`, `points.json`). */
export type RunParts = Record<string, Uint8Array>;

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const LEGACY_RUNS_FILE = "runs.json";

/** Throws unless `key` can name a brain run. */
export function checkBrainKey(key: string): void {
  if (typeof key !== "string" || !KEY.test(key)) {
    throw new BrainError(`"${String(key)}" is not a valid brain key: use letters, digits and "_", starting with a letter or "_" (e.g. "img_sim").`);
  }
}

/**
 * Where runs were kept before they moved into the dataset's store: a folder beside the
 * dataset's SQLite file (for a PostgreSQL dataset, under this machine's datasets folder),
 * holding `runs.json` and `<key>.<part>` files.
 */
function legacyDir(collection: SampleCollection): string {
  return `${datasetFile(collection.datasetName)}.brain`;
}

/**
 * Moves the runs of the legacy folder into the dataset's store (each run with its parts in
 * one transaction; runs the store already has win), then deletes the folder. Runs once per
 * dataset and machine: afterwards the folder is gone.
 */
async function migrateLegacyRuns(collection: SampleCollection): Promise<void> {
  const dir = legacyDir(collection);
  const file = path.join(dir, LEGACY_RUNS_FILE);
  if (!fs.existsSync(file)) return;
  const store = collection.datasetStore;
  const legacy = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, BrainRunInfo>;
  const have = new Set((await store.listRuns()).map((r) => r.key));
  const files = fs.readdirSync(dir);
  for (const run of Object.values(legacy)) {
    if (have.has(run.key)) continue;
    const parts: RunParts = {};
    for (const f of files) {
      if (f.startsWith(`${run.key}.`) && !f.endsWith(".tmp")) parts[f.slice(run.key.length + 1)] = fs.readFileSync(path.join(dir, f));
    }
    await store.saveRun({ key: run.key, info: { ...run } }, parts);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

async function readRuns(collection: SampleCollection): Promise<Map<string, BrainRunInfo>> {
  await migrateLegacyRuns(collection);
  const stored = await collection.datasetStore.listRuns();
  return new Map(stored.map((r) => [r.key, { ...(r.info as unknown as BrainRunInfo), key: r.key }]));
}

/** Records (or replaces) a run with its binary results, in one write to the dataset's store. */
export async function saveRun(collection: SampleCollection, run: Omit<BrainRunInfo, "timestamp">, parts: RunParts = {}): Promise<BrainRunInfo> {
  checkBrainKey(run.key);
  await migrateLegacyRuns(collection);
  const info: BrainRunInfo = { ...run, timestamp: new Date().toISOString() };
  await collection.datasetStore.saveRun({ key: run.key, info: { ...info } }, parts);
  return info;
}

/** One binary result of run `key`. @throws BrainError naming the fix when it is missing */
export async function readRunPart(collection: SampleCollection, key: string, part: string): Promise<Uint8Array> {
  const data = await collection.datasetStore.readRunPart(key, part);
  if (!data) throw new BrainError(`Brain run "${key}" of dataset "${collection.datasetName}" has lost its "${part}" results; compute it again.`);
  return data;
}

/** The runs of the collection's dataset, sorted by key. */
export async function listRuns(collection: SampleCollection, method?: BrainMethod): Promise<BrainRunInfo[]> {
  return [...(await readRuns(collection)).values()].filter((r) => method === undefined || r.method === method).sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The run called `key`.
 * @throws BrainError naming the known keys when there is none
 */
export async function getRun(collection: SampleCollection, key: string, method?: BrainMethod): Promise<BrainRunInfo> {
  const runs = await readRuns(collection);
  const run = runs.get(key);
  if (!run || (method && run.method !== method)) {
    const known = [...runs.values()].filter((r) => !method || r.method === method).map((r) => r.key);
    const what = method ? `${method} run` : "brain run";
    const listing = known.length > 0 ? ` Known: ${known.map((k) => `"${k}"`).join(", ")}.` : ` It has none; compute one first.`;
    throw new BrainError(`Dataset "${collection.datasetName}" has no ${what} "${key}".${didYouMean(key, known)}${listing}`);
  }
  return run;
}

/** Forgets run `key` and deletes its results (fields it wrote stay). */
export async function deleteRun(collection: SampleCollection, key: string): Promise<void> {
  await getRun(collection, key);
  await collection.datasetStore.deleteRun(key);
}
