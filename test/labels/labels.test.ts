import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Array2D,
  Classification,
  Classifications,
  Detection,
  Detections,
  Heatmap,
  Keypoint,
  Keypoints,
  LabelValidationError,
  Polyline,
  Polylines,
  Segmentation,
  isLabel,
  isLabelJSON,
  labelFromJSON,
  type Label,
} from "../../src/index.js";

/** One instance of every label class, with every optional part set. */
function everyLabel(): Label[] {
  const det = new Detection({
    label: "person",
    boundingBox: [0.1, 0.2, 0.3, 0.4],
    confidence: 0.87,
    mask: Array2D.from([
      [0, 1, 1],
      [1, 1, 0],
    ]),
    index: 3,
    attributes: { occluded: true, note: "x" },
    tags: ["reviewed"],
  });
  const kp = new Keypoint({ label: "person", points: [[0.5, 0.5], null, [1, 0]], confidence: [0.9, null, 0.1], index: 1 });
  const line = new Polyline({ label: "text", points: [[[0, 0], [1, 0], [1, 1]], [[0.2, 0.2], [0.3, 0.3]]], closed: true, filled: true, confidence: 0.5 });
  return [
    new Classification({ label: "cat", confidence: 0.9, logits: Float32Array.from([2.5, -1, 0.125]) }),
    new Classifications({ classifications: [new Classification({ label: "a" }), new Classification({ label: "b", confidence: 0.2 })], logits: [1, 2] }),
    det,
    new Detections({ detections: [det, new Detection({ label: "dog", boundingBox: [0, 0, 1, 1] })] }),
    kp,
    new Keypoints({ keypoints: [kp] }),
    line,
    new Polylines({ polylines: [line] }),
    new Segmentation({ mask: Array2D.from([[0, 1], [2, 3]], "uint16") }),
    new Segmentation({ mask: Array2D.from([[0, 70000]], "int32") }),
    new Segmentation({ maskPath: "/masks/a.png" }),
    new Heatmap({ map: Array2D.from([[0.25, -1.5]], "float32"), range: [-2, 2] }),
    new Heatmap({ map: Array2D.from([[0, 255]], "uint8") }),
    new Heatmap({ mapPath: "/maps/a.png", range: [0, 10] }),
  ];
}

describe("labels: JSON round-trip", () => {
  for (const label of everyLabel()) {
    test(`${label.cls} survives toJSON → JSON text → labelFromJSON`, () => {
      const json = JSON.parse(JSON.stringify(label.toJSON())) as unknown;
      assert.ok(isLabelJSON(json));
      const back = labelFromJSON(json);
      assert.equal(back.constructor, label.constructor);
      assert.deepEqual(back, label);
      assert.deepEqual(back.toJSON(), label.toJSON());
    });
  }

  test("ids are 24-hex, unique, and kept through JSON", () => {
    const a = new Classification({ label: "x" });
    const b = new Classification({ label: "x" });
    assert.match(a.id, /^[0-9a-f]{24}$/);
    assert.notEqual(a.id, b.id);
    assert.equal(labelFromJSON(a.toJSON()).id, a.id);
  });

  test("masks keep their dtype and values", () => {
    const mask = Array2D.from([[0, 1], [65535, 7]], "uint16");
    const back = (labelFromJSON(new Segmentation({ mask }).toJSON()) as Segmentation).mask!;
    assert.equal(back.dtype, "uint16");
    assert.equal(back.get(1, 0), 65535);
    assert.deepEqual([back.height, back.width], [2, 2]);
  });

  test("unknown classes and non-labels are told apart", () => {
    assert.equal(isLabelJSON({ _cls: "Nope" }), false);
    assert.equal(isLabelJSON({ label: "x" }), false);
    assert.equal(isLabel({ _cls: "Detection" }), false);
    assert.throws(() => labelFromJSON({ _cls: "Nope" }), /Unknown label class "Nope".*Detections/);
  });
});

