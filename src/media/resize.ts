import sharp, { type KernelEnum } from "sharp";
import { MediaArgumentError } from "./errors.js";
import { contentSize, planResize, type ResizeAlign, type ResizeMode, type ResizeTransform } from "./resize-transform.js";
import { assertRgbImage, type RgbImage } from "./rgb-image.js";

/** Options of {@link resizeImage}. */
export interface ResizeOptions {
  /** Target width in pixels (a positive integer). */
  width: number;
  /** Target height in pixels (a positive integer). */
  height: number;
  /**
   * `"fill"` (default) stretches to exactly `width×height`; `"letterbox"` keeps the
   * aspect ratio, scales to fit, centres and pads (see {@link planResize}).
   */
  mode?: ResizeMode;
  /** Where letterboxed content sits: `"center"` (default) or `"start"` (top-left, padded right and bottom). */
  align?: ResizeAlign;
  /** Letterbox padding colour: one 0–255 value for all channels, or `[r, g, b]`. Default 0 (black). */
  padValue?: number | readonly [number, number, number];
  /**
   * sharp's resampling kernel. Default `"linear"`: bilinear with antialiasing when
   * shrinking, like Pillow's `BILINEAR` (torchvision's default), which most models were trained with.
   * `"tfjs-bilinear"` samples as TF.js's `tf.image.resizeBilinear` does (two pixels a
   * side, no antialiasing, corners not aligned, no half-pixel centres), for models whose
   * upstream library feeds them that way (@vladmandic/human, face-api);
   * `"tfjs-bilinear-aligned"` is the same with `alignCorners` (nsfwjs).
   */
  kernel?: keyof KernelEnum | "tfjs-bilinear" | "tfjs-bilinear-aligned";
  /**
   * With a `"tfjs-*"` kernel: each interpolated value is truncated to its byte instead of
   * rounded, as TF.js's `tf.cast(resized, "int32")` truncates `resizeBilinear`'s floats
   * (for graphs that take int32 pixels, e.g. pose-detection's MoveNet). Default false.
   */
  truncate?: boolean;
}

/** What {@link resizeImage} returns: the model-input-sized image and how the source maps into it. */
export interface ResizedImage {
  /** The resized (and padded) image, exactly `width×height`. */
  image: RgbImage;
  /** The mapping, for {@link boxToSource} and {@link pointToSource}. */
  transform: ResizeTransform;
}

/**
 * Resizes an image to a model's input size with sharp (on libuv's thread pool) and
 * returns how the source was mapped, so that predictions can be mapped back.
 *
 * @throws MediaArgumentError for a malformed image, size, mode or pad value
 */
export async function resizeImage(image: RgbImage, options: ResizeOptions): Promise<ResizedImage> {
  assertRgbImage(image, "resizeImage");
  const { width, height } = options;
  const transform = planResize(image.width, image.height, width, height, options.mode ?? "fill", options.align);
  const pad = padColour(options.padValue ?? 0);
  const content = contentSize(transform);
  if (options.kernel === "tfjs-bilinear" || options.kernel === "tfjs-bilinear-aligned") {
    const scaled = content.width === image.width && content.height === image.height ? image : tfjsBilinear(image, content.width, content.height, options.kernel === "tfjs-bilinear-aligned", options.truncate);
    return { image: padImage(scaled, width, height, transform.padLeft, transform.padTop, pad), transform };
  }
  if (content.width === image.width && content.height === image.height && content.width === width && content.height === height) {
    return { image: { ...image, data: image.data.slice() }, transform }; // already the right size: no trip through sharp
  }
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (content.width !== image.width || content.height !== image.height) {
    pipeline = pipeline.resize(content.width, content.height, { fit: "fill", kernel: options.kernel ?? "linear" });
  }
  if (content.width !== width || content.height !== height) {
    pipeline = pipeline.extend({
      left: transform.padLeft,
      top: transform.padTop,
      right: width - content.width - transform.padLeft,
      bottom: height - content.height - transform.padTop,
      background: pad,
    });
  }
  const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height || info.channels !== 3) {
    throw new Error(`resizeImage produced ${info.width}×${info.height}×${info.channels}, not ${width}×${height}×3`);
  }
  return { image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height, channels: 3 }, transform };
}

