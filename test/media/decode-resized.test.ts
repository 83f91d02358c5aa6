import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { ImageDecodeError, ImageNotFoundError, ImageTooLargeError, decodeImage, decodeImageResized, resizeImage, type ResizeOptions } from "../../src/media/index.js";
import { demoPhotos, mediaTempDir } from "./fixtures.js";

const dir = mediaTempDir();

/** Mean absolute difference per byte of two equal-size images. */
function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d / a.length;
}

async function bothWays(file: string, options: ResizeOptions) {
  const twoStep = await resizeImage(await decodeImage(file), options);
  const oneStep = await decodeImageResized(file, options);
  return { twoStep, oneStep };
}

describe("decodeImageResized: decode at the model's size in one step", () => {
  for (const options of [
    { width: 192, height: 192, mode: "letterbox" },
    { width: 512, height: 512, mode: "fill" },
    { width: 640, height: 640, mode: "letterbox", padValue: [114, 114, 114] },
  ] as ResizeOptions[]) {
    test(`same geometry and nearly the same pixels as decode + resize (${options.width}, ${options.mode})`, async () => {
      const { twoStep, oneStep } = await bothWays(demoPhotos()[0]!, options);
      assert.deepEqual(oneStep.transform, twoStep.transform);
      assert.deepEqual([oneStep.image.width, oneStep.image.height], [options.width, options.height]);
      const diff = meanAbsDiff(oneStep.image.data, twoStep.image.data);
      assert.ok(diff < 2, `mean difference ${diff} levels`);
    });
  }

  test("an EXIF-rotated photo is planned on its upright size", async () => {
    const rotated = path.join(dir, "rotated.jpg");
    await sharp(demoPhotos()[1]).resize(600).withMetadata({ orientation: 6 }).jpeg().toFile(rotated);
    const { twoStep, oneStep } = await bothWays(rotated, { width: 256, height: 256, mode: "letterbox" });
    assert.ok(oneStep.transform.srcHeight > oneStep.transform.srcWidth, "upright: taller than wide");
    assert.deepEqual(oneStep.transform, twoStep.transform);
    assert.ok(meanAbsDiff(oneStep.image.data, twoStep.image.data) < 2);
  });

  test("bad files get decodeImage's errors", async () => {
    await assert.rejects(decodeImageResized(path.join(dir, "missing.jpg"), { width: 8, height: 8 }), ImageNotFoundError);
    const text = path.join(dir, "text.jpg");
    fs.writeFileSync(text, "not an image");
    await assert.rejects(decodeImageResized(text, { width: 8, height: 8 }), ImageDecodeError);
    const truncated = path.join(dir, "truncated.jpg");
    fs.writeFileSync(truncated, fs.readFileSync(demoPhotos()[2]!).subarray(0, 20_000));
    await assert.rejects(decodeImageResized(truncated, { width: 8, height: 8 }), ImageDecodeError);
    await assert.rejects(decodeImageResized(demoPhotos()[0]!, { width: 8, height: 8, maxPixels: 1000 }), ImageTooLargeError);
  });
});
