import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import type { BoundingBox, Point } from "./geometry.js";

/*
 * Conversions between FiftyOne's relative coordinates (`[x, y, width, height]` in
 * [0, 1], top-left origin) and pixels or corner boxes, plus box arithmetic.
 */

/** Four numbers: a box `[x, y, w, h]` or corners `[x1, y1, x2, y2]`. */
type Quad = readonly [number, number, number, number];

/** An `[x, y]` pair. */
type Pair = readonly [number, number];

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * A pixel box `[x, y, w, h]` → a relative box, clipped to the image: a box partly
 * outside keeps its inside part; a box entirely outside becomes an empty box on the edge.
 */
export function fromAbsoluteBox(box: Quad, imageWidth: number, imageHeight: number): BoundingBox {
  checkImageSize("fromAbsoluteBox", imageWidth, imageHeight);
  const [x, y, w, h] = box;
  return fromCornerBox([x, y, x + w, y + h], imageWidth, imageHeight);
}

/** A relative box → pixels `[x, y, w, h]` (not rounded). */
export function toAbsoluteBox(box: Quad, imageWidth: number, imageHeight: number): BoundingBox {
  checkImageSize("toAbsoluteBox", imageWidth, imageHeight);
  const [x, y, w, h] = box;
  return [x * imageWidth, y * imageHeight, w * imageWidth, h * imageHeight];
}

/**
 * Corners `[x1, y1, x2, y2]` → a relative `[x, y, w, h]` box, clipped to the image.
 * The corners are relative unless `imageWidth`/`imageHeight` are given, in which case
 * they are pixels. Swapped corners are put in order.
 */
export function fromCornerBox(corners: Quad, imageWidth = 1, imageHeight = 1): BoundingBox {
  checkImageSize("fromCornerBox", imageWidth, imageHeight);
  const x1 = clamp01(Math.min(corners[0], corners[2]) / imageWidth);
  const y1 = clamp01(Math.min(corners[1], corners[3]) / imageHeight);
  const x2 = clamp01(Math.max(corners[0], corners[2]) / imageWidth);
  const y2 = clamp01(Math.max(corners[1], corners[3]) / imageHeight);
  return [x1, y1, x2 - x1, y2 - y1];
}

/**
 * A relative box → corners `[x1, y1, x2, y2]`: relative, or pixels when
 * `imageWidth`/`imageHeight` are given.
 */
export function toCornerBox(box: Quad, imageWidth = 1, imageHeight = 1): [number, number, number, number] {
  checkImageSize("toCornerBox", imageWidth, imageHeight);
  const [x, y, w, h] = box;
  return [x * imageWidth, y * imageHeight, (x + w) * imageWidth, (y + h) * imageHeight];
}

/** A relative box clipped to the image ([0, 1] on both axes). */
export function clipBox(box: Quad): BoundingBox {
  const [x, y, w, h] = box;
  return fromCornerBox([x, y, x + w, y + h]);
}

/** The area of a box (a fraction of the image for relative boxes); negative sizes count as 0. */
export function boxArea(box: Quad): number {
  return Math.max(0, box[2]) * Math.max(0, box[3]);
}

/** Intersection over union of two `[x, y, w, h]` boxes in the same coordinates; 0 when both are empty. */
export function boxIou(a: Quad, b: Quad): number {
  const ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = boxArea(a) + boxArea(b) - inter;
  // min() keeps identical boxes at exactly 1 despite float rounding in the intersection.
  return union > 0 ? Math.min(1, inter / union) : 0;
}

/** Pixel points → relative points, clipped to the image; `null` (a missing keypoint) stays `null`. */
export function fromAbsolutePoints(points: readonly Pair[], imageWidth: number, imageHeight: number): Point[];
export function fromAbsolutePoints(points: readonly (Pair | null)[], imageWidth: number, imageHeight: number): (Point | null)[];
export function fromAbsolutePoints(points: readonly (Pair | null)[], imageWidth: number, imageHeight: number): (Point | null)[] {
  checkImageSize("fromAbsolutePoints", imageWidth, imageHeight);
  return points.map((p) => (p === null ? null : [clamp01(p[0] / imageWidth), clamp01(p[1] / imageHeight)]));
}

/** Relative points → pixel points; `null` stays `null`. */
export function toAbsolutePoints(points: readonly Pair[], imageWidth: number, imageHeight: number): Point[];
export function toAbsolutePoints(points: readonly (Pair | null)[], imageWidth: number, imageHeight: number): (Point | null)[];
export function toAbsolutePoints(points: readonly (Pair | null)[], imageWidth: number, imageHeight: number): (Point | null)[] {
  checkImageSize("toAbsolutePoints", imageWidth, imageHeight);
  return points.map((p) => (p === null ? null : [p[0] * imageWidth, p[1] * imageHeight]));
}

// A zero or NaN size would turn every coordinate into NaN or Infinity far from the cause.
function checkImageSize(fn: string, width: number, height: number): void {
  if (!(typeof width === "number" && typeof height === "number" && width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new LabelValidationError(`${fn} needs the image width and height in pixels, both positive; got ${describeValue(width)} × ${describeValue(height)}.`);
  }
}
