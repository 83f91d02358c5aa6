import { createRequire } from "node:module";
import type { RgbImage } from "../../src/index.js";

interface NsfwTf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(data: Uint8Array, shape: [number, number, number], dtype: "int32"): { dispose(): void };
}

interface Nsfwjs {
  load(name: string, options: { size: number }): Promise<{ classify(input: unknown, topK: number): Promise<{ className: string; probability: number }[]> }>;
}

/**
 * Runs the upstream nsfwjs (a devDependency, on the CommonJS @tensorflow/tfjs with the
 * wasm backend) on images (nsfwjs resizes them to `size` itself): class → probability.
 */
export async function nsfwjsProbabilities(modelName: "MobileNetV2" | "MobileNetV2Mid" | "InceptionV3", size: number, images: readonly RgbImage[]): Promise<Record<string, number>[]> {
  const require = createRequire(import.meta.url);
  const tf = require("@tensorflow/tfjs") as NsfwTf;
  require("@tensorflow/tfjs-backend-wasm");
  await tf.setBackend("wasm");
  await tf.ready();
  const nsfwjs = require("nsfwjs") as Nsfwjs;
  const model = await nsfwjs.load(modelName, { size });
  const out: Record<string, number>[] = [];
  for (const image of images) {
    const input = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
    const classes = await model.classify(input, 5);
    input.dispose();
    out.push(Object.fromEntries(classes.map((c) => [c.className, c.probability])));
  }
  return out;
}
