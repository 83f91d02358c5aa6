import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Array2D, LabelValidationError } from "../../src/labels/index.js";
import { swapByteOrder } from "../../src/labels/byte-order.js";
import { expectInvalid } from "./expect-invalid.js";

describe("Array2D", () => {
  test("is row-major: get(y, x) reads data[y * width + x]", () => {
    const a = Array2D.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.deepEqual([a.height, a.width, a.dtype], [2, 3, "uint8"]);
    assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6]);
    assert.equal(a.get(1, 0), 4);
    assert.equal(a.get(0, 2), 3);
    a.set(1, 2, 9);
    assert.equal(a.data[5], 9);
  });

  test("zeros makes each dtype", () => {
    for (const [dtype, ctor] of [["uint8", Uint8Array], ["uint16", Uint16Array], ["int32", Int32Array], ["float32", Float32Array]] as const) {
      const z = Array2D.zeros(2, 3, dtype);
      assert.equal(z.dtype, dtype);
      assert.ok(z.data instanceof ctor);
      assert.deepEqual([...z.data], [0, 0, 0, 0, 0, 0]);
    }
    assert.equal(Array2D.zeros(1, 1).dtype, "uint8");
    expectInvalid(() => Array2D.zeros(1, 1, "float64" as never), "Array2D dtype", /"float64"/);
  });

  test("the constructor checks dims and length", () => {
    assert.throws(() => new Array2D(2, 2, new Uint8Array(3)), /Array2D of 2×2 needs 4 values \(height × width\); got 3/);
    assert.throws(() => new Array2D(0, 2, new Uint8Array(0)), /at least 1×1; got 0×2/);
    assert.throws(() => new Array2D(1.5, 2, new Uint8Array(3)), /whole-number dimensions.*got 1\.5×2/);
    assert.throws(() => new Array2D(1, 1, [1] as never), LabelValidationError);
    assert.throws(() => Array2D.zeros(-1, 2), /at least 1×1/);
  });

  test("get and set refuse indices outside the array instead of reading the next row", () => {
    const a = Array2D.zeros(2, 2);
    assert.throws(() => a.get(0, 2), (e: unknown) => e instanceof RangeError && /\(y=0, x=2\) is outside the 2×2/.test(e.message));
    assert.throws(() => a.set(2, 0, 1), RangeError);
    assert.throws(() => a.get(-1, 0), RangeError);
    assert.throws(() => a.get(0.5, 0), RangeError);
  });

  test("from checks that rows are equal and values fit the dtype", () => {
    expectInvalid(() => Array2D.from([[1, 2], [3]]), "Array2D.from", /row 0 has 2 values, row 1 has 1/);
    expectInvalid(() => Array2D.from([]), "Array2D.from", /non-empty list of rows/);
    expectInvalid(() => Array2D.from([[256]], "uint8"), "Array2D.from", /row 0, column 0 must be a whole number in \[0, 255\]; got 256/);
    expectInvalid(() => Array2D.from([[0, 1.5]], "uint16"), "Array2D.from", /column 1 .*got 1\.5/);
    expectInvalid(() => Array2D.from([[-2147483649]], "int32"), "Array2D.from", /\[-2147483648, 2147483647\]/);
    expectInvalid(() => Array2D.from([[0], [NaN]], "float32"), "Array2D.from", /row 1, column 0 must be a finite number; got NaN/);
    assert.equal(Array2D.from([[65535]], "uint16").get(0, 0), 65535);
    assert.equal(Array2D.from([[-5]], "int32").get(0, 0), -5);
  });
});

describe("Array2D JSON", () => {
  test("holds the little-endian bytes in base64 (hand-encoded)", () => {
    // uint16 1 → 01 00, 258 → 02 01; base64 of 01 00 02 01 is "AQACAQ==".
    assert.deepEqual(Array2D.from([[1], [258]], "uint16").toJSON(), { shape: [2, 1], dtype: "uint16", data: "AQACAQ==" });
    // int32 -1 → ff ff ff ff → "/////w==".
    assert.deepEqual(Array2D.from([[-1]], "int32").toJSON(), { shape: [1, 1], dtype: "int32", data: "/////w==" });
    // float32 1.0 → 00 00 80 3f → "AACAPw==".
    assert.deepEqual(Array2D.from([[1]], "float32").toJSON(), { shape: [1, 1], dtype: "float32", data: "AACAPw==" });
    assert.deepEqual(Array2D.from([[0, 255]]).toJSON(), { shape: [1, 2], dtype: "uint8", data: "AP8=" });
  });

  test("round-trips every dtype", () => {
    const arrays = [
      Array2D.from([[0, 1, 255]], "uint8"),
      Array2D.from([[0], [65535]], "uint16"),
      Array2D.from([[-2147483648, 2147483647]], "int32"),
      Array2D.from([[0.5, -1.25], [3.4028234663852886e38, 1e-7]], "float32"),
    ];
    for (const a of arrays) {
      const back = Array2D.fromJSON(JSON.parse(JSON.stringify(a)));
      assert.deepEqual(back, a);
      assert.equal(back.dtype, a.dtype);
    }
  });

  test("reads views into a larger buffer at an odd offset", () => {
    const buffer = new ArrayBuffer(16);
    const view = new Uint16Array(buffer, 2, 2);
    view.set([7, 8]);
    const a = new Array2D(1, 2, view);
    assert.deepEqual([...Array2D.fromJSON(a.toJSON()).data], [7, 8]);
  });

  test("refuses malformed JSON, naming the field", () => {
    const data = Buffer.from([1, 2, 3]).toString("base64");
    expectInvalid(() => Array2D.fromJSON({ shape: [2, 2], dtype: "uint8", data }, "Segmentation.mask"), "Segmentation.mask", /2×2 needs 4 values.*got 3/);
    expectInvalid(() => Array2D.fromJSON({ shape: [1, 3], dtype: "uint16", data }, "Detection.mask"), "Detection.mask", /whole 2-byte values; got 3 bytes/);
    expectInvalid(() => Array2D.fromJSON({ shape: [2], dtype: "uint8", data }), "Array2D", /shape: \[height, width\]/);
    expectInvalid(() => Array2D.fromJSON({ shape: [1, 1], dtype: "float64", data: "AA==" }), "Array2D", /"float64"/);
    expectInvalid(() => Array2D.fromJSON({ shape: [1, 1], dtype: "uint8", data: "not base64!" }), "Array2D", /not padded base64/);
    expectInvalid(() => Array2D.fromJSON(null), "Array2D", /got null/);
  });

  test("swapByteOrder reverses each element's bytes (used on big-endian platforms)", () => {
    assert.deepEqual([...swapByteOrder(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 4)], [4, 3, 2, 1, 8, 7, 6, 5]);
    assert.deepEqual([...swapByteOrder(Uint8Array.of(1, 2, 3, 4), 2)], [2, 1, 4, 3]);
  });
});
