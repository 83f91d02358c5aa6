import assert from "node:assert/strict";
import { test } from "node:test";
import { Classification, Detection, Detections, Keypoint, Keypoints, Segmentation, Array2D } from "../../src/index.js";
import { confidenceOf, filterLabel, labelMatches, type LabelDoc } from "../../src/app/label-json.js";

// The app filters labels in their JSON form; these are the rules the sidebar's filters follow.
const json = (l: { toJSON(): unknown }) => l.toJSON() as LabelDoc;

test("list labels keep the items that pass; single labels are kept whole or dropped", () => {
  const dets = json(
    new Detections({
      detections: [
        new Detection({ label: "person", boundingBox: [0, 0, 0.5, 0.5], confidence: 0.9 }),
        new Detection({ label: "dog", boundingBox: [0, 0, 0.5, 0.5], confidence: 0.4 }),
        new Detection({ label: "cat", boundingBox: [0, 0, 0.5, 0.5] }),
      ],
    }),
  );
  const kept = (f: Parameters<typeof filterLabel>[1]) => (filterLabel(dets, f)!.detections as LabelDoc[]).map((d) => d.label);
  assert.deepEqual(kept({ minConfidence: 0.5 }), ["person", "cat"], "a label without confidence is not hidden by a confidence range");
  assert.deepEqual(kept({ classes: ["dog", "cat"], maxConfidence: 0.5 }), ["dog", "cat"]);
  assert.equal(labelMatches(dets, { classes: ["dog"], minConfidence: 0.5 }), false);
  assert.equal(labelMatches(dets, { classes: ["dog"] }), true);

  const cls = json(new Classification({ label: "indoor", confidence: 0.3 }));
  assert.equal(filterLabel(cls, { minConfidence: 0.5 }), null);
  assert.equal(filterLabel(cls, { classes: ["indoor"] }), cls);

  const seg = json(new Segmentation({ mask: Array2D.zeros(2, 2) }));
  assert.equal(filterLabel(seg, { minConfidence: 0.9, classes: ["x"] }), seg, "masks have no classes to filter");
  assert.equal(labelMatches(seg, { classes: ["x"] }), false);
});

test("a keypoint set's confidence is the mean of its known point confidences", () => {
  const kp = json(new Keypoint({ label: "person", points: [[0.1, 0.1], [0.2, 0.2], null], confidence: [0.2, 0.6, null] }));
  assert.ok(Math.abs(confidenceOf(kp)! - 0.4) < 1e-9);
  const kps = json(new Keypoints({ keypoints: [new Keypoint({ label: "person", points: [[0.1, 0.1]], confidence: [0.8] })] }));
  assert.equal((filterLabel(kps, { minConfidence: 0.9 })!.keypoints as unknown[]).length, 0);
});
