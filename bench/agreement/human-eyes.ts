// @vladmandic/human's eyes against the zoo's eye entries (human-crops manifest), on the same weights:
// blazeface-eyes-mediapipe-tfjs (eye boxes about BlazeFace's eye keypoints) and iris-mediapipe-tfjs.
import { CascadeModel, decodeImage, zoo, type Detections, type Keypoints, type RgbImage } from "../../src/index.js";
import { loadUpstreamHuman } from "../../test/support/upstream-human.js";
import type { CorpusImage } from "./corpus.js";
import { meets, type AgreementRow } from "./rows.js";

type Point = readonly [number, number];
const OFF = { enabled: false };
const DETECTOR = { modelPath: "blazeface-back.json", rotation: false, square: false, maxDetected: 100, minConfidence: 0.5, iouThreshold: 0.3, skipFrames: 0, skipTime: 0 };
const REST = { attention: OFF, emotion: OFF, description: OFF, antispoof: OFF, liveness: OFF };

/**
 * Pairs each upstream point with the nearest unused one of ours (within 5% of the diagonal);
 * returns the summed distance (share of the diagonal), the pairs and the unpaired upstream points.
 */
function pairPoints(theirs: readonly Point[], ours: readonly Point[], image: RgbImage): { sum: number; pairs: number; unpaired: number } {
  const diag = Math.hypot(image.width, image.height);
  const used = new Set<number>();
  let sum = 0;
  let pairs = 0;
  let unpaired = 0;
  for (const t of theirs) {
    let best = -1;
    let bestD = 0.05 * diag;
    ours.forEach((o, k) => {
      const d = Math.hypot((o[0] - t[0]) * image.width, (o[1] - t[1]) * image.height);
      if (!used.has(k) && d < bestD) [best, bestD] = [k, d];
    });
    if (best < 0) unpaired++;
    else {
      used.add(best);
      sum += bestD / diag;
      pairs++;
    }
  }
  return { sum, pairs, unpaired };
}

/**
 * blazeface-eyes: the centre of each eye box against human's BlazeFace eye keypoints (the
 * first two of the six points human reports for a face without its mesh), both stretched
 * to the detector's square input as the blazeface rows run.
 */
export async function blazefaceEyesRows(images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const entry = "blazeface-eyes-mediapipe-tfjs";
  const human = await loadUpstreamHuman({ face: { enabled: true, detector: { ...DETECTOR, scale: 1 }, mesh: OFF, iris: OFF, ...REST } });
  const model = await zoo.loadZooModel(entry, { input: { resize: "fill" } });
  let sum = 0;
  let instances = 0;
  let upstreamEyes = 0;
  let ourEyes = 0;
  try {
    await model.load();
    for (const img of images) {
      const image = await decodeImage(img.file);
      const theirs = (await human.detect(image)).face.flatMap((f) => f.meshRaw.slice(0, 2).map(([x, y]): Point => [x, y]));
      const ours = ((await model.predict(image)) as Detections).detections.map(({ boundingBox: b }): Point => [b[0] + b[2] / 2, b[1] + b[3] / 2]);
      upstreamEyes += theirs.length;
      ourEyes += ours.length;
      const p = pairPoints(theirs, ours, image);
      if (p.unpaired) log(`  ${entry} ${img.name}: ${p.unpaired} upstream eye(s) with no eye box of ours near them`);
      sum += p.sum;
      instances += p.pairs;
    }
  } finally {
    await model.dispose();
  }
  const values = { meanDistance: instances ? sum / instances : 0, instances, upstreamEyes, ourEyes };
  return [{ model: entry, upstream: "@vladmandic/human", measure: "keypoints", images: images.length, values, pass: meets("keypoints", values) }];
}

/**
 * iris: the iris centres end to end. human runs the iris model on eyes cut from its
 * FaceMesh (the two eye corners' box grown 2.3 times) and appends each eye's five iris
 * points to the mesh (points 468 and 473 are the centres); the entry cuts the eyes from
 * BlazeFace's eye keypoints (blazeface-eyes). Each upstream centre is paired with the
 * nearest of our iris centres.
 */
export async function irisRows(images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const entry = "iris-mediapipe-tfjs";
  const human = await loadUpstreamHuman({
    face: { enabled: true, detector: { ...DETECTOR, scale: 1.4 }, mesh: { enabled: true, modelPath: "facemesh.json", keepInvalid: false }, iris: { enabled: true, modelPath: "iris.json", scale: 2.3 }, ...REST },
  });
  const spec = zoo.getZooModel(entry);
  const detector = await zoo.loadZooModel(spec.crops!.detector, { input: { resize: "fill" } });
  const patch = await zoo.loadZooModel(entry, { crops: false });
  const model = new CascadeModel({ name: entry, detector, model: patch, mirror: spec.crops!.mirror ?? [], owns: ["detector", "model"] });
  let sum = 0;
  let instances = 0;
  let upstreamIrises = 0;
  let ourIrises = 0;
  try {
    await model.load();
    for (const img of images) {
      const image = await decodeImage(img.file);
      const theirs = (await human.detect(image)).face.filter((f) => f.meshRaw.length === 478).flatMap((f) => [468, 473].map((i): Point => [f.meshRaw[i]![0], f.meshRaw[i]![1]]));
      const kps = ((await model.predict(image)) as unknown as { keypoints?: Keypoints }).keypoints?.keypoints ?? [];
      const ours = kps.filter((k) => k.label === "iris" && k.points[0]).map((k): Point => [k.points[0]![0], k.points[0]![1]]);
      upstreamIrises += theirs.length;
      ourIrises += ours.length;
      const p = pairPoints(theirs, ours, image);
      if (p.unpaired) log(`  ${entry} ${img.name}: ${p.unpaired} upstream iris centre(s) with none of ours near them`);
      sum += p.sum;
      instances += p.pairs;
    }
  } finally {
    await model.dispose();
  }
  const values = { meanDistance: instances ? sum / instances : 0, instances, upstreamIrises, ourIrises };
  return [{ model: entry, upstream: "@vladmandic/human", measure: "keypoints", images: images.length, values, pass: meets("keypoints", values) }];
}
