import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BlazeFaceEyesProcessor, FaceDescriptionProcessor, boxToSource, pointToSource, type DecodeContext } from "../../src/index.js";
import { boxToTarget, planResize } from "../../src/media/index.js";

/** A decode context for a square image filling a square input of `size` pixels. */
function squareContext(size: number): DecodeContext {
  const t = planResize(size, size, size, size, "fill");
  return { index: 0, inputWidth: size, inputHeight: size, imageWidth: size, imageHeight: size, contentBox: boxToTarget([0, 0, 1, 1], t), storeLogits: false, toSourceBox: (b) => boxToSource(b, t), toSourcePoint: (p) => pointToSource(p, t) };
}

const close = (actual: readonly number[], expected: readonly number[]) => actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `${actual.join(", ")} ≈ ${expected.join(", ")}`));

describe("crop-model decoders (synthetic tensors, hand-worked answers)", () => {
  test("BlazeFace eyes: square boxes around each face's eye keypoints, one eye distance wide", () => {
    // 256 input: fine grid stride 16 (16×16 cells × 2 anchors = 512 rows), coarse stride 32 (8×8 × 6 = 384).
    const scores = new Float32Array(512).fill(-10);
    const reg = new Float32Array(512 * 16);
    // Cell (x 4, y 2), its second anchor: row (2 * 16 + 4) * 2 + 1 = 73; anchor centre (72, 40).
    scores[73] = 10;
    // A 64 × 48 box; the right eye at (-12, 0) from the anchor, the left eye at (+20, 0): 32 px apart.
    reg.set([8, -8, 64, 48, -12, 0, 20, 0], 73 * 16);
    const outputs = {
      "Identity:0": { data: scores, dims: [1, 512, 1] },
      "Identity_2:0": { data: reg, dims: [1, 512, 16] },
      "Identity_1:0": { data: new Float32Array(384).fill(-10), dims: [1, 384, 1] },
      "Identity_3:0": { data: new Float32Array(384 * 16), dims: [1, 384, 16] },
    };
    const eyes = new BlazeFaceEyesProcessor({ inputSize: 256 }).process(outputs, squareContext(256)).detections;
    assert.deepEqual(
      eyes.map((e) => [e.label, e.index]),
      [
        ["right_eye", 0],
        ["left_eye", 0],
      ],
    );
    // 32 px squares centred on (60, 40) and (92, 40).
    close(eyes[0]!.boundingBox, [44 / 256, 24 / 256, 32 / 256, 32 / 256]);
    close(eyes[1]!.boundingBox, [76 / 256, 24 / 256, 32 / 256, 32 / 256]);
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
