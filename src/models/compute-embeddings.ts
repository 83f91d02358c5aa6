import type { Sample, SampleCollection } from "../dataset/index.js";
import { SampleFailedError } from "./errors.js";
import { ModelCapabilityError, type Model } from "./model.js";
import { createProgress } from "./progress.js";
import { failureOf, readyBatches, runModel, type RunOptions, type SampleFailure } from "./run-batches.js";

/** Options of `computeEmbeddings`. */
export interface ComputeEmbeddingsOptions extends RunOptions {
  /** Store each embedding (a Float32Array) in this field instead of returning them. */
  embeddingsField?: string;
}

/** Embeddings returned in memory: row `i` of `data` belongs to sample `ids[i]`. */
export interface EmbeddingsResult {
  /** Ids of the embedded samples, in collection order (failed samples are left out). */
  ids: string[];
  /** Length of each embedding. */
  dim: number;
  /** `ids.length × dim` values, row-major. */
  data: Float32Array;
  /** Samples that failed, with why. */
  failures: SampleFailure[];
}

/**
 * FiftyOne's `compute_embeddings`: the model's embedding of every sample, returned
 * as one `num_samples × dim` matrix, or stored per sample in `embeddingsField`
 * (one transaction per batch; `data` is then empty).
 */
export async function computeEmbeddings(collection: SampleCollection, model: Model, options: ComputeEmbeddingsOptions = {}): Promise<EmbeddingsResult> {
  if (!model.hasEmbeddings) {
    throw new ModelCapabilityError(`Model "${model.name}" does not expose embeddings (hasEmbeddings is false). Use a model tagged "embeddings".`);
  }
  const skipFailures = options.skipFailures ?? true;
  const ids = await collection.ids();
  await model.load();
  const progress = createProgress(`${model.name} embeddings`, ids.length, options.progress);
  const failures: SampleFailure[] = [];
  const fail = (sample: Sample, error: unknown) => {
    if (!skipFailures) throw new SampleFailedError(sample.filepath, error);
    failures.push(failureOf(sample, error));
  };
  const rows: Float32Array[] = [];
  const rowIds: string[] = [];
  let dim = 0;
  try {
    for await (const batch of readyBatches(collection, model, ids, options)) {
      const ready = batch.samples.flatMap((sample, i) => {
        const input = batch.inputs[i]!;
        if (!input.ok) {
          fail(sample, input.error);
          return [];
        }
        return [{ sample, input: input.value }];
      });
      if (ready.length === 0) continue;
      let vectors: Float32Array[];
      try {
        vectors = await runModel<Float32Array>(model, ready.map((r) => r.input), "embed");
      } catch (err) {
        for (const r of ready) fail(r.sample, err);
        continue;
      }
      for (const [i, v] of vectors.entries()) {
        if (dim === 0) dim = v.length;
        if (v.length !== dim) throw new ModelCapabilityError(`Model "${model.name}" returned embeddings of ${v.length} and ${dim} values; they must all have one size.`);
        rowIds.push(ready[i]!.sample.id);
        if (options.embeddingsField) ready[i]!.sample.set(options.embeddingsField, v);
        else rows.push(v);
      }
      if (options.embeddingsField) await collection.saveSamples(ready.map((r) => r.sample));
      progress.tick(batch.samples.length);
    }
  } finally {
    progress.stop();
  }
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return { ids: rowIds, dim, data, failures };
}
