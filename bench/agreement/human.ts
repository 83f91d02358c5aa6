// @vladmandic/human against the zoo's human-models entries, on the same weights.
import { decodeImage, zoo, type Detections, type Keypoints, type Model, type RgbImage } from "../../src/index.js";
import { loadUpstreamHuman } from "../../test/support/upstream-human.js";
import { BoxTally } from "./boxes.js";
import type { CorpusImage } from "./corpus.js";
import { matchBoxes, meanPointDistance, type LabelledBox } from "./metrics.js";
import { meets, type AgreementRow } from "./rows.js";

interface HumanObject {
  label: string;
  boxRaw: [number, number, number, number];
}

async function withModel<T>(name: string, options: Parameters<typeof zoo.loadZooModel>[1], run: (m: Model) => Promise<T>): Promise<T> {
  const model = await zoo.loadZooModel(name, options);
  try {
    await model.load();
    return await run(model);
  } finally {
    await model.dispose();
  }
}

/** BlazeFace (back, or `front` with human's detector.modelPath set to it): faces matched both ways, and the six keypoints of matched faces. */
export async function blazefaceRows(images: readonly CorpusImage[], log: (s: string) => void, variant: "back" | "front" = "back"): Promise<AgreementRow[]> {
  const entry = `blazeface-${variant}-mediapipe-tfjs`;
  // human pads the image to a square (detector.square) as our entry letterboxes; scale 1: the detector's own box.
  const human = await loadUpstreamHuman({
    face: {
      enabled: true,
      detector: { modelPath: `blazeface-${variant}.json`, rotation: false, square: false, maxDetected: 100, minConfidence: 0.5, iouThreshold: 0.3, scale: 1, skipFrames: 0 },
      mesh: { enabled: false },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
  });
  const tally = new BoxTally();
  let distSum = 0;
  let instances = 0;
  await withModel(entry, { input: { resize: "fill" } }, async (model) => {
    for (const img of images) {
      const image = await decodeImage(img.file);
      const theirs = (await human.detect(image)).face;
      const { detections, keypoints } = (await model.predict(image)) as unknown as { detections: Detections; keypoints: Keypoints };
      // human squares each face box about its centre (side = the longer side in pixels): so do we, to compare.
      const ours: LabelledBox[] = detections.detections.map((d) => ({ label: "face", box: squared(d.boundingBox, image) }));
      const up: LabelledBox[] = theirs.map((f) => ({ label: "face", box: f.boxRaw }));
      tally.add(img.name, ours, up);
      for (const [i, j] of matchBoxes(ours, up)) {
        const kp = keypoints.keypoints.find((k) => k.index === detections.detections[i]!.index)!;
        distSum += meanPointDistance(kp.points.map((p) => p ?? [NaN, NaN]), theirs[j]!.meshRaw.map(([x, y]) => [x, y]), image.width, image.height);
        instances++;
      }
    }
  });
  for (const d of tally.disagreements()) log(`  ${entry} ${d}`);
  const boxes = tally.values();
  const kp = { meanDistance: instances ? distSum / instances : 0, instances };
  return [
    { model: entry, upstream: "@vladmandic/human", measure: "boxes", images: images.length, values: boxes, pass: meets("boxes", boxes) },
    { model: entry, upstream: "@vladmandic/human", measure: "keypoints", images: images.length, values: kp, pass: meets("keypoints", kp) },
  ];
}

/** An object detector of human's `object` module (CenterNet, NanoDet) against the zoo entry. */
export async function objectRows(
  entry: string,
  humanModel: string,
  images: readonly CorpusImage[],
  log: (s: string) => void,
  processorOptions: Record<string, unknown>,
  objectConfig: Record<string, unknown>,
  /** A second run of the same weights (e.g. decoded as human decodes): its matched shares join the values as `…HumanDecoding`. */
  alternative?: () => Promise<Model>,
): Promise<AgreementRow> {
  const human = await loadUpstreamHuman({ object: { enabled: true, modelPath: humanModel, skipFrames: 0, ...objectConfig } });
  const tally = new BoxTally();
  const altTally = new BoxTally();
  const alt = alternative ? await alternative() : undefined;
  await alt?.load();
  try {
    await withModel(entry, { processorOptions }, async (model) => {
      for (const img of images) {
        const image: RgbImage = await decodeImage(img.file);
        const theirs = ((await human.detect(image)) as unknown as { object: HumanObject[] }).object.map((o) => ({ label: o.label, box: o.boxRaw }));
        const ours = ((await model.predict(image)) as Detections).detections.map((d) => ({ label: d.label, box: d.boundingBox }));
        tally.add(img.name, ours, theirs);
        if (alt) altTally.add(img.name, ((await alt.predict(image)) as Detections).detections.map((d) => ({ label: d.label, box: d.boundingBox })), theirs);
      }
    });
  } finally {
    await alt?.dispose();
  }
  for (const d of tally.disagreements()) log(`  ${entry} ${d}`);
  const values = tally.values();
  if (alt) {
    const a = altTally.values();
    values.upstreamMatchedHumanDecoding = a.upstreamMatched!;
    values.oursMatchedHumanDecoding = a.oursMatched!;
  }
  return { model: entry, upstream: "@vladmandic/human", measure: "boxes", images: images.length, values, pass: meets("boxes", values) };
}

/** A relative box squared about its centre in pixels (side = its longer side), as human's squarifyBox. */
function squared(box: readonly [number, number, number, number], image: RgbImage): [number, number, number, number] {
  const side = Math.max(box[2] * image.width, box[3] * image.height);
  const cx = box[0] + box[2] / 2;
  const cy = box[1] + box[3] / 2;
  return [cx - side / image.width / 2, cy - side / image.height / 2, side / image.width, side / image.height];
}

interface HumanHand {
  /** 21 points in pixels. */
  keypoints: [number, number, number?][];
}

/**
 * A hand-landmark entry (HandTrack, then the landmark model on each hand) against human's
 * hand module with the same two models: each upstream hand is paired with our hand whose
 * wrist is nearest (within 5% of the diagonal), and the 21 points compared.
 */
export async function handRows(entry: string, skeleton: string, images: readonly CorpusImage[], log: (s: string) => void): Promise<AgreementRow[]> {
  const human = await loadUpstreamHuman({ hand: { enabled: true, maxDetected: 10, minConfidence: 0.5, skipFrames: 0, detector: { modelPath: "handtrack.json" }, skeleton: { modelPath: skeleton } } });
  let distSum = 0;
  let instances = 0;
  let upstreamHands = 0;
  let ourHands = 0;
  await withModel(entry, {}, async (model) => {
    for (const img of images) {
      const image = await decodeImage(img.file);
      const theirs = ((await human.detect(image)) as unknown as { hand: HumanHand[] }).hand;
      const ours = ((await model.predict(image)) as unknown as { keypoints?: Keypoints }).keypoints?.keypoints ?? [];
      upstreamHands += theirs.length;
      ourHands += ours.length;
      const diag = Math.hypot(image.width, image.height);
      const used = new Set<number>();
      for (const hand of theirs) {
        const points = hand.keypoints.map(([x, y]) => [x / image.width, y / image.height]);
        let best = -1;
        let bestD = 0.05 * diag;
        ours.forEach((o, k) => {
          const w = o.points[0];
          if (!w || used.has(k)) return;
          const d = Math.hypot((w[0] - points[0]![0]!) * image.width, (w[1] - points[0]![1]!) * image.height);
          if (d < bestD) [best, bestD] = [k, d];
        });
        if (best < 0) {
          log(`  ${entry} ${img.name}: an upstream hand with no hand of ours at its wrist`);
          continue;
        }
        used.add(best);
        distSum += meanPointDistance(ours[best]!.points.map((p) => p ?? [NaN, NaN]), points, image.width, image.height);
        instances++;
      }
    }
  });
  const values = { meanDistance: instances ? distSum / instances : 0, instances, upstreamHands, ourHands };
  return [{ model: entry, upstream: "@vladmandic/human", measure: "keypoints", images: images.length, values, pass: meets("keypoints", values) }];
}
