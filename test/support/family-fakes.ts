import fs from "node:fs";
import path from "node:path";
import { zoo, type ZooModelEntry } from "../../src/index.js";
import { tempDir } from "./env.js";
import type { Mirror } from "./mirror.js";
import { writeOnnx } from "./onnx-writer.js";

/*
 * Stand-ins for the catalog families whose real weights cannot be fetched here (ONNX
 * Model Zoo R-CNNs and classifiers, YOLO exports): small graphs with the real input and
 * output names and shapes, and helpers that serve them on a local mirror under the
 * entries' own URLs.
 */

/** The two detections every R-CNN stand-in gives, in input pixels (x1, y1, x2, y2). */
export const RCNN_BOXES = [
  [100, 200, 300, 400],
  [40, 40, 80, 120],
] as const;

/**
 * The ONNX Model Zoo's Faster/Mask R-CNN interface: `image` [3, height, width] in; boxes
 * `[2, 4]`, labels `[2]` (int64; 1 = person, 17 = dog in `coco_classes.txt`), scores `[2]`
 * and, with masks, `[2, 1, 28, 28]` (ones on the left half) out, under numbered names as
 * the exports have them. Person's score is 0.6 + mean(first input channel) / 10000 (so it
 * depends on the input); dog's is 0.3.
 */
export function fakeRcnn(masks: boolean): Uint8Array {
  const maskData = new Float32Array(2 * 28 * 28);
  for (let i = 0; i < 2 * 28; i++) for (let x = 0; x < 14; x++) maskData[i * 28 + x] = 1;
  return writeOnnx({
    inputs: [{ name: "image", type: "float", dims: [3, "height", "width"] }],
    outputs: [
      { name: "6379", type: "float", dims: ["nbox", 4] },
      { name: "6381", type: "int64", dims: ["nbox"] },
      { name: "6383", type: "float", dims: ["nbox"] },
      ...(masks ? [{ name: "6887", type: "float" as const, dims: ["nbox", 1, 28, 28] }] : []),
    ],
    consts: [
      { name: "boxes", dims: [2, 4], data: Float32Array.from(RCNN_BOXES.flat()) },
      { name: "labels", dims: [2], data: [1, 17], type: "int64" },
      { name: "base", dims: [2], data: Float32Array.from([0.6, 0.3]) },
      { name: "pick", dims: [2], data: Float32Array.from([0.0001, 0]) },
      { name: "starts", dims: [1], data: [0], type: "int64" },
      { name: "ends", dims: [1], data: [1], type: "int64" },
      ...(masks ? [{ name: "masks", dims: [2, 1, 28, 28], data: maskData }] : []),
    ],
    nodes: [
      { op: "Slice", inputs: ["image", "starts", "ends"], outputs: ["first"] },
      { op: "ReduceMean", inputs: ["first"], outputs: ["m"], attrs: { keepdims: 0 } },
      { op: "Mul", inputs: ["pick", "m"], outputs: ["shift"] },
      { op: "Add", inputs: ["base", "shift"], outputs: ["6383"] },
      { op: "Identity", inputs: ["boxes"], outputs: ["6379"] },
      { op: "Identity", inputs: ["labels"], outputs: ["6381"] },
      ...(masks ? [{ op: "Identity", inputs: ["masks"], outputs: ["6887"] }] : []),
    ],
  });
}

/**
 * An ImageNet classifier: `[N, 3, size, size]` (NCHW, input `name`) or `[1, size, size, 3]`
 * (NHWC) in; `[N, 1000]` out: 8·R for class 1, 8·G for class 2, 8·B for class 3, 0 for
 * the rest (R, G, B: the mean normalized channel values); with `softmax`, probabilities.
 */
