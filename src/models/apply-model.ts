import path from "node:path";
import { datasetsDir, FieldTypeError, type LabelField, type Sample, type SampleCollection } from "../dataset/index.js";
import { filterByConfidence } from "./confidence-filter.js";
import { RunOptionsError } from "./errors.js";
import { ModelCapabilityError, type Model, type ModelOutput } from "./model.js";
import { applyToVideo } from "./apply-video.js";
import { frameStepOf, type VideoRunOptions } from "./video-frames.js";
import { isVideoModel } from "./video-model.js";
import { createProgress } from "./progress.js";
import { hasInlineImages, writeMasksToDisk } from "./write-masks.js";
import { failureRecorder, runPipeline, startRunWorkers, type RunOptions, type SampleFailure, type SampleInputs } from "./run-batches.js";
import type { InferenceWorkersInfo } from "./runtime.js";
import { decodeImage } from "../media/index.js";
import { Label } from "../labels/index.js";
import { isSamplesModel, type PromptedInput } from "./samples-model.js";

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
  /** Write segmentation masks and the images models make (`ImageOutput`) as PNG files under this folder instead of storing them inline (images go beside the dataset when it is not given). */
  outputDir?: string;
  /** With `outputDir`: mask files mirror the media's path relative to this folder (default: the media's file name). */
  relDir?: string;
  /**
   * Spread the run over `modelzoo worker` processes through a job queue in the
   * dataset's PostgreSQL database (see README "Scaling out"). The model must be a
   * zoo model: workers load it by name.
   */
  distributed?: DistributedOptions;
  /**
   * For prompted models (SAM): the field of each sample holding the prompts — boxes
   * (`Detections`) or points (`Keypoints`) — FiftyOne's `prompt_field`. A sample without
   * prompts gets no prediction (null).
   */
  promptField?: string;
  /** @internal — write each sample's predictions at most once for this key (distributed shards). */
  writeOnce?: string;
  /** @internal — called after each batch of predictions is stored, with how many samples it held. */
  onBatchSaved?: (samples: number) => void;
}

/** How a distributed `applyModel` splits and supervises the work. */
export interface DistributedOptions {
  /** Number of shard jobs (contiguous ranges of sample ids). Default: one per 100 samples, at most 64. */
  shards?: number;
  /** Seconds a worker may hold a shard before it is handed to another (a killed worker's lease). Default 1800. */
  leaseSeconds?: number;
  /** Times a failed or expired shard is tried again (with exponential backoff). Default 3. */
  retryLimit?: number;
  /** Seconds before the first retry (doubled each time). Default 5. */
  retryDelaySeconds?: number;
  /** Stop waiting after this many seconds (the shards keep running). Default: no limit. */
  timeoutSeconds?: number;
  /** Called as samples are stored and shards finish. */
  onProgress?: (progress: DistributedProgress) => void;
}

/** Progress of a distributed run, as shards complete. */
export interface DistributedProgress {
  /** Samples whose predictions are stored so far. */
  samplesDone: number;
  /** Samples to process. */
  samplesTotal: number;
  /** Shards finished (completed or failed for good). */
  shardsDone: number;
  /** Shard jobs. */
  shardsTotal: number;
}

/** A shard that failed for good in a distributed run. */
export interface FailedShard {
  /** Shard number (0-based). */
  shard: number;
  /** First and last sample id of its range. */
  first: string;
  last: string;
  /** The last error of its last attempt. */
  error: string;
}

/** What `applyModel` did. */
export interface ApplyModelResult {
  /** Samples whose predictions were stored. */
  processed: number;
  /** Samples left out by `skipExisting`. */
  skipped: number;
  /** Samples that failed, with why (only with `skipFailures`). */
  failures: SampleFailure[];
  /** The inference worker threads the run used, per model (a cascade has two), with their memory; empty when it inferred in the main thread. */
  workers?: InferenceWorkersInfo[];
  /** Distributed runs: how the shards went. */
  shards?: {
    /** Number of shard jobs. */
    total: number;
    /** Shards that needed more than one attempt (a worker died or failed). */
    retried: number;
    /** Shards that failed after every retry (their unprocessed samples have no predictions). */
    failed: FailedShard[];
  };
}

/** Runs a distributed `applyModel`; registered by the distributed layer. */
export type DistributedRunner = (collection: SampleCollection, model: Model, options: ApplyModelOptions) => Promise<ApplyModelResult>;

let distributedRunner: DistributedRunner | undefined;

