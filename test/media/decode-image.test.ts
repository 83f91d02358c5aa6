import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import sharp from "sharp";
import { decodeImage, imageMetadata } from "../../src/media/index.js";
import { PNG_GRAY, PNG_GRAY_ALPHA, PNG_PALETTE, PNG_RGB, be16, demoPhotos, encodePng, mediaTempDir, near, pixelAt } from "./fixtures.js";

const dir = mediaTempDir();
const file = (name: string) => path.join(dir, name);

const RED = [255, 0, 0] as const;
const GREEN = [0, 255, 0] as const;
const BLUE = [0, 0, 255] as const;

/**
 * 40 wide × 20 tall as stored: green, with a red 10×10 block at the stored top-left
 * and a blue one at the stored bottom-left.
 */
function storedMarkers(): Buffer {
  const raw = Buffer.alloc(40 * 20 * 3);
  for (let y = 0; y < 20; y++) {
    for (let x = 0; x < 40; x++) raw.set(x < 10 && y < 10 ? RED : x < 10 ? BLUE : GREEN, (y * 40 + x) * 3);
  }
  return raw;
}

before(async () => {
  for (const orientation of [3, 6, 8]) {
    await sharp(storedMarkers(), { raw: { width: 40, height: 20, channels: 3 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation })
      .toFile(file(`orientation-${orientation}.jpg`));
  }
  // A grayscale JPEG: a horizontal ramp 0, 30, 60, ... 210 in 8 columns, 4 rows.
  const ramp = Buffer.alloc(8 * 4);
  for (let i = 0; i < ramp.length; i++) ramp[i] = (i % 8) * 30;
  await sharp(ramp, { raw: { width: 8, height: 4, channels: 1 } }).jpeg({ quality: 100 }).toFile(file("gray.jpg"));
  // RGBA: the same colour at every opacity, including fully transparent.
  const rgba = Buffer.alloc(4 * 4 * 4);
  for (let i = 0; i < 16; i++) rgba.set([10, 20, 30, i * 17], i * 4);
  await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } }).png().toFile(file("rgba.png"));
  // Hand-written PNGs, so the bit depth and colour type are exactly what we say.
  fs.writeFileSync(file("rgb16.png"), encodePng(3, 1, PNG_RGB, 16, [be16(65535, 0, 32896, 65280, 255, 257, 0, 0, 65535)]));
  fs.writeFileSync(file("gray16.png"), encodePng(2, 1, PNG_GRAY, 16, [be16(65535, 32896)]));
  fs.writeFileSync(file("gray-alpha.png"), encodePng(2, 1, PNG_GRAY_ALPHA, 8, [Uint8Array.from([100, 0, 200, 255])]));
  fs.writeFileSync(
    file("palette.png"),
    encodePng(4, 1, PNG_PALETTE, 2, [Uint8Array.from([0b00_01_10_11])], [
      ["PLTE", Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])],
      ["tRNS", Uint8Array.from([0, 255, 128, 255])],
    ]),
  );
  // CMYK JPEG: left half red, right half blue, converted through sharp's CMYK profile.
  const halves = Buffer.alloc(8 * 8 * 3);
  for (let i = 0; i < 64; i++) halves.set(i % 8 < 4 ? RED : BLUE, i * 3);
  await sharp(halves, { raw: { width: 8, height: 8, channels: 3 } }).toColourspace("cmyk").jpeg({ quality: 100 }).toFile(file("cmyk.jpg"));
  // sRGB (200, 50, 50) stored as Display P3 values with the P3 profile embedded.
  await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 200, g: 50, b: 50 } } })
    .withIccProfile("p3")
    .jpeg({ quality: 100 })
    .toFile(file("p3.jpg"));
  // An animated GIF: a red frame, then a blue one.
  const frames = Buffer.alloc(4 * 6 * 3);
  for (let i = 0; i < 24; i++) frames.set(i < 12 ? RED : BLUE, i * 3);
  await sharp(frames, { raw: { width: 4, height: 6, channels: 3, pageHeight: 3 } }).gif().toFile(file("animated.gif"));
});

