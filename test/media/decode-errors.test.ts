import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import {
  DEFAULT_MAX_IMAGE_PIXELS,
  ImageDecodeError,
  ImageNotFoundError,
  ImageTooLargeError,
  MediaArgumentError,
  decodeImage,
  imageMetadata,
  maxImagePixels,
} from "../../src/media/index.js";
import { PNG_GRAY, PNG_RGB, demoPhotos, encodePng, mediaTempDir } from "./fixtures.js";

const dir = mediaTempDir();
const file = (name: string) => path.join(dir, name);
const photo = demoPhotos()[0]!;

/** Runs `fn` with $MODELZOO_MAX_IMAGE_PIXELS set to `value`, then restores it. */
async function withPixelEnv<T>(value: string, fn: () => T | Promise<T>): Promise<T> {
  const saved = process.env.MODELZOO_MAX_IMAGE_PIXELS;
  process.env.MODELZOO_MAX_IMAGE_PIXELS = value;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.MODELZOO_MAX_IMAGE_PIXELS;
    else process.env.MODELZOO_MAX_IMAGE_PIXELS = saved;
  }
}

/** Asserts that `promise` rejects with an instance of `cls` whose message names `name` (and matches `extra`). */
async function rejectsNaming(promise: Promise<unknown>, cls: new (...args: never[]) => Error, name: string, extra?: RegExp): Promise<Error> {
  let caught: unknown;
  await assert.rejects(promise, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof cls, `expected ${cls.name}, got ${String(caught)}`);
  assert.ok(caught.message.includes(name), `message names ${name}: ${caught.message}`);
  if (extra) assert.match(caught.message, extra);
  return caught;
}

before(() => {
  const bytes = fs.readFileSync(photo);
  fs.writeFileSync(file("truncated.jpg"), bytes.subarray(0, Math.floor(bytes.length / 2)));
  fs.writeFileSync(file("empty.jpg"), Buffer.alloc(0));
  fs.writeFileSync(file("text.jpg"), "this is not an image, just text in a file named .jpg\n".repeat(20));
  fs.mkdirSync(file("folder.jpg"));
  // A real decompression bomb: a valid 20000×20000 1-bit grayscale PNG of one colour.
  // 52 KB on disk, 1.2 GB once decoded to RGB. Its rows are built once and shared.
  const row = new Uint8Array(20000 / 8);
  fs.writeFileSync(file("bomb.png"), encodePng(20000, 20000, PNG_GRAY, 1, Array.from({ length: 20000 }, () => row)));
  // A PNG whose header claims 30000×30000 but whose pixel data is missing: if the
  // limit were checked only after decoding, this would fail as a decode error.
  fs.writeFileSync(file("header-only.png"), encodePng(30000, 30000, PNG_RGB, 8, [new Uint8Array(4)]));
});

describe("decodeImage and imageMetadata: typed errors that name the file", () => {
  test("a missing path → ImageNotFoundError", async () => {
    const missing = file("missing.jpg");
    const err = await rejectsNaming(decodeImage(missing), ImageNotFoundError, missing, /does not exist/);
    assert.equal((err as ImageNotFoundError).code, "IMAGE_NOT_FOUND");
    await rejectsNaming(imageMetadata(missing), ImageNotFoundError, missing);
    await rejectsNaming(decodeImage(path.join(file("text.jpg"), "inside.jpg")), ImageNotFoundError, "inside.jpg");
  });

  test("a relative missing path says what it was resolved against", async () => {
    await rejectsNaming(decodeImage("no/such/image.png"), ImageNotFoundError, "no/such/image.png", new RegExp(`resolved against ${process.cwd().replace(/[/\\]/g, ".")}`));
  });

  test("a truncated JPEG (the first half of a real photo) → ImageDecodeError with the decoder's reason", async () => {
    const truncated = file("truncated.jpg");
    const err = await rejectsNaming(decodeImage(truncated), ImageDecodeError, truncated, /premature end/i);
    assert.equal((err as ImageDecodeError).code, "IMAGE_DECODE");
    await rejectsNaming(decodeImage(fs.readFileSync(truncated)), ImageDecodeError, "<buffer>", /premature end/i);
    // The header is intact, so header-only metadata still works.
    const meta = await imageMetadata(truncated);
    assert.deepEqual([meta.width, meta.height], [1920, 1280]);
  });

  test("a complete JPEG with a recoverable libjpeg warning still decodes, as in other viewers", async () => {
    // Three stray bytes before the start-of-scan marker: libjpeg warns "3 extraneous
    // bytes before marker 0xda" and skips them. sharp's default (failOn "warning") would refuse it.
    const bytes = fs.readFileSync(photo);
    const sos = bytes.indexOf(Buffer.from([0xff, 0xda]));
    const stray = Buffer.concat([bytes.subarray(0, sos), Buffer.from([1, 2, 3]), bytes.subarray(sos)]);
    const [clean, warned] = await Promise.all([decodeImage(photo), decodeImage(stray)]);
    assert.deepEqual([warned.width, warned.height], [1920, 1280]);
    assert.ok(Buffer.from(warned.data).equals(Buffer.from(clean.data)), "the same pixels as the clean file");
  });

  test("a zero-byte file → ImageDecodeError saying it is empty", async () => {
    const empty = file("empty.jpg");
    await rejectsNaming(decodeImage(empty), ImageDecodeError, empty, /empty \(0 bytes\)/);
    await rejectsNaming(imageMetadata(empty), ImageDecodeError, empty, /empty/);
    await rejectsNaming(decodeImage(Buffer.alloc(0)), ImageDecodeError, "<buffer>", /empty/);
  });

  test("a text file named .jpg → ImageDecodeError: unsupported image format", async () => {
    const text = file("text.jpg");
    await rejectsNaming(decodeImage(text), ImageDecodeError, text, /unsupported image format/);
    await rejectsNaming(imageMetadata(text), ImageDecodeError, text, /unsupported image format/);
    await rejectsNaming(decodeImage(Buffer.from("not an image")), ImageDecodeError, "<buffer>", /unsupported image format/);
  });

  test("a directory → ImageDecodeError saying so", async () => {
    await rejectsNaming(decodeImage(file("folder.jpg")), ImageDecodeError, file("folder.jpg"), /is a directory/);
    await rejectsNaming(imageMetadata(file("folder.jpg")), ImageDecodeError, file("folder.jpg"), /is a directory/);
  });

  test("decode errors say how to fix them", async () => {
    await rejectsNaming(decodeImage(file("text.jpg")), ImageDecodeError, file("text.jpg"), /re-export or convert it/);
  });
});

