import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, decodeImage, resizeImage, zoo, type Classification, type Model } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { nsfwjsProbabilities } from "../support/nsfwjs-reference.js";

useTempHome();
const dir = tempDir("modelzoo-nsfw-");
const photos = demoPhotos();
const CLASSES = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"];
/** Zoo name → the size of its penultimate-layer embedding. */
const MODELS = { "mobilenet-v2-nsfw-tfjs": 128, "mobilenet-v2-mid-nsfw-tfjs": 1792, "inception-v3-nsfw-tfjs": 128 } as const;
type Name = keyof typeof MODELS;

const models = new Map<Name, Model>();
let ds: Dataset;
const labels = async (field: string) => {
  const by = new Map<string, Classification>();
  for await (const s of ds) by.set(path.basename(s.filepath), s.get(field) as Classification);
  return by;
};

before(async () => {
  for (const p of photos) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  ds = await Dataset.fromDir("nsfw", dir);
  for (const name of Object.keys(MODELS) as Name[]) {
    const model = await zoo.loadZooModel(name);
    models.set(name, model);
    await ds.applyModel(model, { labelField: name.replaceAll("-", "_"), storeLogits: true, batchSize: 3 });
  }
});
after(async () => {
  for (const m of models.values()) await m.dispose();
});

describe("nsfwjs's classifiers, with weights unpacked from its JavaScript bundles", () => {
  test("no ordinary photo of people is called Porn or Hentai; the plainest one is Neutral", async () => {
    for (const name of Object.keys(MODELS) as Name[]) {
      const by = await labels(name.replaceAll("-", "_"));
      assert.equal(by.size, 6);
      for (const [photo, c] of by) {
        assert.ok(CLASSES.includes(c.label), `${name} ${photo}: a known class (${c.label})`);
        assert.ok(c.label !== "Porn" && c.label !== "Hentai", `${name} ${photo}: ${c.label} ${c.confidence?.toFixed(2)}`);
        // storeLogits keeps the five scores before the softmax: their softmax is the confidence.
        assert.equal(c.logits?.length, 5);
        const exp = c.logits.map((v) => Math.exp(v));
        const sum = exp.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(exp[CLASSES.indexOf(c.label)]! / sum - c.confidence!) < 1e-4, `${name} ${photo}: softmax(logits) is the confidence`);
      }
      // sample1: three people in day clothes in a living room. MobileNetV2-mid calls most photos "Drawing", as nsfwjs itself does.
      if (name !== "mobilenet-v2-mid-nsfw-tfjs") assert.equal(by.get("sample1.jpg")!.label, "Neutral", `${name}: sample1 is Neutral`);
    }
  });

  test("embeddings come from the penultimate layer, one vector per photo", async () => {
    for (const [name, dim] of Object.entries(MODELS) as [Name, number][]) {
      const emb = await ds.computeEmbeddings(models.get(name)!);
      assert.equal(emb.ids.length, 6);
      assert.equal(emb.dim, dim, `${name}: ${dim}-d`);
      assert.ok(emb.data.every(Number.isFinite));
      const row = (i: number) => emb.data.subarray(i * dim, (i + 1) * dim);
      assert.notDeepEqual(row(0), row(1), `${name}: different photos, different vectors`);
    }
  });

  test("the same probabilities as nsfwjs itself on the same input", async () => {
    const model = models.get("mobilenet-v2-nsfw-tfjs")!;
    // Resized once, so both libraries see identical 224×224 pixels.
    const images = await Promise.all(photos.slice(0, 3).map(async (p) => (await resizeImage(await decodeImage(p), { width: 224, height: 224, kernel: "nearest" })).image));
    const reference = await nsfwjsProbabilities("MobileNetV2", 224, images);
    for (const [i, image] of images.entries()) {
      const ours = (await model.predict(image)) as Classification;
      assert.ok(Math.abs(reference[i]![ours.label]! - ours.confidence!) < 1e-3, `photo ${i}: ${ours.label} ${ours.confidence} vs nsfwjs ${reference[i]![ours.label]}`);
      assert.equal(ours.label, Object.entries(reference[i]!).sort((a, b) => b[1] - a[1])[0]![0]);
    }
  });
});
