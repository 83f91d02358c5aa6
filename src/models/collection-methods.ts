import { SampleCollection } from "../dataset/index.js";
import { applyModel, type ApplyModelOptions, type ApplyModelResult } from "./apply-model.js";
import { computeEmbeddings, type ComputeEmbeddingsOptions, type EmbeddingsResult } from "./compute-embeddings.js";
import { computePatchEmbeddings, type ComputePatchEmbeddingsOptions, type PatchEmbeddingsResult } from "./compute-patch-embeddings.js";
import type { Model } from "./model.js";

/*
 * The model methods of datasets and views. They live with the models layer (the
 * dataset layer does not know models) and are added to SampleCollection here.
 */
declare module "../dataset/collection.js" {
  interface SampleCollection {
    /** Runs a model on every sample and stores its predictions; see {@link applyModel}. */
    applyModel(model: Model, options?: ApplyModelOptions): Promise<ApplyModelResult>;
    /** Computes (and optionally stores) an embedding per sample; see {@link computeEmbeddings}. */
    computeEmbeddings(model: Model, options?: ComputeEmbeddingsOptions): Promise<EmbeddingsResult>;
    /** Embeds the patches of a Detections/Polylines field; see {@link computePatchEmbeddings}. */
    computePatchEmbeddings(model: Model, patchesField: string, options?: ComputePatchEmbeddingsOptions): Promise<PatchEmbeddingsResult>;
  }
}

SampleCollection.prototype.applyModel = function (this: SampleCollection, model: Model, options?: ApplyModelOptions) {
  return applyModel(this, model, options);
};

SampleCollection.prototype.computeEmbeddings = function (this: SampleCollection, model: Model, options?: ComputeEmbeddingsOptions) {
  return computeEmbeddings(this, model, options);
};

SampleCollection.prototype.computePatchEmbeddings = function (this: SampleCollection, model: Model, patchesField: string, options?: ComputePatchEmbeddingsOptions) {
  return computePatchEmbeddings(this, model, patchesField, options);
};
