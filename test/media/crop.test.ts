import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MediaArgumentError, cropImage, type RgbImage } from "../../src/media/index.js";
import { coordImage, pixelAt } from "./fixtures.js";

/** [left, top, width, height] of a patch cut from a coordImage: its first pixel says where it came from. */
function placement(patch: RgbImage): number[] {
  const [x, y] = pixelAt(patch, 0, 0);
  return [x!, y!, patch.width, patch.height];
}

describe("cropImage", () => {
  const img = coordImage(8, 4); // pixel (x, y) = [x, y, 7]

  test("cuts the pixels of a relative box", () => {
    const patch = cropImage(img, [0.25, 0.5, 0.5, 0.5]); // x 2–6, y 2–4
    assert.deepEqual(placement(patch), [2, 2, 4, 2]);
    assert.deepEqual(Array.from(patch.data), [2, 2, 7, 3, 2, 7, 4, 2, 7, 5, 2, 7, 2, 3, 7, 3, 3, 7, 4, 3, 7, 5, 3, 7]);
    assert.equal(patch.channels, 3);
  });

  test("edges become pixels by truncation, as FiftyOne's int(x * width)", () => {
    assert.deepEqual(placement(cropImage(img, [0.3, 0, 0.3, 1])), [2, 0, 2, 4]); // x 2.4–4.8 → 2–4
    assert.deepEqual(placement(cropImage(img, [0.99 / 8, 0, 0.5, 1])), [0, 0, 4, 4]); // 0.99 → 0, 4.99 → 4
  });

  test("float noise does not lose a pixel: 0.29 × 100 is pixel 29", () => {
    const wide = coordImage(100, 1);
    assert.deepEqual(placement(cropImage(wide, [0.29, 0, 0.01, 1])), [29, 0, 1, 1]);
  });

  test("alpha grows the width and height by that fraction, half on each side", () => {
    // 2×2 px box at (2, 1); alpha 1 → 4×4 centred on it: x 1–5, y 0–4.
    assert.deepEqual(placement(cropImage(img, [0.25, 0.25, 0.25, 0.5], { alpha: 1 })), [1, 0, 4, 4]);
    // 0.1 on a 40×20 box at (20, 20) of a 100×100 image: 44×22 at (18, 19).
    assert.deepEqual(placement(cropImage(coordImage(100, 100), [0.2, 0.2, 0.4, 0.2], { alpha: 0.1 })), [18, 19, 44, 22]);
  });

  test("negative alpha shrinks about the centre", () => {
    assert.deepEqual(placement(cropImage(img, [0, 0, 1, 1], { alpha: -0.5 })), [2, 1, 4, 2]);
    assert.deepEqual(placement(cropImage(img, [0, 0, 1, 1], { alpha: -1 })), [4, 2, 1, 1], "-1 shrinks to the centre pixel");
  });

  test("a grown box is clipped to the image", () => {
    assert.deepEqual(placement(cropImage(img, [0, 0, 0.5, 0.5], { alpha: 1 })), [0, 0, 6, 3]); // x -2–6 → 0–6, y -1–3 → 0–3
    assert.deepEqual(placement(cropImage(img, [0.5, 0.5, 0.5, 0.5], { alpha: 2 })), [0, 0, 8, 4]);
  });

  test("forceSquare grows the shorter side about the centre", () => {
    // 4×1 px at (2, 1) → 4×4: y grows by 3 (1 above, 2 below) → rows 0–4.
    assert.deepEqual(placement(cropImage(img, [0.25, 0.25, 0.5, 0.25], { forceSquare: true })), [2, 0, 4, 4]);
    // 1×3 in a 10×10 image at (4, 3) → 3×3: x grows by 2 (1 each side) → columns 3–6.
    assert.deepEqual(placement(cropImage(coordImage(10, 10), [0.4, 0.3, 0.1, 0.3], { forceSquare: true })), [3, 3, 3, 3]);
    // Already square in pixels (though not in relative units): unchanged.
    assert.deepEqual(placement(cropImage(img, [0.25, 0.25, 0.25, 0.5], { forceSquare: true })), [2, 1, 2, 2]);
  });

  test("forceSquare shifts the square to stay inside the image", () => {
    // 2×1 at (0, 3) on the bottom edge → 2×2 shifted up to rows 2–4.
    assert.deepEqual(placement(cropImage(img, [0, 0.75, 0.25, 0.25], { forceSquare: true })), [0, 2, 2, 2]);
    // 1×1 in the top-right corner with alpha 0 → stays 1×1.
    assert.deepEqual(placement(cropImage(img, [7 / 8, 0, 1 / 8, 1 / 4], { forceSquare: true })), [7, 0, 1, 1]);
  });

  test("forceSquare cuts the longer side when the image is too small for the square", () => {
    // The whole 8×4 image: a square can be at most 4×4, centred → columns 2–6.
    assert.deepEqual(placement(cropImage(img, [0, 0, 1, 1], { forceSquare: true })), [2, 0, 4, 4]);
  });

  test("alpha is applied before forceSquare", () => {
    // 2×1 px at (2, 1); alpha 1 → x 1–5, y 0.5–2.5 → rows 0–2 (4×2); square → 4×4 at (1, 0).
    assert.deepEqual(placement(cropImage(img, [0.25, 0.25, 0.25, 0.25], { alpha: 1, forceSquare: true })), [1, 0, 4, 4]);
  });

  test("a patch is at least 1×1, even for empty boxes or boxes outside the image", () => {
    assert.deepEqual(placement(cropImage(img, [1, 1, 0, 0])), [7, 3, 1, 1]);
    assert.deepEqual(placement(cropImage(img, [0.5, 0.5, 0, 0])), [4, 2, 1, 1]);
    assert.deepEqual(placement(cropImage(img, [1.5, 2, 0.1, 0.1])), [7, 3, 1, 1]);
    assert.deepEqual(placement(cropImage(img, [-1, -1, 0.5, 0.5])), [0, 0, 1, 1]);
  });

  test("a box with negative size is read by its corners", () => {
    assert.deepEqual(placement(cropImage(img, [0.75, 1, -0.5, -0.5])), [2, 2, 4, 2]);
  });

  test("the patch is a copy", () => {
    const src = coordImage(4, 4);
    const patch = cropImage(src, [0, 0, 1, 1]);
    patch.data[0] = 99;
    assert.equal(src.data[0], 0);
  });

  test("bad arguments are refused", () => {
    assert.throws(() => cropImage(img, [0, 0, NaN, 1]), MediaArgumentError);
    assert.throws(() => cropImage(img, [0, 0, 1, 1], { alpha: -1.5 }), /alpha must be a number ≥ -1/);
    assert.throws(() => cropImage({ ...img, width: 7 }, [0, 0, 1, 1]), /7×4×3 = 84 bytes/);
  });
});