export function fakeImagenetClassifier(o: { input: string; output: string; layout: "nchw" | "nhwc"; size: number; softmax?: boolean }): Uint8Array {
  const w = new Float32Array(3 * 1000);
  w[0 * 1000 + 1] = 8;
  w[1 * 1000 + 2] = 8;
  w[2 * 1000 + 3] = 8;
  const batch = o.layout === "nchw" ? "N" : 1;
  const dims = o.layout === "nchw" ? [batch, 3, o.size, o.size] : [batch, o.size, o.size, 3];
  const logits = o.softmax ? "logits" : o.output;
  return writeOnnx({
    inputs: [{ name: o.input, type: "float", dims }],
    outputs: [{ name: o.output, type: "float", dims: [batch, 1000] }],
    consts: [{ name: "W", dims: [3, 1000], data: w }],
    nodes: [
      { op: "ReduceMean", inputs: [o.input], outputs: ["means"], attrs: { axes: o.layout === "nchw" ? [2, 3] : [1, 2], keepdims: 0 } },
      { op: "MatMul", inputs: ["means", "W"], outputs: [logits] },
      ...(o.softmax ? [{ op: "Softmax", inputs: ["logits"], outputs: [o.output], attrs: { axis: 1 } }] : []),
    ],
  });
}

/**
 * Registers (as a user's manifest source) copies of catalog entries, each named
 * `standin-<name>`, with the pinned sha256 and size removed (a stand-in cannot match the
 * real files' checksums) and no aliases. Returns the new names by catalog name.
 */
export async function registerStandIns(names: readonly string[]): Promise<Record<string, string>> {
  const { dir, names: out } = writeStandInManifest(names);
  await zoo.registerZooModelSource(dir);
  return out;
}

/** The manifest of {@link registerStandIns} written to a fresh folder (to register elsewhere, e.g. in a child process). */
export function writeStandInManifest(names: readonly string[]): { dir: string; names: Record<string, string> } {
  const out: Record<string, string> = {};
  const models = names.map((name) => {
    const entry: ZooModelEntry = structuredClone(zoo.getZooModel(name));
    entry.name = `standin-${name}`;
    out[name] = entry.name;
    entry.source.files = entry.source.files.map((f) => ({ path: f.path }));
    delete entry.sizeBytes;
    delete entry.aliases;
    return entry;
  });
  const dir = tempDir("modelzoo-standins-");
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models }));
  return { dir, names: out };
}

/** Puts `data` on a `startMirror` mirror root as the http source file `file` of catalog entry `name` (MODELZOO_HTTP_MIRROR layout). */
export function mirrorHttpFile(root: string, name: string, file: string, data: Uint8Array): void {
  const source = zoo.getZooModel(name).source;
  if (source.type !== "http") throw new Error(`${name} is not an http entry`);
  const url = new URL(file, source.baseUrl.endsWith("/") ? source.baseUrl : `${source.baseUrl}/`);
  const to = path.join(root, url.host, decodeURIComponent(url.pathname));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, data);
}

export type { Mirror };

/** The boxes (input pixels) the YOLO stand-ins give: a person (kept), a weaker duplicate (NMS drops it), a dog. */
export const YOLO_BOXES = { person: [320, 320, 100, 200], dog: [100, 100, 50, 50] } as const;

/**
 * An Ultralytics detection or segmentation export: `images` [1, 3, 640, 640] in;
 * `output0` [1, 4 + 80 (+ 32), 8400] out (anchor 0: person 0.9 at {@link YOLO_BOXES}; anchor
 * 1: the same box at 0.6; anchor 2: a dog scoring 0.5 · mean(input)), and with `seg` the
 * prototypes `output1` [1, 32, 160, 160]: prototype 0 is +10 on the left half of the input
 * and −10 on the right, and only the person's first coefficient is set (1), so its mask
 * covers the part of its box left of x = 320.
 */
