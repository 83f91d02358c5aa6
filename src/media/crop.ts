import { MediaArgumentError } from "./errors.js";
import { assertRgbImage, type RgbImage } from "./rgb-image.js";

/** Options of {@link cropImage}: FiftyOne's `extract_patch()` options. */
export interface CropOptions {
  /**
   * Make the patch square by growing its shorter side about the centre, shifted to
   * stay inside the image; if the image is too small for that, the longer side is
   * cut to the image's smaller dimension instead. Applied after `alpha`. Default false.
   */
  forceSquare?: boolean;
  /**
   * Grow (> 0) or shrink (< 0, down to -1) the box's width and height by this
   * fraction of themselves, half on each side, before cropping: `0.1` makes a
   * 100×50 px box 110×55. The grown box is clipped to the image. Default 0.
   */
  alpha?: number;
}

// Slack for float noise when turning relative edges into pixels: 0.29 * 100 is
// 28.999999999999996, which must count as pixel 29.
const EDGE_EPSILON = 1e-9;

/**
 * Cuts the pixels of a relative `[x, y, w, h]` box out of an image (a copy), with
 * FiftyOne's `extract_patch()` semantics: `alpha` first, then the box's edges become
 * pixels by truncation (`floor(x * width)`), then `forceSquare`. The patch always lies
 * within the image and is at least 1×1 pixel, even for an empty box.
 *
 * Synchronous: it only copies rows, which is cheaper than a trip to sharp's thread pool.
 *
 * @throws MediaArgumentError for a malformed image, a non-finite box, or alpha < -1
 */
export function cropImage(image: RgbImage, box: readonly [number, number, number, number], options: CropOptions = {}): RgbImage {
  assertRgbImage(image, "cropImage");
  const region = patchRegion(image.width, image.height, box, options);
  return copyRegion(image, region.left, region.top, region.width, region.height);
}

/** A rectangle of whole pixels inside an image. */
export interface PixelRegion {
  /** First column. */
  left: number;
  /** First row. */
  top: number;
  /** Width in pixels (≥ 1). */
  width: number;
  /** Height in pixels (≥ 1). */
  height: number;
}

/**
 * The pixels {@link cropImage} would cut for `box` from an image of this size: what a
 * caller needs to map coordinates found inside the patch back onto the image.
 *
 * @throws MediaArgumentError for a non-finite box, or alpha < -1
 */
export function patchRegion(imageWidth: number, imageHeight: number, box: readonly [number, number, number, number], options: CropOptions = {}): PixelRegion {
  if (box.length !== 4 || !box.every(Number.isFinite)) throw new MediaArgumentError(`cropImage needs a relative [x, y, w, h] box of 4 finite numbers, got ${JSON.stringify(box)}.`);
  const alpha = options.alpha ?? 0;
  if (!(Number.isFinite(alpha) && alpha >= -1)) throw new MediaArgumentError(`cropImage alpha must be a number ≥ -1, got ${String(alpha)}.`);

  const [x, y, w, h] = box;
  const padX = 0.5 * alpha * Math.abs(w);
  const padY = 0.5 * alpha * Math.abs(h);
  let [x1, x2] = toPixels(Math.min(x, x + w) - padX, Math.max(x, x + w) + padX, imageWidth);
  let [y1, y2] = toPixels(Math.min(y, y + h) - padY, Math.max(y, y + h) + padY, imageHeight);
  if (options.forceSquare) {
    const side = Math.min(Math.max(x2 - x1, y2 - y1), imageWidth, imageHeight);
    [x1, x2] = resizeSpan(x1, x2, side, imageWidth);
    [y1, y2] = resizeSpan(y1, y2, side, imageHeight);
  }
  return { left: x1, top: y1, width: x2 - x1, height: y2 - y1 };
}

/** Relative edges → a pixel span [start, end) inside [0, size), at least one pixel long. */
function toPixels(lo: number, hi: number, size: number): [number, number] {
  const start = Math.min(size - 1, Math.max(0, Math.floor(clamp01(lo) * size + EDGE_EPSILON)));
  const end = Math.max(start + 1, Math.min(size, Math.floor(clamp01(hi) * size + EDGE_EPSILON)));
  return [start, end];
}

