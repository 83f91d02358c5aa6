import path from "node:path";
import type { LabelField, Sample, SampleCollection } from "../dataset/index.js";
import { VideoReader } from "../media/index.js";
import { filterByConfidence } from "./confidence-filter.js";
import type { Model, ModelOutput } from "./model.js";
import { runModel } from "./run-batches.js";
import { frameBatches } from "./video-frames.js";
import { isVideoModel, type FrameOutput, type VideoModel } from "./video-model.js";
import { writeMasksToDisk } from "./write-masks.js";

/** What applying a model to one video needs from `applyModel`'s options. */
export interface VideoApplyContext {
  /** The collection the sample belongs to (its `saveSamples` writes a batch in one transaction). */
  collection: SampleCollection;
  /** An image model (run per frame) or a video model (given the reader). */
  model: Model;
  /** Where the predictions go (frame-level fields). */
  labelField: LabelField;
  /** Frames per model call and per transaction. */
  batchSize: number;
  /** Image models: every `frameStep`-th frame. */
  frameStep: number;
  /** Drop labels below this confidence. */
  confidenceThresh: number | undefined;
  /** Resume after the frames that already have `labelField`. */
  skipExisting: boolean;
  /** Write masks as PNG files under this folder. */
  outputDir: string | undefined;
  /** With `outputDir`: mask paths mirror the media's path relative to this folder. */
  relDir: string | undefined;
}

/**
 * Runs the model on one video sample and stores frame-level predictions, one
 * transaction per batch of frames: an image model on every `frameStep`-th frame,
 * a video model on the whole video. With `skipExisting`, a video whose last frame
 * already has `labelField` is left alone, and an image model resumes after the
 * last frame done (a video model, which carries state across frames, starts over).
 *
 * @returns "skipped" when the video was already done, else "processed"
 */
export async function applyToVideo(sample: Sample, ctx: VideoApplyContext): Promise<"processed" | "skipped"> {
  const videoModel = isVideoModel(ctx.model);
  const step = videoModel ? 1 : ctx.frameStep;
  const reader = await VideoReader.open(sample.filepath, { step });
  let start = 1;
  if (ctx.skipExisting && typeof ctx.labelField === "string") {
    const done = await sample.frames.numbers(ctx.labelField);
    const lastDone = done.at(-1) ?? 0;
    const lastWanted = 1 + (reader.frameCount - 1) * step;
    if (done.length > 0 && lastDone >= lastWanted) return "skipped";
    if (!videoModel && lastDone > 0) start = 1 + (Math.floor((lastDone - 1) / step) + 1) * step;
  }
  if (videoModel) await applyVideoModel(sample, reader, ctx.model as VideoModel, ctx);
  else {
    for await (const batch of frameBatches(reader, ctx.model, ctx.batchSize, { start, step })) {
      const outputs = await runModel<ModelOutput>(ctx.model, batch.inputs, "predict");
      await storeFrames(sample, batch.frameNumbers.map((n, i) => [n, outputs[i] as FrameOutput]), ctx);
    }
  }
  return "processed";
}

/** A video model: frame by frame when it can stream, else its whole frame dict at once. */
async function applyVideoModel(sample: Sample, reader: VideoReader, model: VideoModel, ctx: VideoApplyContext): Promise<void> {
  if (model.predictFrames) {
    let pending: [number, FrameOutput][] = [];
    for await (const entry of model.predictFrames(reader)) {
      pending.push(entry);
      if (pending.length >= ctx.batchSize) {
        await storeFrames(sample, pending, ctx);
        pending = [];
      }
    }
    if (pending.length > 0) await storeFrames(sample, pending, ctx);
    return;
  }
  let output = filterByConfidence(await model.predictVideo(reader), ctx.confidenceThresh);
  if (output instanceof Map && ctx.outputDir) {
    const frames = [...(output as ReadonlyMap<number, FrameOutput>)];
    output = new Map(await Promise.all(frames.map(async ([n, o]): Promise<[number, FrameOutput]> => [n, await externalize(o, sample, n, ctx)])));
  }
  sample.addLabels(output, ctx.labelField);
  await ctx.collection.saveSamples([sample]);
}

/** Filters, externalizes masks and stores one batch of frame predictions in one transaction. */
async function storeFrames(sample: Sample, frames: readonly (readonly [number, FrameOutput])[], ctx: VideoApplyContext): Promise<void> {
  const placed = new Map<number, FrameOutput>();
  for (const [n, output] of frames) {
    const filtered = filterByConfidence(output, ctx.confidenceThresh) as FrameOutput;
    placed.set(n, ctx.outputDir ? await externalize(filtered, sample, n, ctx) : filtered);
  }
  sample.addLabels(placed, ctx.labelField);
  await ctx.collection.saveSamples([sample]);
}

/** Writes a frame's masks as `<outputDir>/<field>/<video path without extension>/<frame number>.png`. */
async function externalize(output: FrameOutput, sample: Sample, frameNumber: number, ctx: VideoApplyContext): Promise<FrameOutput> {
  const ext = path.extname(sample.filepath);
  const framePath = path.join(sample.filepath.slice(0, sample.filepath.length - ext.length), `${String(frameNumber).padStart(6, "0")}${ext}`);
  // Without relDir, an image's mask is named after the image; a frame's after its video, in a folder.
  const relDir = ctx.relDir ?? path.dirname(sample.filepath);
  return (await writeMasksToDisk(output, framePath, ctx.labelField, { outputDir: ctx.outputDir!, relDir })) as FrameOutput;
}
