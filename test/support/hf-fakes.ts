import { writeOnnx, type ConstSpec, type NodeSpec } from "./onnx-writer.js";

/*
 * Small ONNX graphs with the input and output names and shapes of the Hugging Face
 * exports in manifest-hf.json, whose outputs depend on the input colours in ways the
 * tests predict. All read `pixel_values` [N, 3, H, W]; "R", "G", "B" below are the
 * image's mean normalized channel values (global average pooling).
 */

/** `[N, 3, H, W]` → `[N, 3]` channel means, as node list + the constant it needs. */
function channelMeans(out: string): { nodes: NodeSpec[]; consts: ConstSpec[] } {
  return {
    nodes: [
      { op: "GlobalAveragePool", inputs: ["pixel_values"], outputs: [`${out}_gap`] },
      { op: "Reshape", inputs: [`${out}_gap`, `${out}_shape`], outputs: [out] },
    ],
    consts: [{ name: `${out}_shape`, dims: [2], data: [0, 3], type: "int64" }],
  };
}

/** A `[3, n]` matrix with `weight` at (channel, column) for each given pair. */
function channelWeights(n: number, picks: readonly (readonly [channel: number, column: number, weight: number])[]): Float32Array {
  const w = new Float32Array(3 * n);
  for (const [c, col, v] of picks) w[c * n + col] = v;
  return w;
}

/**
 * An image classifier, `logits` [N, classes]: 8·R for class `red`, 8·G for `green`,
 * 8·B for `blue`, 0 for the rest. `output` renames the single output (default "logits").
 */
export function fakeClassifier(o: { size: number; classes: number; red: number; green: number; blue: number; output?: string }): Uint8Array {
  const means = channelMeans("x");
  return writeOnnx({
    inputs: [{ name: "pixel_values", type: "float", dims: ["batch_size", 3, o.size, o.size] }],
    outputs: [{ name: o.output ?? "logits", type: "float", dims: ["batch_size", o.classes] }],
    consts: [...means.consts, { name: "W", dims: [3, o.classes], data: channelWeights(o.classes, [[0, o.red, 8], [1, o.green, 8], [2, o.blue, 8]]) }],
    nodes: [...means.nodes, { op: "MatMul", inputs: ["x", "W"], outputs: [o.output ?? "logits"] }],
  });
}

/** The boxes (cx, cy, w, h relative to the input) of the fake detectors' first two queries. */
export const FAKE_BOXES = { first: [0.5, 0.5, 0.2, 0.4], second: [0.25, 0.5, 0.3, 0.3] } as const;

/**
 * A DETR-family detector: `logits` [N, Q, K] and `pred_boxes` [N, Q, 4].
 * - `"softmax"` (DETR, YOLOS: K = 92 = 91 COCO ids + "no object"): every query is "no
 *   object" (0 vs −10), except query 0, whose class 1 (person) scores 5·R; with
 *   `pixelMask`, query 1's class 17 (cat) scores 20·(mean(pixel_mask) − 0.75), so a cat
 *   appears only when the mask covers the whole input.
 * - `"sigmoid"` (RT-DETR: K = 80): all −10 but query 0's class 0 (person), 5·R.
 * Boxes are {@link FAKE_BOXES} for queries 0 and 1, small centred boxes otherwise.
 */