describe("the pixel limit: decompression bombs are refused from the header", () => {
  test("the default limit is Pillow's, and refuses a 20000×20000 bomb without allocating it", async () => {
    assert.equal(DEFAULT_MAX_IMAGE_PIXELS, 178_956_970);
    assert.equal(maxImagePixels(), DEFAULT_MAX_IMAGE_PIXELS);
    const bomb = file("bomb.png");
    assert.ok(fs.statSync(bomb).size < 200_000, "the bomb is small on disk");
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const err = (await rejectsNaming(
      decodeImage(bomb),
      ImageTooLargeError,
      bomb,
      /20000×20000 = 400000000 pixels, above the limit of 178956970.*maxPixels.*MODELZOO_MAX_IMAGE_PIXELS/,
    )) as ImageTooLargeError;
    assert.deepEqual([err.width, err.height, err.limit, err.code], [20000, 20000, 178_956_970, "IMAGE_TOO_LARGE"]);
    assert.ok(performance.now() - started < 2000, "rejected at once, not after decoding");
    assert.ok(process.memoryUsage().rss - rssBefore < 150 * 1024 * 1024, "nothing near 1.2 GB was allocated");
    const meta = await imageMetadata(bomb);
    assert.deepEqual([meta.width, meta.height, meta.mimeType], [20000, 20000, "image/png"], "metadata still reads the header");
  });

  test("the check happens before decoding: a header with no pixel data is refused as too large", async () => {
    const headerOnly = file("header-only.png");
    await rejectsNaming(decodeImage(headerOnly), ImageTooLargeError, headerOnly, /30000×30000/);
    await rejectsNaming(decodeImage(fs.readFileSync(headerOnly)), ImageTooLargeError, "<buffer>", /30000×30000/);
  });

  test("the maxPixels option lowers or lifts the limit", async () => {
    const err = (await rejectsNaming(decodeImage(photo, { maxPixels: 1000 }), ImageTooLargeError, photo, /1920×1280 = 2457600 pixels, above the limit of 1000/)) as ImageTooLargeError;
    assert.equal(err.limit, 1000);
    const exact = await decodeImage(photo, { maxPixels: 1920 * 1280 });
    assert.equal(exact.width, 1920, "a limit equal to the pixel count passes");
    await rejectsNaming(decodeImage(photo, { maxPixels: 1920 * 1280 - 1 }), ImageTooLargeError, photo);
    assert.equal((await decodeImage(photo, { maxPixels: Infinity })).height, 1280);
  });

  test("$MODELZOO_MAX_IMAGE_PIXELS overrides the default; the option overrides it", async () => {
    await withPixelEnv("1000", async () => {
      assert.equal(maxImagePixels(), 1000);
      await rejectsNaming(decodeImage(photo), ImageTooLargeError, photo, /limit of 1000\b/);
      assert.equal((await decodeImage(photo, { maxPixels: 10_000_000 })).width, 1920);
    });
    await withPixelEnv("300_000_000", async () => {
      assert.equal(maxImagePixels(), 300_000_000);
      // The 400-Mpx bomb is still above it; it is rejected without decoding.
      await rejectsNaming(decodeImage(file("bomb.png")), ImageTooLargeError, "bomb.png", /limit of 300000000/);
    });
    await withPixelEnv("Infinity", () => assert.equal(maxImagePixels(), Infinity));
  });

  test("a bad limit is an error, not a silently disabled guard", async () => {
    await withPixelEnv("lots", async () => {
      assert.throws(() => maxImagePixels(), (e: unknown) => e instanceof MediaArgumentError && /MODELZOO_MAX_IMAGE_PIXELS="lots"/.test(e.message));
      await assert.rejects(decodeImage(photo), MediaArgumentError);
    });
    await withPixelEnv("-5", () => assert.throws(() => maxImagePixels(), MediaArgumentError));
    for (const bad of [0, -1, 1.5, NaN]) {
      await assert.rejects(decodeImage(photo, { maxPixels: bad }), (e: unknown) => e instanceof MediaArgumentError && /maxPixels/.test(e.message), String(bad));
    }
  });
});
