import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import sharp from "sharp";
import { imageMetadata } from "../../src/media/index.js";
import { PNG_GRAY_ALPHA, PNG_PALETTE, demoPhotos, encodePng, mediaTempDir } from "./fixtures.js";

const dir = mediaTempDir();
const file = (name: string) => path.join(dir, name);
const rgb = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 40, g: 90, b: 160 } } });

before(async () => {
  await rgb(30, 20).png().toFile(file("rgb.png"));
  await sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).png().toFile(file("rgba.png"));
  await rgb(30, 20).webp().toFile(file("image.webp"));
  await rgb(30, 20).gif().toFile(file("image.gif"));
  await rgb(30, 20).tiff().toFile(file("image.tiff"));
  await rgb(30, 20).avif().toFile(file("image.avif"));
  await rgb(30, 20).toColourspace("b-w").jpeg().toFile(file("gray.jpg"));
  await rgb(30, 20).toColourspace("cmyk").jpeg().toFile(file("cmyk.jpg"));
  await rgb(30, 20).jpeg().withMetadata({ orientation: 6 }).toFile(file("rotated.jpg"));
  // A JPEG named .png: the type comes from the bytes, not the name.
  await rgb(30, 20).jpeg().toFile(file("misnamed.png"));
  fs.writeFileSync(file("gray-alpha.png"), encodePng(1, 1, PNG_GRAY_ALPHA, 8, [Uint8Array.from([9, 9])]));
  fs.writeFileSync(file("palette.png"), encodePng(1, 1, PNG_PALETTE, 8, [Uint8Array.from([0])], [["PLTE", Uint8Array.from([1, 2, 3])]]));
});

describe("imageMetadata", () => {
  test("the demo photos: JPEG, 3 channels, the file's byte size", async () => {
    for (const photo of demoPhotos()) {
      const meta = await imageMetadata(photo);
      assert.equal(meta.mimeType, "image/jpeg");
      assert.equal(meta.numChannels, 3);
      assert.equal(meta.sizeBytes, fs.statSync(photo).size);
      assert.equal(meta.width, 1920);
      assert.ok(meta.height > 1200 && meta.height < 1600, `${path.basename(photo)} height ${meta.height}`);
    }
    assert.deepEqual(await imageMetadata(demoPhotos()[5]!), { width: 1920, height: 1537, mimeType: "image/jpeg", sizeBytes: 302445, numChannels: 3 });
  });

  test("MIME types come from the detected format", async () => {
    const expected: Record<string, string> = {
      "rgb.png": "image/png",
      "image.webp": "image/webp",
      "image.gif": "image/gif",
      "image.tiff": "image/tiff",
      "image.avif": "image/avif",
      "gray.jpg": "image/jpeg",
      "misnamed.png": "image/jpeg",
    };
    for (const [name, mime] of Object.entries(expected)) {
      const meta = await imageMetadata(file(name));
      assert.equal(meta.mimeType, mime, name);
      assert.deepEqual([meta.width, meta.height], [30, 20], name);
      assert.equal(meta.sizeBytes, fs.statSync(file(name)).size, name);
    }
  });

  test("numChannels is what the file stores", async () => {
    const channels: Record<string, number> = {
      "gray.jpg": 1,
      "gray-alpha.png": 2,
      "rgb.png": 3,
      "palette.png": 3,
      "rgba.png": 4,
      "cmyk.jpg": 4,
    };
    for (const [name, n] of Object.entries(channels)) assert.equal((await imageMetadata(file(name))).numChannels, n, name);
  });

  test("width and height are as displayed, after the EXIF orientation", async () => {
    assert.equal((await sharp(file("rotated.jpg")).metadata()).width, 30, "stored 30 wide");
    const meta = await imageMetadata(file("rotated.jpg"));
    assert.deepEqual([meta.width, meta.height], [20, 30]);
  });

  test("reads bytes in memory too; sizeBytes is their length", async () => {
    const bytes = fs.readFileSync(file("image.webp"));
    assert.deepEqual(await imageMetadata(bytes), { width: 30, height: 20, mimeType: "image/webp", sizeBytes: bytes.length, numChannels: 3 });
  });
});
