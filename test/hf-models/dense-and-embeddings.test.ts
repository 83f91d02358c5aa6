import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, decodeImage, zoo, type Heatmap, type Model, type Segmentation } from "../../src/index.js";
import { cosine } from "../../src/processors/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { mirrorEntry, redBlueImage, redGradientImage, registerUnpinnedCopy, solidImage } from "../support/hf-catalog.js";
import { fakeDepth, fakeDinov2, fakeSegformer } from "../support/hf-fakes.js";
import { HfMirror } from "../support/hf-mirror.js";

useTempHome();
const mirror = new HfMirror();
const dir = tempDir("modelzoo-hf-dense-");
const loaded: Model[] = [];

before(async () => {
  await mirror.start();
  process.env.HF_ENDPOINT = mirror.endpoint;
});
after(async () => {
  for (const m of loaded) await m.dispose();
  await mirror.close();
});

async function load(name: string): Promise<Model> {
  const model = await zoo.loadZooModel(name);
  loaded.push(model);
  await model.load();
  return model;
}

describe("SegFormer (ADE20K) from the Hugging Face hub, end to end on a stand-in", () => {
  test("a mask at the image's size: left half wall, right half sky", async () => {
    // The catalog entry pins the real file's sha256; its copy without the pin takes the stand-in.
    await registerUnpinnedCopy("segformer-b0-ade20k-onnx", "segformer-b0-standin-onnx");
    mirrorEntry(mirror, "segformer-b0-ade20k-onnx", { "onnx/model.onnx": fakeSegformer(512) });
    const model = await load("segformer-b0-standin-onnx");
    const ds = await Dataset.fromDir("seg", path.dirname(await redBlueImage(path.join(tempDir(), "halves.png"), 160, 90)));
    await ds.applyModel(model, { labelField: "seg" });
    const mask = ((await ds.first())!.get("seg") as Segmentation).mask!;
    assert.deepEqual([mask.height, mask.width], [90, 160], "upsampled from 128×128 logits to the photo");
    let wall = 0;
    let sky = 0;
    for (let y = 0; y < 90; y++) {
      for (let x = 0; x < 160; x++) {
        const c = mask.get(y, x);
        assert.ok(c === 0 || c === 2, `only wall (0) and sky (2), got ${c}`);
        if (c === 0) wall++;
        else sky++;
        if (x < 76) assert.equal(c, 0, `wall at (${x}, ${y})`);
        if (x >= 84) assert.equal(c, 2, `sky at (${x}, ${y})`);
      }
    }
    assert.ok(Math.abs(wall - sky) <= 2 * 90, `about half and half: ${wall} / ${sky}`);
  });
});

describe("Depth Anything from the Hugging Face hub, end to end on a stand-in", () => {
  for (const name of ["depth-anything-small-onnx", "depth-anything-v2-small-onnx"]) {
    test(`${name}: a Heatmap over the photo, 0 = farthest, 1 = nearest, smooth`, async () => {
      mirrorEntry(mirror, name, { "onnx/model.onnx": fakeDepth(518) });
      const model = await load(name);
      const photo = await decodeImage(await redGradientImage(path.join(dir, `gradient-${name}.png`), 120, 60));
      const h = (await model.predict(photo)) as Heatmap;
      assert.deepEqual([h.map!.height, h.map!.width], [60, 120]);
      assert.deepEqual(h.range, [0, 1]);
      const row = Array.from({ length: 120 }, (_, x) => h.map!.get(30, x));
      // The processor upsamples 120×60 to 518×252 with sharp's affine bilinear, as transformers.js does,
      // which blends the last columns with black: the nearest point sits just left of the edge.
      const nearest = row.indexOf(Math.max(...row));
      assert.ok(row[0]! < 0.02 && row[nearest] === 1 && nearest > 110, `left far, right near: ${row[0]} … ${row[nearest]} at x=${nearest}`);
      for (let x = 1; x <= nearest; x++) assert.ok(row[x]! >= row[x - 1]! - 1e-6, `rises left to right at x=${x}`);
    });
  }
});

describe("DINOv2 embeddings from the Hugging Face hub, end to end on a stand-in", () => {
  test("the class token, L2-normalized: similar colours are close, different ones far", async () => {
    await registerUnpinnedCopy("dinov2-vits14-onnx", "dinov2-standin-onnx");
    mirrorEntry(mirror, "dinov2-vits14-onnx", { "onnx/model_quantized.onnx": fakeDinov2(224) });
    const model = await load("dinov2-standin-onnx");
    const photos = tempDir("modelzoo-dino-");
    await solidImage(path.join(photos, "a-red.png"), [255, 0, 0]);
    await solidImage(path.join(photos, "b-darkred.png"), [200, 30, 20]);
    await solidImage(path.join(photos, "c-blue.png"), [0, 0, 255]);
    const ds = await Dataset.fromDir("dino", photos);
    const emb = await ds.computeEmbeddings(model);
    assert.equal(emb.dim, 384);
    const row = (i: number) => emb.data.subarray(i * 384, (i + 1) * 384);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(Math.hypot(...row(i)) - 1) < 1e-5, "unit length");
    // The patch tokens carry a large constant: mean pooling would make all three alike.
    assert.ok(cosine(row(0), row(1)) > 0.9, `red ~ dark red: ${cosine(row(0), row(1))}`);
    assert.ok(cosine(row(0), row(2)) < 0.2, `red vs blue: ${cosine(row(0), row(2))}`);
  });
});
