import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, test } from "node:test";
import sharp from "sharp";
import { CORPUS_DIR } from "../../bench/agreement/corpus.js";
import { compareImages, smallImage } from "../../bench/agreement/upscaler.js";
import { Dataset, decodeImage, ImageOutput, labelFromJSON, LabelValidationError, RunOptionsError, tileSpans, zoo, type TileSpan } from "../../src/index.js";
import { tempDir, useTempHome } from "../support/env.js";
import { zooModelLoader } from "../support/models.js";
import { packageDir, upscalerReference } from "../support/upscaler-reference.js";

const home = useTempHome();
const load = zooModelLoader();

interface UpstreamPatch {
  pre: { origin: [number, number]; size: [number, number] };
  post: { origin: [number, number]; size: [number, number] };
}

/** upscaler's own tiling function (`getPatchesFromImage` of its browser build; not exported by the package, so imported by file). */
async function upstreamPatches(): Promise<(size: [number, number], patchSize: number, padding: number) => UpstreamPatch[][]> {
  const file = path.join(packageDir("upscaler"), "dist", "browser", "esm", "upscalerjs", "src", "shared", "image-utils.js");
  return ((await import(pathToFileURL(file).href)) as { getPatchesFromImage: (size: [number, number], patchSize: number, padding: number) => UpstreamPatch[][] }).getPatchesFromImage;
}

/** The pixels each span keeps, in order. */
function kept(spans: readonly TileSpan[]): number[] {
  return spans.flatMap((s) => Array.from({ length: s.keepSize }, (_, i) => s.start + s.keepOffset + i));
}

describe("UpscalerJS's tiling (tileSpans)", () => {
  test("cuts each side into the windows upscaler cuts, keeping the same pixels of each", async () => {
    const getPatchesFromImage = await upstreamPatches();
    let compared = 0;
    for (const total of [1, 7, 32, 33, 40, 63, 64, 65, 100, 127, 128, 129, 200, 240, 257, 513]) {
      for (const patchSize of [8, 16, 32, 48, 64, 128]) {
        for (const padding of [0, 1, 2, 4, 6]) {
          if (padding * 2 >= patchSize) continue;
          const ours = tileSpans(total, patchSize, padding);
          // Upscaler's columns for a one-row image; past full coverage it may repeat the last
          // window (its output is then trimmed to the image), so compare up to coverage.
          const theirs = getPatchesFromImage([total, 1], patchSize, padding)[0]!.map((p) => ({ start: p.pre.origin[1], size: p.pre.size[1], keepOffset: p.post.origin[1], keepSize: p.post.size[1] }));
          assert.deepEqual(ours, theirs.slice(0, ours.length), `side ${total}, patch ${patchSize}, padding ${padding}`);
          assert.deepEqual(kept(ours), Array.from({ length: total }, (_, i) => i), `every pixel kept once, in order (side ${total}, patch ${patchSize}, padding ${padding})`);
          for (const s of ours) assert.ok(s.start >= 0 && s.start + s.size <= total);
          compared++;
        }
      }
    }
    assert.ok(compared > 300);
  });

  test("refuses a padding of half the patch or more, and bad sizes", () => {
    assert.throws(() => tileSpans(100, 16, 8), (e: unknown) => e instanceof RunOptionsError && /padding/.test(e.message));
    assert.throws(() => tileSpans(0, 16, 2), RunOptionsError);
    assert.throws(() => tileSpans(100, 0, 0), RunOptionsError);
    assert.deepEqual(tileSpans(50, undefined), [{ start: 0, size: 50, keepOffset: 0, keepSize: 50 }]);
  });
});

