import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, zoo, type Detection, type Detections, type Keypoints, type Model } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { distance, inBox } from "../support/people.js";

useTempHome();

const photos = [demoPhotos()[1]!, demoPhotos()[3]!];
const loaded: Model[] = [];
after(async () => {
  for (const m of loaded) await m.dispose();
});

/** Per photo: the wrists MoveNet MultiPose sees (relative points) and each hand model's labels. */
const wrists = new Map<string, [number, number][]>();
const samples = new Map<string, Map<string, unknown>>();
before(async () => {
  const ds = await Dataset.create("hands");
  await ds.addImages(photos);
  for (const [name, field] of [["movenet-multipose-coco-tfjs", "pose"], ["blazepalm-mediapipe-tfjs", "palm"], ["ssd-mobilenetv2-handtrack-tfjs", "handtrack"]] as const) {
    const model = await zoo.loadZooModel(name);
    loaded.push(model);
    await ds.applyModel(model, { labelField: field });
  }
  for await (const s of ds) {
    const file = path.basename(s.filepath);
    const poses = s.get("pose_keypoints") as Keypoints;
    // COCO keypoints 9 and 10 are the wrists.
    wrists.set(file, poses.keypoints.flatMap((k) => [9, 10].filter((i) => k.confidence![i]! > 0.2).map((i) => k.points[i]!)));
    samples.set(file, new Map(["palm_detections", "palm_keypoints", "handtrack"].map((f) => [f, s.get(f)])));
  }
});

/** Distance in image heights from a point to the nearest wrist MultiPose sees. */
function nearestWrist(file: string, p: readonly [number, number], aspect: number): number {
  return Math.min(...wrists.get(file)!.map((w) => distance(p, w, aspect)));
}
const ASPECT: Record<string, number> = { "sample2.jpg": 1920 / 1367, "sample4.jpg": 1920 / 1448 };
const centre = (d: Detection): [number, number] => [d.boundingBox[0] + d.boundingBox[2] / 2, d.boundingBox[1] + d.boundingBox[3] / 2];

describe("hand detectors on the group photos", () => {
  test("the palm detector finds hands at the people's wrists, each with 7 palm keypoints inside its box", () => {
    for (const [file, labels] of samples) {
      const palms = (labels.get("palm_detections") as Detections).detections;
      const kps = (labels.get("palm_keypoints") as Keypoints).keypoints;
      assert.ok(palms.length >= 3, `${file}: ${palms.length} hands`);
      for (const palm of palms) {
        assert.equal(palm.label, "hand");
        assert.ok(palm.boundingBox[2] < 0.15 && palm.boundingBox[3] < 0.15, `${file}: a hand-sized box`);
        const kp = kps.find((k) => k.index === palm.index)!;
        assert.equal(kp.points.length, 7);
        for (const p of kp.points) assert.ok(inBox(p!, palm.boundingBox, 0.02), `${file}: palm keypoint inside the hand box`);
      }
      // MultiPose misses some wrists behind people's backs; the ones it sees are the palms' wrists.
      const atWrist = kps.filter((k) => nearestWrist(file, k.points[0]!, ASPECT[file]!) < 0.05);
      assert.ok(atWrist.length >= 2, `${file}: ${atWrist.length} palms at a wrist MultiPose sees`);
    }
  });

  test("HandTrack finds a hand at a person's wrist in each photo, and faces high up where faces are", () => {
    for (const [file, labels] of samples) {
      const dets = (labels.get("handtrack") as Detections).detections;
      const hands = dets.filter((d) => ["hand", "fist", "pinch", "point"].includes(d.label));
      assert.ok(hands.length >= 1, `${file}: a hand`);
      for (const h of hands) assert.ok(nearestWrist(file, centre(h), ASPECT[file]!) < 0.1, `${file}: ${h.label} at a wrist`);
      for (const f of dets.filter((d) => d.label === "face")) assert.ok(centre(f)[1] < 0.45, `${file}: a face in the upper part of the photo`);
    }
  });
});