export function fakeUltralytics(seg: boolean): Uint8Array {
  const rows = 4 + 80 + (seg ? 32 : 0);
  const A = 8400;
  const base = new Float32Array(rows * A);
  const sel = new Float32Array(rows * A);
  const set = (t: Float32Array, k: number, a: number, v: number) => (t[k * A + a] = v);
  for (const [a, box, cls, score] of [[0, YOLO_BOXES.person, 0, 0.9], [1, YOLO_BOXES.person, 0, 0.6], [2, YOLO_BOXES.dog, 16, 0]] as const) {
    box.forEach((v, k) => set(base, k, a, v));
    set(base, 4 + cls, a, score);
  }
  set(sel, 4 + 16, 2, 0.5);
  if (seg) set(base, 4 + 80, 0, 1);
  const protos = new Float32Array(32 * 160 * 160);
  for (let y = 0; y < 160; y++) for (let x = 0; x < 160; x++) protos[y * 160 + x] = x < 80 ? 10 : -10;
  return writeOnnx({
    inputs: [{ name: "images", type: "float", dims: [1, 3, 640, 640] }],
    outputs: [
      { name: "output0", type: "float", dims: [1, rows, A] },
      ...(seg ? [{ name: "output1", type: "float" as const, dims: [1, 32, 160, 160] }] : []),
    ],
    consts: [
      { name: "base", dims: [1, rows, A], data: base },
      { name: "sel", dims: [1, rows, A], data: sel },
      ...(seg ? [{ name: "protos", dims: [1, 32, 160, 160], data: protos }] : []),
    ],
    nodes: [
      { op: "ReduceMean", inputs: ["images"], outputs: ["m"], attrs: { keepdims: 0 } },
      { op: "Mul", inputs: ["sel", "m"], outputs: ["shift"] },
      { op: "Add", inputs: ["base", "shift"], outputs: ["output0"] },
      ...(seg ? [{ op: "Identity", inputs: ["protos"], outputs: ["output1"] }] : []),
    ],
  });
}

/** A YOLOv10 export: `images` in, `output0` [1, 300, 6] out — the person (0.9) and the dog (0.5 · mean(input)) as x1, y1, x2, y2, score, class. */
export function fakeYolov10(): Uint8Array {
  const base = new Float32Array(300 * 6);
  const sel = new Float32Array(300 * 6);
  const corners = (b: readonly number[]) => [b[0]! - b[2]! / 2, b[1]! - b[3]! / 2, b[0]! + b[2]! / 2, b[1]! + b[3]! / 2];
  base.set([...corners(YOLO_BOXES.person), 0.9, 0], 0);
  base.set([...corners(YOLO_BOXES.dog), 0, 16], 6);
  sel[6 + 4] = 0.5;
  return writeOnnx({
    inputs: [{ name: "images", type: "float", dims: [1, 3, 640, 640] }],
    outputs: [{ name: "output0", type: "float", dims: [1, 300, 6] }],
    consts: [
      { name: "base", dims: [1, 300, 6], data: base },
      { name: "sel", dims: [1, 300, 6], data: sel },
    ],
    nodes: [
      { op: "ReduceMean", inputs: ["images"], outputs: ["m"], attrs: { keepdims: 0 } },
      { op: "Mul", inputs: ["sel", "m"], outputs: ["shift"] },
      { op: "Add", inputs: ["base", "shift"], outputs: ["output0"] },
    ],
  });
}

/** A hf-source catalog entry's repo, revision and file paths. */
export function hfFiles(name: string): { repo: string; revision: string; files: string[] } {
  const source = zoo.getZooModel(name).source;
  if (source.type !== "hf") throw new Error(`${name} is not a Hugging Face entry`);
  return { repo: source.repo, revision: source.revision, files: source.files.map((f) => f.path) };
}

