import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, decodeImage, zoo, type Detection, type Detections, type Keypoints, type Model } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { confidentPoints, distance, inBox, personBoxes, saveCrops } from "../support/people.js";

useTempHome();

const models = new Map<string, Model>();
async function model(name: string): Promise<Model> {
  let m = models.get(name);
  if (!m) {
    m = await zoo.loadZooModel(name);
    await m.load();
    models.set(name, m);
  }
  return m;
}
after(async () => {
  for (const m of models.values()) await m.dispose();
});

const [sample1, sample6] = [demoPhotos()[0]!, demoPhotos()[5]!];

/** One person per crop of sample1 and sample6 (CenterNet's person boxes), with MoveNet MultiPose's nose for that person in crop coordinates. */
interface PersonCrop {
  file: string;
  nose: [number, number];
  /** Width / height of the crop, to measure distances in crop heights. */
  aspect: number;
}
const crops: PersonCrop[] = [];
/** Person boxes of the full photos (CenterNet, and MoveNet MultiPose for the people CenterNet misses). */
const people = new Map<string, Detection[]>();

before(async () => {
  const detector = await model("centernet-coco-tfjs");
  const multipose = await model("movenet-multipose-coco-tfjs");
  for (const photo of [sample1, sample6]) {
    const image = await decodeImage(photo);
    const boxes = await personBoxes(detector, photo);
    const poses = (await multipose.predict(image)) as unknown as { keypoints: Keypoints; detections: Detections };
    people.set(photo, [...boxes, ...poses.detections.detections]);
    const files = await saveCrops(photo, boxes);
    for (const [i, box] of boxes.entries()) {
      // The MultiPose person whose nose is inside this box, its nose mapped into the crop.
      const [x, y, w, h] = box.boundingBox;
      const match = poses.keypoints.keypoints.find((k) => k.points[0] && inBox(k.points[0], box.boundingBox, 0) && k.confidence![0]! > 0.5);
      if (!match) continue;
      const [nx, ny] = match.points[0]!;
      crops.push({ file: files[i]!, nose: [(nx - x) / w, (ny - y) / h], aspect: (w * image.width) / (h * image.height) });
    }
  }
  assert.ok(crops.length >= 5, `people to pose one at a time: ${crops.length}`);
});

/** Applies a zoo model to the crops through a dataset; returns each crop's label. */
async function onCrops<T>(name: string): Promise<Map<string, T>> {
  const ds = await Dataset.create(`crops-${name}`);
  await ds.addImages(crops.map((c) => c.file));
  await ds.applyModel(await model(name), { labelField: "pose" });
  const out = new Map<string, T>();
  for await (const s of ds) out.set(s.filepath, s.get("pose") as T);
  return out;
}

