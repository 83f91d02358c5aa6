import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CenterNetProcessor, boxToSource, pointToSource, type DecodeContext } from "../../src/index.js";
import { boxToTarget, planResize } from "../../src/media/index.js";
import { nonMaxSuppression } from "../../src/processors/index.js";
import { CenterNetOptionsSchema } from "../../src/processors/centernet.js";
import { NanoDetOptionsSchema } from "../../src/processors/nanodet.js";

/** A decode context for a 100×50 image letterboxed into a 512×512 input (content 512×256, 128 rows of padding on top). */
function letterboxContext(index = 0): DecodeContext {
  const t = planResize(100, 50, 512, 512, "letterbox");
  return { index, inputWidth: 512, inputHeight: 512, imageWidth: 100, imageHeight: 50, contentBox: boxToTarget([0, 0, 1, 1], t), storeLogits: false, toSourceBox: (b) => boxToSource(b, t), toSourcePoint: (p) => pointToSource(p, t) };
}

describe("CenterNetProcessor (synthetic tensors, hand-worked answers)", () => {
  // [batch 2, rows 3, 6]: x1, y1, x2, y2 (input pixels), score, class.
  const rows = [
    [0, 128, 256, 384, 0.9, 0], // person: left half of the content band → image box [0, 0, 0.5, 1]
    [0, 128, 256, 384, 0.8, 0], // the same person again → removed by NMS
    [256, 192, 512, 320, 0.04, 16], // dog below minScore
    [256, 128, 512, 256, 0.7, 16], // batch row 1: a dog in the top right quarter of the image
    [0, 0, 512, 100, 0.9, 2], // a car entirely inside the padding → dropped
    [0, 0, 0, 0, 0, 0],
  ];
  const outputs = { "tower_0/detections": { data: Float32Array.from(rows.flat()), dims: [2, 3, 6] } };
  const processor = new CenterNetProcessor();

  test("maps input-pixel corners back through the letterbox and merges duplicates", () => {
    const dets = processor.process(outputs, letterboxContext(0)).detections;
    assert.equal(dets.length, 1);
    assert.equal(dets[0]!.label, "person");
    assert.ok(Math.abs(dets[0]!.confidence! - 0.9) < 1e-6);
    dets[0]!.boundingBox.forEach((v, i) => assert.ok(Math.abs(v - [0, 0, 0.5, 1][i]!) < 1e-9));
  });

  test("reads the right batch row, names COCO classes, drops boxes in the padding", () => {
    const dets = processor.process(outputs, letterboxContext(1)).detections;
    assert.deepEqual(dets.map((d) => d.label), ["dog"]);
    dets[0]!.boundingBox.forEach((v, i) => assert.ok(Math.abs(v - [0.5, 0, 0.5, 0.5][i]!) < 1e-9));
  });

  test("a missing output is named", () => {
    assert.throws(() => processor.process({ other: outputs["tower_0/detections"] }, letterboxContext()), /needs the output "tower_0\/detections".*other/);
  });
});

describe("nonMaxSuppression", () => {
  test("keeps the best of overlapping same-class boxes, keeps other classes, respects the cap", () => {
    const c = (x: number, score: number, classIndex = 0) => ({ box: [x, 0, 0.2, 0.2] as [number, number, number, number], score, classIndex });
    const kept = nonMaxSuppression([c(0, 0.5), c(0.01, 0.9), c(0.5, 0.7), c(0.02, 0.6, 1)], { iouThreshold: 0.5 });
    assert.deepEqual(kept.map((k) => k.score), [0.9, 0.7, 0.6]);
    assert.deepEqual(nonMaxSuppression([c(0, 0.5), c(0.02, 0.6, 1)], { iouThreshold: 0.5, classAgnostic: true }).map((k) => k.score), [0.6]);
    assert.equal(nonMaxSuppression([c(0, 0.5), c(0.5, 0.7)], { iouThreshold: 0.5, maxDetections: 1 }).length, 1);
  });

  test("a manifest or loadZooModel may ask CenterNet and NanoDet for NMS across classes (classAgnostic)", () => {
    for (const schema of [CenterNetOptionsSchema, NanoDetOptionsSchema]) {
      assert.deepEqual(schema.parse({ minScore: 0.2, classAgnostic: true }), { minScore: 0.2, classAgnostic: true });
      assert.throws(() => schema.parse({ classAgnostic: "yes" }));
    }
  });
});

