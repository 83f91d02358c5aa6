import { ModelzooError } from "../errors.js";
import type { RgbImage } from "./rgb-image.js";

/** Memory layout of an image tensor: channels first (PyTorch/ONNX) or last (TensorFlow). */
export type TensorLayout = "nchw" | "nhwc";

/** Options of {@link toFloat32}: each value becomes `(pixel * scale - mean[c]) / std[c]`. */
export interface ToFloat32Options {
  /** Default `"nchw"`. */
  layout?: TensorLayout;
  /** Default 1/255 (pixels to [0, 1]). */
  scale?: number;
  /** Per-channel mean, after scaling. Default [0, 0, 0]. */
  mean?: readonly [number, number, number];
  /** Per-channel standard deviation, after scaling. Default [1, 1, 1]. */
  std?: readonly [number, number, number];
}

/** ImageNet's per-channel mean and std for [0, 1] pixels (torchvision's published values). */
export const IMAGENET_MEAN: readonly [number, number, number] = [0.485, 0.456, 0.406];
/** See {@link IMAGENET_MEAN}. */
export const IMAGENET_STD: readonly [number, number, number] = [0.229, 0.224, 0.225];

/** An RGB image as a normalized float32 tensor of one image (`3·H·W` values). */
export function toFloat32(image: RgbImage, options: ToFloat32Options = {}): Float32Array {
  const scale = options.scale ?? 1 / 255;
  const mean = options.mean ?? [0, 0, 0];
  const std = options.std ?? [1, 1, 1];
  // Fold scale, mean and std into one multiply-add per value.
  const mul = [scale / std[0], scale / std[1], scale / std[2]] as const;
  const add = [-mean[0] / std[0], -mean[1] / std[1], -mean[2] / std[2]] as const;
  const n = image.width * image.height;
  const src = image.data;
  const out = new Float32Array(n * 3);
  if ((options.layout ?? "nchw") === "nhwc") {
    for (let i = 0; i < n * 3; i += 3) {
      out[i] = src[i]! * mul[0] + add[0];
      out[i + 1] = src[i + 1]! * mul[1] + add[1];
      out[i + 2] = src[i + 2]! * mul[2] + add[2];
    }
  } else {
    for (let p = 0, i = 0; p < n; p++, i += 3) {
      out[p] = src[i]! * mul[0] + add[0];
      out[n + p] = src[i + 1]! * mul[1] + add[1];
      out[2 * n + p] = src[i + 2]! * mul[2] + add[2];
    }
  }
  return out;
}

/** Concatenates equal-length tensors into one batch buffer. */
export function stackBatch(tensors: readonly Float32Array[]): Float32Array {
  const size = tensors[0]?.length ?? 0;
  const out = new Float32Array(size * tensors.length);
  tensors.forEach((t, i) => {
    if (t.length !== size) {
      throw new ModelzooError("TENSOR_SHAPE", `stackBatch needs tensors of one size; tensor ${i} has ${t.length} values, tensor 0 has ${size}. Resize every image to the model's input size first.`);
    }
    out.set(t, i * size);
  });
  return out;
}
