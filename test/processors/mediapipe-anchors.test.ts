import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeAnchorRows, ssdAnchorCenters } from "../../src/index.js";

describe("MediaPipe SSD anchors", () => {
  test("one anchor per output row of each detector", () => {
    assert.equal(ssdAnchorCenters(256, [8, 16, 32, 32, 32]).length, 2944, "palm detector [1, 2944, 19]");
    assert.equal(ssdAnchorCenters(224, [8, 16, 32, 32, 32]).length, 2254, "BlazePose detector [1, 2254, 13]");
    assert.equal(ssdAnchorCenters(128, [8, 16, 16, 16]).length, 512 + 384, "BlazeFace front: 512 + 384 rows");
    assert.equal(ssdAnchorCenters(256, [16, 32, 32, 32]).length, 512 + 384, "BlazeFace back: 512 + 384 rows");
  });

  test("the palm grid is human's handposeanchors table: cells row by row, two anchors a cell, then the coarser grids", () => {
    const a = ssdAnchorCenters(256, [8, 16, 32, 32, 32]);
    assert.deepEqual(a.slice(0, 3), [[0.015625, 0.015625], [0.015625, 0.015625], [0.046875, 0.015625]]);
    assert.deepEqual(a[2047], [0.984375, 0.984375]);
    assert.deepEqual(a[2048], [0.03125, 0.03125]);
    // The three stride-32 layers share one 8×8 grid: six anchors a cell.
    assert.deepEqual(a.slice(2560, 2566), Array(6).fill([0.0625, 0.0625]));
    assert.deepEqual(a[2943], [0.9375, 0.9375]);
  });

  test("rows decode to boxes and keypoints around their anchor, in input pixels; weak and overlapping rows are dropped", () => {
    const anchors = [[0.5, 0.5], [0.5, 0.5], [0.25, 0.25]] as [number, number][];
    // [logit, cx, cy, w, h, kx, ky] per anchor, offsets in pixels of a 100-px input.
    const rows = [
      [2, 10, -10, 20, 40, 5, 5],
      [1, 11, -10, 20, 40, 0, 0], // the same object, weaker: NMS drops it
      [-3, 0, 0, 10, 10, 0, 0], // sigmoid(-3) ≈ 0.05: below the threshold
    ];
    const out = decodeAnchorRows((i, j) => rows[i]![j]!, { anchors, inputSize: 100, keypoints: 1, minScore: 0.5, iouThreshold: 0.3, maxDetections: 10 });
    assert.equal(out.length, 1);
    const [d] = out;
    assert.ok(Math.abs(d!.score - 1 / (1 + Math.exp(-2))) < 1e-9);
    const expected = [0.6 - 0.1, 0.4 - 0.2, 0.6 + 0.1, 0.4 + 0.2];
    d!.corners.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-9, `corner ${i}: ${v}`));
    assert.deepEqual(d!.points, [[0.55, 0.55]]);
  });
});
