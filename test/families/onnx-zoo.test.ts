import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CLASS_LISTS, ImageModel, zoo, type Classification, type Detections, type Model, type RgbImage } from "../../src/index.js";
import { near } from "../support/decode-context.js";
import { tempDir, useTempHome } from "../support/env.js";
import { fakeImagenetClassifier, fakeRcnn, mirrorHttpFile, RCNN_BOXES, registerStandIns } from "../support/family-fakes.js";
import { startMirror, type Mirror } from "../support/mirror.js";
import { writeOnnx } from "../support/onnx-writer.js";

/*
 * The ONNX Model Zoo entries (manifest-onnx-zoo.json): their preprocessing checked value
 * for value against the steps their READMEs document (written out here from the README's
 * Python), and every entry downloaded from a local mirror of its URL and run on a
 * stand-in graph with the export's interface.
 */

useTempHome();
const root = tempDir("modelzoo-onnx-zoo-mirror-");
let mirror: Mirror;
let standIn: Record<string, string> = {};
const loaded: Model[] = [];
const ZOO = zoo.listZooModels().filter((n) => zoo.getZooModel(n).author === "ONNX Model Zoo");

/** A deterministic noise image (every pixel different), `w`×`h`. */
function noise(w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width: w, height: h, channels: 3 };
}

/** A solid-colour image. */
function solid(w: number, h: number, rgb: readonly [number, number, number]): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return { data, width: w, height: h, channels: 3 };
}

/*
 * Tiny YOLOv2 (tinyyolov2-8): input "image" [1, 3, 416, 416], output "grid" [1, 125, 13, 13];
 * channel b·25 + k of cell (cy, cx) is box b's tx, ty, tw, th, tc, then 20 class logits.
 * The stand-in's grid is zero (every box's score 0.5 × 1/20, below 0.3) except three boxes
 * written below; box A's tc also grows by mean(input) / 100, so its score shows the
 * input's scale reaches the graph.
 */
const TY_CELLS = 13 * 13;
const TY_A = { cy: 6, cx: 4, b: 1, t: [0.4, -0.3, 0.2, -0.1, 2], cls: 11, logit: 5 }; // dog
const TY_B = { cy: 6, cx: 4, b: 2, t: [0.4, -0.3, 0.2 + Math.log(3.42 / 6.63), -0.1 + Math.log(4.41 / 11.38), 1], cls: 14, logit: 5 }; // person, A's box, weaker
const TY_C = { cy: 2, cx: 10, b: 0, t: [0, 0, 0, 0, 3], cls: 6, logit: 4 }; // car
function fakeTinyYolov2(): Uint8Array {
  const grid = new Float32Array(125 * TY_CELLS);
  const pick = new Float32Array(125 * TY_CELLS);
  for (const d of [TY_A, TY_B, TY_C]) {
    const cell = d.cy * 13 + d.cx;
    d.t.forEach((v, k) => (grid[(d.b * 25 + k) * TY_CELLS + cell] = v));
    grid[(d.b * 25 + 5 + d.cls) * TY_CELLS + cell] = d.logit;
  }
  pick[(TY_A.b * 25 + 4) * TY_CELLS + TY_A.cy * 13 + TY_A.cx] = 0.01;
  return writeOnnx({
    inputs: [{ name: "image", type: "float", dims: [1, 3, 416, 416] }],
    outputs: [{ name: "grid", type: "float", dims: [1, 125, 13, 13] }],
    consts: [
      { name: "base", dims: [1, 125, 13, 13], data: grid },
      { name: "pick", dims: [1, 125, 13, 13], data: pick },
    ],
    nodes: [
      { op: "ReduceMean", inputs: ["image"], outputs: ["m"], attrs: { keepdims: 0 } },
      { op: "Mul", inputs: ["pick", "m"], outputs: ["shift"] },
      { op: "Add", inputs: ["base", "shift"], outputs: ["grid"] },
    ],
  });
}

async function load(name: string): Promise<ImageModel> {
  const model = await zoo.loadZooModel(standIn[name]!);
  loaded.push(model);
  await model.load();
  assert.ok(model instanceof ImageModel);
  return model;
}

