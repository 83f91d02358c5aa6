import type { SampleCollection } from "../dataset/index.js";
import { ModelCapabilityError, type Model } from "./model.js";
import { createProgress } from "./progress.js";
import { embeddingSize, failureRecorder, runModel, runPipeline, startRunWorkers, type RunOptions, type SampleFailure } from "./run-batches.js";
import { VideoReader } from "../media/index.js";
import { frameBatches, frameStepOf, type VideoRunOptions } from "./video-frames.js";

/** Options of `computeEmbeddings`. */
export interface ComputeEmbeddingsOptions extends RunOptions, VideoRunOptions {
  /**
   * Store each embedding (a Float32Array) in this field instead of returning them;
   * for video samples, in this frame-level field of every frame embedded.
   */
  embeddingsField?: string;
}

/** Embeddings returned in memory: row `i` of `data` belongs to sample `ids[i]`. */
export interface EmbeddingsResult {
  /**
   * Sample id of each row, in collection order (failed samples are left out). A
   * video sample has one row per frame embedded (see `frameNumbers`).
   */
  ids: string[];
  /** With video samples in the collection: the frame number of each row (0 for an image's row). */
  frameNumbers?: number[];
  /** Length of each embedding. */
  dim: number;
  /** The shape of one embedding when it has more than one dimension (`dim` is its product; see `Model.embeddingShape`). */
  shape?: number[];
  /** `ids.length × dim` values, row-major. */
  data: Float32Array;
  /** Samples that failed, with why. */
  failures: SampleFailure[];
}

/**
 * FiftyOne's `compute_embeddings`: the model's embedding of every sample, returned
 * as one `num_samples × dim` matrix, or stored per sample in `embeddingsField`
 * (one transaction per batch; `data` is then empty). Video samples are embedded
 * frame by frame (every `frameStep`-th frame): one row per frame, or the frame-level
 * field `embeddingsField`, one transaction per batch of frames.
 */
export async function computeEmbeddings(collection: SampleCollection, model: Model, options: ComputeEmbeddingsOptions = {}): Promise<EmbeddingsResult> {
  if (!model.hasEmbeddings) {
    throw new ModelCapabilityError(`Model "${model.name}" does not expose embeddings (hasEmbeddings is false). Use a model tagged "embeddings".`);
  }
  const frameStep = frameStepOf(options);
  const allIds = await collection.ids();
  const mediaTypes = await collection.values("mediaType");
  const ids = allIds.filter((_, i) => mediaTypes[i] !== "video");
  const videoIds = allIds.filter((_, i) => mediaTypes[i] === "video");
  await model.load();
  await startRunWorkers(model, options, ids.length);
  const progress = createProgress(`${model.name} embeddings`, allIds.length, options.progress);
  const { failures, fail } = failureRecorder(options);
  const rows: Float32Array[] = [];
  const rowIds: string[] = [];
  const rowFrames: number[] = [];
  const size = embeddingSize(model);
  const checkDim = size.check;
  try {
    for await (const results of runPipeline<Float32Array>(collection, model, ids, options, "embed")) {
      const done = [];
      for (const r of results) {
        if (!r.ok) {
          fail(r.sample, r.error);
          continue;
        }
        const v = r.outputs[0]!;
        checkDim(v);
        rowIds.push(r.sample.id);
        rowFrames.push(0);
        if (options.embeddingsField) r.sample.set(options.embeddingsField, v);
        else rows.push(v);
        done.push(r.sample);
      }
      if (options.embeddingsField && done.length > 0) await collection.saveSamples(done);
      progress.tick(results.length);
    }
    const batchSize = Math.max(1, options.batchSize ?? model.defaultBatchSize);
    for (const id of videoIds) {
      const [sample] = await collection.getSamples([id], { fields: [] });
      if (!sample) continue;
      // Rows of a video that fails part-way are dropped, so that every returned video is whole.
      const videoRows: { n: number; v: Float32Array | undefined }[] = [];
      try {
        const reader = await VideoReader.open(sample.filepath);
        for await (const batch of frameBatches(reader, model, batchSize, { step: frameStep })) {
          const vectors = await runModel<Float32Array>(model, batch.inputs, "embed");
          vectors.forEach(checkDim);
          const frames = batch.frameNumbers.map((n, i) => ({ n, v: vectors[i]! }));
          if (options.embeddingsField) {
            sample.frames.merge(new Map(frames.map(({ n, v }) => [n, { [options.embeddingsField!]: v }])));
            await collection.saveSamples([sample]);
            videoRows.push(...frames.map(({ n }) => ({ n, v: undefined })));
          } else videoRows.push(...frames);
        }
        for (const { n, v } of videoRows) {
          rowIds.push(sample.id);
          rowFrames.push(n);
          if (v) rows.push(v);
        }
      } catch (err) {
        if (err instanceof ModelCapabilityError) throw err;
        fail(sample, err);
      }
      progress.tick(1);
    }
  } finally {
    progress.stop();
  }
  const dim = size.dim();
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  const shape = model.embeddingShape;
  return { ids: rowIds, dim, ...(shape && dim > 0 ? { shape: [...shape] } : {}), data, failures, ...(videoIds.length > 0 ? { frameNumbers: rowFrames } : {}) };
}