describe("decodeImage: the demo photos", () => {
  test("decode to RGB with the sizes their headers give, and real photo content", async () => {
    const photos = demoPhotos();
    const images = await Promise.all(photos.map((p) => decodeImage(p)));
    const metas = await Promise.all(photos.map((p) => imageMetadata(p)));
    assert.deepEqual([images[0]!.width, images[0]!.height], [1920, 1280], "sample1.jpg is 1920×1280");
    for (const [i, img] of images.entries()) {
      const name = path.basename(photos[i]!);
      assert.equal(img.channels, 3);
      assert.deepEqual([img.width, img.height], [metas[i]!.width, metas[i]!.height], name);
      assert.equal(img.data.length, img.width * img.height * 3, name);
      // A photo, not a flat fill or noise: many colours, a mid-range mean, and
      // neighbouring pixels that mostly look alike.
      const colours = new Set<number>();
      let sum = 0;
      let smooth = 0;
      let samples = 0;
      for (let p = 0; p < img.width * img.height - 1; p += 101) {
        const i3 = p * 3;
        colours.add((img.data[i3]! << 16) | (img.data[i3 + 1]! << 8) | img.data[i3 + 2]!);
        sum += img.data[i3]! + img.data[i3 + 1]! + img.data[i3 + 2]!;
        if (Math.abs(img.data[i3]! - img.data[i3 + 3]!) < 24) smooth++;
        samples++;
      }
      const mean = sum / (samples * 3);
      assert.ok(colours.size > 1000, `${name}: ${colours.size} sampled colours`);
      assert.ok(mean > 30 && mean < 225, `${name}: mean ${mean.toFixed(1)}`);
      assert.ok(smooth / samples > 0.8, `${name}: ${((100 * smooth) / samples).toFixed(0)}% of neighbours alike`);
    }
  });

  test("a path and the same bytes in a Buffer or a plain Uint8Array decode identically", async () => {
    const photo = demoPhotos()[1]!;
    const bytes = fs.readFileSync(photo);
    const [fromPath, fromBuffer, fromArray] = await Promise.all([
      decodeImage(photo),
      decodeImage(bytes),
      decodeImage(new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))),
    ]);
    assert.deepEqual([fromPath.width, fromPath.height], [1920, 1367]);
    assert.ok(Buffer.from(fromBuffer.data).equals(Buffer.from(fromPath.data)));
    assert.ok(Buffer.from(fromArray.data).equals(Buffer.from(fromPath.data)));
  });
});

describe("decodeImage: EXIF orientation is applied", () => {
  // Displayed colour of the block centres, for each orientation. Stored: red at the
  // top-left (5, 5), blue at the bottom-left (5, 15), green on the right (30, 10).
  const cases = [
    { orientation: 6, size: [20, 40], red: [14, 5], blue: [4, 5], green: [10, 30], what: "90° clockwise: top-left goes top-right" },
    { orientation: 8, size: [20, 40], red: [5, 34], blue: [15, 34], green: [10, 9], what: "90° anticlockwise: top-left goes bottom-left" },
    { orientation: 3, size: [40, 20], red: [34, 14], blue: [34, 4], green: [9, 10], what: "180°: top-left goes bottom-right" },
  ] as const;
  for (const c of cases) {
    test(`orientation ${c.orientation}, ${c.what}`, async () => {
      const name = file(`orientation-${c.orientation}.jpg`);
      const stored = await sharp(name).metadata();
      assert.equal(stored.orientation, c.orientation, "the fixture carries the EXIF tag");
      assert.deepEqual([stored.width, stored.height], [40, 20], "stored sideways");
      const img = await decodeImage(name);
      assert.deepEqual([img.width, img.height], c.size);
      const at = ([x, y]: readonly [number, number]) => pixelAt(img, x, y);
      assert.ok(near(at(c.red), RED, 40), `red block at ${c.red.join(",")}: ${at(c.red).join(",")}`);
      assert.ok(near(at(c.blue), BLUE, 40), `blue block at ${c.blue.join(",")}: ${at(c.blue).join(",")}`);
      assert.ok(near(at(c.green), GREEN, 40), `green at ${c.green.join(",")}: ${at(c.green).join(",")}`);
      const meta = await imageMetadata(name);
      assert.deepEqual([meta.width, meta.height], c.size, "imageMetadata agrees with decodeImage");
    });
  }
});

