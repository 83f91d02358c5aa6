import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClassifierProcessor, DetrProcessor, HeatmapProcessor, InstanceSegmentationProcessor, NanoDetProcessor, SemanticSegmentationProcessor, SsdProcessor, YoloProcessor, zeroShotClassify, type Classification, type Classifications } from "../../src/index.js";
import { activate, cosine } from "../../src/processors/index.js";
import { decodeContext, near } from "../support/decode-context.js";

const f32 = (rows: number[][]) => Float32Array.from(rows.flat());

describe("ClassifierProcessor", () => {
  const outputs = { scores: { data: f32([[1, 2, 3], [0, 0, 5]]), dims: [2, 3] } };
  const classes = ["cat", "dog", "bird"];

  test("softmax by hand: e^3 / (e^1 + e^2 + e^3) = 0.6652", () => {
    const c = new ClassifierProcessor({ output: "scores", classes }).process(outputs, decodeContext()) as Classification;
    assert.equal(c.label, "bird");
    assert.ok(Math.abs(c.confidence! - Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))) < 1e-6);
    assert.equal(c.logits, undefined);
    const second = new ClassifierProcessor({ output: "scores", classes }).process(outputs, decodeContext({ index: 1, storeLogits: true })) as Classification;
    assert.equal(second.label, "bird");
    near(Array.from(second.logits!), [0, 0, 5]);
  });

  test("top-k as Classifications, sigmoid for multi-label", () => {
    const top2 = new ClassifierProcessor({ output: "scores", classes, topK: 2, activation: "sigmoid" }).process(outputs, decodeContext()) as Classifications;
    assert.deepEqual(top2.classifications.map((c) => c.label), ["bird", "dog"]);
    near(top2.classifications.map((c) => c.confidence!), [1 / (1 + Math.exp(-3)), 1 / (1 + Math.exp(-2))]);
    near(Array.from(activate(Float32Array.from([1000, 1000]), "softmax")), [0.5, 0.5]);
    assert.throws(() => new ClassifierProcessor({ output: "scores", classes: ["a"] }).process(outputs, decodeContext()), /scores 3 classes but 1 class names/);
  });
});

describe("YoloProcessor", () => {
  // Input 100×100 px. Anchor 0: a dog box centred (50, 50), 20×40; anchor 1: the same dog, weaker; anchor 2: below threshold.
  test("yolov8 layout [N, 4 + C, A]: channel-major, class scores only", () => {
    const anchors = [
      [50, 50, 20, 40, 0.1, 0.9],
      [52, 50, 20, 40, 0.1, 0.6],
      [10, 10, 5, 5, 0.1, 0.1],
    ];
    const channelMajor = anchors[0]!.map((_, k) => anchors.map((a) => a[k]!));
    const out = { out0: { data: f32(channelMajor), dims: [1, 6, 3] } };
    const dets = new YoloProcessor({ output: "out0", format: "yolov8", classes: ["cat", "dog"] }).process(out, decodeContext()).detections;
    assert.equal(dets.length, 1, "NMS removed the duplicate, the threshold the weak one");
    assert.equal(dets[0]!.label, "dog");
    near(dets[0]!.boundingBox, [0.4, 0.3, 0.2, 0.4]);
    near([dets[0]!.confidence!], [0.9]);
  });

  test("yolov5 layout [N, A, 5 + C]: confidence = objectness × class score", () => {
    const out = { o: { data: f32([[50, 50, 20, 40, 0.5, 0.2, 0.8], [50, 50, 20, 40, 0.1, 0.9, 0.1]]), dims: [1, 2, 7] } };
    const dets = new YoloProcessor({ output: "o", format: "yolov5", classes: ["cat", "dog"] }).process(out, decodeContext()).detections;
    assert.deepEqual(dets.map((d) => d.label), ["dog"]);
    near([dets[0]!.confidence!], [0.4]);
  });

  test("letterboxed input: boxes map back to the image", () => {
    // A 200×100 image in a 100×100 input: content rows 25..75. A box over the whole content band is the whole image.
    const out = { o: { data: f32([[50], [50], [100], [50], [0.9]]), dims: [1, 5, 1] } };
    const dets = new YoloProcessor({ output: "o", format: "yolov8", classes: ["thing"] }).process(out, decodeContext({ srcW: 200, srcH: 100, mode: "letterbox" })).detections;
    near(dets[0]!.boundingBox, [0, 0, 1, 1]);
  });
});

