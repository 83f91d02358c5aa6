import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  MediaArgumentError,
  boxToSource,
  boxToTarget,
  contentSize,
  planResize,
  pointToSource,
  pointToTarget,
  resizeImage,
  type RgbImage,
} from "../../src/media/index.js";
import { coordImage, pixelAt, solidImage } from "./fixtures.js";

/** Asserts element-wise closeness (the mappings are float arithmetic). */
function close(actual: readonly number[], expected: readonly number[], eps = 1e-12): void {
  assert.equal(actual.length, expected.length);
  assert.ok(
    actual.every((v, i) => Math.abs(v - expected[i]!) <= eps),
    `[${actual.join(", ")}] ≈ [${expected.join(", ")}]`,
  );
}

describe("planResize and the coordinate mappings", () => {
  describe("a 200×100 image letterboxed into 100×100", () => {
    const t = planResize(200, 100, 100, 100, "letterbox");

    test("scale 0.5, content 100×50, 25 rows of padding on top", () => {
      assert.deepEqual(t, { srcWidth: 200, srcHeight: 100, dstWidth: 100, dstHeight: 100, scaleX: 0.5, scaleY: 0.5, padLeft: 0, padTop: 25 });
      assert.deepEqual(contentSize(t), { width: 100, height: 50 });
    });

    test("boxToSource undoes the padding", () => {
      // The content band (rows 25–75) is the whole source image.
      close(boxToSource([0, 0.25, 1, 0.5], t), [0, 0, 1, 1]);
      // Input rows 50–75 = content rows 25–50 = source rows 50–100; columns 50–75 = source 100–150.
      close(boxToSource([0.5, 0.5, 0.25, 0.25], t), [0.5, 0.5, 0.25, 0.5]);
      // Rows 10–60 reach into the top padding: source rows 0–70 remain.
      close(boxToSource([0, 0.1, 0.5, 0.5], t), [0, 0, 0.5, 0.7]);
      // Entirely in the padding: an empty box on the top edge.
      close(boxToSource([0.1, 0, 0.2, 0.2], t), [0.1, 0, 0.2, 0]);
    });

    test("pointToSource undoes the padding and clips", () => {
      close(pointToSource([0.5, 0.5], t), [0.5, 0.5]);
      close(pointToSource([0.25, 0.375], t), [0.25, 0.25]); // input (25, 37.5) → content (25, 12.5) → source (50, 25)
      close(pointToSource([0.5, 0.25], t), [0.5, 0]);
      close(pointToSource([1, 0.75], t), [1, 1]);
      close(pointToSource([0.3, 0.1], t), [0.3, 0], 1e-12); // in the top padding → the top edge
      close(pointToSource([0.3, 0.9], t), [0.3, 1], 1e-12); // in the bottom padding → the bottom edge
    });

    test("boxToTarget and pointToTarget are the inverses", () => {
      close(boxToTarget([0, 0, 1, 1], t), [0, 0.25, 1, 0.5]);
      close(boxToTarget([0.5, 0.5, 0.5, 0.5], t), [0.5, 0.5, 0.5, 0.25]);
      close(pointToTarget([1, 1], t), [1, 0.75]);
      close(pointToTarget([0, 0], t), [0, 0.25]);
      for (const box of [[0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], [0.9, 0.05, 0.1, 0.9]] as const) {
        close(boxToSource(boxToTarget(box, t), t), box, 1e-12);
      }
    });
  });

  test("a tall 50×100 image into 64×64: scale 0.64, content 32×64, 16 columns of padding left", () => {
    const t = planResize(50, 100, 64, 64, "letterbox");
    assert.deepEqual([t.scaleX, t.scaleY, t.padLeft, t.padTop], [0.64, 0.64, 16, 0]);
    close(boxToSource([0.25, 0, 0.5, 1], t), [0, 0, 1, 1]);
    close(pointToSource([0.5, 0.5], t), [0.5, 0.5]);
    close(boxToTarget([0, 0, 0.5, 0.5], t), [0.25, 0, 0.25, 0.5]);
  });

  test("odd padding: the extra row goes to the bottom", () => {
    const t = planResize(10, 4, 10, 7, "letterbox"); // content 10×4, 3 rows of padding: 1 above, 2 below
    assert.deepEqual([t.scaleX, t.scaleY, t.padLeft, t.padTop], [1, 1, 0, 1]);
    close(boxToSource([0, 1 / 7, 1, 4 / 7], t), [0, 0, 1, 1], 1e-12);
  });

  test("content sizes are whole pixels, and the scale is taken from them", () => {
    const t = planResize(3, 2, 5, 5, "letterbox"); // 5 × 3.33 → 5 × 3
    assert.deepEqual(contentSize(t), { width: 5, height: 3 });
    assert.deepEqual([t.scaleX, t.scaleY, t.padTop], [5 / 3, 1.5, 1]);
    close(boxToSource(boxToTarget([0.2, 0.3, 0.4, 0.5], t), t), [0.2, 0.3, 0.4, 0.5], 1e-12);
    // A very wide image still gets a 1-pixel-high content band.
    assert.deepEqual(contentSize(planResize(1000, 1, 10, 10, "letterbox")), { width: 10, height: 1 });
  });

  test("fill stretches with no padding: relative coordinates are unchanged", () => {
    const t = planResize(40, 20, 10, 10, "fill");
    assert.deepEqual(t, { srcWidth: 40, srcHeight: 20, dstWidth: 10, dstHeight: 10, scaleX: 0.25, scaleY: 0.5, padLeft: 0, padTop: 0 });
    close(boxToSource([0.1, 0.2, 0.3, 0.4], t), [0.1, 0.2, 0.3, 0.4]);
    close(boxToTarget([0.1, 0.2, 0.3, 0.4], t), [0.1, 0.2, 0.3, 0.4]);
    close(pointToSource([0.7, 0.9], t), [0.7, 0.9]);
  });

  test("bad sizes and modes are refused", () => {
    assert.throws(() => planResize(0, 10, 10, 10, "fill"), MediaArgumentError);
    assert.throws(() => planResize(10, 10, 10.5, 10, "fill"), /positive integer width/);
    assert.throws(() => planResize(10, 10, 10, 10, "cover" as "fill"), /"fill" or "letterbox"/);
  });
});

