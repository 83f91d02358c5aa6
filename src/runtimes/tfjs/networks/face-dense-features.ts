import type * as TfCore from "@tensorflow/tfjs-core";
import { weight, type TfjsNetwork, type WeightMap } from "./network.js";

/*
 * face-api's face feature extractors and the networks on top of them: 68-point landmarks
 * (and the tiny variant) and the expression classifier. Learnt from @vladmandic/face-api
 * 1.7.15 src/faceFeatureExtractor/{FaceFeatureExtractor,TinyFaceFeatureExtractor,denseBlock}.ts,
 * src/faceProcessor/FaceProcessor.ts, src/faceLandmarkNet/FaceLandmark68NetBase.ts and
 * src/faceExpressionNet/: a 112×112 face crop (centred, padded square) normalized as
 * (pixel − [122.782, 117.001, 104.298]) / 255; dense blocks of depthwise-separable
 * convolutions whose outputs are summed (DenseNet style), each block halving the size;
 * an average pool; one fully connected layer.
 */

/** Input side of the face crop in pixels. */
export const FACE_CROP_SIZE = 112;

type Tf = typeof TfCore;

/** Depthwise-separable 3×3 convolution + bias, "same" padding. */
function separable(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, prefix: string, stride: 1 | 2): TfCore.Tensor4D {
  const conv = tf.separableConv2d(x, weight<TfCore.Rank.R4>(w, `${prefix}/depthwise_filter`), weight<TfCore.Rank.R4>(w, `${prefix}/pointwise_filter`), stride, "same");
  return tf.add<TfCore.Tensor4D>(conv, weight(w, `${prefix}/bias`));
}

/**
 * One dense block of `convs` convolutions: the first halves the size (a plain
 * convolution in the first block, separable after), each next one sees the relu of the
 * sum of all earlier outputs, and the block returns the relu of the sum of all.
 */
function denseBlock(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, block: number, convs: 3 | 4): TfCore.Tensor4D {
  const p = `dense${block}`;
  const first =
    block === 0 ? tf.add<TfCore.Tensor4D>(tf.conv2d(x, weight<TfCore.Rank.R4>(w, `${p}/conv0/filters`), 2, "same"), weight(w, `${p}/conv0/bias`)) : separable(tf, w, x, `${p}/conv0`, 2);
  const outs = [tf.relu(first)];
  let input = outs[0]!;
  for (let i = 1; i < convs; i++) {
    outs.push(separable(tf, w, input, `${p}/conv${i}`, 1));
    input = tf.relu(tf.addN(outs));
  }
  return input;
}

/** Bottleneck features `[N, C]` of a normalized 112×112 crop: 4 blocks (→ 256) or the tiny 3 (→ 128). */
function features(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, tiny: boolean): TfCore.Tensor2D {
  let out = x;
  const blocks = tiny ? 3 : 4;
  for (let b = 0; b < blocks; b++) out = denseBlock(tf, w, out, b, tiny ? 3 : 4);
  // [N, 7, 7, 256] → 7×7 pool; tiny: [N, 14, 14, 128] → 14×14 pool.
  const pooled = tf.avgPool(out, tiny ? 14 : 7, 2, "valid");
  return tf.reshape(pooled, [out.shape[0], -1]);
}

function fc(tf: Tf, w: WeightMap, x: TfCore.Tensor2D): TfCore.Tensor2D {
  return tf.add<TfCore.Tensor2D>(tf.matMul(x, weight<TfCore.Rank.R2>(w, "fc/weights")), weight(w, "fc/bias"));
}

function denseWeightNames(tiny: boolean): string[] {
  const names = ["dense0/conv0/filters", "fc/weights"];
  for (let b = 0; b < (tiny ? 3 : 4); b++) for (let i = b === 0 ? 1 : 0; i < (tiny ? 3 : 4); i++) names.push(`dense${b}/conv${i}/depthwise_filter`);
  return names;
}

function landmarkNetwork(name: string, tiny: boolean): TfjsNetwork {
  return {
    name,
    input: { name: "face", dims: [null, FACE_CROP_SIZE, FACE_CROP_SIZE, 3] },
    outputs: [{ name: "landmarks", dims: [null, 136] }],
    weightNames: denseWeightNames(tiny),
    // [N, 136]: x0, y0, x1, y1, ... relative to the (padded, square) input crop.
    forward: (tf, w, x) => ({ landmarks: fc(tf, w, features(tf, w, x, tiny)) }),
  };
}

/** 68-point face landmarks: face crop `[N, 112, 112, 3]` → `landmarks` `[N, 136]`, (x, y) pairs relative to the crop. */
export const faceLandmark68 = landmarkNetwork("face-api-landmarks-68", false);
/** The tiny 68-point landmarks net (3 dense blocks of 3 convolutions); same input and output. */
export const faceLandmark68Tiny = landmarkNetwork("face-api-landmarks-68-tiny", true);

/** Facial expressions: face crop `[N, 112, 112, 3]` → `logits` `[N, 7]` and `features` `[N, 256]`. */
export const faceExpression: TfjsNetwork = {
  name: "face-api-expression",
  input: { name: "face", dims: [null, FACE_CROP_SIZE, FACE_CROP_SIZE, 3] },
  outputs: [
    { name: "logits", dims: [null, 7] },
    { name: "features", dims: [null, 256] },
  ],
  weightNames: denseWeightNames(false),
  forward(tf, w, x) {
    const f = features(tf, w, x, false);
    return { logits: fc(tf, w, f), features: f };
  },
};
