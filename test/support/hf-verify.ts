import fs from "node:fs";
import path from "node:path";
import { seededRandom } from "../../src/brain/math.js";
import { ImageModel, zoo, type InferenceRuntime, type TensorData, type ZooModelEntry } from "../../src/index.js";
import { buildProcessor } from "../../src/zoo/models/processor-factory.js";
import { repoRoot } from "./env.js";

/*
 * Helpers of the verification against transformers.js (test/hf-models/verify-transformers.test.ts
 * and the table script): the local copies of the hub repositories' configuration files, the real
 * photos, and stand-in runtimes that return given raw outputs, so that the same tensors go
 * through modelzoo's processors and transformers.js' pipelines.
 */

/** Local copies of the hub repositories' config.json and preprocessor_config.json (see SOURCES.md there). */
export const HF_FIXTURE_DIR = path.join(repoRoot, "test", "fixtures", "hf-repos");

/**
 * Ten real photos of the corpus (test/corpus), of different sizes and aspect ratios:
 * tiny to 1000×872, square, landscape, portrait by EXIF orientation, grayscale, with alpha.
 */
export const VERIFY_PHOTOS: readonly string[] = [
  "skimage-microaneurysms.png", // 102×102 grayscale
  "derived-chelsea-tiny.png", // 160×106
  "derived-home-exif8.jpg", // 384×512 after EXIF orientation 8
  "skimage-page.png", // 384×191 grayscale
  "skimage-camera.png", // 512×512 grayscale
  "derived-astronaut-exif6.jpg", // 512×512, EXIF orientation 6
  "derived-coffee-alpha.png", // 600×400 RGBA
  "opencv-aero1.jpg", // 640×480
  "opencv-building.jpg", // 868×600
  "skimage-hubble_deep_field.jpg", // 1000×872
].map((f) => path.join(repoRoot, "test", "corpus", f));

/** A large photo the pre-processing is also compared on (1920×1350 with EXIF orientation 3). */
export const LARGE_PHOTOS: readonly string[] = ["derived-sample3-exif3.jpg"].map((f) => path.join(repoRoot, "test", "corpus", f));

/** The parsed JSON file `file` of fixture repository `repo`. */
export function fixtureJson(repo: string, file: "config.json" | "preprocessor_config.json"): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(HF_FIXTURE_DIR, repo, file), "utf8")) as Record<string, unknown>;
}

/** The catalog's Hugging Face entries. */
export function hubEntries(): ZooModelEntry[] {
  return zoo
    .listZooModels({ source: "hf" })
    .map((name) => zoo.getZooModel(name))
    .filter((m) => m.source.type === "hf" && fs.existsSync(path.join(HF_FIXTURE_DIR, m.source.repo)));
}

/** Raw outputs for a run, from the input tensor's shape. */
export type OutputMaker = (inputDims: readonly number[]) => Record<string, TensorData>;

/**
 * A catalog entry's model (its input preparation and output processor) on a runtime
 * that returns `make(pixel_values dims)` instead of running a graph.
 */
export class StandInModel extends ImageModel {
  /** @param entry - the catalog entry; @param make - the outputs of each run */
  constructor(
    entry: ZooModelEntry,
    private readonly make: OutputMaker,
  ) {
    const processor = buildProcessor(entry, HF_FIXTURE_DIR);
    super({ name: entry.name, input: entry.input, ...(processor ? { processor } : {}), ...(entry.embeddings ? { embeddings: entry.embeddings } : {}) });
  }

  protected createRuntime(): Promise<InferenceRuntime> {
    const name = this.config.input.name ?? "pixel_values";
    return Promise.resolve({
      backend: "stand-in",
      inputs: [{ name, dims: [null, 3, null, null] }],
      outputs: [],
      run: (feeds) => Promise.resolve(this.make(feeds[name]!.dims)),
      dispose: () => Promise.resolve(),
    });
  }
}

/** `n` normally distributed values (Box–Muller) of standard deviation `sd`, from `seed`. */
export function gaussian(n: number, seed: number, sd = 1): Float32Array {
  const rand = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return out;
}

/** A seed from a string and numbers (FNV-1a), so each entry and photo gets its own tensors. */
export function seedOf(...parts: readonly (string | number)[]): number {
  let h = 2166136261;
  for (const ch of parts.join("|")) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}
