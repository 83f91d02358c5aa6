import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { decodeImage, zoo, type Detections, type Keypoints, type Model, type RgbImage } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { personBoxes, saveCrops } from "../support/people.js";
import { loadUpstreamHuman, type HumanResult } from "../support/upstream-human.js";

useTempHome();

/*
 * The same weights through the library they were converted for: @vladmandic/human on
 * its WebAssembly backend. Differences come only from resampling (sharp's bilinear vs
 * TF.js resizeBilinear), so points and boxes agree to about a percent of the image.
 */

const photos = [demoPhotos()[0]!, demoPhotos()[4]!, demoPhotos()[5]!];
/** One person per image, for the single-pose model: CenterNet's people of sample1, cut out. */
let crops: string[] = [];
const images = new Map<string, RgbImage>();
const upstream = new Map<string, HumanResult>();
/** human's PoseNet results (a second instance: human runs one body model at a time). */
const upstreamPoseNet = new Map<string, HumanResult>();
const ours: Model[] = [];
after(async () => {
  for (const m of ours) await m.dispose();
});

before(async () => {
  // One human instance for both models: BlazeFace (back) without the face mesh, and MoveNet Thunder.
  const human = await loadUpstreamHuman({
    face: {
      enabled: true,
      detector: { modelPath: "blazeface-back.json", rotation: false, maxDetected: 20, minConfidence: 0.5, iouThreshold: 0.3, scale: 1, square: false, skipFrames: 0 },
      mesh: { enabled: false },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: true, modelPath: "movenet-thunder.json", maxDetected: 1, minConfidence: 0.3, skipFrames: 0 },
  });
  crops = await saveCrops(photos[0]!, await personBoxes(await load("centernet-coco-tfjs"), photos[0]!));
  for (const p of [...photos, ...crops]) {
    const image = await decodeImage(p);
    images.set(p, image);
    upstream.set(p, await human.detect(image));
  }
  const posenet = await loadUpstreamHuman({ body: { enabled: true, modelPath: "posenet.json", maxDetected: 10, minConfidence: 0.3, skipFrames: 0 } });
  for (const p of photos) upstreamPoseNet.set(p, await posenet.detect(images.get(p)!));
});

async function load(name: string, options: Parameters<typeof zoo.loadZooModel>[1] = {}): Promise<Model> {
  const m = await zoo.loadZooModel(name, options);
  ours.push(m);
  await m.load();
  return m;
}

