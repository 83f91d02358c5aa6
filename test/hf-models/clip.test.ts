import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, decodeImage, isPromptModel, zoo, type Classification, type Model } from "../../src/index.js";
import { cosine } from "../../src/processors/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { fakeClipTokenizer } from "../support/fake-tokenizer.js";
import { mirrorEntry, solidImage } from "../support/hf-catalog.js";
import { fakeClipText, fakeClipVision } from "../support/hf-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";

useTempHome();
const mirror = new HfMirror();
const photos = tempDir("modelzoo-clip-");
const loaded: Model[] = [];

/**
 * The stand-in text encoder sums one row per token: "red" → (1, −1, −1), "green" →
 * (−1, 1, −1), "blue" → (−1, −1, 1), "dog" → (0, 0, 1), every other token 0; the image encoder gives the
 * normalized mean (R, G, B). So "a photo of a red" lies closest to a red photo.
 */
function standIns(): Record<string, Uint8Array | string> {
  const { tokenizerJson, tokenizerConfig, wordIds } = fakeClipTokenizer(["a", "photo", "of", "red", "green", "blue", "dog"]);
  const vocabSize = Math.max(...Object.values((tokenizerJson as { model: { vocab: Record<string, number> } }).model.vocab)) + 1;
  const table = new Float32Array(vocabSize * 512);
  table.set([1, -1, -1], wordIds.get("red")! * 512);
  table.set([-1, 1, -1], wordIds.get("green")! * 512);
  table.set([-1, -1, 1], wordIds.get("blue")! * 512);
  table.set([0, 0, 1], wordIds.get("dog")! * 512);
  return {
    "onnx/vision_model_quantized.onnx": fakeClipVision(224),
    "onnx/text_model_quantized.onnx": fakeClipText(table, vocabSize),
    "tokenizer.json": JSON.stringify(tokenizerJson),
    "tokenizer_config.json": JSON.stringify(tokenizerConfig),
  };
}

before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
  mirrorEntry(mirror, "clip-vit-base32-onnx", standIns());
  await solidImage(path.join(photos, "red.png"), [230, 20, 10]);
  await solidImage(path.join(photos, "green.png"), [10, 220, 30]);
  await solidImage(path.join(photos, "blue.png"), [20, 10, 240]);
});
after(async () => {
  for (const m of loaded) await m.dispose();
  await mirror.close();
});

async function load(options: Parameters<typeof zoo.loadZooModel>[1] = {}): Promise<Model> {
  const model = await zoo.loadZooModel("clip-vit-base32-onnx", options);
  loaded.push(model);
  return model;
}

describe("CLIP ViT-B/32 from the Hugging Face hub: zero-shot classification with text prompts, end to end on stand-ins", () => {
  test("the vision and text encoders and the tokenizer come from the pinned commit", () => {
    const src = zoo.getZooModel("clip-vit-base32-onnx").source;
    assert.equal(src.type === "hf" && src.revision, "d15189d7028b43f1d3e65039190477f6af591c2a");
  });

  test("classes given at load time become prompts; each photo gets the class whose prompt is closest", async () => {
    const model = await load({ processorOptions: { classes: ["red", "green", "blue"] } });
    const ds = await Dataset.fromDir("clip", photos);
    await ds.applyModel(model, { labelField: "zero_shot", storeLogits: true });
    const got = new Map<string, Classification>();
    for await (const s of ds) got.set(path.basename(s.filepath, ".png"), s.get("zero_shot") as Classification);
    for (const colour of ["red", "green", "blue"]) {
      assert.equal(got.get(colour)!.label, colour);
      assert.ok(got.get(colour)!.confidence! > 0.9, `CLIP's logit scale makes it confident: ${got.get(colour)!.confidence}`);
      assert.equal(got.get(colour)!.logits?.length, 3);
    }
  });

  test("a prompt model: text and image embeddings in one space", async () => {
    const model = await load();
    assert.ok(isPromptModel(model));
    const [red, blue] = await model.embedPrompts(["A photo of a RED", "a photo of a blue dog"]);
    assert.equal(red!.length, 512);
    assert.ok(Math.abs(Math.hypot(...red!) - 1) < 1e-5, "normalized like the image embeddings");
    const redPhoto = await model.embed(await decodeImage(path.join(photos, "red.png")));
    assert.ok(cosine(redPhoto, red!) > 0.9 && cosine(redPhoto, blue!) < 0, "the red photo is near 'red' and far from 'blue'");
    // Padding to the longest prompt does not change an embedding.
    near(await model.embedPrompt("a photo of a red"), red!);
  });

  test("by default the prompts are the 20 PASCAL VOC classes", async () => {
    assert.equal((zoo.getZooModel("clip-vit-base32-onnx").processor!.options.classes as string[]).length, 20);
    const model = await load();
    await model.load();
    // Of the 20 VOC prompts, only "a photo of a dog" has a word with a non-zero row (blue-ish).
    const c = (await model.predict(await decodeImage(path.join(photos, "blue.png")))) as Classification;
    assert.equal(c.label, "dog");
  });

  // The stand-in's "green" row does not survive its tokenizer (it embeds to zeros), so the prompts are red and blue.
  test("a similarity index built with CLIP answers text prompts (sortBySimilarity)", async () => {
    const ds = await Dataset.fromDir("clip-sim", photos);
    const index = await ds.computeSimilarity({ model: "clip-vit-base32-onnx", brainKey: "clip_sim" });
    assert.ok(index.promptModel);
    const first = async (prompt: string) => path.basename((await (await ds.sortBySimilarity(prompt, { k: 1 })).first())!.filepath, ".png");
    assert.equal(await first("a photo of a blue"), "blue");
    assert.equal(await first("a photo of a red"), "red");
  });
});

function near(a: Float32Array, b: Float32Array): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-6, `value ${i}: ${a[i]} vs ${b[i]}`);
}