/**
 * SAM / SlimSAM as transformers.js' ONNX exports lay it out. The encoder takes
 * `pixel_values` [1, 3, 1024, 1024] and gives `image_embeddings` and
 * `image_positional_embeddings` [1, 256, 64, 64] (the input's mean everywhere). The
 * decoder takes them with `input_points` [1, 1, P, 2], `input_labels` [1, 1, P] (int64)
 * and `input_boxes` [1, 1, 4], and gives `iou_scores` [1, 1, 3] (0.2, 0.9, 0.5) and
 * `pred_masks` [1, 1, 3, 256, 256]: mask 1's logit at each low-resolution cell is its
 * signed distance (in 1024-input pixels) inside the box (positive inside), masks 0 and 2
 * are empty (−1000). With `boxes: false` the decoder has no `input_boxes` (a points-only
 * export) and its "box" is the 64-pixel square around the first point.
 */
export function fakeSam(o: { boxes?: boolean } = {}): { encoder: Uint8Array; decoder: Uint8Array } {
  const boxes = o.boxes ?? true;
  const encoder = writeOnnx({
    inputs: [{ name: "pixel_values", type: "float", dims: [1, 3, 1024, 1024] }],
    outputs: [
      { name: "image_embeddings", type: "float", dims: [1, 256, 64, 64] },
      { name: "image_positional_embeddings", type: "float", dims: [1, 256, 64, 64] },
    ],
    consts: [{ name: "shape", dims: [4], data: [1, 256, 64, 64], type: "int64" }],
    nodes: [
      { op: "ReduceMean", inputs: ["pixel_values"], outputs: ["m"], attrs: { keepdims: 1 } },
      { op: "Expand", inputs: ["m", "shape"], outputs: ["image_embeddings"] },
      { op: "Identity", inputs: ["image_embeddings"], outputs: ["image_positional_embeddings"] },
    ],
  });
  const centres = Float32Array.from({ length: 256 }, (_, i) => (i + 0.5) * 4);
  const decoder = writeOnnx({
    inputs: [
      { name: "image_embeddings", type: "float", dims: [1, 256, 64, 64] },
      { name: "image_positional_embeddings", type: "float", dims: [1, 256, 64, 64] },
      { name: "input_points", type: "float", dims: [1, 1, "points", 2] },
      { name: "input_labels", type: "int64", dims: [1, 1, "points"] },
      ...(boxes ? [{ name: "input_boxes", type: "float" as const, dims: [1, 1, 4] }] : []),
    ],
    outputs: [
      { name: "iou_scores", type: "float", dims: [1, 1, 3] },
      { name: "pred_masks", type: "float", dims: [1, 1, 3, 256, 256] },
    ],
    consts: [
      { name: "X", dims: [1, 1, 1, 1, 256], data: centres },
      { name: "Y", dims: [1, 1, 1, 256, 1], data: centres },
      { name: "scalar", dims: [5], data: [1, 1, 1, 1, 1], type: "int64" },
      ...[0, 1, 2, 3].flatMap((k) => [
        { name: `s${k}`, dims: [1], data: [k], type: "int64" as const },
        { name: `e${k}`, dims: [1], data: [k + 1], type: "int64" as const },
      ]),
      { name: "axis", dims: [1], data: [2], type: "int64" },
      { name: "empty", dims: [1, 1, 1, 256, 256], data: new Float32Array(256 * 256).fill(-1000) },
      { name: "iou", dims: [1, 1, 3], data: Float32Array.from([0.2, 0.9, 0.5]) },
      { name: "zero", dims: [1], data: Float32Array.from([0]) },
      { name: "half", dims: [1], data: Float32Array.from([32]) },
      { name: "last", dims: [1], data: [3], type: "int64" },
    ],
    nodes: [
      ...(boxes
        ? [0, 1, 2, 3].flatMap((k) => [
            { op: "Slice", inputs: ["input_boxes", `s${k}`, `e${k}`, "axis"], outputs: [`b${k}raw`] },
            { op: "Reshape", inputs: [`b${k}raw`, "scalar"], outputs: [`b${k}`] },
          ])
        : [
            { op: "Slice", inputs: ["input_points", "s0", "e0", "axis"], outputs: ["first"] },
            { op: "Slice", inputs: ["first", "s0", "e0", "last"], outputs: ["pxraw"] },
            { op: "Slice", inputs: ["first", "s1", "e1", "last"], outputs: ["pyraw"] },
            { op: "Reshape", inputs: ["pxraw", "scalar"], outputs: ["px"] },
            { op: "Reshape", inputs: ["pyraw", "scalar"], outputs: ["py"] },
            { op: "Sub", inputs: ["px", "half"], outputs: ["b0"] },
            { op: "Sub", inputs: ["py", "half"], outputs: ["b1"] },
            { op: "Add", inputs: ["px", "half"], outputs: ["b2"] },
            { op: "Add", inputs: ["py", "half"], outputs: ["b3"] },
          ]),
      { op: "Sub", inputs: ["X", "b0"], outputs: ["left"] },
      { op: "Sub", inputs: ["b2", "X"], outputs: ["right"] },
      { op: "Sub", inputs: ["Y", "b1"], outputs: ["top"] },
      { op: "Sub", inputs: ["b3", "Y"], outputs: ["bottom"] },
      { op: "Min", inputs: ["left", "right", "top", "bottom"], outputs: ["inside"] },
      { op: "Concat", inputs: ["empty", "inside", "empty"], outputs: ["pred_masks"], attrs: { axis: 2 } },
      // The other inputs count for nothing, but are read (so that the graph takes them).
      { op: "ReduceMean", inputs: ["image_embeddings"], outputs: ["r1"], attrs: { keepdims: 0 } },
      { op: "ReduceMean", inputs: ["image_positional_embeddings"], outputs: ["r2"], attrs: { keepdims: 0 } },
      { op: "ReduceSum", inputs: ["input_points"], outputs: ["p"], attrs: { keepdims: 0 } },
      { op: "Cast", inputs: ["input_labels"], outputs: ["lf"], attrs: { to: 1 } },
      { op: "ReduceSum", inputs: ["lf"], outputs: ["l"], attrs: { keepdims: 0 } },
      { op: "Sum", inputs: ["r1", "r2", "p", "l"], outputs: ["all"] },
      { op: "Mul", inputs: ["all", "zero"], outputs: ["nothing"] },
      { op: "Add", inputs: ["iou", "nothing"], outputs: ["iou_scores"] },
    ],
  });
  return { encoder, decoder };
}

