import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ADE20K_CLASSES, ClassifierProcessor, CLASS_LISTS, DetrProcessor, HeatmapProcessor, SemanticSegmentationProcessor, ZeroShotProcessor, type Classification } from "../../src/index.js";
import { COCO91_CLASSES, IMAGENET_CLASSES, bilinearArgmax, bilinearAxis } from "../../src/processors/index.js";
import { decodeContext, near } from "../support/decode-context.js";

const f32 = (rows: readonly (readonly number[])[]) => Float32Array.from(rows.flat());

describe("class lists of the Hugging Face models", () => {
  test("ImageNet-1k, COCO by category id, ADE20K: sizes and a few indices a person can check", () => {
    assert.equal(IMAGENET_CLASSES.length, 1000);
    assert.equal(IMAGENET_CLASSES[0], "tench, Tinca tinca");
    assert.equal(IMAGENET_CLASSES[281], "tabby, tabby cat");
    assert.equal(CLASS_LISTS["imagenet-1k-background"].length, 1001);
    assert.equal(CLASS_LISTS["imagenet-1k-background"][282], "tabby, tabby cat", "shifted by the background class");
    assert.equal(COCO91_CLASSES.length, 91);
    // COCO category ids: 1 person, 12 unused, 13 stop sign, 17 cat, 90 toothbrush.
    assert.deepEqual([1, 12, 13, 17, 90].map((i) => COCO91_CLASSES[i]), ["person", "N/A", "stop sign", "cat", "toothbrush"]);
    assert.equal(COCO91_CLASSES.filter((c) => c === "N/A").length, 11);
    assert.equal(ADE20K_CLASSES.length, 150);
    assert.deepEqual([0, 2, 12, 149].map((i) => ADE20K_CLASSES[i]), ["wall", "sky", "person", "flag"]);
  });

  test("a processor takes a list by name; an unknown name lists the known ones", () => {
    const logits = { data: new Float32Array(1000).fill(0).map((_, i) => (i === 281 ? 5 : 0)), dims: [1, 1000] };
    const c = new ClassifierProcessor({ output: "logits", classes: "imagenet-1k" }).process({ logits }, decodeContext()) as Classification;
    assert.equal(c.label, "tabby, tabby cat");
    assert.throws(() => new ClassifierProcessor({ output: "logits", classes: "imagenet" as never }), /no built-in class list is called "imagenet".*imagenet-1k/);
  });

  test("a classifier without an output name reads a single-output graph, and asks for a name when there are several", () => {
    const p = new ClassifierProcessor({ classes: ["a", "b"] });
    assert.equal(p.outputNames, undefined, "all outputs are requested");
    assert.equal((p.process({ whatever: { data: f32([[0, 3]]), dims: [1, 2] } }, decodeContext()) as Classification).label, "b");
    assert.throws(() => p.process({ x: { data: f32([[0, 3]]), dims: [1, 2] }, y: { data: f32([[0, 3]]), dims: [1, 2] } }, decodeContext()), /name the one with the scores/);
  });
});

