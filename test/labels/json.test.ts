import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Array2D,
  Classification,
  Classifications,
  Detection,
  Detections,
  Heatmap,
  ImageOutput,
  Keypoint,
  Keypoints,
  Polyline,
  Polylines,
  Regression,
  Segmentation,
  isLabel,
  isLabelJSON,
  knownLabelClasses,
  labelFromJSON,
  type Label,
} from "../../src/labels/index.js";
import { expectInvalid } from "./expect-invalid.js";

const ID = "65a1b2c3d4e5f60718293a4b";

/** Instances of every class with every optional part set, and masks of every dtype. */
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
    attributes: { occluded: true, note: "x", nested: { list: [1, null, "a"] } },
    tags: ["reviewed"],
  });
  const kp = new Keypoint({ label: "person", points: [[0.5, 0.5], null, [1, 0]], confidence: [0.9, null, 0.1], index: 1, attributes: { pose: "standing" } });
  const line = new Polyline({ label: "text", points: [[[0, 0], [1, 0], [1, 1]], [[0.2, 0.2], [0.3, 0.3]]], closed: true, filled: true, confidence: 0.5, index: 2 });
  return [
    new Classification({ label: "cat", confidence: 0.9, logits: Float32Array.from([2.5, -1, 0.125]), attributes: { source: "model" }, tags: ["a", "b"] }),
    new Classification({ label: "" }),
    new Classifications({ classifications: [new Classification({ label: "a" }), new Classification({ label: "b", confidence: 0.2 })], logits: [1, 2] }),
    new Classifications(),
    new Regression({ value: 31.5, confidence: 0.8, attributes: { unit: "years" } }),
    new Regression({ value: -2 }),
    det,
    new Detection({ label: "soft", boundingBox: [0, 0, 0.5, 0.5], mask: Array2D.from([[0.25, 0.75]], "float32") }),
    new Detection({ label: "ids16", boundingBox: [0, 0, 0.5, 0.5], mask: Array2D.from([[0, 65535]], "uint16") }),
    new Detection({ label: "ids32", boundingBox: [0, 0, 0.5, 0.5], mask: Array2D.from([[-7, 70000]], "int32") }),
    new Detections({ detections: [det, new Detection({ label: "dog", boundingBox: [0, 0, 1, 1] })] }),
    new Detections(),
    kp,
    new Keypoint({ label: "empty", points: [] }),
    new Keypoints({ keypoints: [kp] }),
    line,
    new Polylines({ polylines: [line, new Polyline({ label: "open", points: [] })] }),
    new Segmentation({ mask: Array2D.from([[0, 1], [2, 3]], "uint8") }),
    new Segmentation({ mask: Array2D.from([[0, 1], [2, 65535]], "uint16") }),
    new Segmentation({ mask: Array2D.from([[0, 70000]], "int32") }),
    new Segmentation({ maskPath: "/masks/a.png", tags: ["x"] }),
    new Heatmap({ map: Array2D.from([[0.25, -1.5]], "float32"), range: [-2, 2] }),
    new Heatmap({ map: Array2D.from([[0, 255]], "uint8") }),
    new Heatmap({ mapPath: "/maps/a.png", range: [0, 10] }),
    new ImageOutput({ image: { data: Uint8Array.from([0, 1, 2, 253, 254, 255]), width: 2, height: 1 }, scale: 4 }),
    new ImageOutput({ imagePath: "/outputs/a.png", width: 640, height: 480, tags: ["x"] }),
  ];
}

describe("labels: JSON round-trip", () => {
  for (const label of everyLabel()) {
    test(`${label.cls} survives toJSON → JSON text → labelFromJSON and ${label.cls}.fromJSON`, () => {
      const text = JSON.stringify(label.toJSON());
      const json = JSON.parse(text) as unknown;
      assert.ok(isLabelJSON(json));
      const back = labelFromJSON(json);
      assert.equal(back.constructor, label.constructor);
      assert.deepEqual(back, label);
      assert.equal(JSON.stringify(back.toJSON()), text);
      const viaClass = (label.constructor as unknown as { fromJSON(j: unknown): Label }).fromJSON(json);
      assert.deepEqual(viaClass, label);
    });
  }

  test("every class is registered", () => {
    assert.deepEqual(knownLabelClasses(), [
      "Classification",
      "Classifications",
      "Detection",
      "Detections",
      "Heatmap",
      "ImageOutput",
      "Keypoint",
      "Keypoints",
      "Polyline",
      "Polylines",
      "Regression",
      "Segmentation",
    ]);
  });
});