describe("our decoders against @vladmandic/human on the same weights and photos", () => {
  test("BlazeFace back: the same faces, the same 6 keypoints, the same box centres and sizes", async () => {
    // human stretches the photo to the square input (its detector.square is off); ask our entry for the same.
    const model = await load("blazeface-back-mediapipe-tfjs", { input: { resize: "fill" } });
    for (const p of photos) {
      const image = images.get(p)!;
      const { detections, keypoints } = (await model.predict(image)) as unknown as { detections: Detections; keypoints: Keypoints };
      const theirs = upstream.get(p)!.face;
      const name = path.basename(p);
      assert.ok(theirs.length >= 3, `${name}: human finds faces`);
      assert.equal(detections.detections.length, theirs.length, `${name}: as many faces as human`);
      for (const face of theirs) {
        // human's box is squared around the detector's box (side = the longer side, in pixels).
        const [hx, hy, hw, hh] = face.boxRaw;
        const centre = [hx + hw / 2, hy + hh / 2];
        const mine = detections.detections.find((d) => Math.abs(d.boundingBox[0] + d.boundingBox[2] / 2 - centre[0]!) < 0.01 && Math.abs(d.boundingBox[1] + d.boundingBox[3] / 2 - centre[1]!) < 0.01);
        assert.ok(mine, `${name}: a face centred at ${String(centre)} as human's`);
        const side = Math.max(mine.boundingBox[2] * image.width, mine.boundingBox[3] * image.height);
        assert.ok(Math.abs(side - face.box[2]) / face.box[2] < 0.05, `${name}: box side ${side.toFixed(0)} px vs human ${face.box[2]} px`);
        assert.ok(Math.abs(mine.confidence! - face.score) < 0.1, `${name}: score ${mine.confidence} vs ${face.score}`);
        const kp = keypoints.keypoints.find((k) => k.index === mine.index)!;
        face.meshRaw.forEach(([x, y], i) => {
          const [mx, my] = kp.points[i]!;
          assert.ok(Math.abs(mx - x) < 0.01 && Math.abs(my - y) < 0.01, `${name}: keypoint ${i} at ${mx.toFixed(3)},${my.toFixed(3)} vs human ${x.toFixed(3)},${y.toFixed(3)}`);
        });
      }
    }
  });

  // Per-keypoint scores are not compared: MoveNet's are sensitive to resampling (0.36 vs 0.62 for an eye).
  test("MoveNet Thunder: the same person, each keypoint both are confident about within 3% of the image", async () => {
    const model = await load("movenet-thunder-coco-tfjs");
    const names = ["nose", "leftEye", "rightEye", "leftEar", "rightEar", "leftShoulder", "rightShoulder", "leftElbow", "rightElbow", "leftWrist", "rightWrist", "leftHip", "rightHip", "leftKnee", "rightKnee", "leftAnkle", "rightAnkle"];
    // One person per image: shown a group, a single-pose model poses one of them with low
    // confidence, and which one flips with resampling noise.
    assert.equal(crops.length, 3);
    for (const p of crops) {
      const mine = ((await model.predict(images.get(p)!)) as Keypoints).keypoints[0]!;
      const [theirs] = upstream.get(p)!.body;
      const name = path.basename(p);
      assert.ok(theirs && theirs.keypoints.length >= 5, `${name}: human poses someone`);
      // Keypoints both libraries are confident about (human drops those below its minConfidence, 0.3).
      const both = theirs.keypoints.filter((k) => mine.confidence![names.indexOf(k.part)]! > 0.3);
      assert.ok(both.length >= 8, `${name}: ${both.length} keypoints confident in both`);
      for (const k of both) {
        const [mx, my] = mine.points[names.indexOf(k.part)]!;
        const [x, y] = k.positionRaw;
        assert.ok(Math.abs(mx - x) < 0.03 && Math.abs(my - y) < 0.03, `${name}: ${k.part} at ${mx.toFixed(3)},${my.toFixed(3)} vs human ${x.toFixed(3)},${y.toFixed(3)}`);
      }
    }
  });

  test("PoseNet: each person we find, human finds too, with the keypoints both are confident about within 3% of the image", async () => {
    // human's part-based NMS radius is 50 input pixels (ours defaults to PoseNet's 20). human
    // also scores a pose by the mean of its confident parts only (tfjs-models' PoseNet, which
    // we follow, by all 17), so it keeps extra, partial poses: compare our people to its.
    const model = await load("posenet-coco-tfjs", { processorOptions: { nmsRadius: 50, minScore: 0.3 } });
    const names = ["nose", "leftEye", "rightEye", "leftEar", "rightEar", "leftShoulder", "rightShoulder", "leftElbow", "rightElbow", "leftWrist", "rightWrist", "leftHip", "rightHip", "leftKnee", "rightKnee", "leftAnkle", "rightAnkle"];
    for (const p of photos) {
      const name = path.basename(p);
      const mine = ((await model.predict(images.get(p)!)) as unknown as { keypoints: Keypoints }).keypoints.keypoints;
      const theirs = upstreamPoseNet.get(p)!.body;
      assert.ok(mine.length >= 3, `${name}: people found`);
      for (const person of mine) {
        const [nx, ny] = person.points[0]!;
        const match = theirs.find((t) => t.keypoints.some((k) => k.part === "nose" && Math.abs(k.positionRaw[0] - nx) < 0.03 && Math.abs(k.positionRaw[1] - ny) < 0.03));
        assert.ok(match, `${name}: human has a person with the nose at ${nx.toFixed(3)},${ny.toFixed(3)}`);
        let compared = 0;
        for (const k of match.keypoints) {
          const i = names.indexOf(k.part);
          if (!(person.confidence![i]! > 0.3)) continue;
          const [mx, my] = person.points[i]!;
          const [x, y] = k.positionRaw;
          assert.ok(Math.abs(mx - x) < 0.03 && Math.abs(my - y) < 0.03, `${name}: ${k.part} at ${mx.toFixed(3)},${my.toFixed(3)} vs human ${x.toFixed(3)},${y.toFixed(3)}`);
          compared++;
        }
        assert.ok(compared >= 5, `${name}: ${compared} keypoints compared`);
      }
    }
  });
});