export function fakeDetr(o: { size: number; queries: number; scoring: "softmax" | "sigmoid"; pixelMask?: boolean }): Uint8Array {
  const K = o.scoring === "softmax" ? 92 : 80;
  const Q = o.queries;
  const person = o.scoring === "softmax" ? 1 : 0;
  const bias = new Float32Array(Q * K).fill(-10);
  if (o.scoring === "softmax") for (let q = 0; q < Q; q++) bias[q * K + K - 1] = 0;
  bias[person] = 0;
  const boxBias = new Float32Array(Q * 4);
  for (let q = 0; q < Q; q++) boxBias.set(q === 0 ? FAKE_BOXES.first : q === 1 ? FAKE_BOXES.second : [0.5, 0.5, 0.1, 0.1], q * 4);
  const catCell = new Float32Array(Q * K);
  catCell[1 * K + 17] = 1;
  if (o.pixelMask) bias[1 * K + 17] = 0;
  const means = channelMeans("x");
  const nodes: NodeSpec[] = [
    ...means.nodes,
    { op: "MatMul", inputs: ["x", "Wl"], outputs: ["l0"] },
    { op: "Add", inputs: ["l0", "Bl"], outputs: ["l1"] },
    { op: "Reshape", inputs: ["l1", "qk"], outputs: [o.pixelMask ? "l2" : "logits"] },
    { op: "MatMul", inputs: ["x", "Wb"], outputs: ["b0"] },
    { op: "Add", inputs: ["b0", "Bb"], outputs: ["b1"] },
    { op: "Reshape", inputs: ["b1", "q4"], outputs: ["pred_boxes"] },
  ];
  if (o.pixelMask) {
    nodes.push(
      { op: "Cast", inputs: ["pixel_mask"], outputs: ["m0"], attrs: { to: 1 } },
      { op: "ReduceMean", inputs: ["m0"], outputs: ["m1"], attrs: { axes: [1, 2], keepdims: 1 } }, // [N, 1, 1]
      { op: "Sub", inputs: ["m1", "threeQuarters"], outputs: ["m2"] },
      { op: "Mul", inputs: ["m2", "twenty"], outputs: ["m3"] },
      { op: "Mul", inputs: ["m3", "catCell"], outputs: ["m4"] }, // [N, Q, K]
      { op: "Add", inputs: ["l2", "m4"], outputs: ["logits"] },
    );
  }
  return writeOnnx({
    inputs: [
      { name: "pixel_values", type: "float", dims: ["batch_size", 3, "height", "width"] },
      ...(o.pixelMask ? [{ name: "pixel_mask", type: "int64" as const, dims: ["batch_size", "height", "width"] }] : []),
    ],
    outputs: [
      { name: "logits", type: "float", dims: ["batch_size", Q, K] },
      { name: "pred_boxes", type: "float", dims: ["batch_size", Q, 4] },
    ],
    consts: [
      ...means.consts,
      { name: "Wl", dims: [3, Q * K], data: channelWeights(Q * K, [[0, person, 5]]) },
      { name: "Bl", dims: [Q * K], data: bias },
      { name: "qk", dims: [3], data: [0, Q, K], type: "int64" },
      { name: "Wb", dims: [3, Q * 4], data: new Float32Array(3 * Q * 4) },
      { name: "Bb", dims: [Q * 4], data: boxBias },
      { name: "q4", dims: [3], data: [0, Q, 4], type: "int64" },
      ...(o.pixelMask
        ? [
            { name: "threeQuarters", dims: [], data: new Float32Array([0.75]) },
            { name: "twenty", dims: [], data: new Float32Array([20]) },
            { name: "catCell", dims: [Q, K], data: catCell },
          ]
        : []),
    ],
    nodes,
  });
}

/**
 * SegFormer: `logits` [N, 150, H/4, W/4] from a 4×4 stride-4 convolution: class 0
 * (wall) = mean R of the patch, class 2 (sky) = mean B, every other class −100.
 */
export function fakeSegformer(size: number): Uint8Array {
  const C = 150;
  const w = new Float32Array(C * 3 * 16);
  for (let k = 0; k < 16; k++) {
    w[0 * 48 + 0 * 16 + k] = 1 / 16; // wall ← R
    w[2 * 48 + 2 * 16 + k] = 1 / 16; // sky ← B
  }
  const b = new Float32Array(C).fill(-100);
  b[0] = 0;
  b[2] = 0;
  return writeOnnx({
    inputs: [{ name: "pixel_values", type: "float", dims: ["batch_size", 3, size, size] }],
    outputs: [{ name: "logits", type: "float", dims: ["batch_size", C, size / 4, size / 4] }],
    consts: [
      { name: "W", dims: [C, 3, 4, 4], data: w },
      { name: "B", dims: [C], data: b },
    ],
    nodes: [{ op: "Conv", inputs: ["pixel_values", "W", "B"], outputs: ["logits"], attrs: { kernel_shape: [4, 4], strides: [4, 4] } }],
  });
}