before(async () => {
  mirror = await startMirror(root);
  process.env.MODELZOO_HTTP_MIRROR = mirror.url;
  for (const name of ZOO) {
    const entry = zoo.getZooModel(name);
    const file = entry.modelFile;
    const data = name.startsWith("tiny-yolov2")
      ? fakeTinyYolov2()
      : name.startsWith("faster-rcnn")
      ? fakeRcnn(false)
      : name.startsWith("mask-rcnn")
        ? fakeRcnn(true)
        : entry.input.layout === "nhwc"
          ? fakeImagenetClassifier({ input: "images:0", output: "Softmax:0", layout: "nhwc", size: 224, softmax: true })
          : fakeImagenetClassifier({ input: name.startsWith("shufflenet") ? "input" : "data", output: "logits", layout: "nchw", size: 224 });
    mirrorHttpFile(root, name, file, data);
  }
  standIn = await registerStandIns(ZOO);
});
after(async () => {
  for (const m of loaded) await m.dispose();
  delete process.env.MODELZOO_HTTP_MIRROR;
  await mirror.close();
});

describe("ONNX Model Zoo entries", () => {
  test("the catalog has Faster R-CNN, Mask R-CNN, Tiny YOLOv2 and 18 ImageNet classifiers from the ONNX Model Zoo, every file pinned by sha256 and size", () => {
    assert.equal(ZOO.length, 21);
    for (const name of ["tiny-yolov2-voc-onnx", "faster-rcnn-resnet50-fpn-coco-onnx", "mask-rcnn-resnet50-fpn-coco-onnx", "resnet50-v1-imagenet-onnx", "efficientnet-lite4-imagenet-onnx"]) assert.ok(ZOO.includes(name), name);
    for (const name of ZOO) {
      const { source } = zoo.getZooModel(name);
      assert.equal(source.type, "http");
      assert.match(source.type === "http" ? source.baseUrl : "", /^https:\/\/media\.githubusercontent\.com\/media\/onnx\/models\/[0-9a-f]{40}\//, "a pinned commit");
      for (const f of source.files) assert.ok(f.sha256 && f.size, `${name}: ${f.path} is pinned`);
    }
    // FiftyOne's name of the reference page's recipe loads the same entry.
    assert.equal(zoo.getZooModel("faster-rcnn-resnet50-fpn-coco-torch").name, "faster-rcnn-resnet50-fpn-coco-onnx");
    assert.equal(zoo.getZooModel("mask-rcnn-resnet50-fpn-coco-torch").name, "mask-rcnn-resnet50-fpn-coco-onnx");
    assert.deepEqual(zoo.listZooModelVersions("faster-rcnn-resnet50-fpn-coco-torch"), ["faster-rcnn-resnet50-fpn-coco-onnx"]);
    assert.throws(() => zoo.getZooModel("faster-rcnn-resnet50-fpn-coco-tf"), /faster-rcnn/);
  });

  test("Tiny YOLOv2's input is the image stretched to 416×416, raw 0–255 RGB, NCHW", async () => {
    const model = await load("tiny-yolov2-voc-onnx");
    // 416×416 needs no resampling, so every value can be compared.
    const img = noise(416, 416);
    const { tensor } = await model.prepare(img);
    assert.equal(tensor.length, 3 * 416 * 416);
    let worst = 0;
    for (let c = 0; c < 3; c++) for (let i = 0; i < 416 * 416; i++) worst = Math.max(worst, Math.abs(tensor[c * 416 * 416 + i]! - img.data[i * 3 + c]!));
    assert.equal(worst, 0);
  });

  test("Tiny YOLOv2 end to end: the reference's grid decode (σ offsets, e^t × anchor × 32, σ(tc) × softmax), score > 0.3, NMS across classes", async () => {
    const model = await load("tiny-yolov2-voc-onnx");
    const img = solid(832, 624, [100, 100, 100]); // stretched: relative boxes are the input's
    const dets = ((await model.predict(img)) as Detections).detections;
    // Written out from the Core ML reference (YOLO.swift): anchors in cells, 32-pixel cells.
    const anchors = [1.08, 1.19, 3.42, 4.41, 6.63, 11.38, 9.42, 5.11, 16.62, 10.52];
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const expect = (d: typeof TY_A, tcShift: number) => {
      const x = (d.cx + sig(d.t[0]!)) * 32;
      const y = (d.cy + sig(d.t[1]!)) * 32;
      const w = Math.exp(d.t[2]!) * anchors[2 * d.b]! * 32;
      const h = Math.exp(d.t[3]!) * anchors[2 * d.b + 1]! * 32;
      const prob = Math.exp(d.logit) / (Math.exp(d.logit) + 19);
      return { box: [(x - w / 2) / 416, (y - h / 2) / 416, w / 416, h / 416], score: sig(d.t[4]! + tcShift) * prob };
    };
    // The person box is the dog box with a lower score: NMS across classes drops it.
    assert.deepEqual(dets.map((d) => d.label), ["dog", "car"]);
    const dog = expect(TY_A, 100 / 100); // tc + mean(input) / 100: the graph got raw 0–255 values
    const car = expect(TY_C, 0);
    near(dets[0]!.boundingBox, dog.box, 1e-5);
    assert.ok(Math.abs(dets[0]!.confidence! - dog.score) < 1e-5, String(dets[0]!.confidence));
    near(dets[1]!.boundingBox, car.box, 1e-5);
    assert.ok(Math.abs(dets[1]!.confidence! - car.score) < 1e-5, String(dets[1]!.confidence));
    assert.ok(expect(TY_B, 0).score > 0.3, "the person box passes the score threshold; only NMS removes it");
  });

  test("Faster R-CNN's input is the README's preprocess(): shorter side 800, BGR minus [102.9801, 115.9465, 122.7717], zero padding to a multiple of 32", async () => {
    const model = await load("faster-rcnn-resnet50-fpn-coco-onnx");
    // 1000×800 needs no resampling (ratio 1), so every value can be compared.
    const img = noise(1000, 800);
    const prepared = await model.prepare(img);
    assert.equal(prepared.width, 1024);
    assert.equal(prepared.height, 800);
    const [pw, ph] = [1024, 800];
    assert.equal(prepared.tensor.length, 3 * pw * ph);
    const mean = [102.9801, 115.9465, 122.7717]; // B, G, R
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < ph; y++) {
        for (let x = 0; x < pw; x++) {
          // np.array(image)[:, :, [2, 1, 0]] - mean, then zeros beyond the image.
          const expected = x < 1000 ? img.data[(y * 1000 + x) * 3 + (2 - c)]! - mean[c]! : 0;
          worst = Math.max(worst, Math.abs(prepared.tensor[(c * ph + y) * pw + x]! - expected));
        }
      }
    }
    assert.ok(worst < 1e-4, `max difference ${worst}`);
    // A 500×375 photo: ratio 800 / 375; int(ratio × 500) = 1066 → padded to 1088; 800 high.
    const small = await model.prepare(solid(500, 375, [200, 100, 50]));
    assert.deepEqual([small.width, small.height], [1088, 800]);
    assert.ok(Math.abs(small.tensor[0]! - (50 - 102.9801)) < 1e-3, "blue first");
    assert.equal(small.tensor[1087], 0, "padding column is zero");
    assert.ok(Math.abs(small.tensor[2 * 1088 * 800 + 1065]! - (200 - 122.7717)) < 1e-3, "red last, up to the content's last column");
  });

  test("Faster R-CNN end to end: boxes divided by the ratio, labels through coco_classes.txt (0 = background), the graph's scores", async () => {
    const model = await load("faster-rcnn-resnet50-fpn-coco-onnx");
    const img = solid(1000, 600, [128, 128, 128]); // ratio 800 / 600
    const dets = ((await model.predict(img)) as Detections).detections;
    assert.deepEqual(dets.map((d) => d.label), ["person", "dog"]);
    const ratio = 800 / 600;
    const [x1, y1, x2, y2] = RCNN_BOXES[0].map((v) => v / ratio) as [number, number, number, number];
    near(dets[0]!.boundingBox, [x1 / 1000, y1 / 600, (x2 - x1) / 1000, (y2 - y1) / 600], 1e-6);
    // Person's score: 0.6 + mean(B − 102.98 over the padded input) / 10000; the padding's zeros dilute the mean.
    const content = 1333 / 1344; // int(1000 × 4/3) = 1333 columns of 1344
    assert.ok(Math.abs(dets[0]!.confidence! - (0.6 + ((128 - 102.9801) * content) / 10000)) < 1e-5, String(dets[0]!.confidence));
    assert.ok(Math.abs(dets[1]!.confidence! - 0.3) < 1e-6);
  });

  test("Mask R-CNN: each 28×28 mask resized to its box's integer size in image pixels (+1) and thresholded at 0.5", async () => {
    const model = await load("mask-rcnn-resnet50-fpn-coco-onnx");
    const img = solid(800, 800, [10, 20, 30]); // ratio 1: boxes are image pixels
    const dets = ((await model.predict(img)) as Detections).detections;
    const person = dets.find((d) => d.label === "person")!;
    near(person.boundingBox, [100 / 800, 200 / 800, 200 / 800, 200 / 800], 1e-6);
    const mask = person.mask!;
    // int_box = [100, 200, 300, 400]: cv2.resize(mask, (201, 201)).
    assert.deepEqual([mask.width, mask.height], [201, 201]);
    // The stand-in's mask is ones on its left 14 columns: the left half of the box, up to the half-way column.
    assert.equal(mask.get(50, 0), 1);
    assert.equal(mask.get(50, 99), 1);
    assert.equal(mask.get(50, 102), 0);
    assert.equal(mask.get(200, 200), 0);
  });

  test("the classifiers' input is imagenet_preprocess.py: shorter side 256, the centred 224 crop (w // 2 − 112), ImageNet mean/std", async () => {
    const model = await load("resnet50-v1-imagenet-onnx");
    // 512×256: the shorter side is 256 already, so the crop is exact: x 144–367, y 16–239.
    const img = noise(512, 256);
    const { tensor } = await model.prepare(img);
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 224; y++) {
        for (let x = 0; x < 224; x++) {
          const expected = (img.data[((16 + y) * 512 + 144 + x) * 3 + c]! / 255 - mean[c]!) / std[c]!;
          worst = Math.max(worst, Math.abs(tensor[(c * 224 + y) * 224 + x]! - expected));
        }
      }
    }
    assert.ok(worst < 1e-5, `max difference ${worst}`);
    // EfficientNet-Lite4: NHWC, (x − 127) / 128, the same crop.
    const lite = await load("efficientnet-lite4-imagenet-onnx");
    const t = (await lite.prepare(img)).tensor;
    assert.ok(Math.abs(t[0]! - (img.data[(16 * 512 + 144) * 3]! - 127) / 128) < 1e-6);
    assert.ok(Math.abs(t[(223 * 224 + 223) * 3 + 2]! - (img.data[((16 + 223) * 512 + 144 + 223) * 3 + 2]! - 127) / 128) < 1e-6);
  });

  test("every ONNX Model Zoo classifier downloads from its URL, loads and classifies (red → class 1, blue → class 3)", async () => {
    const red = solid(300, 200, [255, 0, 0]);
    const blue = solid(200, 300, [0, 0, 255]);
    for (const name of ZOO.filter((n) => zoo.getZooModel(n).tags.includes("classification"))) {
      const model = await load(name);
      assert.equal(((await model.predict(red)) as Classification).label, CLASS_LISTS["imagenet-1k"][1], name);
      assert.equal(((await model.predict(blue)) as Classification).label, CLASS_LISTS["imagenet-1k"][3], name);
      // Every classifier but SqueezeNet and the MXNet MobileNetV2 (a 1×1 convolution makes their scores) embeds the
      // features its last fully-connected layer reads (the stand-in's: the three channel means).
      const entry = zoo.getZooModel(name);
      if (/^(squeezenet|mobilenet-v2-mxnet)/.test(name)) assert.equal(entry.embeddings, undefined, name);
      else {
        assert.deepEqual(entry.embeddings, { output: "@penultimate" }, name);
        const [r, g, b] = await model.embed(red);
        assert.ok(r! > 0 && g! < 0 && b! < 0, `${name}: ${r}, ${g}, ${b}`);
      }
      await model.dispose();
    }
    assert.ok(mirror.count("/media.githubusercontent.com/media/onnx/models/") >= 20);
  });
});
