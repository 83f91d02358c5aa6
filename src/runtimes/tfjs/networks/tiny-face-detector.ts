import type * as TfCore from "@tensorflow/tfjs-core";
import { weight, type TfjsNetwork, type WeightMap } from "./network.js";

/*
 * face-api's Tiny Face Detector: a Tiny-YOLOv2 with depthwise-separable convolutions.
 * Architecture, anchors and decode learnt from @vladmandic/face-api 1.7.15
 * src/tinyYolov2/TinyYolov2Base.ts (runMobilenet, extractBoxes), depthwiseSeparableConv.ts,
 * leaky.ts and src/tinyFaceDetector/const.ts: conv0 is a plain 3×3 "valid" convolution,
 * conv1–conv5 are separable 3×3 convolutions on a 1-pixel zero pad, each followed by
 * leaky ReLU (slope 0.1) and a 2×2 max-pool (stride 1 after conv5), and conv8 is a 1×1
 * head with 5 anchors × (x, y, w, h, objectness) per cell.
 */

/** Default input side (face-api's default `inputSize`); any multiple of 32 works. */
const INPUT_SIZE = 416;
/** Anchor sizes in grid cells (width, height), from face-api's tinyFaceDetector/const.ts. */
const ANCHORS: readonly (readonly [number, number])[] = [
  [1.603231, 2.094468],
  [6.041143, 7.080126],
  [2.882459, 3.518061],
  [4.266906, 5.178857],
  [9.041765, 10.66308],
];
/** Values per anchor: x, y, w, h, objectness (one class, so no class scores). */
const BOX_ENCODING = 5;
const LEAKY_SLOPE = 0.1;

type Tf = typeof TfCore;

function separable(tf: Tf, w: WeightMap, x: TfCore.Tensor4D, layer: string): TfCore.Tensor4D {
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const conv = tf.separableConv2d(padded, weight<TfCore.Rank.R4>(w, `${layer}/depthwise_filter`), weight<TfCore.Rank.R4>(w, `${layer}/pointwise_filter`), 1, "valid");
  return tf.leakyRelu(tf.add<TfCore.Tensor4D>(conv, weight(w, `${layer}/bias`)), LEAKY_SLOPE);
}

/**
 * Decodes the YOLO grid `[N, S, S, 5·5]` into corners `[N, S·S·5, 4]` (ymin, xmin,
 * ymax, xmax relative to the input) and objectness `[N, S·S·5, 1]`.
 */
function decodeGrid(tf: Tf, grid: TfCore.Tensor4D): { boxes: TfCore.Tensor; scores: TfCore.Tensor } {
  const [n, cells] = grid.shape;
  const anchorsCount = ANCHORS.length;
  const raw = tf.reshape(grid, [n, cells, cells, anchorsCount, BOX_ENCODING]);
  const [tx, ty, tw, th, to] = tf.split(raw, BOX_ENCODING, 4); // each [N, S, S, A, 1]
  const col = tf.reshape(tf.range(0, cells, 1, "float32"), [1, 1, cells, 1, 1]);
  const row = tf.reshape(tf.range(0, cells, 1, "float32"), [1, cells, 1, 1, 1]);
  const anchorW = tf.reshape(tf.tensor1d(ANCHORS.map((a) => a[0])), [1, 1, 1, anchorsCount, 1]);
  const anchorH = tf.reshape(tf.tensor1d(ANCHORS.map((a) => a[1])), [1, 1, 1, anchorsCount, 1]);
  const cx = tf.div(tf.add(tf.sigmoid(tx!), col), cells);
  const cy = tf.div(tf.add(tf.sigmoid(ty!), row), cells);
  const halfW = tf.div(tf.mul(tf.exp(tw!), anchorW), 2 * cells);
  const halfH = tf.div(tf.mul(tf.exp(th!), anchorH), 2 * cells);
  const corners = tf.concat([tf.sub(cy, halfH), tf.sub(cx, halfW), tf.add(cy, halfH), tf.add(cx, halfW)], 4);
  return { boxes: tf.reshape(corners, [n, -1, 4]), scores: tf.reshape(tf.sigmoid(to!), [n, -1, 1]) };
}

/**
 * Tiny Face Detector. Input `[N, 416, 416, 3]` as `(pixel − meanRgb) / 255`; outputs
 * `boxes` `[N, 845, 4]` (ymin, xmin, ymax, xmax relative to the input) and `scores`
 * `[N, 845, 1]` (objectness).
 */
export const tinyFaceDetector: TfjsNetwork = {
  name: "face-api-tiny-face-detector",
  input: { name: "image", dims: [null, INPUT_SIZE, INPUT_SIZE, 3] },
  outputs: [
    { name: "boxes", dims: [null, null, 4] },
    { name: "scores", dims: [null, null, 1] },
  ],
  weightNames: ["conv0/filters", ...[1, 2, 3, 4, 5].map((i) => `conv${i}/depthwise_filter`), "conv8/filters"],
  forward(tf, w, x) {
    const conv0 = tf.add<TfCore.Tensor4D>(tf.conv2d(x, weight<TfCore.Rank.R4>(w, "conv0/filters"), 1, "valid"), weight(w, "conv0/bias"));
    let out: TfCore.Tensor4D = tf.leakyRelu(conv0, LEAKY_SLOPE);
    for (let i = 1; i <= 5; i++) {
      out = tf.maxPool(out, 2, 2, "same");
      out = separable(tf, w, out, `conv${i}`);
    }
    out = tf.maxPool(out, 2, 1, "same"); // [N, 13, 13, 512] for a 416 input
    const grid = tf.add<TfCore.Tensor4D>(tf.conv2d(out, weight<TfCore.Rank.R4>(w, "conv8/filters"), 1, "valid"), weight(w, "conv8/bias"));
    return decodeGrid(tf, grid);
  },
};
