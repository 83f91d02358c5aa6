import { MediaArgumentError, TensorShapeError } from "./errors.js";
import { assertRgbImage, type RgbImage } from "./rgb-image.js";

/** Memory layout of an image tensor: channels first (`"nchw"`, PyTorch/ONNX) or last (`"nhwc"`, TensorFlow). */
export type TensorLayout = "nchw" | "nhwc";

/** An `[r, g, b]` triple of per-channel values. */
export type ChannelValues = readonly [number, number, number];

/** Options of {@link toFloat32}: each value becomes `(pixel * scale - mean[c]) / std[c]`. */
export interface ToFloat32Options {
  /** Default `"nchw"`: all R values, then all G, then all B. `"nhwc"` keeps RGB interleaved. */
  layout?: TensorLayout;
  /** Multiplies the 0–255 pixel first. Default 1/255 (pixels to [0, 1]); use 1 for models that take 0–255. */
  scale?: number;
  /** Per-channel mean subtracted after scaling. Default [0, 0, 0]. */
  mean?: ChannelValues;
  /** Per-channel standard deviation divided by after subtracting the mean (non-zero). Default [1, 1, 1]. */
  std?: ChannelValues;
  /**
   * Write into this buffer instead of allocating one, starting at `offset`: lets a
   * batch be filled image by image with no copy (`offset = i * 3 * height * width`).
   */
  out?: Float32Array;
  /** Where in `out` the image's `3 * height * width` values start. Default 0. */
  offset?: number;
  /**
   * Channel order of the tensor. Default `"rgb"`. `"bgr"` writes blue first (OpenCV-trained
   * models); `mean` and `std` still name the image's R, G, B channels, each applied to its own
   * channel before it is placed. The swap costs nothing: it is done in the same pass.
   */
  channelOrder?: "rgb" | "bgr";
}

/** ImageNet's per-channel mean for pixels in [0, 1] (torchvision's values); pair with {@link IMAGENET_STD}. */
export const IMAGENET_MEAN: ChannelValues = [0.485, 0.456, 0.406];
/** ImageNet's per-channel standard deviation for pixels in [0, 1] (torchvision's values). */
export const IMAGENET_STD: ChannelValues = [0.229, 0.224, 0.225];

/**
 * An RGB image as a normalized float32 tensor of one image (`3 * height * width`
 * values, without a batch dimension): `(pixel * scale - mean[c]) / std[c]` per channel.
 * One pass, no per-pixel allocation.
 *
 * @returns `options.out` when given, else a new array
 * @throws MediaArgumentError for a malformed image or a zero/non-finite std, scale or mean
 * @throws TensorShapeError when `out` is too short for the image at `offset`
 */
export function toFloat32(image: RgbImage, options: ToFloat32Options = {}): Float32Array {
  assertRgbImage(image, "toFloat32");
  const scale = options.scale ?? 1 / 255;
  const mean = options.mean ?? [0, 0, 0];
  const std = options.std ?? [1, 1, 1];
  const layout = options.layout ?? "nchw";
  if (!Number.isFinite(scale) || ![...mean, ...std].every(Number.isFinite) || std.some((s) => s === 0) || mean.length !== 3 || std.length !== 3) {
    throw new MediaArgumentError(`toFloat32 needs a finite scale and 3 finite mean and non-zero std values, got scale ${scale}, mean ${JSON.stringify(mean)}, std ${JSON.stringify(std)}.`);
  }
  const bgr = options.channelOrder === "bgr";
  if (options.channelOrder !== undefined && options.channelOrder !== "rgb" && !bgr) throw new MediaArgumentError(`toFloat32 channelOrder must be "rgb" or "bgr", got ${JSON.stringify(options.channelOrder)}.`);
  if (layout !== "nchw" && layout !== "nhwc") throw new MediaArgumentError(`toFloat32 layout must be "nchw" or "nhwc", got ${JSON.stringify(layout)}.`);
  const n = image.width * image.height;
  const offset = options.offset ?? 0;
  const out = options.out ?? new Float32Array(n * 3);
  if (!Number.isInteger(offset) || offset < 0 || offset + n * 3 > out.length) {
    throw new TensorShapeError(`toFloat32 needs ${n * 3} values at offset ${offset} of its output, which has ${out.length}. Size the batch buffer for every image.`);
  }
  // (p * scale - mean) / std folded into one multiply-add per value.
  const mul = [scale / std[0], scale / std[1], scale / std[2]] as const;
  const add = [-mean[0] / std[0], -mean[1] / std[1], -mean[2] / std[2]] as const;
  // Where the image's R and B go: swapped for BGR (G stays in the middle).
  const [r, b] = bgr ? [2, 0] : [0, 2];
  if (layout === "nhwc") fillInterleaved(image.data, out, offset, n, r, b, mul[0], mul[1], mul[2], add[0], add[1], add[2]);
  else fillPlanar(image.data, out, offset + r * n, offset + n, offset + b * n, n, mul[0], mul[1], mul[2], add[0], add[1], add[2]);
  return out;
}

// The loops live in small functions with scalar arguments so that the JIT keeps
// every factor in a register and compiles each loop on its own.

/** `r0`, `g0`, `b0`: where the image's R, G and B planes start in `out`. */
function fillPlanar(src: Uint8Array, out: Float32Array, r0: number, g0: number, b0: number, n: number, m0: number, m1: number, m2: number, a0: number, a1: number, a2: number): void {
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    out[r0 + p] = src[i]! * m0 + a0;
    out[g0 + p] = src[i + 1]! * m1 + a1;
    out[b0 + p] = src[i + 2]! * m2 + a2;
  }
}

/** `r`, `b`: the slots (0 or 2) of the image's R and B within each pixel of `out`. */
function fillInterleaved(src: Uint8Array, out: Float32Array, offset: number, n: number, r: number, b: number, m0: number, m1: number, m2: number, a0: number, a1: number, a2: number): void {
  for (let i = 0, o = offset, end = n * 3; i < end; i += 3, o += 3) {
    out[o + r] = src[i]! * m0 + a0;
    out[o + 1] = src[i + 1]! * m1 + a1;
    out[o + b] = src[i + 2]! * m2 + a2;
  }
}
