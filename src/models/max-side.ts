import type { ResizeTransform } from "../media/index.js";
import type { ImageInputConfig } from "./image-input.js";

/** Where an image goes in a `maxSide` input (see {@link planMaxSide}). */
export interface MaxSidePlan {
  /** The resized image's width (the content, before padding). */
  resizedWidth: number;
  /** The resized image's height. */
  resizedHeight: number;
  /** The input tensor's width: `resizedWidth` padded up to a multiple. */
  width: number;
  /** The input tensor's height. */
  height: number;
  /** How the source maps into the input (content at the top-left, padding right and bottom). */
  transform: ResizeTransform;
}

/**
 * The aspect-kept input of `@tensorflow-models/pose-detection`'s MoveNet MultiPose
 * (its `dist/movenet/detector.js`, `estimateMultiplePoses`, 2.1.3):
 * - a landscape (width > height) gets width `maxSide` and height
 *   `Math.round(maxSide · height / width)`; any other image (portrait or square) height
 *   `maxSide` and width `Math.round(maxSide · width / height)`;
 * - the resized image is padded right and bottom up to a multiple of `multiple` on each
 *   side (pose-detection pads only the shorter side, by `Math.ceil(side / 32) · 32`; its
 *   longer side, 256 by default, is already a multiple of 32);
 * - keypoints map back by the content's own scale per axis: pose-detection multiplies a
 *   point relative to the padded input by `padded / resized` and then by the image size,
 *   which is exactly `x_input / (resized / source)`, the inverse of this transform.
 */
export function planMaxSide(srcWidth: number, srcHeight: number, maxSide: number, multiple = 1): MaxSidePlan {
  const landscape = srcWidth > srcHeight;
  const resizedWidth = landscape ? maxSide : Math.max(1, Math.round((maxSide * srcWidth) / srcHeight));
  const resizedHeight = landscape ? Math.max(1, Math.round((maxSide * srcHeight) / srcWidth)) : maxSide;
  const width = Math.ceil(resizedWidth / multiple) * multiple;
  const height = Math.ceil(resizedHeight / multiple) * multiple;
  const transform: ResizeTransform = {
    srcWidth,
    srcHeight,
    dstWidth: width,
    dstHeight: height,
    scaleX: resizedWidth / srcWidth,
    scaleY: resizedHeight / srcHeight,
    padLeft: 0,
    padTop: 0,
  };
  return { resizedWidth, resizedHeight, width, height, transform };
}

/**
 * Why an input configuration cannot be used, or undefined: options that each define the
 * input's geometry exclude one another. Checked by the manifest schema and by `ImageModel`
 * (a caller's `input` override is merged after the schema ran).
 */
export function inputGeometryProblem(c: Pick<ImageInputConfig, "maxSide" | "minSide" | "resizeShortest" | "hf" | "maxWidth" | "padMultiple">): string | undefined {
  if (c.maxSide === undefined) return undefined;
  const clash = (["minSide", "resizeShortest", "hf", "maxWidth"] as const).filter((k) => c[k] !== undefined);
  if (clash.length) {
    return `input.maxSide cannot be combined with ${clash.map((k) => `input.${k}`).join(", ")}: each sets the input's size. Keep maxSide (the longer side scaled to it, aspect kept) or remove it.`;
  }
  return undefined;
}