describe("labels: the JSON form", () => {
  test("a Detection is plain camelCase JSON with _cls, and unset values are left out", () => {
    const d = new Detection({ id: ID, label: "person", boundingBox: [0.1, 0.2, 0.3, 0.4], confidence: 0.9 });
    assert.deepEqual(d.toJSON(), { _cls: "Detection", id: ID, label: "person", boundingBox: [0.1, 0.2, 0.3, 0.4], confidence: 0.9 });
  });

  test("containers nest their items' JSON, each with its own _cls", () => {
    const json = new Detections({ id: ID, detections: [new Detection({ id: ID, label: "a", boundingBox: [0, 0, 1, 1], mask: Array2D.from([[1]]) })] }).toJSON();
    assert.deepEqual(json, {
      _cls: "Detections",
      id: ID,
      detections: [{ _cls: "Detection", id: ID, label: "a", boundingBox: [0, 0, 1, 1], mask: { shape: [1, 1], dtype: "uint8", data: "AQ==" } }],
    });
  });

  test("logits become number lists; missing keypoints stay null", () => {
    const c = new Classification({ id: ID, label: "a", logits: Float32Array.from([0.5, -2]) });
    assert.deepEqual(c.toJSON().logits, [0.5, -2]);
    assert.ok(Array.isArray(c.toJSON().logits));
    const k = new Keypoint({ id: ID, label: "p", points: [null, [0.25, 0.5]], confidence: [null, 0.5] });
    assert.deepEqual(k.toJSON(), { _cls: "Keypoint", id: ID, label: "p", points: [null, [0.25, 0.5]], confidence: [null, 0.5] });
    const back = labelFromJSON(JSON.parse(JSON.stringify(c)) as unknown) as Classification;
    assert.ok(back.logits instanceof Float32Array);
    assert.deepEqual([...back.logits], [0.5, -2]);
  });

  test("polylines and heatmaps write their defaults", () => {
    assert.deepEqual(new Polyline({ id: ID, label: "l", points: [[[0, 0]]] }).toJSON(), {
      _cls: "Polyline",
      id: ID,
      label: "l",
      points: [[[0, 0]]],
      closed: false,
      filled: false,
    });
    assert.deepEqual(new Heatmap({ id: ID, map: Array2D.zeros(1, 1, "float32") }).range, [0, 1]);
    assert.deepEqual(new Heatmap({ id: ID, map: Array2D.zeros(1, 1, "uint8") }).range, [0, 255]);
    assert.deepEqual(new Heatmap({ id: ID, mapPath: "/a.png" }).toJSON(), { _cls: "Heatmap", id: ID, mapPath: "/a.png", range: [0, 255] });
  });

  test("toJSON copies: changing the JSON does not change the label", () => {
    const d = new Detection({ label: "a", boundingBox: [0, 0, 1, 1], attributes: { list: [1] }, tags: ["t"] });
    const json = d.toJSON();
    (json.boundingBox as number[])[0] = 0.5;
    ((json.attributes as { list: number[] }).list)[0] = 2;
    (json.tags as string[]).push("u");
    assert.deepEqual(d.boundingBox, [0, 0, 1, 1]);
    assert.deepEqual(d.attributes, { list: [1] });
    assert.deepEqual(d.tags, ["t"]);
  });

  test("ids are 24-hex, unique, and kept through JSON", () => {
    const a = new Classification({ label: "x" });
    const b = new Classification({ label: "x" });
    assert.match(a.id, /^[0-9a-f]{24}$/);
    assert.notEqual(a.id, b.id);
    assert.equal(labelFromJSON(a.toJSON()).id, a.id);
    assert.equal(new Classification({ id: ID, label: "x" }).id, ID);
  });

  test("FiftyOne-style nulls for absent values are accepted", () => {
    const d = labelFromJSON({ _cls: "Detection", label: "a", boundingBox: [0, 0, 1, 1], confidence: null, mask: null, index: null, attributes: null, tags: null });
    assert.deepEqual(d, new Detection({ id: d.id, label: "a", boundingBox: [0, 0, 1, 1] }));
    const s = labelFromJSON({ _cls: "Segmentation", mask: null, maskPath: "/m.png" }) as Segmentation;
    assert.equal(s.maskPath, "/m.png");
    assert.equal(s.mask, undefined);
    assert.deepEqual((labelFromJSON({ _cls: "Detections", detections: null }) as Detections).detections, []);
  });
});