describe("SsdProcessor", () => {
  test("TensorFlow yxyx boxes, background column skipped, per-class NMS", () => {
    const boxes = { data: f32([[0.1, 0.2, 0.5, 0.6], [0.1, 0.2, 0.5, 0.61], [0, 0, 1, 1]]), dims: [1, 3, 4] };
    const scores = { data: f32([[0.1, 0.8, 0.1], [0.1, 0.7, 0.2], [0.9, 0.05, 0.05]]), dims: [1, 3, 3] };
    const dets = new SsdProcessor({ boxesOutput: "b", scoresOutput: "s", classes: ["background", "person", "car"], backgroundIndex: 0 }).process(
      { b: boxes, s: scores },
      decodeContext(),
    ).detections;
    assert.equal(dets.length, 1, "the duplicate person is merged; the all-background anchor is dropped");
    assert.equal(dets[0]!.label, "person");
    near(dets[0]!.boundingBox, [0.2, 0.1, 0.4, 0.4]);
  });
});

describe("DetrProcessor", () => {
  test("softmax per query, 'no object' queries dropped, centre boxes converted", () => {
    // Two classes + no-object. Query 0: cat (logit 5 vs 0, 0); query 1: no object.
    const logits = { data: f32([[5, 0, 0], [0, 0, 6]]), dims: [1, 2, 3] };
    const boxes = { data: f32([[0.5, 0.5, 0.2, 0.4], [0.2, 0.2, 0.1, 0.1]]), dims: [1, 2, 4] };
    const dets = new DetrProcessor({ classes: ["cat", "dog"] }).process({ logits, pred_boxes: boxes }, decodeContext()).detections;
    assert.equal(dets.length, 1);
    assert.equal(dets[0]!.label, "cat");
    near(dets[0]!.boundingBox, [0.4, 0.3, 0.2, 0.4]);
    near([dets[0]!.confidence!], [Math.exp(5) / (Math.exp(5) + 2)]);
  });
});

describe("dense outputs", () => {
  // A 4×4 output of 2 classes for a 200×100 image letterboxed into a 100×100 input: content is rows 1..2.
  const logits = f32([
    [0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0], // class 0
    [0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2, 0, 0, 0, 0], // class 1
  ]);
  const ctx = decodeContext({ srcW: 200, srcH: 100, mode: "letterbox" });

  test("semantic segmentation: arg-max per pixel over the image only", () => {
    const seg = new SemanticSegmentationProcessor({ output: "seg" }).process({ seg: { data: logits, dims: [1, 2, 4, 4] } }, ctx);
    const m = seg.mask!;
    assert.deepEqual([m.height, m.width], [2, 4]);
    assert.deepEqual(Array.from(m.data), [0, 0, 1, 1, 0, 0, 1, 1]);
  });

  test("heatmap of one channel, with an optional sigmoid", () => {
    const hm = new HeatmapProcessor({ output: "seg", channel: 1, sigmoid: true }).process({ seg: { data: logits, dims: [1, 2, 4, 4] } }, ctx);
    near(Array.from(hm.map!.data), [0.5, 0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(-2)), 0.5, 0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(-2))]);
    assert.deepEqual(hm.range, [0, 1]);
  });
});

