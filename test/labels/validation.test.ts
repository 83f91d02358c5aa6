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
  Regression,
  Segmentation,
} from "../../src/labels/index.js";
import { ModelzooError } from "../../src/errors.js";
import { expectInvalid } from "./expect-invalid.js";

const box = (boundingBox: unknown) => () => new Detection({ label: "a", boundingBox: boundingBox as [number, number, number, number] });

describe("validation: the error", () => {
  test("is a ModelzooError with code LABEL_VALIDATION", () => {
    try {
      new Classification({ label: "a", confidence: NaN });
      assert.fail("should throw");
    } catch (e) {
      assert.ok(e instanceof LabelValidationError);
      assert.ok(e instanceof ModelzooError);
      assert.equal(e.code, "LABEL_VALIDATION");
      assert.equal(e.name, "LabelValidationError");
      assert.equal(e.message, "Classification.confidence must be a finite number; got NaN.");
    }
  });
});

describe("validation: bounding boxes", () => {
  test("the message names class, field, value, the problem and the fix", () => {
    assert.throws(box([0.5, 0.2, 0.7, 0.3]), {
      message:
        "Detection.boundingBox must be [x, y, width, height] relative to the image, each in [0, 1]; got [0.5, 0.2, 0.7, 0.3] " +
        "(x + width = 1.2 > 1). Convert pixel boxes with fromAbsoluteBox(box, imageWidth, imageHeight).",
    });
  });

  test("each rule", () => {
    expectInvalid(box([0, 0.5, 1, 0.6]), "Detection.boundingBox", /y \+ height = 1\.1 > 1/);
    expectInvalid(box([10, 20, 30, 40]), "Detection.boundingBox", /got \[10, 20, 30, 40\] \(x and y must be ≤ 1\)/);
    expectInvalid(box([0.2, 1.5, 0, 0]), "Detection.boundingBox", /x and y must be ≤ 1/);
    expectInvalid(box([-0.1, 0, 0.5, 0.5]), "Detection.boundingBox", /x and y must be ≥ 0/);
    expectInvalid(box([0, -0.1, 0.5, 0.5]), "Detection.boundingBox", /x and y must be ≥ 0/);
    expectInvalid(box([0, 0, -0.1, 0.5]), "Detection.boundingBox", /width and height must be ≥ 0/);
    expectInvalid(box([0, 0, 0.5, -0.1]), "Detection.boundingBox", /width and height must be ≥ 0/);
    expectInvalid(box([0, 0, 1]), "Detection.boundingBox", /got \[0, 0, 1\] \(not 4 numbers\)/);
    expectInvalid(box([0, 0, 1, 1, 0]), "Detection.boundingBox", /not 4 numbers/);
    expectInvalid(box(["0", 0, 1, 1]), "Detection.boundingBox", /not 4 numbers/);
    expectInvalid(box(undefined), "Detection.boundingBox", /got undefined/);
  });

  test("NaN and Infinity are shown as such, not as JSON's null", () => {
    expectInvalid(box([NaN, 0, 0.5, 0.5]), "Detection.boundingBox", /got \[NaN, 0, 0\.5, 0\.5\] \(NaN or Infinity\)/);
    expectInvalid(box([0, 0, Infinity, 0.5]), "Detection.boundingBox", /Infinity/);
  });

  test("float rounding at the edges is tolerated (1e-6) and kept as given", () => {
    const d = new Detection({ label: "a", boundingBox: [0.3, 0, 0.7000000001, 1] });
    assert.deepEqual(d.boundingBox, [0.3, 0, 0.7000000001, 1]);
    assert.ok(new Detection({ label: "a", boundingBox: [-1e-7, 0, 0.5, 1.0000005] }));
    expectInvalid(box([0.3, 0, 0.700002, 1]), "Detection.boundingBox", /x \+ width = 1\.000002 > 1/);
  });
});