describe("labels: validation", () => {
  const rejects = (make: () => unknown, pattern: RegExp) =>
    assert.throws(make, (e: unknown) => e instanceof LabelValidationError && pattern.test(e.message));

  test("boxes must be relative and inside the image", () => {
    rejects(() => new Detection({ label: "a", boundingBox: [0.5, 0.2, 0.7, 0.3] }), /boundingBox .*x \+ width = 1\.2 > 1.*fromAbsoluteBox/);
    rejects(() => new Detection({ label: "a", boundingBox: [10, 20, 30, 40] }), /boundingBox/);
    rejects(() => new Detection({ label: "a", boundingBox: [-0.1, 0, 0.5, 0.5] }), /x and y must be ≥ 0/);
    rejects(() => new Detection({ label: "a", boundingBox: [0, 0, -0.1, 0.5] }), /width and height must be ≥ 0/);
    rejects(() => new Detection({ label: "a", boundingBox: [0, 0, 1] as never }), /boundingBox/);
    rejects(() => new Detection({ label: "a", boundingBox: [NaN, 0, 0.5, 0.5] }), /boundingBox/);
    // Float rounding at the edge is tolerated.
    assert.ok(new Detection({ label: "a", boundingBox: [0.3, 0, 0.7000000001, 1] }));
  });

  test("NaN and Infinity are refused everywhere", () => {
    rejects(() => new Classification({ label: "a", confidence: NaN }), /Classification\.confidence must be a finite number; got NaN/);
    rejects(() => new Detection({ label: "a", boundingBox: [0, 0, 1, 1], confidence: Infinity }), /Detection\.confidence/);
    rejects(() => new Classification({ label: "a", logits: [1, NaN] }), /logits/);
    rejects(() => new Keypoint({ label: "a", points: [[NaN, 0.5]] }), /Keypoint\.points/);
    rejects(() => new Keypoint({ label: "a", points: [[0.5, 0.5]], confidence: [NaN] }), /Keypoint\.confidence/);
    rejects(() => new Heatmap({ mapPath: "/a.png", range: [0, NaN] }), /Heatmap\.range/);
  });

  test("points, keypoint confidences and polylines are checked", () => {
    rejects(() => new Keypoint({ label: "a", points: [[1.5, 0.5]] }), /relative \[x, y\].*fromAbsolutePoints/);
    rejects(() => new Keypoint({ label: "a", points: [[0.5, 0.5], [0.1, 0.1]], confidence: [0.5] }), /one value per point \(2\); got 1/);
    rejects(() => new Polyline({ label: "a", points: [[0.5, 0.5]] as never }), /list of shapes/);
    rejects(() => new Polyline({ label: "a", points: [[[0.5, 2]]] }), /Polyline\.points/);
  });

  test("masks must have the right shape and type", () => {
    assert.throws(() => new Array2D(2, 2, new Uint8Array(3)), /2×2 needs 4 values; got 3/);
    assert.throws(() => new Array2D(0, 2, new Uint8Array(0)), /at least 1×1/);
    assert.throws(() => new Array2D(1.5, 2, new Uint8Array(3)), /whole-number/);
    rejects(() => new Segmentation({ mask: Array2D.from([[0.5]], "float32") }), /integer class ids/);
    rejects(() => new Segmentation({}), /exactly one of mask/);
    rejects(() => new Segmentation({ mask: Array2D.zeros(1, 1), maskPath: "/a.png" }), /exactly one of mask/);
    rejects(() => new Detection({ label: "a", boundingBox: [0, 0, 1, 1], mask: [[1]] as never }), /Detection\.mask must be an Array2D/);
    rejects(() => new Heatmap({ map: Array2D.zeros(1, 1, "int32") }), /float32 or uint8/);
    rejects(() => labelFromJSON({ _cls: "Segmentation", mask: { shape: [2, 2], dtype: "uint8", data: Buffer.from([1, 2, 3]).toString("base64") } }), /2×2 needs 4 values/);
  });

  test("names, ids, tags and containers are checked", () => {
    rejects(() => new Classification({ label: 3 as never }), /Classification\.label must be a string/);
    rejects(() => new Classification({ label: "a", id: "abc" }), /24-character hex id/);
    rejects(() => new Classification({ label: "a", tags: "x" as never }), /tags must be a list of strings/);
    rejects(() => new Detections({ detections: [new Classification({ label: "a" })] as never }), /list of Detection instances/);
    rejects(() => new Detection({ label: "a", boundingBox: [0, 0, 1, 1], index: 1.5 }), /index must be a whole number/);
    rejects(() => new Heatmap({ mapPath: "/a.png", range: [1, 1] }), /min < max/);
  });
});
