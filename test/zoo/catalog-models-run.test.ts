import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { decodeImage, zoo, type Classification, type Detections, type Keypoints, type Polylines, type RgbImage, type Segmentation } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { zooModelLoader } from "../support/models.js";

useTempHome();
const load = zooModelLoader();

/** A white page with "HELLO" in block capitals (8-px strokes) at x 40–230, y 100–140; upside down with `flip`. */
async function hello(flip = false, width = 320, height = 240): Promise<RgbImage> {
  const glyphs: Record<string, [number, number, number, number][]> = {
    H: [[0, 0, 8, 40], [22, 0, 8, 40], [0, 16, 30, 8]],
    E: [[0, 0, 8, 40], [0, 0, 30, 8], [0, 16, 24, 8], [0, 32, 30, 8]],
    L: [[0, 0, 8, 40], [0, 32, 30, 8]],
    O: [[0, 0, 8, 40], [22, 0, 8, 40], [0, 0, 30, 8], [0, 32, 30, 8]],
  };
  let rects = "";
  [..."HELLO"].forEach((ch, i) => {
    for (const [x, y, w, h] of glyphs[ch]!) rects += `<rect x="${40 + i * 40 + x}" y="${100 + y}" width="${w}" height="${h}"/>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${rects}</svg>`;
  const file = path.join(tempDir("modelzoo-hello-"), "hello.png");
  await sharp(Buffer.from(svg)).rotate(flip ? 180 : 0).png().toFile(file);
  return decodeImage(file);
}

describe("every catalog model runs as its manifest configures it, on real inputs", () => {
  test("the catalog holds the models tested here", () => {
    const all = zoo.listZooModels();
    for (const name of [
      "centernet-coco-tfjs",
      "movenet-lightning-coco-tfjs",
      "movenet-multipose-coco-tfjs",
      "nanodet-coco-tfjs",
      "paddleocr-mobile-v2-cls-ch-onnx",
      "paddleocr-v4-det-ch-onnx",
      "rvm-mobilenetv3-tfjs",
    ]) assert.ok(all.includes(name), name);
  });

  test("detectors find the three people of sample1", async () => {
    const photo = await decodeImage(demoPhotos()[0]!);
    for (const name of ["centernet-coco-tfjs", "nanodet-coco-tfjs"]) {
      const dets = (await (await load(name)).predict(photo)) as Detections;
      assert.equal(dets.detections.filter((d) => d.label === "person" && d.confidence! >= 0.4).length, 3, name);
    }
  });

  test("MoveNet single-pose gives 17 keypoints of one person, most of them confident, nose above shoulders", async () => {
    const photo = await decodeImage(demoPhotos()[3]!);
    const kps = (await (await load("movenet-lightning-coco-tfjs")).predict(photo)) as Keypoints;
    assert.equal(kps.keypoints.length, 1);
    const [person] = kps.keypoints;
    assert.equal(person!.points.length, 17);
    const confident = person!.confidence!.filter((c) => c! > 0.3).length;
    assert.ok(confident >= 8, `${confident} confident keypoints`);
    // The nose (0) is above the shoulders (5, 6).
    assert.ok(person!.points[0]![1] < Math.min(person!.points[5]![1], person!.points[6]![1]));
  });

  test("MoveNet multi-pose finds the four people of sample6", async () => {
    const out = (await (await load("movenet-multipose-coco-tfjs")).predict(await decodeImage(demoPhotos()[5]!))) as unknown as { keypoints: Keypoints; detections: Detections };
    assert.equal(out.detections.detections.length, 4);
    assert.equal(out.keypoints.keypoints.length, 4);
  });

  test("the PaddleOCR detector boxes the text; the direction classifier reads its orientation", async () => {
    const { detections, polylines } = (await (await load("paddleocr-v4-det-ch-onnx")).predict(await hello())) as unknown as { detections: Detections; polylines: Polylines };
    // "HELLO" lies at x 40–230, y 100–140 of the 320×240 page: one box around it, none on the blank paper.
    assert.equal(detections.detections.length, 1);
    const [x, y, w, h] = detections.detections[0]!.boundingBox.map((v, i) => v * (i % 2 ? 240 : 320)) as [number, number, number, number];
    assert.equal(detections.detections[0]!.label, "text");
    assert.ok(x <= 42 && y <= 102 && x + w >= 228 && y + h >= 138, `covers the word: ${[x, y, w, h].map(Math.round).join(", ")}`);
    assert.ok(x >= 20 && y >= 80 && x + w <= 250 && y + h <= 160, `stays near it: ${[x, y, w, h].map(Math.round).join(", ")}`);
    assert.equal(polylines.polylines.length, 1);
    assert.equal(polylines.polylines[0]!.points[0]!.length, 4);
    assert.ok(polylines.polylines[0]!.closed);

    const cls = await load("paddleocr-mobile-v2-cls-ch-onnx");
    const crop = (img: RgbImage) => sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).extract({ left: 30, top: 90, width: 210, height: 60 }).png().toBuffer().then((b) => decodeImage(b));
    assert.equal(((await cls.predict(await crop(await hello()))) as Classification).label, "0");
    assert.equal(((await cls.predict(await crop(await hello(true)))) as Classification).label, "180");
  });

  test("RVM, a video model, mattes the people of a single photo too (one frame, fresh state)", async () => {
    const matte = (await (await load("rvm-mobilenetv3-tfjs")).predict(await decodeImage(demoPhotos()[0]!))) as Segmentation;
    const mask = matte.mask!;
    assert.deepEqual([mask.width, mask.height], [512, 341], "scaled to the manifest's 512 px, aspect kept");
    const opaque = (x0: number, x1: number, y0: number, y1: number) => {
      let n = 0;
      for (let y = Math.round(y0 * mask.height); y < y1 * mask.height; y++) for (let x = Math.round(x0 * mask.width); x < x1 * mask.width; x++) n += mask.data[y * mask.width + x]! > 128 ? 1 : 0;
      return n / ((x1 - x0) * mask.width * (y1 - y0) * mask.height);
    };
    // sample1: three people side by side, filling the lower two thirds; wall above their heads.
    assert.ok(opaque(0, 1, 0.5, 1) > 0.5, `people below the middle (${opaque(0, 1, 0.5, 1).toFixed(2)})`);
    assert.ok(opaque(0, 1, 0, 0.08) < 0.2, `wall along the top (${opaque(0, 1, 0, 0.08).toFixed(2)})`);
  });
});
