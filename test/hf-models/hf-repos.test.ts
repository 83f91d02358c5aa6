import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { CLASS_LISTS, decodeImage, zoo, type Classification, type Detections, type Heatmap, type RgbImage, type Segmentation } from "../../src/index.js";
import { runCliAsync } from "../support/cli-async.js";
import { tempDir, useTempHome } from "../support/env.js";
import { redBlueImage, redGradientImage, solidImage } from "../support/hf-catalog.js";
import { fakeClipTokenizer } from "../support/fake-tokenizer.js";
import { fakeClassifier, fakeClipText, fakeClipVision, fakeDepth, fakeDetr, fakeDetrPanoptic, fakeDinov2, fakeSegformer } from "../support/hf-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";
import { zooModelLoader } from "../support/model-loader.js";
import { HF_FIXTURE_DIR } from "../support/hf-verify.js";

/*
 * `hf:<repo>`: hub repositories by name, with no manifest entry. A local mirror serves
 * the repositories' real config.json and preprocessor_config.json (test/fixtures/hf-repos)
 * in their Xenova/ and onnx-community/ layouts, with stand-in ONNX graphs.
 */
const home = useTempHome();
const mirror = new HfMirror();
const { load, disposeAll } = zooModelLoader();
let red: RgbImage;
let dir: string;

/** Serves fixture repository `repo` at `main` with `onnx` files. */
function serve(repo: string, onnx: Record<string, Uint8Array>): void {
  for (const file of ["config.json", "preprocessor_config.json"]) mirror.put(repo, "main", file, fs.readFileSync(path.join(HF_FIXTURE_DIR, repo, file)));
  for (const [file, bytes] of Object.entries(onnx)) mirror.put(repo, "main", file, bytes);
}


before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
  dir = tempDir("modelzoo-hf-repos-");
  red = await decodeImage(await solidImage(path.join(dir, "red.png"), [255, 0, 0], 300, 200));
  serve("Xenova/detr-resnet-50", { "onnx/model.onnx": fakeDetr({ size: 800, queries: 100, scoring: "softmax", pixelMask: true }) });
  serve("Xenova/resnet-50", { "onnx/model.onnx": fakeClassifier({ size: 224, classes: 1000, red: 281, green: 1, blue: 2 }) });
  serve("Xenova/segformer-b0-finetuned-ade-512-512", { "onnx/model.onnx": fakeSegformer(512) });
  serve("onnx-community/depth-anything-v2-small", { "onnx/model.onnx": fakeDepth(518) });
  serve("Xenova/dinov2-small", { "onnx/model_quantized.onnx": fakeDinov2(224) });
  // CLIP: the image encoder gives the normalized mean (R, G, B); the text encoder sums a row per token ("red" → (1, −1, −1)...).
  const { tokenizerJson, tokenizerConfig, wordIds } = fakeClipTokenizer(["a", "photo", "of", "red", "green", "blue"]);
  const vocabSize = Math.max(...Object.values((tokenizerJson as { model: { vocab: Record<string, number> } }).model.vocab)) + 1;
  const table = new Float32Array(vocabSize * 512);
  table.set([1, -1, -1], wordIds.get("red")! * 512);
  table.set([-1, 1, -1], wordIds.get("green")! * 512);
  table.set([-1, -1, 1], wordIds.get("blue")! * 512);
  serve("Xenova/clip-vit-base-patch32", { "onnx/vision_model_quantized.onnx": fakeClipVision(224), "onnx/text_model_quantized.onnx": fakeClipText(table, vocabSize) });
  mirror.put("Xenova/clip-vit-base-patch32", "main", "tokenizer.json", JSON.stringify(tokenizerJson));
  mirror.put("Xenova/clip-vit-base-patch32", "main", "tokenizer_config.json", JSON.stringify(tokenizerConfig));
  serve("onnx-community/rtdetr_v2_r18vd-ONNX", { "onnx/model.onnx": fakeDetr({ size: 640, queries: 300, scoring: "sigmoid" }) });
  serve("Xenova/detr-resnet-50-panoptic", { "onnx/model.onnx": fakeDetrPanoptic() });
});
after(async () => {
  await disposeAll();
  await mirror.close();
});

