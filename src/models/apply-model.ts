import type { LabelField, Sample, SampleCollection } from "../dataset/index.js";
import { filterByConfidence } from "./confidence-filter.js";
import { RunOptionsError } from "./errors.js";
import { ModelCapabilityError, type Model, type ModelOutput } from "./model.js";
import { applyToVideo } from "./apply-video.js";
import { frameStepOf, type VideoRunOptions } from "./video-frames.js";
import { isVideoModel } from "./video-model.js";
import { createProgress } from "./progress.js";
import { writeMasksToDisk } from "./write-masks.js";
import { failureRecorder, runPipeline, type RunOptions, type SampleFailure } from "./run-batches.js";

/** Options of `applyModel` (FiftyOne's, in camelCase). */
export interface ApplyModelOptions extends RunOptions, VideoRunOptions {
  /** Field (or prefix, or key → field mapping) for the predictions. Default `"predictions"`. */
  labelField?: LabelField;
  /** Drop labels whose confidence is below this. */
  confidenceThresh?: number;
  /** Store logits on the labels (the model must have them). */
  storeLogits?: boolean;
  /** Only process samples that do not have `labelField` yet (to resume an interrupted run). */
  skipExisting?: boolean;
  /** Write segmentation masks as PNG files under this folder instead of storing them inline. */
  outputDir?: string;
  /** With `outputDir`: mask files mirror the media's path relative to this folder (default: the media's file name). */
  relDir?: string;
}

/** What `applyModel` did. */
export interface ApplyModelResult {
  /** Samples whose predictions were stored. */
  processed: number;
  /** Samples left out by `skipExisting`. */
  skipped: number;
  /** Samples that failed, with why (only with `skipFailures`). */
  failures: SampleFailure[];
}

/**
 * Runs `model` on every sample of `collection` and stores its predictions with the
 * FiftyOne Model Zoo's rules (see `Sample.addLabels`). Images are decoded and
 * prepared ahead of inference (at most two batches ahead); each batch's predictions
 * are written in one transaction, so an interrupted run keeps every completed batch.
 *
 * Video samples: an image model runs on every frame (or every `frameStep`-th) in
 * batches of `batchSize` frames and stores `frames[n][labelField]`; a video model
 * (`mediaType: "video"`) gets a `VideoReader` and its frame dict is merged. Frames
 * are streamed from ffmpeg, and each batch of frames is one transaction.
 */
export async function applyModel(collection: SampleCollection, model: Model, options: ApplyModelOptions = {}): Promise<ApplyModelResult> {
  const labelField = options.labelField ?? "predictions";
  const frameStep = frameStepOf(options);
  if (model.mediaType === "video" && !isVideoModel(model)) {
    throw new ModelCapabilityError(`Model "${model.name}" says its mediaType is "video" but has no predictVideo(reader) method; implement VideoModel.`);
  }
  if (options.storeLogits && !model.hasLogits) {
    throw new ModelCapabilityError(`Model "${model.name}" cannot store logits (hasLogits is false); drop storeLogits or pick a model tagged "logits".`);
  }
  const allIds = await collection.ids();
  const mediaTypes = await collection.values("mediaType");
  let ids = allIds.filter((_, i) => mediaTypes[i] !== "video");
  const videoIds = allIds.filter((_, i) => mediaTypes[i] === "video");
  if (isVideoModel(model) && ids.length > 0) {
    throw new ModelCapabilityError(
      `Model "${model.name}" is a video model, but the collection has ${ids.length} image sample(s). ` +
        `Apply it to the videos only, e.g. collection.match({ mediaType: "video" }).applyModel(model, ...).`,
    );
  }
  let skipped = 0;
  if (options.skipExisting) {
    if (typeof labelField !== "string") {
      throw new RunOptionsError(`skipExisting needs a string labelField to know which samples are done; got ${JSON.stringify(labelField)}.`);
    }
    // A stored null ("nothing found") counts as done: only absent fields are missing.
    const values = await collection.values(labelField);
    const valueOf = new Map(allIds.map((id, i) => [id, values[i]]));
    const todo = ids.filter((id) => valueOf.get(id) === undefined);
    skipped = ids.length - todo.length;
    ids = todo;
  }
  await model.load();
  const previousLogits = model.storeLogits;
  model.storeLogits = options.storeLogits ?? false;
  const progress = createProgress(model.name, ids.length + videoIds.length, options.progress);
  const { failures, fail } = failureRecorder(options);
  let processed = 0;
  try {
    for await (const results of runPipeline<ModelOutput>(collection, model, ids, options, "predict")) {
      const done: Sample[] = [];
      for (const r of results) {
        if (!r.ok) {
          fail(r.sample, r.error);
          continue;
        }
        const sample = r.sample;
        let labels = filterByConfidence(r.outputs[0] ?? null, options.confidenceThresh);
        if (options.outputDir) labels = await writeMasksToDisk(labels, sample.filepath, labelField, { outputDir: options.outputDir, ...(options.relDir ? { relDir: options.relDir } : {}) });
        sample.addLabels(labels, labelField);
        done.push(sample);
      }
      await collection.saveSamples(done);
      processed += done.length;
      progress.tick(results.length);
    }
    const video = {
      collection,
      model,
      labelField,
      batchSize: Math.max(1, options.batchSize ?? model.defaultBatchSize),
      frameStep,
      confidenceThresh: options.confidenceThresh,
      skipExisting: options.skipExisting ?? false,
      outputDir: options.outputDir,
      relDir: options.relDir,
    };
    for (const id of videoIds) {
      const [sample] = await collection.getSamples([id], { fields: [] });
      if (!sample) continue;
      try {
        if ((await applyToVideo(sample, video)) === "skipped") skipped++;
        else processed++;
      } catch (err) {
        fail(sample, err); // the batches of frames stored before the failure stay
      }
      progress.tick(1);
    }
  } finally {
    progress.stop();
    model.storeLogits = previousLogits;
  }
  return { processed, skipped, failures };
}