describe("ImageOutput", () => {
  test("holds pixels or a path, and says what is wrong otherwise", () => {
    const image = { data: new Uint8Array(2 * 3 * 3).map((_, i) => i), width: 2, height: 3 };
    const label = new ImageOutput({ image, scale: 2 });
    assert.equal(label.width, 2);
    const back = labelFromJSON(JSON.parse(JSON.stringify(label.toJSON()))) as ImageOutput;
    assert.deepEqual([...back.image!.data], [...image.data]);
    assert.equal(back.scale, 2);
    const onDisk = labelFromJSON({ _cls: "ImageOutput", imagePath: "/x/a.png", width: 10, height: 20 }) as ImageOutput;
    assert.equal(onDisk.height, 20);
    assert.throws(() => new ImageOutput({}), (e: unknown) => e instanceof LabelValidationError && /exactly one of image/.test(e.message));
    assert.throws(() => new ImageOutput({ imagePath: "/x/a.png" }), (e: unknown) => e instanceof LabelValidationError && /width must be a positive integer/.test(e.message));
    assert.throws(() => new ImageOutput({ image: { data: new Uint8Array(5), width: 2, height: 3 } }), (e: unknown) => e instanceof LabelValidationError && /width·height·3/.test(e.message));
    assert.throws(() => new ImageOutput({ image, scale: -1 }), (e: unknown) => e instanceof LabelValidationError && /scale/.test(e.message));
  });
});

describe("ESRGAN super-resolution entries (@upscalerjs/*)", () => {
  test("the catalog holds slim, medium and thick at ×2, ×3, ×4 and ×8, tagged super-resolution", () => {
    const names = zoo.listZooModels({ tags: ["super-resolution"] });
    for (const size of ["slim", "medium", "thick"]) for (const s of [2, 3, 4, 8]) assert.ok(names.includes(`esrgan-${size}-x${s}-div2k-tfjs`), `${size} x${s}`);
    assert.equal(zoo.getZooModel("upscalerjs-default-model").name, "esrgan-slim-x2-div2k-tfjs", "upscaler's default model (the same files) is an alias");
  });

  test("applyModel writes each upscaled photo as a PNG beside the dataset, equal to upscaler's output", async () => {
    const dir = tempDir("modelzoo-sr-");
    const files = ["skimage-chelsea.png", "opencv-fruits.jpg"].map((f) => path.join(CORPUS_DIR, f));
    for (const f of files) {
      const small = await smallImage(f, 56);
      await sharp(small.data, { raw: { width: small.width, height: small.height, channels: 3 } }).png().toFile(path.join(dir, `${path.parse(f).name}.png`));
    }
    const dataset = await Dataset.fromDir("sr-photos", dir);
    const model = await load("upscalerjs-default-model", { upscale: { patchSize: 32, padding: 4 } });
    await dataset.applyModel(model, { labelField: "x2" });
    const reference = await upscalerReference("@upscalerjs/esrgan-slim", 2);
    try {
      for (const sample of await dataset.getSamples(await dataset.ids())) {
        const label = sample.get("x2") as ImageOutput;
        assert.ok(label instanceof ImageOutput);
        assert.equal(label.image, undefined, "pixels are not stored in the dataset");
        assert.ok(label.imagePath!.startsWith(path.join(home, "datasets", "sr-photos.outputs", "x2")), label.imagePath);
        const input = await decodeImage(sample.filepath);
        assert.deepEqual([label.width, label.height, label.scale], [input.width * 2, input.height * 2, 2]);
        const written = await decodeImage(label.imagePath!);
        const theirs = await reference.upscale(input, { patchSize: 32, padding: 4 });
        const c = compareImages(written.data, theirs.data);
        assert.ok(c.psnr >= 50, `${path.basename(sample.filepath)}: PSNR ${c.psnr} dB, max difference ${c.maxAbsDiff}`);
      }
    } finally {
      await reference.dispose();
      await dataset.delete();
    }
    assert.ok(fs.existsSync(path.join(home, "datasets", "sr-photos.outputs")));
  });

  test("the RRDN (thick) model, with its custom layers, gives upscaler's image", async () => {
    const input = await smallImage(path.join(CORPUS_DIR, "skimage-astronaut.png"), 24);
    const model = await load("esrgan-thick-x2-div2k-tfjs");
    const ours = (await model.predict(input)) as ImageOutput;
    const reference = await upscalerReference("@upscalerjs/esrgan-thick", 2);
    try {
      const theirs = await reference.upscale(input, {});
      const c = compareImages(ours.image!.data, theirs.data);
      assert.ok(c.psnr >= 50 && c.maxAbsDiff <= 1, `PSNR ${c.psnr} dB, max difference ${c.maxAbsDiff}`);
    } finally {
      await reference.dispose();
    }
  });
});