/** A letterbox pad value as sharp's colour, checked (a {@link MediaArgumentError} names a bad one). */
export function padColour(value: number | readonly [number, number, number]): { r: number; g: number; b: number } {
  const [r, g, b] = typeof value === "number" ? [value, value, value] : value;
  for (const v of [r, g, b]) {
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new MediaArgumentError(`padValue must be an integer 0–255 or [r, g, b] of them, got ${JSON.stringify(value)}.`);
    }
  }
  return { r, g, b };
}

/**
 * TF.js's `tf.image.resizeBilinear(image, [height, width], alignCorners)` without
 * half-pixel centres: output pixel `x` samples the source at `x · inWidth / outWidth`
 * (with `alignCorners`, `x · (inWidth − 1) / (outWidth − 1)`), interpolating between its
 * two neighbours — no smoothing when shrinking. Values are rounded to bytes, or truncated
 * with `truncate` (TF.js's cast of the floats to int32).
 */
export function tfjsBilinear(image: RgbImage, width: number, height: number, alignCorners = false, truncate = false): RgbImage {
  const half = truncate ? 0 : 0.5;
  const out = new Uint8Array(width * height * 3);
  const sx = alignCorners && width > 1 ? (image.width - 1) / (width - 1) : image.width / width;
  const sy = alignCorners && height > 1 ? (image.height - 1) / (height - 1) : image.height / height;
  const src = image.data;
  // Each column's two source offsets and weight, computed once for all rows.
  const left = new Int32Array(width);
  const right = new Int32Array(width);
  const wx = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const fx = x * sx;
    const x0 = Math.min(image.width - 1, Math.floor(fx));
    left[x] = x0 * 3;
    right[x] = Math.min(image.width - 1, x0 + 1) * 3;
    wx[x] = fx - x0;
  }
  const stride = image.width * 3;
  for (let y = 0; y < height; y++) {
    const fy = y * sy;
    const y0 = Math.min(image.height - 1, Math.floor(fy));
    const top = y0 * stride;
    const bottom = Math.min(image.height - 1, y0 + 1) * stride;
    const ay = fy - y0;
    for (let x = 0, o = y * width * 3; x < width; x++, o += 3) {
      const ax = wx[x]!;
      const a = top + left[x]!;
      const b = top + right[x]!;
      const c = bottom + left[x]!;
      const d = bottom + right[x]!;
      // Unrolled over R, G, B; values are ≥ 0, so Math.round(v) is floor(v + 0.5), which the byte store truncates to (and floor(v) with truncate).
      const t0 = src[a]! + (src[b]! - src[a]!) * ax;
      const u0 = src[c]! + (src[d]! - src[c]!) * ax;
      out[o] = t0 + (u0 - t0) * ay + half;
      const t1 = src[a + 1]! + (src[b + 1]! - src[a + 1]!) * ax;
      const u1 = src[c + 1]! + (src[d + 1]! - src[c + 1]!) * ax;
      out[o + 1] = t1 + (u1 - t1) * ay + half;
      const t2 = src[a + 2]! + (src[b + 2]! - src[a + 2]!) * ax;
      const u2 = src[c + 2]! + (src[d + 2]! - src[c + 2]!) * ax;
      out[o + 2] = t2 + (u2 - t2) * ay + half;
    }
  }
  return { data: out, width, height, channels: 3 };
}

/** `image` placed at (`left`, `top`) on a `width × height` canvas of the pad colour. */
export function padImage(image: RgbImage, width: number, height: number, left: number, top: number, pad: { r: number; g: number; b: number }): RgbImage {
  if (image.width === width && image.height === height) return { ...image, data: image.data.slice() };
  const data = new Uint8Array(width * height * 3);
  // A new array is already black.
  if (pad.r !== 0 || pad.g !== 0 || pad.b !== 0) for (let i = 0; i < width * height; i++) {
    data[3 * i] = pad.r;
    data[3 * i + 1] = pad.g;
    data[3 * i + 2] = pad.b;
  }
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((top + y) * width + left) * 3);
  return { data, width, height, channels: 3 };
}