describe("decodeImage: every input becomes 8-bit sRGB with 3 channels", () => {
  test("grayscale JPEG → three identical channels with the gray values", async () => {
    const img = await decodeImage(file("gray.jpg"));
    assert.deepEqual([img.width, img.height, img.channels], [8, 4, 3]);
    for (let p = 0; p < 32; p++) {
      const [r, g, b] = pixelAt(img, p % 8, Math.floor(p / 8));
      assert.ok(r === g && g === b, `pixel ${p} is gray: ${r},${g},${b}`);
      assert.ok(Math.abs(r! - (p % 8) * 30) <= 3, `pixel ${p}: ${r} ≈ ${(p % 8) * 30}`);
    }
  });

  test("RGBA PNG → alpha dropped, colour kept even where fully transparent", async () => {
    const img = await decodeImage(file("rgba.png"));
    assert.equal(img.data.length, 4 * 4 * 3);
    for (let p = 0; p < 16; p++) assert.deepEqual(pixelAt(img, p % 4, Math.floor(p / 4)), [10, 20, 30]);
  });

  test("gray+alpha PNG → gray in three channels, alpha dropped", async () => {
    const img = await decodeImage(file("gray-alpha.png"));
    assert.deepEqual(Array.from(img.data), [100, 100, 100, 200, 200, 200]);
  });

  test("16-bit PNG → the high byte of each sample (65535 → 255)", async () => {
    const rgb = await decodeImage(file("rgb16.png"));
    assert.deepEqual(Array.from(rgb.data), [255, 0, 128, 255, 0, 1, 0, 0, 255]);
    const gray = await decodeImage(file("gray16.png"));
    assert.deepEqual(Array.from(gray.data), [255, 255, 255, 128, 128, 128]);
  });

  test("palette PNG (2-bit, with transparency) → the palette colours", async () => {
    const img = await decodeImage(file("palette.png"));
    assert.deepEqual(Array.from(img.data), [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
  });

  test("CMYK JPEG → RGB through the colour profile", async () => {
    assert.equal((await sharp(file("cmyk.jpg")).metadata()).space, "cmyk", "the fixture really is CMYK");
    const img = await decodeImage(file("cmyk.jpg"));
    assert.equal(img.channels, 3);
    const [r1, g1, b1] = pixelAt(img, 1, 4);
    assert.ok(r1! > 180 && g1! < 70 && b1! < 70, `left half is red: ${r1},${g1},${b1}`);
    const [r2, g2, b2] = pixelAt(img, 6, 4);
    assert.ok(b2! > 100 && b2! > r2! + 50 && b2! > g2! + 50, `right half is blue: ${r2},${g2},${b2}`);
  });

  test("an embedded ICC profile is honoured: Display P3 values come back as sRGB", async () => {
    const stored = await sharp(file("p3.jpg"), { ignoreIcc: true }).raw().toBuffer();
    assert.ok(Math.abs(stored[0]! - 200) > 8, `the file stores P3 values, not sRGB: ${stored[0]}`);
    const img = await decodeImage(file("p3.jpg"));
    assert.ok(near(pixelAt(img, 0, 0), [200, 50, 50], 5), `sRGB recovered: ${pixelAt(img, 0, 0).join(",")}`);
  });

  test("an animated GIF gives its first frame", async () => {
    const img = await decodeImage(file("animated.gif"));
    assert.deepEqual([img.width, img.height], [4, 3]);
    for (let p = 0; p < 12; p++) assert.deepEqual(pixelAt(img, p % 4, Math.floor(p / 4)), [...RED]);
  });

  test("PNG, WebP, TIFF and AVIF decode to the same picture", async () => {
    const halves = Buffer.alloc(16 * 16 * 3);
    for (let i = 0; i < 256; i++) halves.set(i % 16 < 8 ? RED : BLUE, i * 3);
    const raw = () => sharp(halves, { raw: { width: 16, height: 16, channels: 3 } });
    const encoded = {
      png: await raw().png().toBuffer(),
      webp: await raw().webp({ lossless: true }).toBuffer(),
      tiff: await raw().tiff({ compression: "lzw" }).toBuffer(),
      avif: await raw().avif({ quality: 90 }).toBuffer(),
    };
    for (const [format, bytes] of Object.entries(encoded)) {
      const img = await decodeImage(bytes);
      assert.deepEqual([img.width, img.height], [16, 16], format);
      const lossless = format !== "avif";
      assert.ok(near(pixelAt(img, 3, 8), RED, lossless ? 0 : 30), `${format} left: ${pixelAt(img, 3, 8).join(",")}`);
      assert.ok(near(pixelAt(img, 12, 8), BLUE, lossless ? 0 : 30), `${format} right: ${pixelAt(img, 12, 8).join(",")}`);
    }
  });
});
