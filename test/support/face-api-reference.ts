import { createRequire } from "node:module";
import path from "node:path";
import type { RgbImage } from "../../src/index.js";

/** A face found by @vladmandic/face-api itself: `[x, y, w, h]` relative to the image. */
export interface ReferenceFace {
  box: [number, number, number, number];
  score: number;
}

export interface FaceApiTf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(data: Uint8Array, shape: [number, number, number], dtype: "int32"): { dispose(): void };
}

export interface FaceApi {
  nets: {
    ssdMobilenetv1: { loadFromDisk(dir: string): Promise<void> };
    ageGenderNet: { loadFromDisk(dir: string): Promise<void>; predictAgeAndGender(input: unknown): Promise<{ age: number; gender: string; genderProbability: number }> };
    faceExpressionNet: { loadFromDisk(dir: string): Promise<void>; predictExpressions(input: unknown): Promise<Record<string, number>> };
    faceRecognitionNet: { loadFromDisk(dir: string): Promise<void>; computeFaceDescriptor(input: unknown): Promise<Float32Array> };
  };
  SsdMobilenetv1Options: new () => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<{ score: number; relativeBox: { x: number; y: number; width: number; height: number } }[]>;
}

/**
 * Runs the upstream library (@vladmandic/face-api on TF.js's wasm backend, both
 * devDependencies) on decoded images: its SSD-MobileNetV1 with default options.
 */
export async function faceApiSsdFaces(images: readonly RgbImage[]): Promise<ReferenceFace[][]> {
  const { tf, faceapi, modelDir } = await loadFaceApi();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  const out: ReferenceFace[][] = [];
  for (const image of images) {
    const input = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
    const faces = await faceapi.detectAllFaces(input, new faceapi.SsdMobilenetv1Options());
    input.dispose();
    out.push(faces.map((f) => ({ box: [f.relativeBox.x, f.relativeBox.y, f.relativeBox.width, f.relativeBox.height], score: f.score })));
  }
  return out;
}

/** face-api on the CommonJS @tensorflow/tfjs (a module instance separate from ours) with the wasm backend. */
export async function loadFaceApi(): Promise<{ tf: FaceApiTf; faceapi: FaceApi; modelDir: string }> {
  const require = createRequire(import.meta.url);
  const tf = require("@tensorflow/tfjs") as FaceApiTf;
  require("@tensorflow/tfjs-backend-wasm");
  await tf.setBackend("wasm");
  await tf.ready();
  const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApi;
  return { tf, faceapi, modelDir: path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model") };
}

/** What face-api's crop-level nets say about one face crop. */
export interface ReferenceCrop {
  age: number;
  gender: string;
  genderProbability: number;
  expressions: Record<string, number>;
  descriptor: Float32Array;
}

/** Runs face-api's age/gender and expression nets on 112×112 crops and its recognition net on 150×150 crops of the same faces. */
export async function faceApiCropNets(crops112: readonly RgbImage[], crops150: readonly RgbImage[]): Promise<ReferenceCrop[]> {
  const { tf, faceapi, modelDir } = await loadFaceApi();
  await Promise.all([faceapi.nets.ageGenderNet.loadFromDisk(modelDir), faceapi.nets.faceExpressionNet.loadFromDisk(modelDir), faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir)]);
  const out: ReferenceCrop[] = [];
  for (const [i, c] of crops112.entries()) {
    const small = tf.tensor3d(c.data, [c.height, c.width, 3], "int32");
    const big = tf.tensor3d(crops150[i]!.data, [crops150[i]!.height, crops150[i]!.width, 3], "int32");
    const ag = await faceapi.nets.ageGenderNet.predictAgeAndGender(small);
    const expressions = { ...(await faceapi.nets.faceExpressionNet.predictExpressions(small)) };
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(big);
    small.dispose();
    big.dispose();
    out.push({ age: ag.age, gender: ag.gender, genderProbability: ag.genderProbability, expressions, descriptor });
  }
  return out;
}
