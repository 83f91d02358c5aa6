import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { before, describe, test } from "node:test";
import sharp from "sharp";
import { ImageDecodeError, ImageNotFoundError, ImageTooLargeError, decodeImage, imageMetadata, mediaTypeOf } from "../../src/index.js";
import { demoPhotos, tempDir } from "../support/env.js";

const dir = tempDir("modelzoo-media-");
const file = (name: string) => path.join(dir, name);

/** A PNG whose header claims width×height but whose pixel data is a few bytes: a decompression bomb's header. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(Buffer.alloc(16))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

before(async () => {
  // 40 wide × 20 tall, green, with a red 10×10 block in the top-left corner, stored with
  // EXIF orientation 6 ("rotate 90° clockwise to display").
  const raw = Buffer.alloc(40 * 20 * 3);
  for (let y = 0; y < 20; y++) {
    for (let x = 0; x < 40; x++) raw.set(x < 10 && y < 10 ? [255, 0, 0] : [0, 255, 0], (y * 40 + x) * 3);
  }
  await sharp(raw, { raw: { width: 40, height: 20, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(file("rotated.jpg"));
  await sharp(Buffer.alloc(8 * 6, 200), { raw: { width: 8, height: 6, channels: 1 } }).toColourspace("b-w").jpeg({ quality: 100 }).toFile(file("gray.jpg"));
  const rgba = Buffer.alloc(4 * 4 * 4);
  for (let i = 0; i < 16; i++) rgba.set([10, 20, 30, i * 16], i * 4);
  await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } }).png().toFile(file("alpha.png"));
  await sharp({ create: { width: 5, height: 5, channels: 3, background: { r: 255, g: 128, b: 0 } } }).toColourspace("rgb16").png().toFile(file("deep.png"));
  await sharp({ create: { width: 6, height: 6, channels: 3, background: { r: 255, g: 255, b: 255 } } }).toColourspace("cmyk").jpeg().toFile(file("cmyk.jpg"));
  const photo = fs.readFileSync(demoPhotos()[0]!);
  fs.writeFileSync(file("truncated.jpg"), photo.subarray(0, Math.floor(photo.length / 2)));
  fs.writeFileSync(file("empty.jpg"), Buffer.alloc(0));
  fs.writeFileSync(file("text.jpg"), "this is not an image\n".repeat(20));
  fs.writeFileSync(file("bomb.png"), bombPng(20000, 20000));
});

describe("decodeImage", () => {
  test("the demo photos decode to RGB with the sizes their headers give", async () => {
    for (const photo of demoPhotos()) {
      const [img, meta] = await Promise.all([decodeImage(photo), imageMetadata(photo)]);
      assert.equal(img.channels, 3);
      assert.deepEqual([img.width, img.height], [meta.width, meta.height]);
      assert.equal(img.data.length, img.width * img.height * 3);
      assert.equal(meta.mimeType, "image/jpeg");
      assert.equal(meta.sizeBytes, fs.statSync(photo).size);
      // A real photo: many distinct colours, not a flat fill.
      const colours = new Set<number>();
      for (let i = 0; i < img.data.length; i += 3 * 97) colours.add((img.data[i]! << 16) | (img.data[i + 1]! << 8) | img.data[i + 2]!);
      assert.ok(colours.size > 500, `${path.basename(photo)} has ${colours.size} sampled colours`);
    }
  });

  test("decodes buffers as well as paths", async () => {
    const fromBuffer = await decodeImage(fs.readFileSync(demoPhotos()[1]!));
    const fromPath = await decodeImage(demoPhotos()[1]!);
    assert.deepEqual(fromBuffer.data, fromPath.data);
  });

  test("applies EXIF orientation: the image comes out upright", async () => {
    const img = await decodeImage(file("rotated.jpg"));
    assert.deepEqual([img.width, img.height], [20, 40], "width and height are swapped");
    const px = (x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));
    // Rotating 90° clockwise moves the stored top-left corner to the top-right.
    const [r, g] = px(17, 2);
    assert.ok(r! > 200 && g! < 60, `top-right is red: ${px(17, 2).join(",")}`);
    const [r2, g2] = px(2, 2);
    assert.ok(r2! < 60 && g2! > 200, `top-left is green: ${px(2, 2).join(",")}`);
    const meta = await imageMetadata(file("rotated.jpg"));
    assert.deepEqual([meta.width, meta.height], [20, 40], "metadata agrees with the decoded image");
  });

  test("grayscale, alpha, 16-bit and CMYK inputs become 8-bit RGB", async () => {
    const gray = await decodeImage(file("gray.jpg"));
    assert.equal(gray.channels, 3);
    assert.ok(Math.abs(gray.data[0]! - 200) <= 1 && gray.data[0] === gray.data[1] && gray.data[1] === gray.data[2]);
    assert.equal((await imageMetadata(file("gray.jpg"))).numChannels, 1);

    const alpha = await decodeImage(file("alpha.png"));
    assert.equal(alpha.data.length, 4 * 4 * 3, "alpha is dropped");
    assert.deepEqual(Array.from(alpha.data.subarray(0, 3)), [10, 20, 30]);
    assert.equal((await imageMetadata(file("alpha.png"))).numChannels, 4);

    const deep = await decodeImage(file("deep.png"));
    assert.deepEqual(Array.from(deep.data.subarray(0, 3)), [255, 128, 0], "16-bit values are scaled to 8 bits");

    const cmyk = await decodeImage(file("cmyk.jpg"));
    assert.equal(cmyk.channels, 3);
    assert.ok(Array.from(cmyk.data.subarray(0, 3)).every((v) => v >= 250), `white CMYK stays white: ${Array.from(cmyk.data.subarray(0, 3)).join(",")}`);
    assert.equal((await imageMetadata(file("cmyk.jpg"))).numChannels, 4);
  });
});

describe("decodeImage errors name the file and the fix", () => {
  const rejectsWith = async (fn: () => Promise<unknown>, cls: new (...a: never[]) => Error, name: string, extra?: RegExp) =>
    assert.rejects(fn, (e: unknown) => e instanceof cls && e.message.includes(name) && (!extra || extra.test(e.message)));

  test("missing, empty, text, truncated", async () => {
    await rejectsWith(() => decodeImage(file("missing.jpg")), ImageNotFoundError, file("missing.jpg"));
    await rejectsWith(() => imageMetadata(file("missing.jpg")), ImageNotFoundError, file("missing.jpg"));
    await rejectsWith(() => decodeImage(file("empty.jpg")), ImageDecodeError, file("empty.jpg"), /empty/);
    await rejectsWith(() => imageMetadata(file("empty.jpg")), ImageDecodeError, file("empty.jpg"));
    await rejectsWith(() => decodeImage(file("text.jpg")), ImageDecodeError, file("text.jpg"), /unsupported image format/);
    await rejectsWith(() => imageMetadata(file("text.jpg")), ImageDecodeError, file("text.jpg"));
    await rejectsWith(() => decodeImage(file("truncated.jpg")), ImageDecodeError, file("truncated.jpg"), /re-export or replace/);
    await rejectsWith(() => decodeImage(Buffer.from("nope")), ImageDecodeError, "<buffer>");
  });

  test("decompression bombs are refused from the header", async () => {
    const before = process.memoryUsage().rss;
    await rejectsWith(() => decodeImage(file("bomb.png")), ImageTooLargeError, file("bomb.png"), /20000×20000 = 400000000 pixels.*MODELZOO_MAX_IMAGE_PIXELS/);
    assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, "nothing near 1.2 GB was allocated");
    const meta = await imageMetadata(file("bomb.png"));
    assert.deepEqual([meta.width, meta.height], [20000, 20000], "metadata still reads the header");
    await rejectsWith(() => decodeImage(demoPhotos()[0]!, { maxPixels: 1000 }), ImageTooLargeError, demoPhotos()[0]!, /limit of 1000/);
    process.env.MODELZOO_MAX_IMAGE_PIXELS = "1000";
    try {
      await rejectsWith(() => decodeImage(demoPhotos()[0]!), ImageTooLargeError, demoPhotos()[0]!);
    } finally {
      delete process.env.MODELZOO_MAX_IMAGE_PIXELS;
    }
  });
});

test("mediaTypeOf tells images from videos by extension", () => {
  assert.equal(mediaTypeOf("/a/b.JPG"), "image");
  assert.equal(mediaTypeOf("x.webp"), "image");
  assert.equal(mediaTypeOf("clip.MP4"), "video");
  assert.equal(mediaTypeOf("notes.txt"), undefined);
  assert.equal(mediaTypeOf("noext"), undefined);
});
