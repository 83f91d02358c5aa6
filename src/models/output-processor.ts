import type { BoundingBox, Point } from "../labels/index.js";
import type { ResizeTransform } from "../media/index.js";
import type { ModelOutput } from "./model.js";
import type { TensorData } from "./runtime.js";

/**
 * What a processor knows about the image behind one row of a batch. Processors
 * (src/processors, which may import only labels) declare the same shape as their own
 * `DecodeContext`; TypeScript's structural typing checks that the two agree.
 */
export interface ProcessContext {
  /** Index of the image in the batch (the row of each output to read). */
  index: number;
  /** Model input width in pixels. */
  inputWidth: number;
  /** Model input height in pixels. */
  inputHeight: number;
  /** Width of the source image in pixels. */
  imageWidth: number;
  /** Height of the source image in pixels. */
  imageHeight: number;
  /** Where the image lies in the model input, `[x, y, w, h]` relative to the input (not all of it when letterboxed). */
  contentBox: readonly [number, number, number, number];
  /** How the image was resized into the model input (to map boxes back). */
  transform: ResizeTransform;
  /** Keep logits on the labels. */
  storeLogits: boolean;
  /** Maps a box relative to the model input to one relative to the image (undoing letterbox padding). */
  toSourceBox(box: readonly [number, number, number, number]): BoundingBox;
  /** Maps a point relative to the model input to one relative to the image. */
  toSourcePoint(point: readonly [number, number]): Point;
}

/**
 * Turns a model's raw output tensors into labels for one image. Implementations
 * live in `src/processors/` (classifier, detectors, keypoints, segmentation...).
 */
export interface OutputProcessor {
  /** The output tensor names the processor reads (all when omitted). */
  readonly outputNames?: readonly string[];
  /** Labels for the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, TensorData>>, ctx: ProcessContext): ModelOutput;
}

/**
 * An output processor that works from text prompts (zero-shot classification): a
 * prompt model embeds its `prompts` when it loads and hands the embeddings over.
 */
export interface PromptedOutputProcessor extends OutputProcessor {
  /** The prompts to embed, in order. */
  readonly prompts: readonly string[];
  /** Receives one embedding per prompt. */
  setPromptEmbeddings(embeddings: readonly Float32Array[]): void;
}

/** True when `processor` needs prompt embeddings. */
export function isPromptedProcessor(processor: OutputProcessor | undefined): processor is PromptedOutputProcessor {
  const p = processor as Partial<PromptedOutputProcessor> | undefined;
  return Array.isArray(p?.prompts) && typeof p.setPromptEmbeddings === "function";
}
