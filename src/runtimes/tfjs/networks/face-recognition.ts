import type * as TfCore from "@tensorflow/tfjs-core";
import { weight, type TfjsNetwork, type WeightMap } from "./network.js";

/*
 * face-api's face recognition net: a ResNet-34-like network (dlib's face descriptor, ported
 * by face-api.js) giving a 128-d embedding whose Euclidean distance separates people.
 * Learnt from @vladmandic/face-api 1.7.15 src/faceRecognitionNet/{FaceRecognitionNet,
 * residualLayer,convLayer,scaleLayer}.ts: a 150×150 crop (centred, padded square)
 * normalized as (pixel − [122.782, 117.001, 104.298]) / 255; each convolution is followed
 * by a per-channel affine "scale" layer (folded BatchNorm); down-sampling residual blocks
 * add a 2×2 average pool of their input, zero-padded in channels (and the block's output
 * zero-padded in space when the pool is one pixel larger).
 */

/** Input side of the face crop in pixels. */
export const RECOGNITION_CROP_SIZE = 150;

type Tf = typeof TfCore;

function convScale(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, prefix: string, stride: 1 | 2, relu: boolean): TfCore.Tensor4D {
  const padding = stride === 2 ? "valid" : "same";
  let out = tf.add<TfCore.Tensor4D>(tf.conv2d(x, weight<TfCore.Rank.R4>(w, `${prefix}/conv/filters`), stride, padding), weight(w, `${prefix}/conv/bias`));
  out = tf.add<TfCore.Tensor4D>(tf.mul(out, weight(w, `${prefix}/scale/weights`)), weight(w, `${prefix}/scale/biases`));
  return relu ? tf.relu(out) : out;
}

function residual(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, block: string): TfCore.Tensor4D {
  const out = convScale(tf, w, convScale(tf, w, x, `${block}/conv1`, 1, true), `${block}/conv2`, 1, false);
  return tf.relu(tf.add<TfCore.Tensor4D>(out, x));
}

function residualDown(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, block: string): TfCore.Tensor4D {
  let out = convScale(tf, w, convScale(tf, w, x, `${block}/conv1`, 2, true), `${block}/conv2`, 1, false);
  let shortcut = tf.avgPool(x, 2, 2, "valid");
  const [dh, dw] = [shortcut.shape[1] - out.shape[1], shortcut.shape[2] - out.shape[2]];
  if (dh > 0 || dw > 0) {
    out = tf.pad(out, [
      [0, 0],
      [0, dh],
      [0, dw],
      [0, 0],
    ]);
  }
  const extraChannels = out.shape[3] - shortcut.shape[3];
  if (extraChannels > 0) {
    shortcut = tf.pad(shortcut, [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, extraChannels],
    ]);
  }
  return tf.relu(tf.add<TfCore.Tensor4D>(shortcut, out));
}

const BLOCKS: readonly (readonly [name: string, down: boolean])[] = [
  ["conv32_1", false],
  ["conv32_2", false],
  ["conv32_3", false],
  ["conv64_down", true],
  ["conv64_1", false],
  ["conv64_2", false],
  ["conv64_3", false],
  ["conv128_down", true],
  ["conv128_1", false],
  ["conv128_2", false],
  ["conv256_down", true],
  ["conv256_1", false],
  ["conv256_2", false],
  ["conv256_down_out", true],
];

/** Face recognition: face crop `[N, 150, 150, 3]` → `descriptor` `[N, 128]`. */
export const faceRecognition: TfjsNetwork = {
  name: "face-api-recognition",
  input: { name: "face", dims: [null, RECOGNITION_CROP_SIZE, RECOGNITION_CROP_SIZE, 3] },
  outputs: [{ name: "descriptor", dims: [null, 128] }],
  weightNames: ["conv32_down/conv/filters", "fc", ...BLOCKS.map(([b]) => `${b}/conv1/conv/filters`)],
  forward(tf, w, x) {
    let out = convScale(tf, w, x, "conv32_down", 2, true); // 7×7 stride 2: [N, 72, 72, 32]
    out = tf.maxPool(out, 3, 2, "valid"); // [N, 35, 35, 32]
    for (const [block, down] of BLOCKS) out = down ? residualDown(tf, w, out, block) : residual(tf, w, out, block);
    const pooled = tf.mean<TfCore.Tensor2D>(out, [1, 2]); // [N, 256]
    return { descriptor: tf.matMul(pooled, weight<TfCore.Rank.R2>(w, "fc")) };
  },
};