describe("labels: telling labels and their JSON apart", () => {
  test("isLabel is true for instances only", () => {
    assert.equal(isLabel(new Detections()), true);
    assert.equal(isLabel({ _cls: "Detection" }), false);
    assert.equal(isLabel(null), false);
  });

  test("isLabelJSON needs a plain object with a registered _cls", () => {
    assert.equal(isLabelJSON({ _cls: "Detections", detections: [] }), true);
    assert.equal(isLabelJSON({ _cls: "Nope" }), false);
    assert.equal(isLabelJSON({ label: "x" }), false);
    assert.equal(isLabelJSON({ _cls: 3 }), false);
    assert.equal(isLabelJSON([{ _cls: "Detection" }]), false);
    assert.equal(isLabelJSON(null), false);
    assert.equal(isLabelJSON("Detection"), false);
    assert.equal(isLabelJSON({ _cls: "toString" }), false);
  });

  test("labelFromJSON names the known classes for an unknown _cls", () => {
    expectInvalid(() => labelFromJSON({ _cls: "Nope" }), "labelFromJSON", /got _cls "Nope"/, /Classification, Classifications, Detection, Detections, Heatmap/);
    expectInvalid(() => labelFromJSON({ label: "x" }), "labelFromJSON", /got _cls undefined/);
    expectInvalid(() => labelFromJSON("Detection"), "labelFromJSON", /got "Detection"/);
  });

  test("a class's fromJSON refuses another class's JSON; _cls may be left out", () => {
    expectInvalid(() => Detection.fromJSON({ _cls: "Keypoint", label: "a", points: [] }), "Detection.fromJSON", /_cls "Keypoint".*labelFromJSON/);
    expectInvalid(() => Detection.fromJSON([]), "Detection.fromJSON", /got \[\]/);
    assert.equal(Detection.fromJSON({ label: "a", boundingBox: [0, 0, 1, 1] }).label, "a");
  });

  test("container items must be their item class; errors say which item", () => {
    const wrong = { _cls: "Detections", detections: [{ _cls: "Detection", label: "a", boundingBox: [0, 0, 1, 1] }, { _cls: "Classification", label: "b" }] };
    expectInvalid(() => labelFromJSON(wrong), "Detections.detections[1]", /_cls "Classification"/);
    const bad = { _cls: "Keypoints", keypoints: [{ _cls: "Keypoint", label: "p", points: [[2, 0]] }] };
    expectInvalid(() => labelFromJSON(bad), "Keypoints.keypoints[0]: Keypoint.points[0]", /got \[2, 0\]/);
    expectInvalid(() => labelFromJSON({ _cls: "Polylines", polylines: "x" }), "Polylines.polylines", /list of Polyline objects; got "x"/);
  });

  test("fromJSON validates like the constructor", () => {
    expectInvalid(() => labelFromJSON({ _cls: "Detection", label: "a", boundingBox: [0.5, 0, 0.6, 1] }), "Detection.boundingBox", /x \+ width = 1\.1 > 1/);
    expectInvalid(() => labelFromJSON({ _cls: "Classification", label: "a", logits: [1, "2"] }), "Classification.logits", /got "2" at index 1/);
    expectInvalid(() => labelFromJSON({ _cls: "Segmentation", mask: { shape: [1, 1], dtype: "float32", data: "AACAPw==" } }), "Segmentation.mask", /integer class ids/);
    expectInvalid(() => labelFromJSON({ _cls: "Heatmap", mapPath: "/a.png", range: [1, 0] }), "Heatmap.range", /min < max/);
    expectInvalid(() => labelFromJSON({ _cls: "Classification", label: "a", id: "xyz" }), "Classification.id", /"xyz"/);
  });
});