describe("DETR-family decoding", () => {
  test("DETR: the last column is 'no object'; boxes are centre x, centre y, width, height → FiftyOne's x, y, w, h", () => {
    // COCO-91 (91 columns) + no object: query 0 → person (id 1), query 1 → no object, query 2 → N/A id 12 wins.
    const K = 92;
    const logits = new Float32Array(3 * K);
    logits[0 * K + 1] = 8;
    logits[1 * K + 91] = 8;
    logits[2 * K + 12] = 8;
    const boxes = f32([[0.5, 0.4, 0.2, 0.6], [0.5, 0.5, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1]]);
    const dets = new DetrProcessor({ classes: "coco-91" }).process({ logits: { data: logits, dims: [1, 3, K] }, pred_boxes: { data: boxes, dims: [1, 3, 4] } }, decodeContext()).detections;
    assert.deepEqual(dets.map((d) => d.label), ["person", "N/A"]);
    near(dets[0]!.boundingBox, [0.4, 0.1, 0.2, 0.6]);
    near([dets[0]!.confidence!], [Math.exp(8) / (Math.exp(8) + 91)], 1e-5);
  });

  test("DETR on a letterboxed input: boxes map back to the image", () => {
    // A 200×100 image letterboxed into 100×100: content rows 25..75.
    const logits = f32([[8, 0]]);
    const boxes = f32([[0.5, 0.5, 0.5, 0.25]]);
    const ctx = decodeContext({ srcW: 200, srcH: 100, size: 100, mode: "letterbox" });
    const dets = new DetrProcessor({ classes: ["thing"] }).process({ logits: { data: logits, dims: [1, 1, 2] }, pred_boxes: { data: boxes, dims: [1, 1, 4] } }, ctx).detections;
    near(dets[0]!.boundingBox, [0.25, 0.25, 0.5, 0.5]);
  });

  test("RT-DETR: a sigmoid per class and no 'no object' column", () => {
    const logits = f32([[-10, 2, -10], [-10, -10, -10]]);
    const boxes = f32([[0.5, 0.5, 0.2, 0.2], [0.5, 0.5, 0.2, 0.2]]);
    const dets = new DetrProcessor({ classes: ["a", "b", "c"], scoring: "sigmoid" }).process({ logits: { data: logits, dims: [1, 2, 3] }, pred_boxes: { data: boxes, dims: [1, 2, 4] } }, decodeContext()).detections;
    assert.equal(dets.length, 1);
    assert.equal(dets[0]!.label, "b");
    near([dets[0]!.confidence!], [1 / (1 + Math.exp(-2))]);
  });

  test("a class list that does not fit the logits is refused with both counts", () => {
    const p = new DetrProcessor({ classes: ["a", "b"] });
    assert.throws(() => p.process({ logits: { data: new Float32Array(4), dims: [1, 1, 4] }, pred_boxes: { data: new Float32Array(4), dims: [1, 1, 4] } }, decodeContext()), /scores 3 classes \+ "no object", but 2 class names/);
  });
});

describe("SegFormer: 1/4-resolution logits upsampled to the image", () => {
  test("bilinear sampling positions follow align_corners=False", () => {
    // 2 → 4: output pixel centres 0.5, 1.5, 2.5, 3.5 read input positions −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    const { lo, hi, w } = bilinearAxis(2, 4);
    assert.deepEqual([...lo], [0, 0, 0, 1]);
    assert.deepEqual([...hi], [1, 1, 1, 1]);
    near([...w], [0, 0.25, 0.75, 0]);
  });

  test("the class scores are interpolated before the arg-max, and the mask has the image's size", () => {
    // Two classes on a 2×2 map; class 1 wins only in the top-right cell. A 8×6 image.
    const logits = { data: f32([[0, 0, 0, 0], [-1, 1, -1, -1]]), dims: [1, 2, 2, 2] };
    const seg = new SemanticSegmentationProcessor({ output: "logits", resize: "image", upsample: "bilinear" }).process({ logits }, decodeContext({ srcW: 8, srcH: 6, size: 8 }));
    const mask = seg.mask!;
    assert.deepEqual([mask.height, mask.width], [6, 8]);
    // Along the top row, class 1's score goes from −1 (left) to +1 (right), crossing 0 mid-way.
    assert.deepEqual(Array.from({ length: 8 }, (_, x) => mask.get(0, x)), [0, 0, 0, 0, 1, 1, 1, 1]);
    assert.equal(mask.get(5, 7), 0, "bottom right: class 1 is −1 there");
  });

  test("the per-cell pruning of classes gives exactly the brute-force arg-max (random scores)", () => {
    const [C, H, W, outW, outH] = [7, 5, 6, 23, 17];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 - 2;
    const data = Float32Array.from({ length: C * H * W }, rand);
    const fast = bilinearArgmax({ data, dims: [1, C, H, W] }, 0, "nchw", [0, 0, 1, 1], outW, outH);
    const xs = bilinearAxis(W, outW);
    const ys = bilinearAxis(H, outH);
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const at = (c: number, px: number, py: number) => data[c * H * W + py * W + px]!;
        let best = 0;
        let bestScore = -Infinity;
        for (let c = 0; c < C; c++) {
          const [x0, x1, wx, y0, y1, wy] = [xs.lo[x]!, xs.hi[x]!, xs.w[x]!, ys.lo[y]!, ys.hi[y]!, ys.w[y]!];
          const v = (1 - wy) * ((1 - wx) * at(c, x0, y0) + wx * at(c, x1, y0)) + wy * ((1 - wx) * at(c, x0, y1) + wx * at(c, x1, y1));
          if (v > bestScore) [best, bestScore] = [c, v];
        }
        assert.equal(fast[y * outW + x], best, `pixel (${x}, ${y})`);
      }
    }
  });

  test("letterbox padding is cut off before upsampling", () => {
    // A 4×2 image letterboxed into 4×4: rows 1..2 of a 4×4 score map hold the image; class 1 wins only in the padding.
    const c0 = [[0, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 0, 0]];
    const c1 = [[5, 5, 5, 5], [0, 0, 0, 0], [0, 0, 0, 0], [5, 5, 5, 5]];
    const logits = { data: Float32Array.from([...c0.flat(), ...c1.flat()]), dims: [1, 2, 4, 4] };
    const seg = new SemanticSegmentationProcessor({ output: "logits", resize: "image", upsample: "bilinear" }).process({ logits }, decodeContext({ srcW: 4, srcH: 2, size: 4, mode: "letterbox" }));
    assert.deepEqual([seg.mask!.height, seg.mask!.width], [2, 4]);
    assert.ok([0, 1].every((y) => [0, 1, 2, 3].every((x) => seg.mask!.get(y, x) === 0)), "no padding class inside the image");
  });
});