/** Depth Anything: `predicted_depth` [N, H, W] = the normalized red channel (redder is nearer). */
export function fakeDepth(size: number): Uint8Array {
  // Height and width are dynamic, as in the Depth Anything exports (DPT keeps the aspect ratio); `size` names the nominal side.
  void size;
  return writeOnnx({
    inputs: [{ name: "pixel_values", type: "float", dims: ["batch_size", 3, "height", "width"] }],
    outputs: [{ name: "predicted_depth", type: "float", dims: ["batch_size", "height", "width"] }],
    consts: [{ name: "W", dims: [1, 3, 1, 1], data: new Float32Array([1, 0, 0]) }],
    nodes: [
      { op: "Conv", inputs: ["pixel_values", "W"], outputs: ["d"], attrs: { kernel_shape: [1, 1] } },
      { op: "ReduceMean", inputs: ["d"], outputs: ["predicted_depth"], attrs: { axes: [1], keepdims: 0 } },
    ],
  });
}

/**
 * DINOv2: `last_hidden_state` [N, 257, 384]. The class token (0) is (R, G, B, 0, …);
 * the 256 patch tokens add a large constant, so only the class token tells images apart.
 */
export function fakeDinov2(size: number): Uint8Array {
  const T = 257;
  const D = 384;
  const tokenBias = new Float32Array(T * D);
  for (let t = 1; t < T; t++) for (let d = 0; d < D; d++) tokenBias[t * D + d] = 10;
  const means = channelMeans("x");
  return writeOnnx({
    inputs: [{ name: "pixel_values", type: "float", dims: ["batch_size", 3, size, size] }],
    outputs: [{ name: "last_hidden_state", type: "float", dims: ["batch_size", T, D] }],
    consts: [
      ...means.consts,
      { name: "W", dims: [3, D], data: channelWeights(D, [[0, 0, 1], [1, 1, 1], [2, 2, 1]]) },
      { name: "n1d", dims: [3], data: [0, 1, D], type: "int64" },
      { name: "repeats", dims: [3], data: [1, T, 1], type: "int64" },
      { name: "tokenBias", dims: [T, D], data: tokenBias },
    ],
    nodes: [
      ...means.nodes,
      { op: "MatMul", inputs: ["x", "W"], outputs: ["e"] },
      { op: "Reshape", inputs: ["e", "n1d"], outputs: ["e1"] },
      { op: "Tile", inputs: ["e1", "repeats"], outputs: ["e2"] },
      { op: "Add", inputs: ["e2", "tokenBias"], outputs: ["last_hidden_state"] },
    ],
  });
}

/** CLIP's image encoder: `image_embeds` [N, 512] = (R, G, B, 0, …). `output` renames it (SigLIP's tower: `"pooler_output"`). */
export function fakeClipVision(size: number, output = "image_embeds"): Uint8Array {
  const means = channelMeans("x");
  return writeOnnx({
    inputs: [{ name: "pixel_values", type: "float", dims: ["batch_size", 3, size, size] }],
    outputs: [{ name: output, type: "float", dims: ["batch_size", 512] }],
    consts: [...means.consts, { name: "W", dims: [3, 512], data: channelWeights(512, [[0, 0, 1], [1, 1, 1], [2, 2, 1]]) }],
    nodes: [...means.nodes, { op: "MatMul", inputs: ["x", "W"], outputs: [output] }],
  });
}

/**
 * CLIP's text encoder: `text_embeds` [N, 512] = the sum of one row per token
 * (`input_ids` [N, L], int64) of `table` (vocabulary × 512, row-major).
 */
