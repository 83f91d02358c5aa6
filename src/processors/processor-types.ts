import type { BoundingBox, Point } from "../labels/index.js";
import { ProcessorOutputError } from "./errors.js";

/** An output tensor as processors read it: flat values and a shape. */
export interface OutputTensor {
  /** Row-major values. */
  data: ArrayLike<number>;
  /** Shape, batch first. */
  dims: readonly number[];
}

/**
 * What a processor is told about the image it decodes. The model fills it; boxes and
 * points are decoded relative to the model input, then mapped with `toSourceBox` /
 * `toSourcePoint` to the image (which undoes any letterbox padding).
 */
export interface DecodeContext {
  /** Row of the batch to read. */
  index: number;
  /** Model input width in pixels (to normalize pixel outputs). */
  inputWidth: number;
  /** Model input height in pixels. */
  inputHeight: number;
  /** Width of the source image in pixels. */
  imageWidth: number;
  /** Height of the source image in pixels. */
  imageHeight: number;
  /** Where the image lies in the model input, `[x, y, w, h]` relative to the input. */
  contentBox: readonly [number, number, number, number];
  /** Keep logits on the labels. */
  storeLogits: boolean;
  /** Input-relative box → image-relative box. */
  toSourceBox(box: readonly [number, number, number, number]): BoundingBox;
  /** Input-relative point → image-relative point. */
  toSourcePoint(point: readonly [number, number]): Point;
}

/** Reads a named output or explains which ones exist. */
export function requireOutput(outputs: Readonly<Record<string, OutputTensor>>, name: string, processor: string): OutputTensor {
  const t = outputs[name];
  if (!t) throw new ProcessorOutputError(`${processor} needs the output "${name}", but the model gave ${Object.keys(outputs).join(", ") || "none"}. Check the processor's output names.`);
  return t;
}