describe("InstanceSegmentationProcessor", () => {
  test("binary masks over each box, low scores dropped", () => {
    const outputs = {
      boxes: { data: f32([[0.1, 0.2, 0.5, 0.6], [0, 0, 1, 1]]), dims: [1, 2, 4] },
      scores: { data: f32([[0.9, 0.1]]), dims: [1, 2] },
      classes: { data: f32([[1, 0]]), dims: [1, 2] },
      masks: { data: f32([[0.9, 0.2, 0.6, 0.4], [1, 1, 1, 1]]), dims: [1, 2, 2, 2] },
    };
    const dets = new InstanceSegmentationProcessor({
      boxesOutput: "boxes",
      scoresOutput: "scores",
      classesOutput: "classes",
      masksOutput: "masks",
      classes: ["bg", "cat"],
    }).process(outputs, decodeContext()).detections;
    assert.equal(dets.length, 1);
    assert.equal(dets[0]!.label, "cat");
    near(dets[0]!.boundingBox, [0.1, 0.2, 0.4, 0.4]);
    assert.deepEqual(Array.from(dets[0]!.mask!.data), [1, 0, 1, 0]);
    assert.deepEqual([dets[0]!.mask!.height, dets[0]!.mask!.width], [2, 2]);
  });
});

describe("zero-shot classification from embeddings", () => {
  test("cosine similarity, scaled and softmaxed over the prompts (hand-computed)", () => {
    const image = Float32Array.from([1, 0]);
    const prompts = [Float32Array.from([1, 0]), Float32Array.from([0, 2])]; // cosines 1 and 0
    const c = zeroShotClassify(image, prompts, ["a photo of a cat", "a photo of a dog"], { logitScale: 2, storeLogits: true });
    assert.equal(c.label, "a photo of a cat");
    near([c.confidence!], [Math.exp(2) / (Math.exp(2) + 1)]);
    near(Array.from(c.logits!), [2, 0]);
    near([cosine(Float32Array.from([1, 1]), Float32Array.from([1, 0]))], [Math.SQRT1_2]);
    assert.throws(() => zeroShotClassify(image, prompts, ["one"]), /one prompt embedding per class/);
  });
});

describe("NanoDetProcessor", () => {
  test("GFL integral boxes around cell centres (hand-computed)", () => {
    // Input 32×32, one level of 2×2 cells (stride 16), 2 classes, 2 bins per side.
    // Cell 0 (centre 8, 8): every side's bins [0, 0] → expectation 0.5 → 8 px → box 0..16 px → [0, 0, 0.5, 0.5].
    // Cell 3 (centre 24, 24): right side bins [0, ln 3] → 0.75 → 12 px; others 8 px → x 16..36 clipped to 32.
    const scores = { data: f32([[0.1, 0.9], [0, 0], [0, 0], [0.8, 0.1]]), dims: [1, 4, 2] };
    const boxes = { data: f32([[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, Math.log(3), 0, 0]]), dims: [1, 4, 8] };
    const dets = new NanoDetProcessor({ classes: ["cat", "dog"] }).process({ s: scores, b: boxes }, decodeContext({ size: 32 })).detections;
    assert.deepEqual(dets.map((d) => d.label), ["dog", "cat"]);
    near(dets[0]!.boundingBox, [0, 0, 0.5, 0.5]);
    near(dets[1]!.boundingBox, [0.5, 0.5, 0.5, 0.5]);
  });
});

describe("resizing dense outputs back to the image", () => {
  test("a 2×4 content mask resampled to the 8×4 image, nearest neighbour", () => {
    const logits = f32([[0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2, 0, 0, 0, 0]]);
    const ctx = decodeContext({ srcW: 8, srcH: 4, size: 4, mode: "letterbox" }); // content rows 1..2 of the 4×4 output
    const seg = new SemanticSegmentationProcessor({ output: "seg", resize: "image" }).process({ seg: { data: logits, dims: [1, 2, 4, 4] } }, ctx);
    const m = seg.mask!;
    assert.deepEqual([m.width, m.height], [8, 4]);
    assert.deepEqual(Array.from(m.data), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
  });
});
