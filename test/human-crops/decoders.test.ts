import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BlazeFaceDetectorProcessor,
  FaceDescriptionProcessor,
  HandTrackProcessor,
  boxToSource,
  boxToTarget,
  planResize,
  pointToSource,
  type DecodeContext,
} from "../../src/index.js";

/** A decode context for a square image filling a square input of `size` pixels. */
function squareContext(size: number): DecodeContext {
  const t = planResize(size, size, size, size, "fill");
  return { index: 0, inputWidth: size, inputHeight: size, imageWidth: size, imageHeight: size, contentBox: boxToTarget([0, 0, 1, 1], t), storeLogits: false, toSourceBox: (b) => boxToSource(b, t), toSourcePoint: (p) => pointToSource(p, t) };
}

const close = (actual: readonly number[], expected: readonly number[]) => actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `${actual.join(", ")} ≈ ${expected.join(", ")}`));

describe("crop-model decoders (synthetic tensors, hand-worked answers)", () => {
  test("BlazeFace: anchor centre + offsets in input pixels; eye boxes around the eye keypoints", () => {
    // 256 input: fine grid stride 16 (16×16 cells × 2 anchors = 512 rows), coarse stride 32 (8×8 × 6 = 384).
    const scores = new Float32Array(512).fill(-10);
    const reg = new Float32Array(512 * 16);
    // Cell (x 4, y 2), its second anchor: row (2 * 16 + 4) * 2 + 1 = 73; anchor centre (72, 40).
    scores[73] = 10;
    // Box centre (72 + 8, 40 - 8) = (80, 32), size 64 × 48; right eye at (-12, 0) from the anchor, left eye at (+20, 0).
    reg.set([8, -8, 64, 48, -12, 0, 20, 0], 73 * 16);
    const outputs = {
      "Identity:0": { data: scores, dims: [1, 512, 1] },
      "Identity_2:0": { data: reg, dims: [1, 512, 16] },
      "Identity_1:0": { data: new Float32Array(384).fill(-10), dims: [1, 384, 1] },
      "Identity_3:0": { data: new Float32Array(384 * 16), dims: [1, 384, 16] },
    };
    const [face] = new BlazeFaceDetectorProcessor().process(outputs, squareContext(256)).detections;
    close(face!.boundingBox, [48 / 256, 8 / 256, 64 / 256, 48 / 256]);
    assert.equal(face!.label, "face");
    const eyes = new BlazeFaceDetectorProcessor({ regions: "eyes" }).process(outputs, squareContext(256)).detections;
    assert.deepEqual(eyes.map((e) => e.label), ["right_eye", "left_eye"]);
    // Eyes 32 px apart: 32 px squares centred on (60, 40) and (92, 40).
    close(eyes[0]!.boundingBox, [44 / 256, 24 / 256, 32 / 256, 32 / 256]);
    close(eyes[1]!.boundingBox, [76 / 256, 24 / 256, 32 / 256, 32 / 256]);
  });

  test("HandTrack: y-first boxes become [x, y, w, h]; faces are left out; the best remaining class names the box", () => {
    const scores = Float32Array.from([
      [0.1, 0.7, 0.2, 0, 0.9, 0, 0], // a fist (the face score is ignored)
      [0, 0, 0, 0, 0.95, 0, 0], // a face only: dropped
    ].flat());
    const boxes = Float32Array.from([0.1, 0.2, 0.5, 0.6, 0, 0, 1, 1]);
    const outputs = {
      "StatefulPartitionedCall/Postprocessor/Slice": { data: scores, dims: [1, 2, 7] },
      "StatefulPartitionedCall/Postprocessor/ExpandDims_1": { data: boxes, dims: [1, 2, 1, 4] },
    };
    const hands = new HandTrackProcessor().process(outputs, squareContext(320)).detections;
    assert.equal(hands.length, 1);
    assert.equal(hands[0]!.label, "fist");
    close(hands[0]!.boundingBox, [0.2, 0.1, 0.4, 0.4]);
    assert.throws(() => new HandTrackProcessor({ classes: ["paw"] }), /unknown classes paw/);
  });

  test("FaceRes: gender by the sigmoid, age as the mean of the distribution", () => {
    const ages = new Float32Array(100);
    ages[20] = 0.5;
    ages[30] = 0.5;
    const out = new FaceDescriptionProcessor().process(
      { "gender_pred/Sigmoid:0": { data: Float32Array.of(0.2), dims: [1, 1] }, "age_pred/Softmax:0": { data: ages, dims: [1, 100] } },
      squareContext(224),
    );
    assert.equal(out.gender.label, "female");
    assert.ok(Math.abs(out.gender.confidence! - 0.8) < 1e-6);
    assert.ok(Math.abs(out.age.value - 25) < 1e-6);
    assert.ok(Math.abs(out.age.confidence! - 0.5) < 1e-6);
  });
});
