/*
 * The brain layer: what stored logits and embeddings are for (FiftyOne Brain's methods).
 * It uses the dataset, labels, models, evaluation and zoo layers; only the public API,
 * the CLI and the app use it.
 */
import "./collection-methods.js";

export { computeMistakenness, type ComputeMistakennessOptions, type MistakennessResult } from "./mistakenness.js";
export { computeHardness, type ComputeHardnessOptions, type HardnessResult } from "./hardness.js";
export { computeUniqueness, type ComputeUniquenessOptions, type UniquenessResult } from "./uniqueness.js";
export {
  computeSimilarity,
  sortBySimilarity,
  sortPatchesBySimilarity,
  loadSimilarityIndex,
  SimilarityIndex,
  USEARCH_AUTO_THRESHOLD,
  type ComputeSimilarityOptions,
  type SimilarityBackend,
  type SimilarityGraphOptions,
  type SimilarityMatch,
  type SimilarityQuery,
  type SortBySimilarityOptions,
  type PatchMatch,
  type PatchesSimilarityResult,
} from "./similarity.js";
export {
  computeVisualization,
  loadVisualization,
  VisualizationResults,
  type ComputeVisualizationOptions,
  type VisualizationMethod,
} from "./visualization.js";
export { listBrainRuns, loadBrainResults, deleteBrainRun, type BrainResults } from "./results.js";
export type { BrainRunInfo, BrainMethod } from "./runs.js";
export type { EmbeddingsMatrix, EmbeddingsSourceOptions } from "./embeddings.js";
export { softmax, entropy, seededRandom, hardnessOf, classMistakenness, classMistakennessFromConfidence, locMistakenness } from "./math.js";
export { BrainError } from "./errors.js";
