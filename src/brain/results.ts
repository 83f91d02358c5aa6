import type { SampleCollection } from "../dataset/index.js";
import { deleteRun, getRun, listRuns, type BrainRunInfo } from "./runs.js";
import { SimilarityIndex } from "./similarity.js";
import { VisualizationResults } from "./visualization.js";

/**
 * What a brain run stored: a similarity index, visualization coordinates, or — for the
 * methods that write fields (mistakenness, hardness, uniqueness) — the run's info.
 */
export type BrainResults = SimilarityIndex | VisualizationResults | BrainRunInfo;

/** FiftyOne's `list_brain_runs`: the runs recorded for the collection's dataset, by key. */
export async function listBrainRuns(collection: SampleCollection): Promise<BrainRunInfo[]> {
  return listRuns(collection);
}

/**
 * FiftyOne's `load_brain_results`.
 * @throws BrainError naming the known keys when `brainKey` is unknown
 */
export async function loadBrainResults(collection: SampleCollection, brainKey: string): Promise<BrainResults> {
  const run = await getRun(collection, brainKey);
  if (run.method === "similarity") return SimilarityIndex.load(collection, run);
  if (run.method === "visualization") return VisualizationResults.load(collection, run, new Set(await collection.ids()));
  return run;
}

/** FiftyOne's `delete_brain_run`: forgets the run and deletes its stored results (fields it wrote stay). */
export async function deleteBrainRun(collection: SampleCollection, brainKey: string): Promise<void> {
  await deleteRun(collection, brainKey);
}
