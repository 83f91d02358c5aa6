import type { FrameRange, VideoReader } from "../media/index.js";
import { isPreparingModel, type Model } from "./model.js";
import { prefetch } from "./prefetch.js";
import { RunOptionsError } from "./errors.js";

/** Options for video samples, shared by `applyModel` and `computeEmbeddings`. */
export interface VideoRunOptions {
  /**
   * Run an image model on every `frameStep`-th frame of each video (frames 1,
   * 1 + frameStep, ...). Default 1: every frame.
   */
  frameStep?: number;
}

/** A batch of one video's frames, prepared for the model. */
export interface FrameBatch {
  /** 1-based frame numbers, ascending. */
  frameNumbers: number[];
  /** The model's input per frame (prepared, or the decoded frame for models that do not prepare). */
  inputs: unknown[];
}

/** The frame step of `options`, checked. */
export function frameStepOf(options: VideoRunOptions): number {
  const step = options.frameStep ?? 1;
  if (!Number.isInteger(step) || step < 1) {
    throw new RunOptionsError(`frameStep must be an integer ≥ 1 (1 runs on every frame, 5 on every fifth); got ${String(step)}.`);
  }
  return step;
}

/**
 * The frames of `range` in batches of `batchSize`, decoded by ffmpeg and prepared
 * (resized, normalized) one batch ahead of the consumer, so that decoding hides
 * behind inference while at most two batches of frames are held.
 */
export function frameBatches(reader: VideoReader, model: Model, batchSize: number, range: FrameRange): AsyncGenerator<FrameBatch> {
  // Each task is one batch whose frames are read; their preparation started as they arrived.
  async function* tasks(): AsyncGenerator<() => Promise<FrameBatch>> {
    let frames: { n: number; input: Promise<unknown> }[] = [];
    const take = (): (() => Promise<FrameBatch>) => {
      const batch = frames;
      frames = [];
      return async () => ({ frameNumbers: batch.map((f) => f.n), inputs: await Promise.all(batch.map((f) => f.input)) });
    };
    for await (const frame of reader.frames(range)) {
      const input = isPreparingModel(model) ? model.prepare(frame) : Promise.resolve(frame);
      input.catch(() => undefined); // awaited by the batch's task
      frames.push({ n: frame.frameNumber, input });
      if (frames.length === batchSize) yield take();
    }
    if (frames.length > 0) yield take();
  }
  return prefetch(tasks(), 1);
}
