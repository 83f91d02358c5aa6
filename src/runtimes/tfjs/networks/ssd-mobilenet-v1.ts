import type * as TfCore from "@tensorflow/tfjs-core";
import { weight, type TfjsNetwork, type WeightMap } from "./network.js";

/*
 * face-api's SSD-MobileNetV1 face detector (WIDER FACE), rebuilt from its weight names.
 * Architecture, constants and box decoding learnt from @vladmandic/face-api 1.7.15
 * src/ssdMobilenetv1/{mobileNetV1,predictionLayer,boxPredictionLayer,outputLayer}.ts
 * (itself justadudewhohacks/face-api.js): a MobileNetV1 backbone with relu6, six SSD
 * heads (one on Conv2d_11, five on the extra layers), anchors stored in the weights as
 * `Output/extra_dim`, box variances 10 (centre) and 5 (size), sigmoid face scores.
 */

/** Input side in pixels. */
const INPUT_SIZE = 512;
/** BatchNorm epsilon of the depthwise layers (TensorFlow's default, as stored in the graph). */
const BN_EPSILON = 0.001;
/** Depthwise layers with stride 2 (the rest have stride 1). */
const STRIDE_2_LAYERS = new Set([2, 4, 6, 12]);
/** SSD box-coder scales: centre offsets are divided by 10, log sizes by 5. */
const CENTER_VARIANCE = 10;
const SIZE_VARIANCE = 5;
/** Total anchors over the six heads: 32²·3 + 16²·6 + 8²·6 + 4²·6 + 2²·6 + 1²·6. */
const NUM_ANCHORS = 5118;

type Tf = typeof TfCore;

/** 3×3 or 1×1 convolution + bias ("convolution_bn_offset": BatchNorm folded in) + relu6. */
function pointwise(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, prefix: string, stride: 1 | 2): TfCore.Tensor4D {
  const out = tf.add(tf.conv2d(x, weight<TfCore.Rank.R4>(w, `${prefix}/weights`), stride, "same"), weight(w, `${prefix}/convolution_bn_offset`));
  return tf.clipByValue(out as TfCore.Tensor4D, 0, 6);
}

/** Depthwise 3×3 convolution + BatchNorm + relu6. */
function depthwise(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, layer: number): TfCore.Tensor4D {
  const p = `MobilenetV1/Conv2d_${layer}_depthwise`;
  const stride = STRIDE_2_LAYERS.has(layer) ? 2 : 1;
  const conv = tf.depthwiseConv2d(x, weight<TfCore.Rank.R4>(w, `${p}/depthwise_weights`), stride, "same");
  const bn = tf.batchNorm(
    conv,
    weight<TfCore.Rank.R1>(w, `${p}/BatchNorm/moving_mean`),
    weight<TfCore.Rank.R1>(w, `${p}/BatchNorm/moving_variance`),
    weight<TfCore.Rank.R1>(w, `${p}/BatchNorm/beta`),
    weight<TfCore.Rank.R1>(w, `${p}/BatchNorm/gamma`),
    BN_EPSILON,
  );
  return tf.clipByValue(bn, 0, 6);
}

/** One SSD head: box encodings `[N, A, 4]` and class logits `[N, A, 3]` of a feature map. */
function head(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, index: number): { boxes: TfCore.Tensor; classes: TfCore.Tensor } {
  const conv = (name: string) =>
    tf.add(tf.conv2d(x, weight<TfCore.Rank.R4>(w, `Prediction/BoxPredictor_${index}/${name}/weights`), 1, "same"), weight(w, `Prediction/BoxPredictor_${index}/${name}/biases`));
  const n = x.shape[0];
  return { boxes: tf.reshape(conv("BoxEncodingPredictor"), [n, -1, 4]), classes: tf.reshape(conv("ClassPredictor"), [n, -1, 3]) };
}

/**
 * Decodes SSD box encodings `[N, A, 4]` (ty, tx, th, tw) against the anchors
 * `[1, A, 4]` (ymin, xmin, ymax, xmax) into corners `[N, A, 4]` (ymin, xmin, ymax, xmax),
 * relative to the input.
 */
