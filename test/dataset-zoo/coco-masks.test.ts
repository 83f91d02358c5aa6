import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cocoMask } from "../../src/zoo/datasets/sources/coco-masks.js";

const rows = (m: { height: number; width: number; get(r: number, c: number): number }) =>
  Array.from({ length: m.height }, (_, r) => Array.from({ length: m.width }, (_, c) => m.get(r, c)).join(""));

describe("COCO segmentations to instance masks over the box", () => {
  test("a polygon is filled at pixel centres", () => {
    // A 4×4 square from (10, 20) to (14, 24), box the same: every pixel is inside.
    assert.deepEqual(rows(cocoMask([[10, 20, 14, 20, 14, 24, 10, 24]], [10, 20, 4, 4])!), ["1111", "1111", "1111", "1111"]);
    // The lower-left triangle of that square: pixel centres (c + .5, r + .5) with r ≥ c lie inside.
    assert.deepEqual(rows(cocoMask([[10, 20, 14, 24, 10, 24]], [10, 20, 4, 4])!), ["1000", "1100", "1110", "1111"]);
  });

  test("uncompressed RLE (column-major, starting with 0s) is cropped to the box", () => {
    // A 3×4 image (h 3, w 4); runs: 4 zeros, 2 ones, 6 zeros → column 1 rows 1–2 are set.
    const mask = cocoMask({ counts: [4, 2, 6], size: [3, 4] }, [1, 1, 2, 2])!;
    assert.deepEqual(rows(mask), ["10", "10"]);
    assert.equal(cocoMask({ counts: "compressed", size: [3, 4] }, [0, 0, 1, 1]), undefined);
  });
});