/** @internal — the distributed layer registers its runner here (the models layer does not know job queues). */
export function setDistributedRunner(runner: DistributedRunner): void {
  distributedRunner = runner;
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
  if (options.distributed) {
    if (!distributedRunner) throw new ModelCapabilityError("Distributed applyModel needs the distributed layer; import it from the package root (\"modelzoo\").");
    return distributedRunner(collection, model, options);
  }
  const asked = options.labelField ?? "predictions";
  // FiftyOne's "frames.<field>": a frame-level field of video samples (where image models store anyway).
  const frameField = typeof asked === "string" && asked.startsWith("frames.") ? asked.slice("frames.".length) : undefined;
  const labelField: LabelField = frameField ?? asked;
  const frameStep = frameStepOf(options);
  if (model.mediaType === "video" && !isVideoModel(model)) {
    throw new ModelCapabilityError(`Model "${model.name}" says its mediaType is "video" but has no predictVideo(reader) method; implement VideoModel.`);
  }
  if (options.storeLogits && !model.hasLogits) {
    throw new ModelCapabilityError(`Model "${model.name}" cannot store logits (hasLogits is false); drop storeLogits or pick a model tagged "logits".`);
  }
  const prompts = promptSpec(model, options.promptField);
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
  if (frameField !== undefined && ids.length > 0) {
    throw new FieldTypeError(
      `labelField "frames.${frameField}" names a frame-level field, but the collection has ${ids.length} image sample(s). ` +
        `Use "${frameField}" for images, or apply to the videos only (collection.match({ mediaType: "video" })).`,
    );
  }
  if (frameField?.includes(".")) {
    throw new FieldTypeError(`labelField "frames.${frameField}": frame-level fields cannot be embedded documents; use a plain name after "frames.".`);
  }
  // Embedded document fields ("data.pred"): the top-level fields they live in, read before they are rewritten.
  const embeddedRoots = [...new Set((typeof labelField === "string" ? [labelField] : Object.values(labelField)).filter((f) => f.includes(".")).map((f) => f.split(".")[0]!))];
  if (embeddedRoots.length > 0 && videoIds.length > 0) {
    throw new FieldTypeError(`labelField ${JSON.stringify(labelField)} is an embedded document path; video samples store frame-level fields, which cannot be. Use a plain field name.`);
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
  // The app serves the mask files of labels only from the dataset's media and label folders.
  if (options.outputDir) await collection.addLabelFolder(options.outputDir);
  await model.load();
  const workers = await startRunWorkers(model, options, ids.length);
  const previousLogits = model.storeLogits;
  model.storeLogits = options.storeLogits ?? false;
  const progress = createProgress(model.name, ids.length + videoIds.length, options.progress);
  const { failures, fail } = failureRecorder(options);
  let processed = 0;
  let imageFolderAdded = false;
  try {
    for await (const results of runPipeline<ModelOutput>(collection, model, ids, options, "predict", prompts)) {
      if (embeddedRoots.length > 0) await loadFields(collection, results.flatMap((r) => (r.ok ? [r.sample] : [])), embeddedRoots);
      const done: Sample[] = [];
      for (const r of results) {
        if (!r.ok) {
          fail(r.sample, r.error);
          continue;
        }
        const sample = r.sample;
        let labels = filterByConfidence(r.outputs[0] ?? null, options.confidenceThresh);
        if (options.outputDir) labels = await writeMasksToDisk(labels, sample.filepath, labelField, { outputDir: options.outputDir, ...(options.relDir ? { relDir: options.relDir } : {}) });
        else if (hasInlineImages(labels)) {
          // Images a model makes (ImageOutput) always go to disk: beside the dataset unless outputDir says where.
          const outputDir = defaultOutputDir(collection.datasetName);
          if (!imageFolderAdded) await collection.addLabelFolder(outputDir);
          imageFolderAdded = true;
          labels = await writeMasksToDisk(labels, sample.filepath, labelField, { outputDir, imagesOnly: true, ...(options.relDir ? { relDir: options.relDir } : {}) });
        }
        sample.addLabels(labels, labelField);
        done.push(sample);
      }
      await collection.saveSamples(done, options.writeOnce === undefined ? {} : { once: options.writeOnce });
      processed += done.length;
      options.onBatchSaved?.(done.length);
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
  return { processed, skipped, failures, ...(workers.length > 0 ? { workers } : {}) };
}

/**
 * How a prompted model (FiftyOne's SamplesMixin) gets each sample's prompts: the prompt
 * field is read with the sample and handed over with the decoded image. Checks that
 * `promptField` is given exactly when the model takes prompts.
 */
function promptSpec(model: Model, promptField: string | undefined): SampleInputs {
  const prompted = isSamplesModel(model);
  if (promptField !== undefined && !prompted) {
    throw new RunOptionsError(`Model "${model.name}" takes no prompts; drop promptField (it is for prompted models such as SAM).`);
  }
  if (!prompted) return {};
  if (promptField === undefined || promptField === "") {
    throw new RunOptionsError(
      `Model "${model.name}" segments what prompts point at: pass promptField, the field of each sample holding ${model.promptTypes.join(" or ")} (e.g. { promptField: "ground_truth" }).`,
    );
  }
  return {
    fields: [promptField],
    async inputs(sample): Promise<unknown[]> {
      const value = sample.get(promptField);
      if (value === undefined || value === null) return []; // nothing to segment: no prediction
      if (!(value instanceof Label) || !model.promptTypes.includes(value.constructor.name)) {
        throw new FieldTypeError(`promptField "${promptField}" of ${sample.filepath} holds ${value instanceof Label ? value.constructor.name : typeof value}; model "${model.name}" takes ${model.promptTypes.join(" or ")}.`);
      }
      const input: PromptedInput = { image: await decodeImage(sample.filepath), prompts: value };
      return [input];
    },
  };
}

/** Copies the current values of `fields` into `samples` (loaded without them), so that a path inside them is merged, not replaced. */
async function loadFields(collection: SampleCollection, samples: readonly Sample[], fields: readonly string[]): Promise<void> {
  if (samples.length === 0) return;
  const full = new Map((await collection.getSamples(samples.map((s) => s.id), { fields: [...fields] })).map((s) => [s.id, s]));
  for (const sample of samples) {
    for (const field of fields) {
      const value = full.get(sample.id)?.get(field);
      if (value !== undefined) sample.set(field, value);
    }
  }
}

/**
 * Where `applyModel` writes the images models make (`ImageOutput`) when no `outputDir` is
 * given: `$MODELZOO_HOME/datasets/<dataset>.outputs/`, beside the dataset's SQLite file.
 */
export function defaultOutputDir(datasetName: string): string {
  return path.join(datasetsDir(), `${datasetName}.outputs`);
}