function decodeBoxes(tf: Tf, encodings: TfCore.Tensor, anchors: TfCore.Tensor): TfCore.Tensor {
  const [aYmin, aXmin, aYmax, aXmax] = tf.split(anchors, 4, 2);
  const aH = tf.sub(aYmax!, aYmin!);
  const aW = tf.sub(aXmax!, aXmin!);
  const aCy = tf.add(aYmin!, tf.div(aH, 2));
  const aCx = tf.add(aXmin!, tf.div(aW, 2));
  const [ty, tx, th, tw] = tf.split(encodings, 4, 2);
  const cy = tf.add(tf.mul(tf.div(ty!, CENTER_VARIANCE), aH), aCy);
  const cx = tf.add(tf.mul(tf.div(tx!, CENTER_VARIANCE), aW), aCx);
  const halfH = tf.div(tf.mul(tf.exp(tf.div(th!, SIZE_VARIANCE)), aH), 2);
  const halfW = tf.div(tf.mul(tf.exp(tf.div(tw!, SIZE_VARIANCE)), aW), 2);
  return tf.concat([tf.sub(cy, halfH), tf.sub(cx, halfW), tf.add(cy, halfH), tf.add(cx, halfW)], 2);
}

function weightNames(): string[] {
  const names = ["MobilenetV1/Conv2d_0_pointwise/weights", "Output/extra_dim"];
  for (let i = 1; i <= 13; i++) names.push(`MobilenetV1/Conv2d_${i}_depthwise/depthwise_weights`, `MobilenetV1/Conv2d_${i}_pointwise/weights`);
  for (let i = 0; i <= 7; i++) names.push(`Prediction/Conv2d_${i}_pointwise/weights`);
  for (let i = 0; i <= 5; i++) names.push(`Prediction/BoxPredictor_${i}/BoxEncodingPredictor/weights`, `Prediction/BoxPredictor_${i}/ClassPredictor/weights`);
  return names;
}

/**
 * SSD-MobileNetV1 face detector. Input `[N, 512, 512, 3]` scaled to [-1, 1]; outputs
 * `boxes` `[N, 5118, 4]` (ymin, xmin, ymax, xmax relative to the input) and `scores`
 * `[N, 5118, 1]` (face probability).
 */
export const ssdMobilenetV1: TfjsNetwork = {
  name: "face-api-ssd-mobilenet-v1",
  input: { name: "image", dims: [null, INPUT_SIZE, INPUT_SIZE, 3] },
  outputs: [
    { name: "boxes", dims: [null, NUM_ANCHORS, 4] },
    { name: "scores", dims: [null, NUM_ANCHORS, 1] },
  ],
  weightNames: weightNames(),
  forward(tf, w, x) {
    let out = pointwise(tf, w, x, "MobilenetV1/Conv2d_0_pointwise", 2); // [N, 256, 256, 32]
    let conv11: TfCore.Tensor4D | undefined;
    for (let layer = 1; layer <= 13; layer++) {
      out = depthwise(tf, w, out, layer);
      out = pointwise(tf, w, out, `MobilenetV1/Conv2d_${layer}_pointwise`, 1);
      if (layer === 11) conv11 = out; // [N, 32, 32, 512]
    }
    // out: [N, 16, 16, 1024]; the extra layers halve it down to 1×1.
    const extra: TfCore.Tensor4D[] = [];
    let e = out;
    for (let i = 0; i <= 7; i++) {
      e = pointwise(tf, w, e, `Prediction/Conv2d_${i}_pointwise`, i % 2 === 1 ? 2 : 1);
      if (i % 2 === 1) extra.push(e); // [N, 8, 8, 512], [N, 4, 4, 256], [N, 2, 2, 256], [N, 1, 1, 128]
    }
    const heads = [conv11!, out, ...extra].map((f, i) => head(tf, w, f, i));
    const encodings = tf.concat(heads.map((h) => h.boxes), 1); // [N, 5118, 4]
    const logits = tf.concat(heads.map((h) => h.classes), 1); // [N, 5118, 3]: background, face, unused
    const boxes = decodeBoxes(tf, encodings, weight(w, "Output/extra_dim"));
    const scores = tf.sigmoid(tf.slice(logits, [0, 0, 1], [-1, -1, 1])); // [N, 5118, 1]
    return { boxes, scores };
  },
};
