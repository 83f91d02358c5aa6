import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { cropQuad, dbTextRegions, resizeImage, type RgbImage } from "../../src/index.js";

/** A probability map with one band, `length` × `thickness` map pixels, tilted by `degrees` about (cx, cy). */
function band(width: number, height: number, cx: number, cy: number, length: number, thickness: number, degrees: number): Float32Array {
  const map = new Float32Array(width * height);
  const t = (degrees * Math.PI) / 180;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = dx * Math.cos(t) + dy * Math.sin(t);
      const v = -dx * Math.sin(t) + dy * Math.cos(t);
      if (Math.abs(u) <= length / 2 && Math.abs(v) <= thickness / 2) map[y * width + x] = 0.9;
    }
  }
  return map;
}

describe("DB text regions: rotated rectangles", () => {
  test("an upright line gives angle 0 and its box grown by the unclip distance", () => {
    const [r] = dbTextRegions(band(100, 40, 50, 20, 60, 10, 0), 100, 40);
    assert.ok(r);
    assert.equal(r.angle, 0);
    // 60 × 10 grown by 60·10·1.5 / (2·70) ≈ 6.43 on every side.
    const d = (60 * 10 * 1.5) / 140;
    assert.ok(Math.abs(r.box[2] - (60 + 2 * d)) < 1.5 && Math.abs(r.box[3] - (10 + 2 * d)) < 1.5, `box ${r.box.map((v) => v.toFixed(1)).join(",")}`);
    assert.ok(r.score > 0.89);
  });

  test("a tilted line keeps its slant: one region whose rectangle follows it, not its upright box", () => {
    const regions = dbTextRegions(band(200, 120, 100, 60, 150, 10, 10), 200, 120);
    assert.equal(regions.length, 1);
    const r = regions[0]!;
    assert.ok(Math.abs(r.angle - 10) < 1.5, `angle ${r.angle}`);
    const [tl, tr, , bl] = r.quad as [[number, number], [number, number], [number, number], [number, number]];
    const long = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
    const short = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
    assert.ok(long > 150 && long < 175 && short > 15 && short < 35, `rectangle ${long.toFixed(1)} × ${short.toFixed(1)}`);
    // Its upright box is much taller than the line itself.
    assert.ok(r.box[3] > 2 * short);
  });
});

describe("cropQuad", () => {
  test("straightens a rotated rectangle of an image", () => {
    // 100×100: left half black, right half white; a quad rotated 90° clockwise over the top-left quarter.
    const data = new Uint8Array(100 * 100 * 3);
    for (let y = 0; y < 100; y++) for (let x = 50; x < 100; x++) data.fill(255, (y * 100 + x) * 3, (y * 100 + x) * 3 + 3);
    const image: RgbImage = { data, width: 100, height: 100, channels: 3 };
    // top-left (0.7, 0.1) → top-right (0.7, 0.5) → bottom-right (0.3, 0.5) → bottom-left (0.3, 0.1): 40 × 40 px.
    const patch = cropQuad(image, [[0.7, 0.1], [0.7, 0.5], [0.3, 0.5], [0.3, 0.1]]);
    assert.equal(patch.width, 40);
    assert.equal(patch.height, 40);
    // The patch's top rows lie at x ≈ 70 (white), its bottom rows at x ≈ 30 (black).
    assert.equal(patch.data[(1 * 40 + 20) * 3], 255);
    assert.equal(patch.data[(38 * 40 + 20) * 3], 0);
  });
});

describe('kernel "tfjs-bilinear"', () => {
  test("samples exactly as TF.js's resizeBilinear, with and without alignCorners", async () => {
    await tf.setBackend("cpu");
    const w = 97;
    const h = 61;
    const data = new Uint8Array(w * h * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
    const image: RgbImage = { data, width: w, height: h, channels: 3 };
    for (const alignCorners of [false, true]) {
      for (const [ow, oh] of [[40, 25], [150, 90]] as const) {
        const ours = (await resizeImage(image, { width: ow, height: oh, kernel: alignCorners ? "tfjs-bilinear-aligned" : "tfjs-bilinear" })).image.data;
        const theirs = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(data, [h, w, 3], "int32"), [oh, ow], alignCorners).dataSync());
        let worst = 0;
        for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
        assert.ok(worst <= 0.5 + 1e-3, `${ow}×${oh} alignCorners=${alignCorners}: largest difference ${worst}`);
      }
    }
  });
});
