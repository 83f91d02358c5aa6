import { createRequire } from "node:module";
import path from "node:path";
import type { RgbImage } from "../../src/index.js";

/** A face found by @vladmandic/face-api itself: `[x, y, w, h]` relative to the image. */
export interface ReferenceFace {
  box: [number, number, number, number];
  score: number;
}

interface FaceApiTf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(data: Uint8Array, shape: [number, number, number], dtype: "int32"): { dispose(): void };
}

interface FaceApi {
  nets: { ssdMobilenetv1: { loadFromDisk(dir: string): Promise<void> } };
  SsdMobilenetv1Options: new () => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<{ score: number; relativeBox: { x: number; y: number; width: number; height: number } }[]>;
}

/**
 * Runs the upstream library (@vladmandic/face-api on TF.js's wasm backend, both
 * devDependencies) on decoded images: its SSD-MobileNetV1 with default options.
 */
export async function faceApiSsdFaces(images: readonly RgbImage[]): Promise<ReferenceFace[][]> {
  const require = createRequire(import.meta.url);
  // face-api's node-wasm bundle loads the CommonJS @tensorflow/tfjs, a module instance separate from ours.
  const tf = require("@tensorflow/tfjs") as FaceApiTf;
  require("@tensorflow/tfjs-backend-wasm");
  await tf.setBackend("wasm");
  await tf.ready();
  const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApi;
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model"));
  const out: ReferenceFace[][] = [];
  for (const image of images) {
    const input = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
    const faces = await faceapi.detectAllFaces(input, new faceapi.SsdMobilenetv1Options());
    input.dispose();
    out.push(faces.map((f) => ({ box: [f.relativeBox.x, f.relativeBox.y, f.relativeBox.width, f.relativeBox.height], score: f.score })));
  }
  return out;
}
