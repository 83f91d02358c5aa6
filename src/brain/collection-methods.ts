import { SampleCollection, type DatasetView } from "../dataset/index.js";
import { computeHardness, type ComputeHardnessOptions, type HardnessResult } from "./hardness.js";
import { computeMistakenness, type ComputeMistakennessOptions, type MistakennessResult } from "./mistakenness.js";
import { deleteBrainRun, listBrainRuns, loadBrainResults, type BrainResults } from "./results.js";
import type { BrainRunInfo } from "./runs.js";
import { computeSimilarity, sortBySimilarity, sortPatchesBySimilarity, type ComputeSimilarityOptions, type PatchesSimilarityResult, type SimilarityIndex, type SimilarityQuery, type SortBySimilarityOptions } from "./similarity.js";
import { computeUniqueness, type ComputeUniquenessOptions, type UniquenessResult } from "./uniqueness.js";
import { computeVisualization, type ComputeVisualizationOptions, type VisualizationResults } from "./visualization.js";

/*
 * The brain methods of datasets and views, added to SampleCollection here as the
 * evaluation layer adds evaluateDetections (the dataset layer does not know the brain).
 */
declare module "../dataset/collection.js" {
  interface SampleCollection {
    /** How likely each ground-truth label is a mistake, judged by predictions; see {@link computeMistakenness}. */
    computeMistakenness(predField: string, labelField?: string, options?: ComputeMistakennessOptions): Promise<MistakennessResult>;
    /** The entropy of each prediction's logits; see {@link computeHardness}. */
    computeHardness(predField: string, options?: ComputeHardnessOptions): Promise<HardnessResult>;
    /** How unlike its nearest neighbours each sample is; see {@link computeUniqueness}. */
    computeUniqueness(options: ComputeUniquenessOptions): Promise<UniquenessResult>;
    /** Builds and stores a similarity index; see {@link computeSimilarity}. */
    computeSimilarity(options: ComputeSimilarityOptions): Promise<SimilarityIndex>;
    /** Samples sorted by similarity to a sample, vector or prompt; see {@link sortBySimilarity}. */
    sortBySimilarity(query: SimilarityQuery, options?: SortBySimilarityOptions): Promise<DatasetView>;
    /** Objects of a patches index sorted by similarity, with their samples; see {@link sortPatchesBySimilarity}. */
    sortPatchesBySimilarity(query: SimilarityQuery, options?: SortBySimilarityOptions): Promise<PatchesSimilarityResult>;
    /** 2-D coordinates of the embeddings, stored under a brain key; see {@link computeVisualization}. */
    computeVisualization(options: ComputeVisualizationOptions): Promise<VisualizationResults>;
    /** The brain runs of the dataset; see {@link listBrainRuns}. */
    listBrainRuns(): Promise<BrainRunInfo[]>;
    /** The stored results of a brain run; see {@link loadBrainResults}. */
    loadBrainResults(brainKey: string): Promise<BrainResults>;
    /** Forgets a brain run and deletes its stored results; see {@link deleteBrainRun}. */
    deleteBrainRun(brainKey: string): Promise<void>;
  }
}

const proto = SampleCollection.prototype;

proto.computeMistakenness = function (this: SampleCollection, predField: string, labelField?: string, options?: ComputeMistakennessOptions) {
  return computeMistakenness(this, predField, labelField, options);
};
proto.computeHardness = function (this: SampleCollection, predField: string, options?: ComputeHardnessOptions) {
  return computeHardness(this, predField, options);
};
proto.computeUniqueness = function (this: SampleCollection, options: ComputeUniquenessOptions) {
  return computeUniqueness(this, options);
};
proto.computeSimilarity = function (this: SampleCollection, options: ComputeSimilarityOptions) {
  return computeSimilarity(this, options);
};
proto.sortBySimilarity = function (this: SampleCollection, query: SimilarityQuery, options?: SortBySimilarityOptions) {
  return sortBySimilarity(this, query, options);
};
proto.sortPatchesBySimilarity = function (this: SampleCollection, query: SimilarityQuery, options?: SortBySimilarityOptions) {
  return sortPatchesBySimilarity(this, query, options);
};
proto.computeVisualization = function (this: SampleCollection, options: ComputeVisualizationOptions) {
  return computeVisualization(this, options);
};
proto.listBrainRuns = function (this: SampleCollection) {
  return listBrainRuns(this);
};
proto.loadBrainResults = function (this: SampleCollection, brainKey: string) {
  return loadBrainResults(this, brainKey);
};
proto.deleteBrainRun = function (this: SampleCollection, brainKey: string) {
  return deleteBrainRun(this, brainKey);
};
