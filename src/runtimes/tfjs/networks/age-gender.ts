import type * as TfCore from "@tensorflow/tfjs-core";
import { FACE_CROP_SIZE } from "./face-dense-features.js";
import { weight, type TfjsNetwork, type WeightMap } from "./network.js";

/*
 * face-api's age and gender net: a tiny Xception (entry flow of two reduction blocks,
 * two residual main blocks, an exit reduction block and a separable convolution) on a
 * 112×112 face crop normalized as (pixel − [122.782, 117.001, 104.298]) / 255, then a
 * 7×7 average pool and two fully connected heads: age in years, and gender scores
 * (softmax; index 0 male, 1 female). Learnt from @vladmandic/face-api 1.7.15
 * src/xception/TinyXception.ts and src/ageGenderNet/AgeGenderNet.ts.
 */

type Tf = typeof TfCore;

function separable(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, prefix: string): TfCore.Tensor4D {
  const conv = tf.separableConv2d(x, weight<TfCore.Rank.R4>(w, `${prefix}/depthwise_filter`), weight<TfCore.Rank.R4>(w, `${prefix}/pointwise_filter`), 1, "same");
  return tf.add<TfCore.Tensor4D>(conv, weight(w, `${prefix}/bias`));
}

function conv(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, prefix: string, stride: 1 | 2): TfCore.Tensor4D {
  return tf.add<TfCore.Tensor4D>(tf.conv2d(x, weight<TfCore.Rank.R4>(w, `${prefix}/filters`), stride, "same"), weight(w, `${prefix}/bias`));
}

/** Two separable convolutions and a stride-2 max-pool, plus a strided 1×1 projection of the input. */
function reduction(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, prefix: string, activateInput: boolean): TfCore.Tensor4D {
  let out = separable(tf, w, activateInput ? tf.relu(x) : x, `${prefix}/separable_conv0`);
  out = separable(tf, w, tf.relu(out), `${prefix}/separable_conv1`);
  out = tf.maxPool(out, 3, 2, "same");
  return tf.add<TfCore.Tensor4D>(out, conv(tf, w, x, `${prefix}/expansion_conv`, 2));
}

/** Three relu + separable convolutions with a residual connection. */
function main(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, prefix: string): TfCore.Tensor4D {
  let out = x;
  for (let i = 0; i < 3; i++) out = separable(tf, w, tf.relu(out), `${prefix}/separable_conv${i}`);
  return tf.add<TfCore.Tensor4D>(out, x);
}

function dense(tf: Tf, w: WeightMap, x: TfCore.Tensor2D, prefix: string): TfCore.Tensor2D {
  return tf.add<TfCore.Tensor2D>(tf.matMul(x, weight<TfCore.Rank.R2>(w, `${prefix}/weights`)), weight(w, `${prefix}/bias`));
}

/** Age and gender: face crop `[N, 112, 112, 3]` → `age` `[N, 1]` (years), `gender` `[N, 2]` (logits: male, female). */
export const ageGender: TfjsNetwork = {
  name: "face-api-age-gender",
  input: { name: "face", dims: [null, FACE_CROP_SIZE, FACE_CROP_SIZE, 3] },
  outputs: [
    { name: "age", dims: [null, 1] },
    { name: "gender", dims: [null, 2] },
  ],
  weightNames: ["entry_flow/conv_in/filters", "exit_flow/separable_conv/depthwise_filter", "fc/age/weights", "fc/gender/weights", "middle_flow/main_block_1/separable_conv2/depthwise_filter"],
  forward(tf, w, x) {
    let out = tf.relu(conv(tf, w, x, "entry_flow/conv_in", 2)); // [N, 56, 56, 32]
    out = reduction(tf, w, out, "entry_flow/reduction_block_0", false); // [N, 28, 28, 64]
    out = reduction(tf, w, out, "entry_flow/reduction_block_1", true); // [N, 14, 14, 128]
    for (let i = 0; i < 2; i++) out = main(tf, w, out, `middle_flow/main_block_${i}`);
    out = reduction(tf, w, out, "exit_flow/reduction_block", true); // [N, 7, 7, 256]
    out = tf.relu(separable(tf, w, out, "exit_flow/separable_conv")); // [N, 7, 7, 512]
    const pooled = tf.reshape<TfCore.Rank.R2>(tf.avgPool(out, 7, 2, "valid"), [out.shape[0], -1]); // [N, 512]
    return { age: dense(tf, w, pooled, "fc/age"), gender: dense(tf, w, pooled, "fc/gender") };
  },
};
