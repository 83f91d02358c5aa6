import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, zoo, type Classification, type Model } from "../../src/index.js";
import { IMAGENET_CLASSES } from "../../src/processors/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { mirrorEntry, solidImage } from "../support/hf-catalog.js";
import { fakeClassifier } from "../support/hf-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";

useTempHome();
const mirror = new HfMirror();
const photos = tempDir("modelzoo-hf-cls-");
const loaded: Model[] = [];

// Stand-ins score tabby cat (281) for red, goldfish (1) for green, great white shark (2) for blue.
const [TABBY, GOLDFISH, SHARK] = [281, 1, 2];

before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
  await solidImage(path.join(photos, "red.png"), [255, 0, 0]);
  await solidImage(path.join(photos, "green.png"), [0, 255, 0], 40, 90);
  await solidImage(path.join(photos, "blue.png"), [0, 0, 255], 120, 30);
});
after(async () => {
  for (const m of loaded) await m.dispose();
  await mirror.close();
});

/** Downloads (from the mirror), loads and applies a catalog classifier; returns label per photo. */
async function classify(name: string, options: { storeLogits?: boolean } = {}): Promise<Map<string, Classification>> {
  const model = await zoo.loadZooModel(name);
  loaded.push(model);
  const ds = await Dataset.fromDir(`photos-${name}`, photos);
  const result = await ds.applyModel(model, { labelField: "cls", ...options });
  assert.equal(result.failures.length, 0);
  const out = new Map<string, Classification>();
  for await (const s of ds) out.set(path.basename(s.filepath, ".png"), s.get("cls") as Classification);
  return out;
}

describe("ImageNet classifiers from the Hugging Face hub, end to end on stand-in weights", () => {
  for (const [name, norm] of [
    ["resnet50-imagenet-onnx", "ImageNet mean/std"],
    ["vit-base16-imagenet-onnx", "mean/std 0.5"],
    ["convnext-tiny-imagenet-onnx", "ImageNet mean/std"],
  ] as const) {
    test(`${name} (${norm}): download → verify → load → predict → ImageNet labels, with logits`, async () => {
      mirrorEntry(mirror, name, { "onnx/model.onnx": fakeClassifier({ size: 224, classes: 1000, red: TABBY, green: GOLDFISH, blue: SHARK }) });
      const labels = await classify(name, { storeLogits: true });
      assert.equal(labels.get("red")!.label, "tabby, tabby cat");
      assert.equal(labels.get("green")!.label, "goldfish, Carassius auratus");
      assert.equal(labels.get("blue")!.label, IMAGENET_CLASSES[SHARK]);
      for (const c of labels.values()) {
        assert.ok(c.confidence! > 0.5, `confident: ${c.confidence}`);
        assert.equal(c.logits?.length, 1000);
      }
      assert.equal(zoo.isZooModelDownloaded(name), true);
      // Embeddings: the features the classifier's last fully-connected layer reads (the stand-in's: the channel means).
      const [r, g, b] = await loaded[loaded.length - 1]!.embed({ data: new Uint8Array(12).fill(0).map((_, i) => (i % 3 === 2 ? 255 : 0)), width: 2, height: 2, channels: 3 });
      assert.ok(b! > 0 && r! < 0 && g! < 0, `${name}: ${r}, ${g}, ${b}`);
    });
  }

  test("mobilenet-v2-imagenet-onnx scores 1001 classes, the first being background", async () => {
    mirrorEntry(mirror, "mobilenet-v2-imagenet-onnx", {
      "onnx/model.onnx": fakeClassifier({ size: 224, classes: 1001, red: TABBY + 1, green: 0, blue: SHARK + 1 }),
    });
    const labels = await classify("mobilenet-v2-imagenet-onnx");
    assert.equal(labels.get("red")!.label, "tabby, tabby cat");
    assert.equal(labels.get("green")!.label, "background");
    assert.equal(labels.get("blue")!.label, IMAGENET_CLASSES[SHARK]);
  });

  test("mobilenet-v3-small-imagenet-onnx: the graph's single output is read without naming it", async () => {
    mirrorEntry(mirror, "mobilenet-v3-small-imagenet-onnx", {
      "onnx/model.onnx": fakeClassifier({ size: 224, classes: 1000, red: TABBY, green: GOLDFISH, blue: SHARK, output: "output0" }),
    });
    const labels = await classify("mobilenet-v3-small-imagenet-onnx");
    assert.equal(labels.get("red")!.label, "tabby, tabby cat");
    assert.equal(labels.get("green")!.label, "goldfish, Carassius auratus");
  });

  test("a stand-in with the wrong number of classes is refused with both counts", async () => {
    mirrorEntry(mirror, "resnet50-imagenet-onnx", { "onnx/model.onnx": fakeClassifier({ size: 224, classes: 10, red: 0, green: 1, blue: 2 }) });
    zoo.deleteZooModel("resnet50-imagenet-onnx");
    const model = await zoo.loadZooModel("resnet50-imagenet-onnx");
    loaded.push(model);
    const ds = await Dataset.fromDir("photos-wrong", photos);
    await assert.rejects(() => ds.applyModel(model, { labelField: "cls", skipFailures: false }), /scores 10 classes but 1000 class names/);
  });
});