/**
 * A ViT feature extractor (DINOv2): `pixel_values` [N, 3, 224, 224] in,
 * `last_hidden_state` [N, 257, D] out; every token is (R, G, B, 0, …), the mean normalized
 * channel values, so the class token tells colours apart.
 */
export function fakeVitFeatures(D: number): Uint8Array {
  const w = new Float32Array(3 * D);
  w[0 * D + 0] = 1;
  w[1 * D + 1] = 1;
  w[2 * D + 2] = 1;
  return writeOnnx({
    inputs: [{ name: "pixel_values", type: "float", dims: ["batch_size", 3, 224, 224] }],
    outputs: [{ name: "last_hidden_state", type: "float", dims: ["batch_size", 257, D] }],
    consts: [
      { name: "W", dims: [3, D], data: w },
      { name: "n1d", dims: [3], data: [0, 1, D], type: "int64" },
      { name: "repeats", dims: [3], data: [1, 257, 1], type: "int64" },
    ],
    nodes: [
      { op: "ReduceMean", inputs: ["pixel_values"], outputs: ["means"], attrs: { axes: [2, 3], keepdims: 0 } },
      { op: "MatMul", inputs: ["means", "W"], outputs: ["e"] },
      { op: "Reshape", inputs: ["e", "n1d"], outputs: ["e1"] },
      { op: "Tile", inputs: ["e1", "repeats"], outputs: ["last_hidden_state"] },
    ],
  });
}