describe("hf:<repo> — any ONNX hub model by name, configured from its config.json and preprocessor_config.json", () => {
  test("object detection: hf:Xenova/detr-resnet-50 — labels from id2label, DETR's shortest-edge 800 input", async () => {
    const model = await load("hf:Xenova/detr-resnet-50");
    const dets = ((await model.predict(red)) as Detections).detections;
    assert.deepEqual(dets.map((d) => d.label).sort(), ["cat", "person"]);
    const { entry } = await zoo.resolveHfEntry("hf:Xenova/detr-resnet-50");
    assert.deepEqual(entry.input.hf?.size, { shortestEdge: 800, longestEdge: 1333 });
    assert.equal(entry.processor?.type, "detr");
  });

  test("object detection with a sigmoid per class: hf:onnx-community/rtdetr_v2_r18vd-ONNX (an onnx-community layout)", async () => {
    const dets = ((await (await load("hf:onnx-community/rtdetr_v2_r18vd-ONNX")).predict(red)) as Detections).detections;
    assert.deepEqual(dets.map((d) => d.label), ["person"]);
  });

  test("image classification: hf:Xenova/resnet-50 — the class named by id2label", async () => {
    const c = (await (await load("hf:Xenova/resnet-50")).predict(red)) as Classification;
    assert.equal(c.label, "tabby, tabby cat");
  });

  test("semantic segmentation: hf:Xenova/segformer-b0-finetuned-ade-512-512", async () => {
    const photo = await decodeImage(await redBlueImage(path.join(dir, "rb.png"), 160, 90));
    const seg = (await (await load("hf:Xenova/segformer-b0-finetuned-ade-512-512")).predict(photo)) as Segmentation;
    assert.deepEqual([seg.mask!.height, seg.mask!.width], [90, 160]);
    assert.equal(seg.mask!.get(45, 10), 0, "wall on the red half");
    assert.equal(seg.mask!.get(45, 150), 2, "sky on the blue half");
  });

  test("panoptic segmentation: hf:Xenova/detr-resnet-50-panoptic — one detection with a mask per segment", async () => {
    const photo = await decodeImage(await redBlueImage(path.join(dir, "rb-panoptic.png"), 160, 90));
    const dets = ((await (await load("hf:Xenova/detr-resnet-50-panoptic")).predict(photo)) as Detections).detections;
    assert.deepEqual(dets.map((d) => d.label), ["person", "sky-other-merged"]);
    const [person, sky] = dets as [(typeof dets)[0], (typeof dets)[0]];
    // Red on the left half: the person's mask; blue on the right: the sky's. Boxes around each segment's pixels.
    assert.ok(person.boundingBox[0] === 0 && Math.abs(person.boundingBox[2] - 0.5) < 0.05, `person box ${person.boundingBox.join(",")}`);
    assert.ok(Math.abs(sky.boundingBox[0] - 0.5) < 0.05 && Math.abs(sky.boundingBox[0] + sky.boundingBox[2] - 1) < 1e-9, `sky box ${sky.boundingBox.join(",")}`);
    assert.deepEqual([person.mask!.height, sky.mask!.height], [90, 90]);
    assert.ok(person.mask!.data.every((v) => v === 1) && person.confidence! > 0.99);
    const { entry } = await zoo.resolveHfEntry("hf:Xenova/detr-resnet-50-panoptic");
    assert.equal(entry.processor?.type, "panoptic-segmentation");
    assert.deepEqual((entry.processor.options as { classes: string[] }).classes, CLASS_LISTS["coco-panoptic"], "the catalog entry's class list is the repository's id2label");
  });

  test("panoptic segmentation of a MaskFormer layout: class_queries_logits / masks_queries_logits, labels from id2label", async () => {
    // A repository laid out as a MaskFormer export (not a fixture of a real repository): its config names the
    // architecture and classes, its preprocessor_config.json transformers' MaskFormerImageProcessor defaults.
    const repo = "someone/maskformer-layout";
    const id2label = Object.fromEntries(Array.from({ length: 133 }, (_, i) => [String(i), i === 0 ? "person" : i === 119 ? "sky-other-merged" : `class ${i}`]));
    mirror.put(repo, "main", "config.json", JSON.stringify({ architectures: ["MaskFormerForInstanceSegmentation"], model_type: "maskformer", id2label }));
    mirror.put(repo, "main", "preprocessor_config.json", JSON.stringify({ do_normalize: true, do_rescale: true, do_resize: true, image_mean: [0.485, 0.456, 0.406], image_std: [0.229, 0.224, 0.225], image_processor_type: "MaskFormerImageProcessor", resample: 2, rescale_factor: 1 / 255, size: { shortest_edge: 800, longest_edge: 1333 }, size_divisor: 32 }));
    mirror.put(repo, "main", "onnx/model.onnx", fakeDetrPanoptic({ classes: 133, things: 0, stuff: 119, logits: "class_queries_logits", masks: "masks_queries_logits" }));
    const photo = await decodeImage(await redBlueImage(path.join(dir, "rb-maskformer.png"), 160, 90));
    const model = await load(`hf:${repo}`);
    assert.deepEqual(((await model.predict(photo)) as Detections).detections.map((d) => d.label), ["person", "sky-other-merged"]);
    const { entry } = await zoo.resolveHfEntry(`hf:${repo}`);
    assert.deepEqual(entry.input.hf?.sizeDivisibility, 32);
  });

  test("depth estimation: hf:onnx-community/depth-anything-v2-small", async () => {
    const photo = await decodeImage(await redGradientImage(path.join(dir, "g.png"), 120, 60));
    const h = (await (await load("hf:onnx-community/depth-anything-v2-small")).predict(photo)) as Heatmap;
    assert.deepEqual([h.map!.height, h.map!.width], [60, 120]);
    assert.ok(h.map!.get(30, 0) < h.map!.get(30, 100));
  });

  test("image feature extraction: hf:Xenova/dinov2-small with the quantized export (onnxFile)", async () => {
    const model = await load("hf:Xenova/dinov2-small", { onnxFile: "onnx/model_quantized.onnx" });
    assert.ok(model.hasEmbeddings);
    const v = await model.embed(red);
    assert.equal(v.length, 384);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
  });

  test("zero-shot classification: hf:Xenova/clip-vit-base-patch32 (quantized), classes as processor options", async () => {
    const model = await load("hf:Xenova/clip-vit-base-patch32", { onnxFile: "onnx/vision_model_quantized.onnx", processorOptions: { classes: ["red", "green", "blue"] } });
    assert.equal(((await model.predict(red)) as Classification).label, "red");
  });

  test("the files are cached: a second load reads them offline", async () => {
    const before = mirror.hitsOf("Xenova/resnet-50", "main", "onnx/model.onnx");
    process.env.MODELZOO_OFFLINE = "1";
    try {
      await load("hf:Xenova/resnet-50");
    } finally {
      delete process.env.MODELZOO_OFFLINE;
    }
    assert.equal(mirror.hitsOf("Xenova/resnet-50", "main", "onnx/model.onnx"), before);
  });

  test("an architecture with no task: a typed error naming the supported ones", async () => {
    mirror.put("someone/whisper-tiny", "main", "config.json", JSON.stringify({ architectures: ["WhisperForConditionalGeneration"], model_type: "whisper" }));
    mirror.put("someone/whisper-tiny", "main", "preprocessor_config.json", JSON.stringify({ feature_size: 80 }));
    await assert.rejects(zoo.loadZooModel("hf:someone/whisper-tiny"), (err: Error) => {
      assert.equal(err.name, "HfConfigError");
      assert.match(err.message, /WhisperForConditionalGeneration is not supported/);
      assert.match(err.message, /ForObjectDetection/);
      return true;
    });
    await assert.rejects(zoo.loadZooModel("hf:not a repo"), /hf:<owner>\/<name>/);
  });

  test("CLI: models info hf:<repo> prints the entry; models apply hf:<repo> labels a dataset", async () => {
    const info = await runCliAsync(["models", "info", "hf:Xenova/detr-resnet-50"], home);
    assert.equal(info.code, 0, info.stderr);
    const entry = JSON.parse(info.stdout) as { name: string; processor: { type: string }; input: { hf: unknown } };
    assert.equal(entry.name, "hf:Xenova/detr-resnet-50");
    assert.equal(entry.processor.type, "detr");
    const photos = tempDir("modelzoo-hf-apply-");
    await solidImage(path.join(photos, "red.png"), [255, 0, 0], 300, 200);
    assert.equal((await runCliAsync(["datasets", "create", "hf-apply", "--from-dir", photos, "--no-metadata"], home)).code, 0);
    const apply = await runCliAsync(["models", "apply", "hf:Xenova/resnet-50", "hf-apply", "cls"], home);
    assert.equal(apply.code, 0, apply.stderr);
    const head = JSON.parse((await runCliAsync(["datasets", "head", "hf-apply", "--json", "-n", "1"], home)).stdout) as { cls?: { label: string } }[];
    assert.equal(head[0]!.cls!.label, "tabby, tabby cat");
  });
});