export function fakeClipText(table: Float32Array, vocabSize: number, output = "text_embeds"): Uint8Array {
  return writeOnnx({
    inputs: [{ name: "input_ids", type: "int64", dims: ["batch_size", "sequence_length"] }],
    outputs: [{ name: output, type: "float", dims: ["batch_size", 512] }],
    consts: [
      { name: "table", dims: [vocabSize, 512], data: table },
      { name: "axis1", dims: [1], data: [1], type: "int64" },
    ],
    nodes: [
      { op: "Gather", inputs: ["table", "input_ids"], outputs: ["tokens"] }, // [N, L, 512]
      { op: "ReduceSum", inputs: ["tokens", "axis1"], outputs: [output], attrs: { keepdims: 0 } },
    ],
  });
}

/**
 * DETR panoptic (`DetrForSegmentation`): `logits` [N, 100, 251] (250 COCO panoptic ids +
 * "no object"), `pred_boxes` [N, 100, 4] and `pred_masks` [N, 100, H/4, W/4] from a 4×4
 * stride-4 convolution. Query 0 is "person" (id 1) with the mask 20·(R − B) of each patch,
 * query 1 "sky-other-merged" (id 187) with 20·(B − R); every other query is "no object".
 * The options rename the outputs (MaskFormer: `class_queries_logits`, `masks_queries_logits`)
 * and set the class count and the two queries' classes.
 */
export function fakeDetrPanoptic(o: { classes?: number; things?: number; stuff?: number; logits?: string; masks?: string } = {}): Uint8Array {
  const [Q, K] = [100, (o.classes ?? 250) + 1];
  const bias = new Float32Array(Q * K);
  for (let q = 0; q < Q; q++) bias[q * K + K - 1] = 10;
  bias[0 * K + (o.things ?? 1)] = 20;
  bias[1 * K + (o.stuff ?? 187)] = 20;
  const w = new Float32Array(Q * 3 * 16);
  for (let k = 0; k < 16; k++) {
    w[0 * 48 + 0 * 16 + k] = 20 / 16;
    w[0 * 48 + 2 * 16 + k] = -20 / 16;
    w[1 * 48 + 0 * 16 + k] = -20 / 16;
    w[1 * 48 + 2 * 16 + k] = 20 / 16;
  }
  const maskBias = new Float32Array(Q).fill(-20);
  maskBias[0] = 0;
  maskBias[1] = 0;
  const means = channelMeans("x");
  return writeOnnx({
    inputs: [{ name: "pixel_values", type: "float", dims: ["batch_size", 3, "height", "width"] }],
    outputs: [
      { name: o.logits ?? "logits", type: "float", dims: ["batch_size", Q, K] },
      { name: "pred_boxes", type: "float", dims: ["batch_size", Q, 4] },
      { name: o.masks ?? "pred_masks", type: "float", dims: ["batch_size", Q, "mask_height", "mask_width"] },
    ],
    consts: [
      ...means.consts,
      { name: "Wl", dims: [3, Q * K], data: new Float32Array(3 * Q * K) },
      { name: "Bl", dims: [Q * K], data: bias },
      { name: "qk", dims: [3], data: [0, Q, K], type: "int64" },
      { name: "Wb", dims: [3, Q * 4], data: new Float32Array(3 * Q * 4) },
      { name: "Bb", dims: [Q * 4], data: new Float32Array(Q * 4).fill(0.5) },
      { name: "q4", dims: [3], data: [0, Q, 4], type: "int64" },
      { name: "Wm", dims: [Q, 3, 4, 4], data: w },
      { name: "Bm", dims: [Q], data: maskBias },
    ],
    nodes: [
      ...means.nodes,
      { op: "MatMul", inputs: ["x", "Wl"], outputs: ["l0"] },
      { op: "Add", inputs: ["l0", "Bl"], outputs: ["l1"] },
      { op: "Reshape", inputs: ["l1", "qk"], outputs: [o.logits ?? "logits"] },
      { op: "MatMul", inputs: ["x", "Wb"], outputs: ["b0"] },
      { op: "Add", inputs: ["b0", "Bb"], outputs: ["b1"] },
      { op: "Reshape", inputs: ["b1", "q4"], outputs: ["pred_boxes"] },
      { op: "Conv", inputs: ["pixel_values", "Wm", "Bm"], outputs: [o.masks ?? "pred_masks"], attrs: { kernel_shape: [4, 4], strides: [4, 4] } },
    ],
  });
}