describe("validation: numbers", () => {
  test("confidence must be finite (any finite value, also beyond [0, 1])", () => {
    expectInvalid(() => new Classification({ label: "a", confidence: NaN }), "Classification.confidence", /got NaN/);
    expectInvalid(() => new Detection({ label: "a", boundingBox: [0, 0, 1, 1], confidence: Infinity }), "Detection.confidence", /got Infinity/);
    expectInvalid(() => new Polyline({ label: "a", points: [], confidence: "0.5" as never }), "Polyline.confidence", /got "0\.5"/);
    assert.equal(new Classification({ label: "a", confidence: 7.5 }).confidence, 7.5);
    assert.equal(new Classification({ label: "a", confidence: -2 }).confidence, -2);
  });

  test("logits must be finite and fit float32", () => {
    expectInvalid(() => new Classification({ label: "a", logits: [1, NaN] }), "Classification.logits", /got NaN at index 1/);
    expectInvalid(() => new Classifications({ logits: Float32Array.of(0, -Infinity) }), "Classifications.logits", /got -Infinity at index 1/);
    expectInvalid(() => new Classification({ label: "a", logits: [1e39] }), "Classification.logits", /1e\+39 at index 0, beyond the float32 range/);
    expectInvalid(() => new Classification({ label: "a", logits: "1,2" as never }), "Classification.logits", /got "1,2"/);
    const long = Array.from({ length: 1000 }, () => 0);
    long[999] = NaN;
    expectInvalid(() => new Classification({ label: "a", logits: long }), "Classification.logits", /got NaN at index 999\.$/);
  });

  test("index must be a whole number", () => {
    expectInvalid(() => new Detection({ label: "a", boundingBox: [0, 0, 1, 1], index: 1.5 }), "Detection.index", /whole number.*got 1\.5/);
    expectInvalid(() => new Keypoint({ label: "a", points: [], index: NaN }), "Keypoint.index", /got NaN/);
    expectInvalid(() => new Polyline({ label: "a", points: [], index: "2" as never }), "Polyline.index", /got "2"/);
  });
});