/**
 * A span grown or shrunk to `length` about its centre (the odd pixel goes to the end),
 * then shifted to lie within [0, size). `length` must be ≤ size.
 */
function resizeSpan(start: number, end: number, length: number, size: number): [number, number] {
  const delta = length - (end - start);
  let s = delta >= 0 ? start - Math.floor(delta / 2) : start + Math.floor(-delta / 2);
  s = Math.min(Math.max(0, s), size - length);
  return [s, s + length];
}

function copyRegion(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const rowBytes = width * 3;
  const data = new Uint8Array(rowBytes * height);
  for (let row = 0; row < height; row++) {
    const from = ((top + row) * image.width + left) * 3;
    data.set(image.data.subarray(from, from + rowBytes), row * rowBytes);
  }
  return { data, width, height, channels: 3 };
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * Cuts a (possibly rotated) quadrilateral out of an image and straightens it: the
 * patch is `|topRight − topLeft|` wide and `|bottomLeft − topLeft|` high (rounded, at
 * least 1 px), each pixel sampled bilinearly along the quad's edges, with edge pixels
 * repeated beyond the image (as OpenCV's `BORDER_REPLICATE`). `quad` is
 * `[topLeft, topRight, bottomRight, bottomLeft]` relative to the image; it is treated
 * as the parallelogram its first three corners span (a rectangle for the rotated
 * boxes text detectors return) — PaddleOCR's `get_rotate_crop_image` for those.
 *
 * @throws MediaArgumentError for a malformed image or quad
 */
export function cropQuad(image: RgbImage, quad: readonly (readonly [number, number])[]): RgbImage {
  assertRgbImage(image, "cropQuad");
  if (quad.length !== 4 || !quad.every((p) => p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]))) {
    throw new MediaArgumentError(`cropQuad needs 4 relative [x, y] corners (topLeft, topRight, bottomRight, bottomLeft), got ${JSON.stringify(quad)}.`);
  }
  const [tl, tr, , bl] = quad.map(([x, y]) => [x * image.width, y * image.height] as const) as [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];
  const ux = tr[0] - tl[0];
  const uy = tr[1] - tl[1];
  const vx = bl[0] - tl[0];
  const vy = bl[1] - tl[1];
  const width = Math.max(1, Math.round(Math.hypot(ux, uy)));
  const height = Math.max(1, Math.round(Math.hypot(vx, vy)));
  const data = new Uint8Array(width * height * 3);
  const src = image.data;
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  for (let j = 0; j < height; j++) {
    const fv = (j + 0.5) / height;
    for (let i = 0; i < width; i++) {
      const fu = (i + 0.5) / width;
      // Continuous source point → pixel-centre coordinates, clamped (edge pixels repeat).
      const x = Math.min(maxX, Math.max(0, tl[0] + fu * ux + fv * vx - 0.5));
      const y = Math.min(maxY, Math.max(0, tl[1] + fu * uy + fv * vy - 0.5));
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = Math.min(maxX, x0 + 1);
      const y1 = Math.min(maxY, y0 + 1);
      const ax = x - x0;
      const ay = y - y0;
      const o = (j * width + i) * 3;
      for (let c = 0; c < 3; c++) {
        const top = src[(y0 * image.width + x0) * 3 + c]! * (1 - ax) + src[(y0 * image.width + x1) * 3 + c]! * ax;
        const bottom = src[(y1 * image.width + x0) * 3 + c]! * (1 - ax) + src[(y1 * image.width + x1) * 3 + c]! * ax;
        data[o + c] = Math.round(top * (1 - ay) + bottom * ay);
      }
    }
  }
  return { data, width, height, channels: 3 };
}

/** An image turned a quarter turn counter-clockwise (a copy). */
export function rotateQuarterLeft(image: RgbImage): RgbImage {
  assertRgbImage(image, "rotateQuarterLeft");
  const { width, height } = image;
  const data = new Uint8Array(width * height * 3);
  // Output is height wide and width high; output (x, y) = input (width - 1 - y, x).
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < height; x++) {
      const from = (x * width + (width - 1 - y)) * 3;
      const to = (y * height + x) * 3;
      data[to] = image.data[from]!;
      data[to + 1] = image.data[from + 1]!;
      data[to + 2] = image.data[from + 2]!;
    }
  }
  return { data, width: height, height: width, channels: 3 };
}