describe("depth → Heatmap", () => {
  test("min-max normalisation: the nearest point is 1, the farthest 0; a flat map is all 0", () => {
    const depth = { data: f32([[2, 4], [6, 10]]), dims: [1, 2, 2] }; // [N, H, W]
    const h = new HeatmapProcessor({ output: "predicted_depth", normalize: "minmax" }).process({ predicted_depth: depth }, decodeContext({ size: 2 }));
    assert.deepEqual(h.range, [0, 1]);
    near([h.map!.get(0, 0), h.map!.get(0, 1), h.map!.get(1, 0), h.map!.get(1, 1)], [0, 0.25, 0.5, 1]);
    const flat = new HeatmapProcessor({ output: "d", normalize: "minmax" }).process({ d: { data: f32([[3, 3], [3, 3]]), dims: [1, 2, 2] } }, decodeContext({ size: 2 }));
    assert.deepEqual([...(flat.map!.data as Float32Array)], [0, 0, 0, 0]);
  });

  test("bilinear upsampling to the image keeps a gradient a gradient", () => {
    const depth = { data: f32([[0, 1], [0, 1]]), dims: [1, 2, 2] };
    const h = new HeatmapProcessor({ output: "d", resize: "image", upsample: "bilinear" }).process({ d: depth }, decodeContext({ srcW: 4, srcH: 2, size: 2 }));
    near(Array.from({ length: 4 }, (_, x) => h.map!.get(0, x)), [0, 0.25, 0.75, 1]);
  });
});

describe("ZeroShotProcessor", () => {
  test("one prompt per class from the template; picks the prompt closest to the image embedding", () => {
    const p = new ZeroShotProcessor({ classes: ["cat", "dog"], promptTemplate: "a photo of a {}" });
    assert.deepEqual(p.prompts, ["a photo of a cat", "a photo of a dog"]);
    const image = { image_embeds: { data: f32([[1, 0], [0, 1]]), dims: [2, 2] } };
    assert.throws(() => p.process(image, decodeContext()), /no prompt embeddings yet/);
    p.setPromptEmbeddings([Float32Array.of(0.9, 0.1), Float32Array.of(0.1, 0.9)]);
    assert.equal(p.process(image, decodeContext({ index: 0 })).label, "cat");
    const dog = p.process(image, decodeContext({ index: 1, storeLogits: true }));
    assert.equal(dog.label, "dog");
    assert.equal(dog.logits?.length, 2);
    assert.throws(() => new ZeroShotProcessor({ classes: ["a"], promptTemplate: "a photo" }), /has no "\{\}"/);
    assert.throws(() => p.setPromptEmbeddings([Float32Array.of(1, 0)]), /1 prompt embeddings for 2 prompts/);
  });
});
