import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { cropImage, decodeImage, HAND_KEYPOINT_NAMES, zoo, type Detections, type Keypoint, type Keypoints, type RgbImage } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();

describe("hand landmarks on the hands HandTrack finds", () => {
  let photo: RgbImage;
  before(async () => {
    photo = await decodeImage(demoPhotos()[1]!); // sample2: a hand raised to the mouth (left) and a hand on a knee (middle)
  });

  test("HandTrack finds the raised hand and the hand on the knee", async () => {
    // As the landmark entries configure it: a lower threshold, since the landmark model's own hand score filters again.
    const detector = await zoo.loadZooModel("ssd-mobilenetv2-handtrack-tfjs", { processorOptions: { minScore: 0.3 } });
    await detector.load();
    // HandTrack also scores faces and fingertips; the landmark models use its hand classes.
    const hands = ((await detector.predict(photo)) as Detections).detections.filter((d) => ["hand", "fist", "pinch", "point"].includes(d.label));
    await detector.dispose();
    const near = (x: number, y: number) => hands.some((h) => x >= h.boundingBox[0] && x <= h.boundingBox[0] + h.boundingBox[2] && y >= h.boundingBox[1] && y <= h.boundingBox[1] + h.boundingBox[3]);
    assert.ok(near(0.16, 0.27), "the hand at the left woman's mouth");
    assert.ok(near(0.45, 0.8), "the hand on the middle woman's knee");
  });

  const found: Record<string, Keypoint[]> = {};
  for (const variant of ["full", "lite"]) {
    test(`handlandmark-${variant}: 21 points per hand, inside its box and spread over it`, async () => {
      const model = await zoo.loadZooModel(`handlandmark-${variant}-mediapipe-tfjs`);
      await model.load();
      const out = (await model.predict(photo)) as { detections: Detections; keypoints: Keypoints };
      await model.dispose();
      assert.ok(out.keypoints.keypoints.length >= 2, "landmarks for both hands");
      for (const hand of out.keypoints.keypoints) {
        assert.equal(hand.points.length, HAND_KEYPOINT_NAMES.length);
        const [x, y, w, h] = out.detections.detections[hand.index!]!.boundingBox;
        // The patch is the box grown by 40%: 20% on each side.
        for (const p of hand.points) assert.ok(p![0] >= x - 0.2 * w && p![0] <= x + 1.2 * w && p![1] >= y - 0.2 * h && p![1] <= y + 1.2 * h, "point inside the hand's patch");
        const xs = hand.points.map((p) => p![0]);
        const ys = hand.points.map((p) => p![1]);
        assert.ok(Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) > 0.4 * Math.max(w, h), "the points spread over the hand");
      }
      found[variant] = out.keypoints.keypoints;
    });
  }

  test("the full and lite models put the wrist and fingertips in the same places", () => {
    const [full, lite] = [found.full!, found.lite!];
    for (const hand of full) {
      const other = lite.find((k) => k.index === hand.index)!;
      for (const i of [0, 4, 8, 12, 16, 20]) {
        const [a, b] = [hand.points[i]!, other.points[i]!];
        assert.ok(Math.hypot(a[0] - b[0], a[1] - b[1]) < 0.03, `${HAND_KEYPOINT_NAMES[i]} of hand ${hand.index} agrees`);
      }
    }
  });

  test("the landmark model alone (crops: false) answers on a hand patch, and not on a face", async () => {
    const model = await zoo.loadZooModel("handlandmark-full-mediapipe-tfjs", { crops: false });
    await model.load();
    const hand = (await model.predict(cropImage(photo, [0.098, 0.211, 0.129, 0.138], { alpha: 0.4 }))) as Keypoint | null;
    const face = await model.predict(cropImage(photo, [0.759, 0.144, 0.101, 0.143], { alpha: 0.4 })); // the right woman's face
    await model.dispose();
    assert.ok(hand && hand.confidence![0]! > 0.9, "a hand is present in the hand patch");
    assert.equal(face, null, "no hand in the face patch");
  });
});
