import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { isPromptModel, zoo, type Classification, type Detections, type RgbImage } from "../../src/index.js";
import { useTempHome } from "../support/env.js";
import { fakeVitFeatures, hfFiles, registerStandIns } from "../support/family-fakes.js";
import { fakeClipTokenizer } from "../support/fake-tokenizer.js";
import { fakeClipText, fakeClipVision, fakeDetrPanoptic } from "../support/hf-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";
import { zooModelLoader } from "../support/model-loader.js";

/*
 * More hub entries (manifest-hf-more.json): DINOv2 ViT-B/14 and ViT-L/14 embeddings and
 * CLIP ViT-B/16 zero-shot classification, downloaded from a local stand-in of the hub
 * at their pinned revisions and run on stand-in graphs with the exports' interfaces.
 */

useTempHome();
const mirror = new HfMirror();
const { load, disposeAll } = zooModelLoader((name) => standIn[name]!);
const NAMES = ["dinov2-vitb14-onnx", "dinov2-vitl14-onnx", "clip-vit-base16-onnx", "detr-resnet50-panoptic-onnx", "siglip-base16-224-onnx"];
let standIn: Record<string, string> = {};

function solid(w: number, h: number, rgb: readonly [number, number, number]): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return { data, width: w, height: h, channels: 3 };
}


before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
  for (const [name, D] of [["dinov2-vitb14-onnx", 768], ["dinov2-vitl14-onnx", 1024]] as const) {
    const { repo, revision } = hfFiles(name);
    mirror.put(repo, revision, "onnx/model_quantized.onnx", fakeVitFeatures(D));
  }
  // CLIP: "red" → (1, −1, −1), "blue" → (−1, −1, 1); the image encoder gives the mean (R, G, B).
  const { tokenizerJson, tokenizerConfig, wordIds } = fakeClipTokenizer(["a", "photo", "of", "red", "blue"]);
  const vocabSize = Math.max(...Object.values((tokenizerJson as { model: { vocab: Record<string, number> } }).model.vocab)) + 1;
  const table = new Float32Array(vocabSize * 512);
  table.set([1, -1, -1], wordIds.get("red")! * 512);
  table.set([-1, -1, 1], wordIds.get("blue")! * 512);
  const { repo, revision } = hfFiles("clip-vit-base16-onnx");
  mirror.put(repo, revision, "onnx/vision_model_quantized.onnx", fakeClipVision(224));
  mirror.put(repo, revision, "onnx/text_model_quantized.onnx", fakeClipText(table, vocabSize));
  mirror.put(repo, revision, "tokenizer.json", JSON.stringify(tokenizerJson));
  mirror.put(repo, revision, "tokenizer_config.json", JSON.stringify(tokenizerConfig));
  // SigLIP: the towers' pooled outputs, the same colour scheme, its prompt template ("This is a photo of red."); prompts padded to 64 tokens.
  const sig = fakeClipTokenizer(["this", "is", "a", "photo", "of", "red.", "blue."]);
  const sigVocab = Math.max(...Object.values((sig.tokenizerJson as { model: { vocab: Record<string, number> } }).model.vocab)) + 1;
  const sigTable = new Float32Array(sigVocab * 512);
  sigTable.set([1, -1, -1], sig.wordIds.get("red.")! * 512);
  sigTable.set([-1, -1, 1], sig.wordIds.get("blue.")! * 512);
  const siglip = hfFiles("siglip-base16-224-onnx");
  mirror.put(siglip.repo, siglip.revision, "onnx/vision_model_quantized.onnx", fakeClipVision(224, "pooler_output"));
  mirror.put(siglip.repo, siglip.revision, "onnx/text_model_quantized.onnx", fakeClipText(sigTable, sigVocab, "pooler_output"));
  mirror.put(siglip.repo, siglip.revision, "tokenizer.json", JSON.stringify(sig.tokenizerJson));
  mirror.put(siglip.repo, siglip.revision, "tokenizer_config.json", JSON.stringify(sig.tokenizerConfig));
  const panoptic = hfFiles("detr-resnet50-panoptic-onnx");
  mirror.put(panoptic.repo, panoptic.revision, "onnx/model.onnx", fakeDetrPanoptic());
  standIn = await registerStandIns(NAMES);
});
after(async () => {
  await disposeAll();
  await mirror.close();
});

