import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { decodeImage, zoo, type Detections, type Model, type RgbImage } from "../../src/index.js";
import { near } from "../support/decode-context.js";
import { tempDir, useTempHome } from "../support/env.js";
import { mirrorEntry, solidImage } from "../support/hf-catalog.js";
import { fakeDetr } from "../support/hf-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";

useTempHome();
const mirror = new HfMirror();
const loaded: Model[] = [];
let red: RgbImage;
let blue: RgbImage;

before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
  const dir = tempDir("modelzoo-hf-det-");
  // 300×200: a 3:2 photo, so that letterboxing leaves a third of the input as padding.
  red = await decodeImage(await solidImage(path.join(dir, "red.png"), [255, 0, 0], 300, 200));
  blue = await decodeImage(await solidImage(path.join(dir, "blue.png"), [0, 0, 255], 300, 200));
});
after(async () => {
  for (const m of loaded) await m.dispose();
  await mirror.close();
});

async function load(name: string, options: Parameters<typeof zoo.loadZooModel>[1] = {}): Promise<Model> {
  const model = await zoo.loadZooModel(name, options);
  loaded.push(model);
  await model.load();
  return model;
}

describe("DETR-family detectors from the Hugging Face hub, end to end on stand-in weights", () => {
  test("detr-resnet50-coco-onnx: COCO category ids, 'no object' queries dropped, centre boxes → [x, y, w, h]; the pixel mask is fed", async () => {
    mirrorEntry(mirror, "detr-resnet50-coco-onnx", { "onnx/model.onnx": fakeDetr({ size: 800, queries: 100, scoring: "softmax", pixelMask: true }) });
    const model = await load("detr-resnet50-coco-onnx");
    const dets = ((await model.predict(red)) as Detections).detections;
    // Query 0: person, box centre (0.5, 0.5), 0.2 × 0.4. Query 1: cat, only when the mask covers the whole input.
    assert.deepEqual(dets.map((d) => d.label).sort(), ["cat", "person"]);
    const person = dets.find((d) => d.label === "person")!;
    near(person.boundingBox, [0.4, 0.3, 0.2, 0.4]);
    assert.ok(person.confidence! > 0.99);
    near(dets.find((d) => d.label === "cat")!.boundingBox, [0.1, 0.35, 0.3, 0.3]);
    const onBlue = ((await model.predict(blue)) as Detections).detections.map((d) => d.label);
    assert.deepEqual(onBlue, ["cat"], "no person on a blue image (5·R is very negative); the mask-driven cat stays");
  });

  test("letterboxed, the padding is masked out (no cat) and the person box maps back to the photo", async () => {
    const model = await load("detr-resnet50-coco-onnx", { input: { resize: "letterbox" } });
    const dets = ((await model.predict(red)) as Detections).detections;
    assert.deepEqual(dets.map((d) => d.label), ["person"]);
    // 300×200 in 800×800: content rows 133⅓..666⅔; input y 0.3..0.7 → photo y 0.2..0.8.
    near(dets[0]!.boundingBox, [0.4, 0.2, 0.2, 0.6], 1e-3);
  });

  test("detr-resnet101-coco-onnx and yolos-small-coco-onnx share the decoding; yolos-tiny-coco-onnx has no pixel mask", async () => {
    mirrorEntry(mirror, "detr-resnet101-coco-onnx", { "onnx/model.onnx": fakeDetr({ size: 800, queries: 100, scoring: "softmax", pixelMask: true }) });
    mirrorEntry(mirror, "yolos-tiny-coco-onnx", { "onnx/model.onnx": fakeDetr({ size: 512, queries: 100, scoring: "softmax" }) });
    mirrorEntry(mirror, "yolos-small-coco-onnx", { "onnx/model.onnx": fakeDetr({ size: 800, queries: 100, scoring: "softmax" }) });
    assert.deepEqual(((await (await load("detr-resnet101-coco-onnx")).predict(red)) as Detections).detections.map((d) => d.label).sort(), ["cat", "person"]);
    for (const name of ["yolos-tiny-coco-onnx", "yolos-small-coco-onnx"]) {
      const dets = ((await (await load(name)).predict(red)) as Detections).detections;
      assert.deepEqual(dets.map((d) => d.label), ["person"], name);
      near(dets[0]!.boundingBox, [0.4, 0.3, 0.2, 0.4]);
    }
  });

  test("rtdetr-v2-r18-coco-onnx: 300 queries, a sigmoid per class over the 80 contiguous COCO classes", async () => {
    mirrorEntry(mirror, "rtdetr-v2-r18-coco-onnx", { "onnx/model.onnx": fakeDetr({ size: 640, queries: 300, scoring: "sigmoid" }) });
    const model = await load("rtdetr-v2-r18-coco-onnx");
    const dets = ((await model.predict(red)) as Detections).detections;
    assert.deepEqual(dets.map((d) => d.label), ["person"]);
    near(dets[0]!.boundingBox, [0.4, 0.3, 0.2, 0.4]);
    assert.ok(dets[0]!.confidence! > 0.99);
  });
});
