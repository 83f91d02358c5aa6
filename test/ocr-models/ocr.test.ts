import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { CtcTextProcessor, ProcessorOptionsError, ProcessorOutputError, ctcGreedyDecode, dbTextRegions, decodeImage, resizeImage, type Detections, type Polylines, type RgbImage } from "../../src/index.js";
import { planResize } from "../../src/media/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { useShippedFonts } from "../support/fonts.js";
import { zooModelLoader } from "../support/models.js";

useTempHome();
useShippedFonts();
const load = zooModelLoader();

/**
 * A white 640×360 page with two lines in black 60-px DejaVu Sans (shipped in
 * test/fixtures/fonts, the only font fontconfig sees here): "HELLO 2026" (ink at x 66–422, y 67–112) and "modelzoo" (x 65–347, y 204–250).
 */
async function page(): Promise<RgbImage> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="100%" height="100%" fill="white"/>` +
    `<text x="60" y="112" font-family="DejaVu Sans" font-size="60" fill="black">HELLO 2026</text>` +
    `<text x="60" y="250" font-family="DejaVu Sans" font-size="60" fill="black">modelzoo</text></svg>`;
  const file = path.join(tempDir("modelzoo-ocr-"), "page.png");
  await sharp(Buffer.from(svg)).png().toFile(file);
  return decodeImage(file);
}

/** A relative box in pixels of the 640×360 page. */
const px = (b: readonly number[]) => b.map((v, i) => v * (i % 2 ? 360 : 640)) as [number, number, number, number];

describe("PaddleOCR text detection and recognition", () => {
  test("the detector boxes the two lines, and nothing on the blank paper", async () => {
    const { detections, polylines } = (await (await load("paddleocr-v4-det-ch-onnx")).predict(await page())) as unknown as { detections: Detections; polylines: Polylines };
    assert.equal(detections.detections.length, 2);
    const boxes = detections.detections.map((d) => px(d.boundingBox)).sort((a, b) => a[1] - b[1]);
    const [first, second] = boxes as [[number, number, number, number], [number, number, number, number]];
    const covers = (b: readonly number[], x0: number, y0: number, x1: number, y1: number) => b[0]! <= x0 && b[1]! <= y0 && b[0]! + b[2]! >= x1 && b[1]! + b[3]! >= y1;
    const within = (b: readonly number[], x0: number, y0: number, x1: number, y1: number) => b[0]! >= x0 && b[1]! >= y0 && b[0]! + b[2]! <= x1 && b[1]! + b[3]! <= y1;
    // The ink (pixels darker than mid-grey) spans x 66–422, y 67–112: the box covers it to within 4 px.
    assert.ok(covers(first, 70, 71, 418, 108) && within(first, 40, 45, 440, 135), `HELLO 2026: ${first.map(Math.round).join(", ")}`);
    // "modelzoo": ink at x 65–347, y 204–250.
    assert.ok(covers(second, 69, 208, 343, 246) && within(second, 40, 185, 360, 275), `modelzoo: ${second.map(Math.round).join(", ")}`);
    for (const d of detections.detections) {
      assert.equal(d.label, "text");
      assert.ok(d.confidence! >= 0.6 && d.confidence! <= 1);
    }
    // The same boxes as closed 4-point outlines, at the same index.
    assert.equal(polylines.polylines.length, 2);
    polylines.polylines.forEach((p, i) => {
      const b = detections.detections[i]!.boundingBox;
      assert.ok(p.closed);
      // The outline is the line's (possibly slanted) rectangle; its upright bounding box is the detection's box.
      const xs = p.points[0]!.map(([x]) => x);
      const ys = p.points[0]!.map(([, y]) => y);
      assert.equal(p.points[0]!.length, 4);
      for (const [v, w] of [[Math.min(...xs), b[0]], [Math.min(...ys), b[1]], [Math.max(...xs), b[0] + b[2]], [Math.max(...ys), b[1] + b[3]]]) assert.ok(Math.abs(v! - w!) < 1e-6, `outline bounds ${v} vs box ${w}`);
    });
  });

  test("the recognizer reads each box the detector finds, stored as its text attribute", async () => {
    const rec = (await (await load("paddleocr-v4-rec-ch-onnx")).predict(await page())) as Detections;
    const lines = [...rec.detections].sort((a, b) => a.boundingBox[1] - b.boundingBox[1]);
    assert.deepEqual(
      lines.map((d) => d.attributes.text),
      ["HELLO 2026", "modelzoo"],
    );
    for (const d of lines) assert.ok((d.attributes.text_confidence as number) > 0.8, String(d.attributes.text_confidence));
  });

  test("CTC decoding: best class per step, repeats collapsed, blanks dropped, class i is dictionary line i - 1", () => {
    // [T = 7, C = 4]: classes blank, "a", "b", " ".
    const steps = [
      [0.1, 0.8, 0.05, 0.05], // a
      [0.1, 0.6, 0.2, 0.1], // a (repeat, collapsed)
      [0.9, 0.05, 0.03, 0.02], // blank
      [0.2, 0.7, 0.05, 0.05], // a (after a blank: a new character)
      [0.1, 0.1, 0.1, 0.7], // space
      [0.05, 0.05, 0.5, 0.4], // b
      [0.6, 0.2, 0.1, 0.1], // blank
    ];
    const probs = new Float32Array([0, 0, 0, 0, ...steps.flat()]);
    const { text, confidence } = ctcGreedyDecode(probs, 4, 7, 4, ["a", "b", " "]);
    assert.equal(text, "aa b");
    assert.ok(Math.abs(confidence - (0.8 + 0.7 + 0.7 + 0.5) / 4) < 1e-6);
    assert.deepEqual(ctcGreedyDecode(new Float32Array([1, 0, 1, 0]), 0, 2, 2, ["x"]), { text: "", confidence: 0 });
    // The processor adds PaddleOCR's trailing space class and checks the class count against the output.
    const ctc = new CtcTextProcessor({ output: "p", dictionary: ["a", "b"] });
    const ctx = { index: 0 } as Parameters<CtcTextProcessor["process"]>[1];
    assert.equal(ctc.process({ p: { data: probs.subarray(4), dims: [1, 7, 4] } }, ctx)?.label, "aa b");
    assert.throws(() => ctc.process({ p: { data: new Float32Array(6), dims: [1, 2, 3] } }, ctx), ProcessorOutputError);
    assert.throws(() => new CtcTextProcessor({ output: "p", dictionary: [] }), ProcessorOptionsError);
  });

  test("DB post-process: threshold, components, box score, unclip by area × 1.5 / perimeter, small and weak regions dropped", () => {
    const W = 40;
    const H = 20;
    const map = new Float32Array(W * H);
    const fill = (x0: number, y0: number, w: number, h: number, v: number) => {
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) map[y * W + x] = v;
    };
    fill(2, 2, 20, 4, 0.9); // a word: 20×4 → grown by 80 × 1.5 / 48 = 2.5 on each side
    fill(25, 10, 10, 6, 0.5); // above the 0.3 threshold, but its score 0.5 is below 0.6
    fill(5, 14, 2, 2, 0.95); // 2×2: below min size 3
    const regions = dbTextRegions(map, W, H);
    assert.equal(regions.length, 1);
    assert.deepEqual(regions[0]!.box, [-0.5, -0.5, 25, 9]);
    assert.ok(Math.abs(regions[0]!.score - 0.9) < 1e-6);
    // A lower box threshold keeps the weak region too.
    assert.equal(dbTextRegions(map, W, H, { boxThreshold: 0.4 }).length, 2);
  });

  test("a text line is letterboxed to the top-left and padded on the right, as PaddleOCR's recognizer input", async () => {
    // 100×20 into 320×48: height 48 sets the scale (2.4), the line is 240 wide and padded on the right.
    assert.deepEqual(planResize(100, 20, 320, 48, "letterbox", "start"), { srcWidth: 100, srcHeight: 20, dstWidth: 320, dstHeight: 48, scaleX: 2.4, scaleY: 2.4, padLeft: 0, padTop: 0 });
    const white = { width: 100, height: 20, channels: 3 as const, data: new Uint8Array(100 * 20 * 3).fill(255) };
    const { image } = await resizeImage(white, { width: 320, height: 48, mode: "letterbox", align: "start", padValue: 128 });
    const at = (x: number, y: number) => image.data[(y * 320 + x) * 3]!;
    assert.deepEqual([at(0, 0), at(239, 47), at(240, 0), at(319, 47)], [255, 255, 128, 128]);
  });
});
