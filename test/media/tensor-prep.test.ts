import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boxToSource, boxToTarget, cropImage, planResize, pointToSource, resizeImage, stackBatch, toFloat32, type RgbImage } from "../../src/index.js";

/** A w×h image whose pixel (x, y) is [x, y, 7]. */
function coordImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  return { data, width, height, channels: 3 };
}

const pixel = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));
const close = (a: readonly number[], b: readonly number[], eps = 1e-9) =>
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < eps, `[${a.join(", ")}] ≈ [${b.join(", ")}]`));

describe("resize and the letterbox transform", () => {
  test("a 200×100 image letterboxed into 100×100: scale 0.5, content 100×50, 25 rows of padding on top", async () => {
    const t = planResize(200, 100, 100, 100, "letterbox");
    assert.deepEqual(t, { srcWidth: 200, srcHeight: 100, dstWidth: 100, dstHeight: 100, scaleX: 0.5, scaleY: 0.5, padLeft: 0, padTop: 25 });
    // The content band of the model input is the whole source image.
    close(boxToSource([0, 0.25, 1, 0.5], t), [0, 0, 1, 1]);
    // y: 0.5..0.75 of the input = rows 50..75 = content rows 25..50 = source rows 50..100.
    close(boxToSource([0.5, 0.5, 0.25, 0.25], t), [0.5, 0.5, 0.25, 0.5]);
    // Boxes reaching into the padding are clipped to the image.
    close(boxToSource([0, 0, 0.5, 0.5], t), [0, 0, 0.5, 0.5]);
    close(pointToSource([0.5, 0.25], t), [0.5, 0]);
    close(pointToSource([1, 0.75], t), [1, 1]);
    close(boxToTarget([0, 0, 1, 1], t), [0, 0.25, 1, 0.5]);

    const img = coordImage(200, 100);
    const { image, transform } = await resizeImage(img, { width: 100, height: 100, mode: "letterbox", padValue: [1, 2, 3] });
    assert.deepEqual(transform, t);
    assert.deepEqual([image.width, image.height, image.data.length], [100, 100, 100 * 100 * 3]);
    assert.deepEqual(pixel(image, 50, 10), [1, 2, 3], "top padding");
    assert.deepEqual(pixel(image, 50, 90), [1, 2, 3], "bottom padding");
    const content = pixel(image, 50, 50);
    assert.ok(Math.abs(content[0]! - 100) <= 2 && Math.abs(content[1]! - 50) <= 2 && content[2] === 7, `content pixel maps from (100, 50): ${content.join(",")}`);
  });

  test("letterbox of a tall image pads left and right; odd padding goes right", () => {
    const t = planResize(50, 100, 64, 64, "letterbox");
    assert.deepEqual([t.scaleX, t.scaleY, t.padLeft, t.padTop], [32 / 50, 32 / 50, 16, 0]);
    const odd = planResize(3, 2, 5, 5, "letterbox"); // content 5×3 (3.33 rounds to 3)
    assert.deepEqual([odd.padLeft, odd.padTop], [0, 1]);
    close(boxToSource(boxToTarget([0.2, 0.3, 0.4, 0.5], odd), odd), [0.2, 0.3, 0.4, 0.5]);
  });

  test("fill stretches to the exact size with no padding", async () => {
    const { image, transform } = await resizeImage(coordImage(40, 20), { width: 10, height: 10 });
    assert.deepEqual([image.width, image.height], [10, 10]);
    assert.deepEqual([transform.scaleX, transform.scaleY, transform.padLeft, transform.padTop], [0.25, 0.5, 0, 0]);
    close(boxToSource([0.1, 0.2, 0.3, 0.4], transform), [0.1, 0.2, 0.3, 0.4]);
    assert.equal(pixel(image, 9, 9)[2], 7);
  });
});

describe("cropImage", () => {
  const img = coordImage(8, 4);

  test("crops the pixels of a relative box", () => {
    const patch = cropImage(img, [0.25, 0.5, 0.5, 0.5]); // x 2..6, y 2..4
    assert.deepEqual([patch.width, patch.height], [4, 2]);
    assert.deepEqual(pixel(patch, 0, 0), [2, 2, 7]);
    assert.deepEqual(pixel(patch, 3, 1), [5, 3, 7]);
  });

  test("forceSquare grows the short side about the centre; alpha grows both; results are clipped", () => {
    const square = cropImage(img, [0.25, 0.25, 0.25, 0.5]); // 2×2 box at x 2..4, y 1..3 — already square in pixels
    assert.deepEqual([square.width, square.height], [2, 2]);
    const wide = cropImage(img, [0.25, 0.25, 0.5, 0.25], { forceSquare: true }); // 4×1 at (2,1) → 4×4 centred at (4, 1.5), clipped to y 0..4
    assert.deepEqual([wide.width, wide.height], [4, 4]);
    assert.deepEqual(pixel(wide, 0, 0), [2, 0, 7]);
    const grown = cropImage(img, [0.25, 0.25, 0.25, 0.5], { alpha: 1 }); // 2×2 → 4×4 centred at (3, 2)
    assert.deepEqual([grown.width, grown.height], [4, 4]);
    assert.deepEqual(pixel(grown, 0, 0), [1, 0, 7]);
    const shrunk = cropImage(img, [0, 0, 1, 1], { alpha: -0.5 });
    assert.deepEqual([shrunk.width, shrunk.height], [4, 2]);
  });

  test("an empty box still gives a 1×1 patch", () => {
    const dot = cropImage(img, [1, 1, 0, 0]);
    assert.deepEqual([dot.width, dot.height], [1, 1]);
    assert.deepEqual(pixel(dot, 0, 0), [7, 3, 7]);
  });
});

describe("toFloat32 and stackBatch", () => {
  // 2×1 image: pixel 0 = (0, 51, 255), pixel 1 = (255, 102, 0).
  const img: RgbImage = { data: Uint8Array.from([0, 51, 255, 255, 102, 0]), width: 2, height: 1, channels: 3 };

  test("NCHW by default, pixels scaled to [0, 1]", () => {
    close(Array.from(toFloat32(img)), [0, 1, 0.2, 0.4, 1, 0], 1e-6);
  });

  test("NHWC keeps the interleaved order", () => {
    close(Array.from(toFloat32(img, { layout: "nhwc" })), [0, 0.2, 1, 1, 0.4, 0], 1e-6);
  });

  test("mean and std per channel: (x * scale - mean) / std", () => {
    const t = toFloat32(img, { scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] });
    close(Array.from(t), [-1, 1, -0.6, -0.2, 1, -1], 1e-6);
    const imagenet = toFloat32(img, { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    close([imagenet[0]!, imagenet[2]!], [(0 - 0.485) / 0.229, (0.2 - 0.456) / 0.224], 1e-5);
  });

  test("stackBatch concatenates and refuses mixed sizes", () => {
    const a = Float32Array.from([1, 2]);
    const b = Float32Array.from([3, 4]);
    assert.deepEqual(Array.from(stackBatch([a, b])), [1, 2, 3, 4]);
    assert.throws(() => stackBatch([a, Float32Array.from([1])]), /tensor 1 has 1 values, tensor 0 has 2/);
  });
});