describe("validation: points", () => {
  test("keypoints must be relative pairs; the message says which point", () => {
    expectInvalid(() => new Keypoint({ label: "a", points: [[0.5, 0.5], [1.5, 0.5]] }), "Keypoint.points[1]", /got \[1\.5, 0\.5\].*fromAbsolutePoints/);
    expectInvalid(() => new Keypoint({ label: "a", points: [[-0.01, 0.5]] }), "Keypoint.points[0]", /x and y in \[0, 1\]/);
    expectInvalid(() => new Keypoint({ label: "a", points: [[NaN, 0.5]] }), "Keypoint.points[0]", /got \[NaN, 0\.5\]/);
    expectInvalid(() => new Keypoint({ label: "a", points: [[0.5, 0.5, 0.5]] as never }), "Keypoint.points[0]", /got \[0\.5, 0\.5, 0\.5\]/);
    expectInvalid(() => new Keypoint({ label: "a", points: [[0.5]] as never }), "Keypoint.points[0]", /relative \[x, y\] point/);
    expectInvalid(() => new Keypoint({ label: "a", points: [undefined] as never }), "Keypoint.points[0]", /got undefined/);
    expectInvalid(() => new Keypoint({ label: "a", points: "x" as never }), "Keypoint.points", /null for missing ones/);
    assert.deepEqual(new Keypoint({ label: "a", points: [null, [1.0000001, 0]] }).points, [null, [1.0000001, 0]]);
  });

  test("keypoint confidences: one finite number or null per point", () => {
    expectInvalid(() => new Keypoint({ label: "a", points: [[0.5, 0.5], [0.1, 0.1]], confidence: [0.5] }), "Keypoint.confidence", /one value per point \(2\); got 1 values/);
    expectInvalid(() => new Keypoint({ label: "a", points: [[0.5, 0.5]], confidence: [NaN] }), "Keypoint.confidence[0]", /finite number or null; got NaN/);
    expectInvalid(() => new Keypoint({ label: "a", points: [[0.5, 0.5]], confidence: 0.5 as never }), "Keypoint.confidence", /got 0\.5/);
  });

  test("polylines: a list of shapes of relative vertices, and boolean flags", () => {
    expectInvalid(() => new Polyline({ label: "a", points: [[0.5, 0.5]] as never }), "Polyline.points", /shape 0 is \[0\.5, 0\.5\], a single vertex: wrap one shape's vertices in a list/);
    expectInvalid(() => new Polyline({ label: "a", points: [0.5] as never }), "Polyline.points", /shape 0 is 0\.5/);
    expectInvalid(() => new Polyline({ label: "a", points: [[[0, 0]], [[0.5, 2]]] }), "Polyline.points[1][0]", /got \[0\.5, 2\]/);
    expectInvalid(() => new Polyline({ label: "a", points: "x" as never }), "Polyline.points", /got "x"/);
    expectInvalid(() => new Polyline({ label: "a", points: [], closed: "yes" as never }), "Polyline.closed", /true or false; got "yes"/);
    expectInvalid(() => new Polyline({ label: "a", points: [], filled: 1 as never }), "Polyline.filled", /got 1/);
  });
});

describe("validation: masks and maps", () => {
  test("Segmentation: exactly one of mask and maskPath, integer data", () => {
    expectInvalid(() => new Segmentation({}), "Segmentation", /exactly one of mask \(an Array2D\) and maskPath \(a PNG path\); got neither/);
    expectInvalid(() => new Segmentation({ mask: Array2D.zeros(1, 1), maskPath: "/a.png" }), "Segmentation", /got both/);
    expectInvalid(() => new Segmentation({ mask: Array2D.from([[0.5]], "float32") }), "Segmentation.mask", /integer class ids.*got float32/);
    expectInvalid(() => new Segmentation({ mask: [[1]] as never }), "Segmentation.mask", /must be an Array2D.*got \[\[1\]\]/);
    expectInvalid(() => new Segmentation({ maskPath: "" }), "Segmentation.maskPath", /path of a PNG file; got ""/);
    expectInvalid(() => new Segmentation({ maskPath: 3 as never }), "Segmentation.maskPath", /got 3/);
  });

  test("Heatmap: exactly one of map and mapPath, float32 or uint8 data, a valid range", () => {
    expectInvalid(() => new Heatmap({}), "Heatmap", /exactly one of map .* and mapPath/);
    expectInvalid(() => new Heatmap({ map: Array2D.zeros(1, 1), mapPath: "/a.png" }), "Heatmap", /got both/);
    expectInvalid(() => new Heatmap({ map: Array2D.zeros(1, 1, "int32") }), "Heatmap.map", /float32 or uint8 data; got int32/);
    expectInvalid(() => new Heatmap({ map: Array2D.zeros(1, 1, "uint16") }), "Heatmap.map", /got uint16/);
    expectInvalid(() => new Heatmap({ mapPath: "/a.png", range: [1, 1] }), "Heatmap.range", /min < max; got \[1, 1\]/);
    expectInvalid(() => new Heatmap({ mapPath: "/a.png", range: [2, 1] }), "Heatmap.range", /got \[2, 1\]/);
    expectInvalid(() => new Heatmap({ mapPath: "/a.png", range: [0, NaN] }), "Heatmap.range", /got \[0, NaN\]/);
    expectInvalid(() => new Heatmap({ mapPath: "/a.png", range: [0] as never }), "Heatmap.range", /got \[0\]/);
  });

  test("Detection masks must be Array2Ds (any dtype, any size ≥ 1×1)", () => {
    expectInvalid(() => new Detection({ label: "a", boundingBox: [0, 0, 1, 1], mask: [[1]] as never }), "Detection.mask", /must be an Array2D.*got \[\[1\]\]/);
    assert.equal(new Detection({ label: "a", boundingBox: [0, 0, 0.1, 0.1], mask: Array2D.zeros(64, 32) }).mask?.width, 32);
  });
});

describe("validation: names, ids, tags, attributes, containers", () => {
  test("label names must be strings", () => {
    expectInvalid(() => new Classification({ label: 3 as never }), "Classification.label", /must be a string.*got 3/);
    expectInvalid(() => new Detection({ label: undefined as never, boundingBox: [0, 0, 1, 1] }), "Detection.label", /got undefined/);
    expectInvalid(() => new Keypoint({ label: null as never, points: [] }), "Keypoint.label", /got null/);
    expectInvalid(() => new Polyline({ label: ["a"] as never, points: [] }), "Polyline.label", /got \["a"\]/);
  });

  test("ids must be 24-hex; tags lists of strings", () => {
    expectInvalid(() => new Classification({ label: "a", id: "abc" }), "Classification.id", /24-character lowercase hex id; got "abc"/);
    expectInvalid(() => new Detections({ id: "65A1B2C3D4E5F60718293A4B" }), "Detections.id", /got "65A1B2C3D4E5F60718293A4B"/);
    expectInvalid(() => new Classification({ label: "a", tags: "x" as never }), "Classification.tags", /list of strings.*got "x"/);
    expectInvalid(() => new Segmentation({ maskPath: "/a.png", tags: ["ok", 1] as never }), "Segmentation.tags", /got \["ok", 1\]/);
  });

  test("attributes must be a plain object of JSON values, checked again by toJSON", () => {
    expectInvalid(() => new Detection({ label: "a", boundingBox: [0, 0, 1, 1], attributes: [] as never }), "Detection.attributes", /plain object.*got \[\]/);
    expectInvalid(() => new Classification({ label: "a", attributes: { score: NaN } }), "Classification.attributes.score", /JSON value.*got NaN/);
    expectInvalid(() => new Keypoint({ label: "a", points: [], attributes: { when: new Date(0) } }), "Keypoint.attributes.when", /got a Date/);
    expectInvalid(() => new Polyline({ label: "a", points: [], attributes: { v: [1, Float32Array.of(1)] } }), "Polyline.attributes.v[1]", /got Float32Array \[1\]/);
    const d = new Detection({ label: "a", boundingBox: [0, 0, 1, 1], attributes: { ok: 1, gone: undefined } });
    assert.deepEqual({ ...d.attributes }, { ok: 1 });
    d.attributes.bad = Infinity;
    expectInvalid(() => d.toJSON(), "Detection.attributes.bad", /got Infinity/);
  });

  test("containers hold instances of their item class", () => {
    expectInvalid(() => new Detections({ detections: [new Classification({ label: "a" })] as never }), "Detections.detections", /list of Detection instances; item 0 is a Classification/);
    expectInvalid(() => new Classifications({ classifications: "a" as never }), "Classifications.classifications", /got "a"/);
    expectInvalid(() => new Keypoints({ keypoints: [{ label: "a", points: [] }] as never }), "Keypoints.keypoints", /item 0 is \{ label: "a", points: \[\] \}/);
    expectInvalid(() => new Polylines({ polylines: [null] as never }), "Polylines.polylines", /item 0 is null/);
  });

  test("constructors take an options object", () => {
    expectInvalid(() => new Detection(undefined as never), "new Detection(...)", /options object.*got undefined/);
  });
});

describe("validation: how bad values are shown", () => {
  test("class instances by name, long lists shortened", () => {
    expectInvalid(() => new Detections({ detections: [Array2D.zeros(1, 1)] as never }), "Detections.detections", /item 0 is an Array2D\./);
    const many = Array.from({ length: 20 }, (_, i) => i);
    expectInvalid(() => new Keypoint({ label: "a", points: [many] as never }), "Keypoint.points[0]", /got \[0, 1, 2, 3, 4, 5, 6, 7, \.\.\. \(20 items\)\]/);
  });
});

describe("Regression validation", () => {
  test("the value must be a finite number", () => {
    expectInvalid(() => new Regression({ value: Number.NaN }), "Regression.value", /must be a finite number; got NaN/);
    expectInvalid(() => new Regression({ value: "3" as unknown as number }), "Regression.value", /must be a finite number/);
  });
});
