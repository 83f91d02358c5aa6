import type * as TfCore from "@tensorflow/tfjs-core";
import type * as TfLayers from "@tensorflow/tfjs-layers";

/*
 * The two custom Keras layers of UpscalerJS's RRDN ("thick") ESRGAN models, which TF.js
 * must know by class name before it can read their model.json. What they compute is
 * stated by the model definition in `@upscalerjs/esrgan-thick` 1.0.0
 * (packages/shared/src/esrgan/esrgan.ts, and idealo/image-super-resolution's RRDN):
 * `MultiplyBeta` scales its input by β = 0.2 (residual scaling), `PixelShuffle<s>x`
 * is a depth-to-space rearrangement of block size s (sub-pixel convolution, NHWC).
 */

const BETA = 0.2;
let registered = false;

/** Registers `MultiplyBeta` and `PixelShuffle2x/3x/4x/8x` with TF.js's serialization (once per process). */
export function registerUpscalerLayers(tf: typeof TfCore, layers: typeof TfLayers): void {
  if (registered) return;
  registered = true;
  const first = (inputs: TfCore.Tensor | TfCore.Tensor[]): TfCore.Tensor => (Array.isArray(inputs) ? inputs[0]! : inputs);

  class MultiplyBeta extends layers.layers.Layer {
    static className = "MultiplyBeta";
    override call(inputs: TfCore.Tensor | TfCore.Tensor[]): TfCore.Tensor {
      return tf.mul(first(inputs), BETA);
    }
  }
  tf.serialization.registerClass(MultiplyBeta);

  for (const scale of [2, 3, 4, 8]) {
    const PixelShuffle = class extends layers.layers.Layer {
      static className = `PixelShuffle${scale}x`;
      override computeOutputShape(inputShape: TfLayers.Shape | TfLayers.Shape[]): TfLayers.Shape {
        const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TfLayers.Shape;
        const grow = (d: number | null | undefined): number | null => (d === null || d === undefined ? null : d * scale);
        return [s[0] ?? null, grow(s[1]), grow(s[2]), s[3] === null || s[3] === undefined ? null : s[3] / (scale * scale)];
      }
      override call(inputs: TfCore.Tensor | TfCore.Tensor[]): TfCore.Tensor {
        return tf.depthToSpace(first(inputs) as TfCore.Tensor4D, scale, "NHWC");
      }
    };
    tf.serialization.registerClass(PixelShuffle);
  }
}
