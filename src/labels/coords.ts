import type { BoundingBox, Point } from "./validate.js";

/**
 * Conversions between FiftyOne's relative coordinates (`[x, y, width, height]` in
 * [0, 1], top-left origin) and pixels or corner boxes.
 */

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** A pixel box `[x, y, w, h]` → a relative box, clipped to the image. */
export function fromAbsoluteBox(box: readonly [number, number, number, number], imageWidth: number, imageHeight: number): BoundingBox {
  const [x, y, w, h] = box;
  return fromCornerBox([x / imageWidth, y / imageHeight, (x + w) / imageWidth, (y + h) / imageHeight]);
}

/** A relative box → pixels `[x, y, w, h]`. */
export function toAbsoluteBox(box: readonly [number, number, number, number], imageWidth: number, imageHeight: number): BoundingBox {
  const [x, y, w, h] = box;
  return [x * imageWidth, y * imageHeight, w * imageWidth, h * imageHeight];
}

/**
 * Corners `[x1, y1, x2, y2]` → a relative `[x, y, w, h]` box, clipped to the image.
 * Pass `imageWidth`/`imageHeight` when the corners are in pixels. Swapped corners are
 * put in order.
 */
export function fromCornerBox(corners: readonly [number, number, number, number], imageWidth = 1, imageHeight = 1): BoundingBox {
  const x1 = clamp01(Math.min(corners[0], corners[2]) / imageWidth);
  const y1 = clamp01(Math.min(corners[1], corners[3]) / imageHeight);
  const x2 = clamp01(Math.max(corners[0], corners[2]) / imageWidth);
  const y2 = clamp01(Math.max(corners[1], corners[3]) / imageHeight);
  return [x1, y1, x2 - x1, y2 - y1];
}

/** A relative box → relative corners `[x1, y1, x2, y2]`. */
export function toCornerBox(box: readonly [number, number, number, number]): [number, number, number, number] {
  const [x, y, w, h] = box;
  return [x, y, x + w, y + h];
}

/** A relative box clipped to the image. */
export function clipBox(box: readonly [number, number, number, number]): BoundingBox {
  return fromCornerBox(toCornerBox(box));
}

/** The area of a box (relative boxes give a fraction of the image). */
export function boxArea(box: readonly [number, number, number, number]): number {
  return Math.max(0, box[2]) * Math.max(0, box[3]);
}

/** Intersection over union of two boxes in the same coordinates; 0 when both are empty. */
export function boxIou(a: readonly [number, number, number, number], b: readonly [number, number, number, number]): number {
  const ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = boxArea(a) + boxArea(b) - inter;
  // min() keeps identical boxes at exactly 1 despite float rounding in the intersection.
  return union > 0 ? Math.min(1, inter / union) : 0;
}

/** Pixel points → relative points, clipped to the image. */
export function fromAbsolutePoints(points: readonly (readonly [number, number])[], imageWidth: number, imageHeight: number): Point[] {
  return points.map(([x, y]) => [clamp01(x / imageWidth), clamp01(y / imageHeight)]);
}

/** Relative points → pixel points. */
export function toAbsolutePoints(points: readonly (readonly [number, number])[], imageWidth: number, imageHeight: number): Point[] {
  return points.map(([x, y]) => [x * imageWidth, y * imageHeight]);
}