describe("single-person body keypoint models, one person per crop", () => {
  test("MoveNet Thunder: 17 keypoints, nose where MoveNet MultiPose puts it, nose above the hips", async () => {
    for (const [file, kps] of await onCrops<Keypoints>("movenet-thunder-coco-tfjs")) {
      const crop = crops.find((c) => c.file === file)!;
      const [person] = kps.keypoints;
      assert.equal(person!.points.length, 17);
      assert.ok(confidentPoints(person!, 0.3).length >= 6, `${path.basename(file)}: confident keypoints`);
      assert.ok(distance(person!.points[0]!, crop.nose, crop.aspect) < 0.04, `${path.basename(file)}: nose ${String(person!.points[0])} vs ${String(crop.nose)}`);
      if (person!.confidence![11]! > 0.3) assert.ok(person!.points[0]![1] < person!.points[11]![1], `${path.basename(file)}: nose above hip`);
    }
  });

  for (const variant of ["lite", "full", "heavy"]) {
    test(`BlazePose ${variant}: 39 landmarks, the face where MoveNet MultiPose puts it, shoulders and hips below it`, async () => {
      const results = await onCrops<Keypoints>(`blazepose-${variant}-mediapipe-tfjs`);
      const posed = [...results].filter(([, kps]) => kps.keypoints.length === 1);
      // The lite model may decline a narrow crop (its pose flag below 0.5); the larger ones pose every person.
      assert.ok(posed.length >= crops.length - (variant === "lite" ? 1 : 0), `${variant}: people posed in ${posed.length} of ${crops.length} crops`);
      for (const [file, kps] of posed) {
        const crop = crops.find((c) => c.file === file)!;
        const name = path.basename(file);
        const p = kps.keypoints[0]!;
        assert.equal(p.points.length, 39);
        const at = (i: number) => p.points[i]!;
        const d = (a: readonly [number, number], b: readonly [number, number]) => distance(a, b, crop.aspect);
        assert.ok(d(at(0), crop.nose) < 0.04, `${name}: nose ${String(at(0))} vs ${String(crop.nose)}`);
        // Eyes (2, 5) beside the nose; shoulders (11, 12) and hips (23, 24) below it, hips below shoulders.
        assert.ok(d(at(2), at(0)) < 0.08 && d(at(5), at(0)) < 0.08, `${name}: eyes near the nose`);
        for (const k of [11, 12, 23, 24]) assert.ok(at(k)[1] > at(0)[1], `${name}: landmark ${k} below the nose`);
        assert.ok(Math.min(at(23)[1], at(24)[1]) > Math.max(at(11)[1], at(12)[1]), `${name}: hips below shoulders`);
      }
    });
  }

  test("EfficientPose: 16 MPII keypoints, the top of the head near MoveNet MultiPose's nose and above the ankles", async () => {
    // The weakest of these models on photos like these (its confidence maps peak low and
    // its limbs wander), so only the coarse layout of the body is checked.
    for (const [file, kps] of await onCrops<Keypoints>("efficientpose-mpii-tfjs")) {
      const crop = crops.find((c) => c.file === file)!;
      const name = path.basename(file);
      const p = kps.keypoints[0]!;
      assert.equal(p.points.length, 16);
      const head = p.points[0]!;
      assert.ok(distance(head, crop.nose, crop.aspect) < 0.25, `${name}: head top ${String(head)} near the nose ${String(crop.nose)}`);
      assert.ok(head[1] < 0.5, `${name}: head in the upper half`);
      // 12 and 15 are the ankles.
      assert.ok((p.points[12]![1] + p.points[15]![1]) / 2 > head[1], `${name}: ankles below the head`);
    }
  });
});

describe("multi-person models on group photos", () => {
  test("PoseNet finds the three people of sample1 and the four of sample6; each pose lies on a person", async () => {
    const ds = await Dataset.create("posenet");
    await ds.addImages([sample1, sample6]);
    await ds.applyModel(await model("posenet-coco-tfjs"), { labelField: "posenet" });
    for await (const s of ds) {
      const poses = s.get("posenet_keypoints") as Keypoints;
      const boxes = s.get("posenet_detections") as Detections;
      const expected = s.filepath === sample1 ? 3 : 4;
      assert.equal(poses.keypoints.length, expected, path.basename(s.filepath));
      assert.equal(boxes.detections.length, expected);
      for (const kp of poses.keypoints) {
        const nose = kp.points[0]!;
        assert.ok(kp.confidence![0]! > 0.5, "every person's nose is seen");
        assert.ok(people.get(s.filepath)!.some((d) => inBox(nose, d.boundingBox)), `${path.basename(s.filepath)}: nose ${String(nose)} on a person`);
        const box = boxes.detections.find((d) => d.index === kp.index)!;
        for (const p of confidentPoints(kp, 0.3)) assert.ok(inBox(p, box.boundingBox, 0.001), "confident keypoints inside the pose's box");
      }
    }
  });

  test("the BlazePose detector finds people in sample1 and sample6: hip centre below shoulder centre, both on a person", async () => {
    const det = await model("blazepose-detector-mediapipe-tfjs");
    for (const photo of [sample1, sample6]) {
      const out = (await det.predict(await decodeImage(photo))) as unknown as { detections: Detections; keypoints: Keypoints };
      assert.ok(out.detections.detections.length >= 1, path.basename(photo));
      for (const kp of out.keypoints.keypoints) {
        const [hip, shoulder] = [kp.points[0]!, kp.points[2]!];
        assert.ok(shoulder[1] < hip[1], "shoulders above hips");
        for (const p of [hip, shoulder]) assert.ok(people.get(photo)!.some((d) => inBox(p, d.boundingBox)), `${path.basename(photo)}: ${String(p)} on a person`);
      }
    }
  });
});
