import { MediaArgumentError } from "./errors.js";

/*
 * The geometry of fitting a source image into a model's input, and mapping relative
 * coordinates between the two. Coordinates are continuous: 0 is the left (top) edge of
 * the first pixel and 1 the right (bottom) edge of the last, as in FiftyOne's labels.
 */

/** How an image is fitted to a model's input size. */
export type ResizeMode = "fill" | "letterbox";

/**
 * Where letterboxed content sits in the target: `"center"` (default) pads evenly on
 * both sides; `"start"` puts it at the top-left corner and pads only right and bottom
 * (PaddleOCR's text recognizers pad a resized text line on the right).
 */
export type ResizeAlign = "center" | "start";

/**
 * How a resize mapped the source image into the target, in pixels: the source was
 * scaled by `scaleX`×`scaleY` (content size / source size) and its top-left corner
 * placed at (`padLeft`, `padTop`). "fill" has scale `dst / src` and no padding.
 */
export interface ResizeTransform {
  /** Source width. */
  srcWidth: number;
  /** Source height. */
  srcHeight: number;
  /** Target (model input) width. */
  dstWidth: number;
  /** Target (model input) height. */
  dstHeight: number;
  /** Content width in the target / source width. */
  scaleX: number;
  /** Content height in the target / source height. */
  scaleY: number;
  /** Padding columns left of the content. */
  padLeft: number;
  /** Padding rows above the content. */
  padTop: number;
}

/** A relative `[x, y, width, height]` box (FiftyOne's `bounding_box`). */
type Box = readonly [number, number, number, number];

/** A relative `[x, y]` point. */
type Pair = readonly [number, number];

/**
 * The transform that resizing a `srcWidth×srcHeight` image into `dstWidth×dstHeight`
 * uses. For "letterbox" the content keeps the aspect ratio, is as large as fits, has
 * a whole number of pixels on each side (rounded, at least 1) and is centred; an odd
 * leftover pixel of padding goes right or bottom. With `align: "start"` it sits at the
 * top-left and all padding goes right and bottom.
 *
 * @example a 200×100 image letterboxed into 100×100: scale 0.5, content 100×50, padTop 25
 */
export function planResize(srcWidth: number, srcHeight: number, dstWidth: number, dstHeight: number, mode: ResizeMode, align: ResizeAlign = "center"): ResizeTransform {
  for (const [name, v] of [["source width", srcWidth], ["source height", srcHeight], ["width", dstWidth], ["height", dstHeight]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new MediaArgumentError(`A resize needs a positive integer ${name}, got ${String(v)}.`);
  }
  if (mode !== "fill" && mode !== "letterbox") throw new MediaArgumentError(`Resize mode must be "fill" or "letterbox", got ${JSON.stringify(mode)}.`);
  if (align !== "center" && align !== "start") throw new MediaArgumentError(`Resize align must be "center" or "start", got ${JSON.stringify(align)}.`);
  if (mode === "fill") {
    return { srcWidth, srcHeight, dstWidth, dstHeight, scaleX: dstWidth / srcWidth, scaleY: dstHeight / srcHeight, padLeft: 0, padTop: 0 };
  }
  const scale = Math.min(dstWidth / srcWidth, dstHeight / srcHeight);
  const contentWidth = clampInt(Math.round(srcWidth * scale), 1, dstWidth);
  const contentHeight = clampInt(Math.round(srcHeight * scale), 1, dstHeight);
  return {
    srcWidth,
    srcHeight,
    dstWidth,
    dstHeight,
    // From the whole-pixel content size, so that mapping back is exact.
    scaleX: contentWidth / srcWidth,
    scaleY: contentHeight / srcHeight,
    padLeft: align === "start" ? 0 : Math.floor((dstWidth - contentWidth) / 2),
    padTop: align === "start" ? 0 : Math.floor((dstHeight - contentHeight) / 2),
  };
}

/** The size in pixels of the scaled source inside the target (the target size minus padding). */
export function contentSize(t: ResizeTransform): { width: number; height: number } {
  return { width: Math.round(t.srcWidth * t.scaleX), height: Math.round(t.srcHeight * t.scaleY) };
}

/**
 * A point relative to the target (model input) → relative to the source image,
 * undoing scale and padding, clipped to [0, 1] (a point in the padding lands on the
 * nearest edge).
 */
export function pointToSource(point: Pair, t: ResizeTransform): [number, number] {
  return [clamp01(targetToSourceX(point[0], t)), clamp01(targetToSourceY(point[1], t))];
}

/** A point relative to the source image → relative to the target, clipped to [0, 1]. The inverse of {@link pointToSource}. */
export function pointToTarget(point: Pair, t: ResizeTransform): [number, number] {
  return [clamp01(sourceToTargetX(point[0], t)), clamp01(sourceToTargetY(point[1], t))];
}

/**
 * A box `[x, y, w, h]` relative to the target (model input) → relative to the source
 * image: its corners are mapped with scale and padding undone, then clipped to the
 * image, so a box reaching into the padding keeps its part on the image and a box
 * entirely in the padding becomes an empty box on the edge.
 */
export function boxToSource(box: Box, t: ResizeTransform): [number, number, number, number] {
  return cornersToBox(
    targetToSourceX(box[0], t),
    targetToSourceY(box[1], t),
    targetToSourceX(box[0] + box[2], t),
    targetToSourceY(box[1] + box[3], t),
  );
}

/**
 * A box relative to the source image → relative to the target, clipped to [0, 1].
 * The inverse of {@link boxToSource}; `boxToTarget([0, 0, 1, 1], t)` is the content
 * area of the model input.
 */
export function boxToTarget(box: Box, t: ResizeTransform): [number, number, number, number] {
  return cornersToBox(
    sourceToTargetX(box[0], t),
    sourceToTargetY(box[1], t),
    sourceToTargetX(box[0] + box[2], t),
    sourceToTargetY(box[1] + box[3], t),
  );
}

// Relative target x → pixels in the target → pixels in the source → relative source x.
const targetToSourceX = (x: number, t: ResizeTransform) => (x * t.dstWidth - t.padLeft) / (t.scaleX * t.srcWidth);
const targetToSourceY = (y: number, t: ResizeTransform) => (y * t.dstHeight - t.padTop) / (t.scaleY * t.srcHeight);
const sourceToTargetX = (x: number, t: ResizeTransform) => (x * t.srcWidth * t.scaleX + t.padLeft) / t.dstWidth;
const sourceToTargetY = (y: number, t: ResizeTransform) => (y * t.srcHeight * t.scaleY + t.padTop) / t.dstHeight;

function cornersToBox(x1: number, y1: number, x2: number, y2: number): [number, number, number, number] {
  const left = clamp01(Math.min(x1, x2));
  const top = clamp01(Math.min(y1, y2));
  const right = clamp01(Math.max(x1, x2));
  const bottom = clamp01(Math.max(y1, y2));
  return [left, top, right - left, bottom - top];
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
