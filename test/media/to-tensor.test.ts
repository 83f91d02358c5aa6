import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IMAGENET_MEAN, IMAGENET_STD, MediaArgumentError, TensorShapeError, stackBatch, toFloat32, type RgbImage } from "../../src/media/index.js";

/** Asserts element-wise closeness within float32 precision. */
function close(actual: ArrayLike<number>, expected: readonly number[], eps = 1e-6): void {
  const a = Array.from(actual);
  assert.equal(a.length, expected.length);
  assert.ok(
    a.every((v, i) => Math.abs(v - expected[i]!) <= eps),
    `[${a.map((v) => v.toFixed(5)).join(", ")}] ≈ [${expected.join(", ")}]`,
  );
}

// A 2×2 image; 51 = 0.2 × 255, so every value has an exact decimal form.
//   (0,0) = (0, 51, 255)    (1,0) = (255, 102, 0)
//   (0,1) = (51, 0, 102)    (1,1) = (204, 153, 51)
const img: RgbImage = { data: Uint8Array.from([0, 51, 255, 255, 102, 0, 51, 0, 102, 204, 153, 51]), width: 2, height: 2, channels: 3 };

describe("toFloat32", () => {
  test("NCHW by default, pixels scaled to [0, 1]: all R, then all G, then all B", () => {
    const t = toFloat32(img);
    assert.ok(t instanceof Float32Array);
    close(t, [0, 1, 0.2, 0.8, /* G */ 0.2, 0.4, 0, 0.6, /* B */ 1, 0, 0.4, 0.2]);
  });

  test("NHWC keeps the interleaved order", () => {
    close(toFloat32(img, { layout: "nhwc" }), [0, 0.2, 1, 1, 0.4, 0, 0.2, 0, 0.4, 0.8, 0.6, 0.2]);
  });

  test("(pixel * scale - mean) / std: scale 1, mean 127.5, std 127.5 maps 0–255 to [-1, 1]", () => {
    const half = [127.5, 127.5, 127.5] as const;
    close(toFloat32(img, { scale: 1, mean: half, std: half }), [-1, 1, -0.6, 0.6, -0.6, -0.2, -1, 0.2, 1, -1, -0.2, -0.6]);
  });

  test("per-channel mean and std: ImageNet", () => {
    const t = toFloat32(img, { mean: IMAGENET_MEAN, std: IMAGENET_STD });
    const expected = [
      ...[0, 1, 0.2, 0.8].map((v) => (v - 0.485) / 0.229),
      ...[0.2, 0.4, 0, 0.6].map((v) => (v - 0.456) / 0.224),
      ...[1, 0, 0.4, 0.2].map((v) => (v - 0.406) / 0.225),
    ];
    close(t, expected, 1e-5);
    close([t[0]!], [-2.117904], 1e-5);
  });

  test("mean and std per channel apply to the right channel in NHWC too", () => {
    const t = toFloat32(img, { layout: "nhwc", scale: 1, mean: [0, 51, 255], std: [1, 51, 255] });
    close(t.subarray(0, 3), [0, 0, 0]); // pixel (0,0) minus its own values
    close(t.subarray(3, 6), [255, 1, -1]);
  });

  test("out and offset write straight into a batch buffer", () => {
    const batch = new Float32Array(3 * 12).fill(NaN);
    assert.equal(toFloat32(img, { out: batch, offset: 12 }), batch, "returns the buffer it was given");
    assert.ok(batch.subarray(0, 12).every(Number.isNaN) && batch.subarray(24).every(Number.isNaN), "nothing outside the slot is touched");
    close(batch.subarray(12, 24), Array.from(toFloat32(img)));
    toFloat32(img, { out: batch, offset: 24, layout: "nhwc" });
    close(batch.subarray(24), Array.from(toFloat32(img, { layout: "nhwc" })));
    assert.throws(() => toFloat32(img, { out: batch, offset: 25 }), TensorShapeError);
    assert.throws(() => toFloat32(img, { out: new Float32Array(11) }), /needs 12 values at offset 0 of its output, which has 11/);
  });

  test("channelOrder bgr puts blue first, each channel normalized with its own mean and std, in both layouts", () => {
    const mean = [0, 51, 255] as const;
    const std = [1, 51, 255] as const;
    const rgb = toFloat32(img, { scale: 1, mean, std });
    const bgr = toFloat32(img, { scale: 1, mean, std, channelOrder: "bgr" });
    close(bgr, [...rgb.subarray(8, 12), ...rgb.subarray(4, 8), ...rgb.subarray(0, 4)]);
    const rgbHwc = toFloat32(img, { layout: "nhwc", scale: 1, mean, std });
    const bgrHwc = toFloat32(img, { layout: "nhwc", scale: 1, mean, std, channelOrder: "bgr" });
    close(bgrHwc, Array.from({ length: 12 }, (_, i) => rgbHwc[i - (i % 3) + 2 - (i % 3)]!));
    assert.throws(() => toFloat32(img, { channelOrder: "brg" as "bgr" }), /"rgb" or "bgr"/);
  });

  test("bad options and images are refused", () => {
    assert.throws(() => toFloat32(img, { std: [1, 0, 1] }), MediaArgumentError);
    assert.throws(() => toFloat32(img, { scale: NaN }), MediaArgumentError);
    assert.throws(() => toFloat32(img, { layout: "chw" as "nchw" }), /"nchw" or "nhwc"/);
    assert.throws(() => toFloat32({ ...img, height: 3 }), /2×3×3 = 18 bytes/);
  });

  test("a model-sized image converts in one tight pass", () => {
    const big: RgbImage = { data: new Uint8Array(640 * 640 * 3).map((_, i) => i % 251), width: 640, height: 640, channels: 3 };
    const t = toFloat32(big, { mean: IMAGENET_MEAN, std: IMAGENET_STD });
    assert.equal(t.length, 640 * 640 * 3);
    // Spot-check the last pixel's blue value, at the end of the B plane.
    const i = 640 * 640 * 3 - 1;
    close([t[t.length - 1]!], [(((i % 251) / 255) - 0.406) / 0.225], 1e-5);
  });
});

describe("stackBatch", () => {
  test("concatenates in order", () => {
    assert.deepEqual(Array.from(stackBatch([Float32Array.from([1, 2]), Float32Array.from([3, 4]), Float32Array.from([5, 6])])), [1, 2, 3, 4, 5, 6]);
    assert.equal(stackBatch([]).length, 0);
  });

  test("equals filling a buffer with toFloat32's out option", () => {
    const a = toFloat32(img);
    const b = toFloat32({ ...img, data: img.data.map((v) => 255 - v) });
    const filled = new Float32Array(24);
    toFloat32(img, { out: filled, offset: 0 });
    toFloat32({ ...img, data: img.data.map((v) => 255 - v) }, { out: filled, offset: 12 });
    assert.deepEqual(stackBatch([a, b]), filled);
  });

  test("refuses tensors of unequal length", () => {
    assert.throws(
      () => stackBatch([Float32Array.from([1, 2]), Float32Array.from([1])]),
      (e: unknown) => e instanceof TensorShapeError && e.code === "TENSOR_SHAPE" && /tensor 1 has 1 values, tensor 0 has 2/.test(e.message),
    );
  });
});
