// @vladmandic/human's body module against the zoo's pose entries (MoveNet, PoseNet, EfficientPose, BlazePose), same weights.
import { decodeImage, zoo, type Keypoint, type Keypoints } from "../../src/index.js";
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

/** Keypoints both sides are confident about (human lists only parts at or above its minConfidence, 0.3). */
const MIN_SCORE = 0.3;

/**
 * A pose entry against human's body module: each upstream person paired with our person
 * whose shared confident keypoints lie nearest (mean within 10% of the diagonal), and the
 * mean distance of those keypoints.
 */
export async function bodyRows(entry: string, images: readonly CorpusImage[], log: (s: string) => void, input: Record<string, unknown> = {}): Promise<AgreementRow[]> {
  const spec = BODY_MODELS[entry]!;
  const human = await loadUpstreamHuman({ body: { enabled: true, modelPath: spec.file, maxDetected: spec.single ? 1 : 10, minConfidence: MIN_SCORE, skipFrames: 0, skipTime: 0 } });
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
      const theirs = ((await human.detect(image)).body as unknown as HumanBody[]).filter((b) => b.keypoints.length > 0);
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
          const [d, n] = sharedDistance(o, body, spec.parts, image.width, image.height);
          if (n >= 3 && d < 0.1 * diag && (!best || d < best.d)) best = { k, d, n };
        });
        if (!best) {
          log(`  ${entry} ${img.name}: an upstream person with no person of ours on it`);
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
  }
  const values = { meanDistance: instances ? distSum / instances : 0, instances, keypointsCompared: points, upstreamPeople, ourPeople };
  return [{ model: entry, upstream: "@vladmandic/human", measure: "keypoints", images: images.length, values, pass: meets("keypoints", values) }];
}

/** Mean pixel distance of the keypoints human lists that we are also confident about, and how many. */
function sharedDistance(ours: Keypoint, theirs: HumanBody, parts: readonly string[], width: number, height: number): [number, number] {
  let sum = 0;
  let n = 0;
  for (const k of theirs.keypoints) {
    const i = parts.indexOf(k.part);
    const p = i >= 0 ? ours.points[i] : undefined;
    if (!p || !((ours.confidence?.[i] ?? 1) >= MIN_SCORE)) continue;
    sum += Math.hypot((p[0] - k.positionRaw[0]) * width, (p[1] - k.positionRaw[1]) * height);
    n++;
  }
  return [n ? sum / n : Infinity, n];
}
