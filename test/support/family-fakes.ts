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
