import { TensorShapeError } from "./errors.js";
import type { TensorLayout } from "./to-tensor.js";

/**
 * ITU-R BT.601 luma weights of red, green and blue (MATLAB's `rgb2gray`), the factors
 * @vladmandic/human uses to feed its grayscale face models (src/tfjs/constants.ts `rgb`).
 */
export const LUMA_WEIGHTS = [0.2989, 0.587, 0.114] as const;

/**
 * One image's 3-channel float tensor (`3 * height * width` values, as `toFloat32`
 * makes it) merged to one luma channel (`height * width` values): the weighted sum of
 * the three channels. Normalization commutes with it (the weights sum to 1), so a
 * tensor scaled to [-1, 1] gives luma in [-1, 1].
 *
 * @throws TensorShapeError when the tensor does not hold `3 * height * width` values
 */
export function toLuma(tensor: Float32Array, width: number, height: number, layout: TensorLayout): Float32Array {
  const n = width * height;
  if (tensor.length !== 3 * n) throw new TensorShapeError(`toLuma needs ${3 * n} values for a ${width}×${height} RGB tensor, got ${tensor.length}.`);
  const [wr, wg, wb] = LUMA_WEIGHTS;
  const out = new Float32Array(n);
  if (layout === "nchw") {
    // [3, H, W]: three planes.
    for (let i = 0; i < n; i++) out[i] = wr * tensor[i]! + wg * tensor[n + i]! + wb * tensor[2 * n + i]!;
  } else {
    // [H, W, 3]: interleaved.
    for (let i = 0; i < n; i++) out[i] = wr * tensor[3 * i]! + wg * tensor[3 * i + 1]! + wb * tensor[3 * i + 2]!;
  }
  return out;
}
