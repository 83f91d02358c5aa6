// The upstream side of the ESRGAN checks: `upscaler` (UpscalerJS 1.0.0, its browser ES build
// on @tensorflow/tfjs with the wasm backend, as a Node program without tfjs-node uses it)
// running a model definition exported by an @upscalerjs/* package, fed the same decoded
// pixels as a tensor and asked for a tensor back. Only the model's files are read from the
// package folder (upscaler's own loader would fetch them from a CDN).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type * as TfjsModule from "@tensorflow/tfjs";
import type { Tensor3D } from "@tensorflow/tfjs";
import type { RgbImage } from "../../src/index.js";

const require = createRequire(import.meta.url);

/** The packages and the definition each scale's subpath exports (the packages' `exports`). */
export type UpscalerPackage = "@upscalerjs/esrgan-slim" | "@upscalerjs/esrgan-medium" | "@upscalerjs/esrgan-thick";

interface Upstream {
  tf: typeof TfjsModule;
  Upscaler: UpscalerClass;
}
/** The part of upscaler's class these checks use. */
type UpscalerClass = new (options: { model: unknown }) => { execute(input: unknown, options: object): Promise<unknown>; dispose(): Promise<void> };
let loading: Promise<Upstream> | undefined;

async function upstream(): Promise<Upstream> {
  loading ??= (async () => {
    const tf = await import("@tensorflow/tfjs");
    await import("@tensorflow/tfjs-backend-wasm");
    if (!(await tf.setBackend("wasm"))) throw new Error("the TF.js wasm backend did not start");
    await tf.ready();
    const { default: Upscaler } = (await import("upscaler")) as unknown as { default: UpscalerClass };
    return { tf, Upscaler };
  })();
  return await loading;
}

/** The folder of an installed package (its package.json's directory). */
export function packageDir(pkg: string): string {
  // Some of these packages export neither ./package.json nor a CommonJS main: look in node's search folders.
  for (const base of require.resolve.paths(pkg) ?? []) {
    const dir = path.join(base, pkg);
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
  }
  throw new Error(`cannot find the folder of ${pkg}; npm install it`);
}

/** Reads a Layers model.json and its shards from disk into TF.js model artifacts. */
function artifacts(modelJson: string): { modelTopology: object; weightSpecs: object[]; weightData: ArrayBuffer; format?: string } {
  const json = JSON.parse(fs.readFileSync(modelJson, "utf8")) as { modelTopology: object; format?: string; weightsManifest: { paths: string[]; weights: object[] }[] };
  const buffers = json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(path.dirname(modelJson), p))));
  const all = Buffer.concat(buffers);
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
    ...(json.format ? { format: json.format } : {}),
  };
}

/** An upstream upscaler for one package and scale, and how to run it on RGB images. */
export async function upscalerReference(pkg: UpscalerPackage, scale: 2 | 3 | 4 | 8): Promise<{
  /** Upscales one image (tiles of `patchSize` with `padding`, when given); the float RGB values upscaler returns, HWC. */
  upscale(image: RgbImage, options: { patchSize?: number; padding?: number }): Promise<{ data: Float32Array; width: number; height: number }>;
  dispose(): Promise<void>;
}> {
  const { tf, Upscaler } = await upstream();
  const definitionModule = (await import(`${pkg}/${scale}x`)) as { default: { _internals: { path: string } } & Record<string, unknown> };
  const definition = definitionModule.default;
  const files = artifacts(path.join(packageDir(pkg), definition._internals.path));
  // The definition as the package exports it; only `path` is given, a loader of its files.
  const upscaler = new Upscaler({ model: { ...definition, path: { load: () => Promise.resolve(files) } } });
  return {
    async upscale(image, options) {
      const input = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
      const out = (await upscaler.execute(input, { output: "tensor", ...options })) as Tensor3D;
      const [height, width] = out.shape;
      const data = (await out.data()) as Float32Array;
      out.dispose();
      input.dispose();
      return { data, width, height };
    },
    dispose: () => upscaler.dispose(),
  };
}
