import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TfjsImageModel, toFloat32, type RgbImage } from "../../src/index.js";
import { LUMA_WEIGHTS, toLuma } from "../../src/media/index.js";

/** A 2×1 image: a pure red pixel, then a pure blue one. */
const redBlue: RgbImage = { data: Uint8Array.of(255, 0, 0, 0, 0, 255), width: 2, height: 1, channels: 3 };

describe("input conventions of the crop models", () => {
  test("toLuma merges the channels with BT.601 weights, in either layout, after normalization", () => {
    for (const layout of ["nchw", "nhwc"] as const) {
      // [-1, 1] scaling first, as the grayscale emotion and gender models take it.
      const rgb = toFloat32(redBlue, { layout, scale: 1 / 127.5, mean: [1, 1, 1] });
      const luma = toLuma(rgb, 2, 1, layout);
      assert.equal(luma.length, 2);
      // Red: 1 · wr - 1 · (wg + wb); blue: 1 · wb - 1 · (wr + wg).
      assert.ok(Math.abs(luma[0]! - (LUMA_WEIGHTS[0] - LUMA_WEIGHTS[1] - LUMA_WEIGHTS[2])) < 1e-6, layout);
      assert.ok(Math.abs(luma[1]! - (LUMA_WEIGHTS[2] - LUMA_WEIGHTS[0] - LUMA_WEIGHTS[1])) < 1e-6, layout);
    }
    assert.throws(() => toLuma(new Float32Array(5), 2, 1, "nhwc"), /toLuma needs 6 values/);
  });

  test("an image model prepares one luma channel, or blue first, as configured", async () => {
    const make = (input: Partial<ConstructorParameters<typeof TfjsImageModel>[0]["input"]>) =>
      new TfjsImageModel({ name: "probe", modelPath: "unused.json", input: { width: 2, height: 1, layout: "nhwc", scale: 1, ...input } });
    assert.deepEqual(Array.from((await make({}).prepare(redBlue)).tensor), [255, 0, 0, 0, 0, 255]);
    assert.deepEqual(Array.from((await make({ channelOrder: "bgr" }).prepare(redBlue)).tensor), [0, 0, 255, 255, 0, 0]);
    const gray = (await make({ channels: 1 }).prepare(redBlue)).tensor;
    assert.equal(gray.length, 2);
    assert.ok(Math.abs(gray[0]! - 255 * LUMA_WEIGHTS[0]) < 1e-3 && Math.abs(gray[1]! - 255 * LUMA_WEIGHTS[2]) < 1e-3);
  });
});