describe("DINOv2 base/large and CLIP ViT-B/16 from the hub", () => {
  test("the entries are in the catalog; DINOv2 at pinned commits and under FiftyOne's names", () => {
    for (const name of NAMES) assert.ok(zoo.listZooModels().includes(name), name);
    assert.match(hfFiles("dinov2-vitb14-onnx").revision, /^[0-9a-f]{40}$/);
    assert.equal(zoo.getZooModel("dinov2-vitl14-torch").name, "dinov2-vitl14-onnx");
    // Inputs as the repositories' preprocessor_config.json gives them (verified against transformers.js in test/hf-models/verify-transformers.test.ts).
    assert.deepEqual(zoo.getZooModel("clip-vit-base16-onnx").input.hf, { resample: "bicubic", size: { shortestEdge: 224 }, crop: { width: 224, height: 224 } });
    assert.deepEqual(zoo.getZooModel("dinov2-vitl14-onnx").input.hf, { resample: "bicubic", size: { shortestEdge: 256 }, crop: { width: 224, height: 224 } });
  });

  test("DINOv2 embeds the class token, L2-normalized, of the export's width; colours tell apart", async () => {
    for (const [name, D] of [["dinov2-vitb14-onnx", 768], ["dinov2-vitl14-onnx", 1024]] as const) {
      const model = await load(name);
      const red = await model.embed(solid(300, 200, [250, 10, 10]));
      const blue = await model.embed(solid(200, 300, [10, 10, 250]));
      assert.equal(red.length, D);
      const norm = Math.hypot(...red);
      assert.ok(Math.abs(norm - 1) < 1e-5, name);
      assert.ok(red[0]! > 0 && red[2]! < 0 && blue[2]! > 0 && blue[0]! < 0, name);
    }
  });

  test("CLIP ViT-B/16 classifies by its prompts", async () => {
    const clip = await load("clip-vit-base16-onnx", { processorOptions: { classes: ["red", "blue"] } });
    assert.ok(isPromptModel(clip));
    assert.equal(((await clip.predict(solid(320, 240, [240, 20, 20]))) as Classification).label, "red");
    assert.equal(((await clip.predict(solid(240, 320, [20, 20, 240]))) as Classification).label, "blue");
  });
});

describe("SigLIP from the hub", () => {
  test("siglip-base16-224-onnx: the best prompt's class; a sigmoid confidence once the model's scale and bias are given", async () => {
    const siglip = await load("siglip-base16-224-onnx", { processorOptions: { classes: ["red", "blue"] } });
    assert.ok(isPromptModel(siglip));
    const red = (await siglip.predict(solid(320, 240, [240, 20, 20]))) as Classification;
    assert.equal(red.label, "red");
    assert.equal(red.confidence, undefined, "no confidence without logitScale and logitBias");
    const scored = await load("siglip-base16-224-onnx", { processorOptions: { classes: ["red", "blue"], logitScale: 10, logitBias: -5 } });
    const blue = (await scored.predict(solid(240, 320, [20, 20, 240]))) as Classification;
    assert.equal(blue.label, "blue");
    assert.ok(blue.confidence! > 0.5 && blue.confidence! < 1, String(blue.confidence));
    assert.equal((await siglip.embed(solid(64, 64, [240, 20, 20]))).length, 512);
  });
});

describe("DETR panoptic from the hub", () => {
  test("detr-resnet50-panoptic-onnx: one detection with a mask per segment, things and stuff", async () => {
    const model = await load("detr-resnet50-panoptic-onnx");
    const image = solid(300, 200, [240, 20, 20]);
    for (let y = 0; y < 200; y++) for (let x = 150; x < 300; x++) image.data.set([20, 20, 240], (y * 300 + x) * 3);
    const dets = ((await model.predict(image)) as Detections).detections;
    assert.deepEqual(dets.map((d) => d.label), ["person", "sky-other-merged"]);
    const [person, sky] = dets as [(typeof dets)[0], (typeof dets)[0]];
    assert.ok(Math.abs(person.boundingBox[2] - 0.5) < 0.02 && Math.abs(sky.boundingBox[0] - 0.5) < 0.02, `${person.boundingBox.join(",")} / ${sky.boundingBox.join(",")}`);
    assert.deepEqual([person.mask!.width, person.mask!.height], [Math.round(person.boundingBox[2] * 300), 200]);
  });
});