describe("resizeImage", () => {
  test("letterbox: exact padding rows and content rows, with the transform planResize gives", async () => {
    const { image, transform } = await resizeImage(solidImage(200, 100, [200, 100, 50]), { width: 100, height: 100, mode: "letterbox", padValue: [1, 2, 3] });
    assert.deepEqual(transform, planResize(200, 100, 100, 100, "letterbox"));
    assert.deepEqual([image.width, image.height, image.channels, image.data.length], [100, 100, 3, 30000]);
    for (const x of [0, 50, 99]) {
      assert.deepEqual(pixelAt(image, x, 0), [1, 2, 3], "top padding");
      assert.deepEqual(pixelAt(image, x, 24), [1, 2, 3], "last padding row above");
      assert.deepEqual(pixelAt(image, x, 25), [200, 100, 50], "first content row");
      assert.deepEqual(pixelAt(image, x, 74), [200, 100, 50], "last content row");
      assert.deepEqual(pixelAt(image, x, 75), [1, 2, 3], "first padding row below");
    }
  });

  test("letterbox of a tall image pads left and right with one grey value", async () => {
    const { image } = await resizeImage(solidImage(50, 100, [9, 9, 9]), { width: 64, height: 64, mode: "letterbox", padValue: 114 });
    assert.deepEqual(pixelAt(image, 15, 30), [114, 114, 114]);
    assert.deepEqual(pixelAt(image, 16, 30), [9, 9, 9]);
    assert.deepEqual(pixelAt(image, 47, 30), [9, 9, 9]);
    assert.deepEqual(pixelAt(image, 48, 30), [114, 114, 114]);
  });

  test("content pixels come from where the transform says", async () => {
    const { image, transform } = await resizeImage(coordImage(200, 100), { width: 100, height: 100, mode: "letterbox" });
    // Input pixel (50, 50) has its centre at (50.5, 50.5) → source (101, 51) → the value there is ≈ [100.5, 50.5].
    const [x, y] = pointToSource([50.5 / 100, 50.5 / 100], transform);
    assert.deepEqual([x * 200, y * 100], [101, 51]);
    const [r, g, b] = pixelAt(image, 50, 50);
    assert.ok(Math.abs(r! - 100.5) <= 1 && Math.abs(g! - 50.5) <= 1 && b === 7, `${r},${g},${b}`);
  });

  test("fill stretches to the exact size", async () => {
    const { image, transform } = await resizeImage(coordImage(40, 20), { width: 10, height: 10 });
    assert.deepEqual([image.width, image.height], [10, 10]);
    assert.deepEqual([transform.scaleX, transform.scaleY, transform.padLeft, transform.padTop], [0.25, 0.5, 0, 0]);
    const [r, g] = pixelAt(image, 9, 9);
    assert.ok(Math.abs(r! - 37.5) <= 1.5 && Math.abs(g! - 19) <= 1, `bottom-right comes from the source's: ${r},${g}`);
  });

  test("the kernel option: nearest-neighbour doubling repeats pixels exactly", async () => {
    const img: RgbImage = { data: Uint8Array.from([10, 0, 0, 20, 0, 0, 30, 0, 0, 40, 0, 0]), width: 2, height: 2, channels: 3 };
    const { image } = await resizeImage(img, { width: 4, height: 4, kernel: "nearest" });
    const reds = Array.from({ length: 16 }, (_, p) => pixelAt(image, p % 4, Math.floor(p / 4))[0]);
    assert.deepEqual(reds, [10, 10, 20, 20, 10, 10, 20, 20, 30, 30, 40, 40, 30, 30, 40, 40]);
  });

  test("an image already at the size comes back as an equal copy", async () => {
    const src = coordImage(8, 8);
    const { image, transform } = await resizeImage(src, { width: 8, height: 8, mode: "letterbox" });
    assert.deepEqual(Array.from(image.data), Array.from(src.data));
    assert.notEqual(image.data, src.data, "a copy, not the caller's buffer");
    assert.deepEqual([transform.scaleX, transform.padLeft, transform.padTop], [1, 0, 0]);
  });

  test("malformed images and options are refused", async () => {
    await assert.rejects(resizeImage({ data: new Uint8Array(5), width: 2, height: 2, channels: 3 }, { width: 4, height: 4 }), /12 bytes of RGB data, got 5 bytes/);
    await assert.rejects(resizeImage(coordImage(4, 4), { width: 0, height: 4 }), MediaArgumentError);
    await assert.rejects(resizeImage(coordImage(4, 4), { width: 8, height: 4, mode: "letterbox", padValue: 256 }), /padValue/);
  });
});
