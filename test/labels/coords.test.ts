import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boxArea, boxIou, clipBox, fromAbsoluteBox, fromAbsolutePoints, fromCornerBox, toAbsoluteBox, toAbsolutePoints, toCornerBox } from "../../src/index.js";

const close = (actual: readonly number[], expected: readonly number[]) =>
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-9, `[${actual.join(", ")}] ≈ [${expected.join(", ")}]`));

describe("coordinate conversions (hand-computed)", () => {
  test("pixel boxes ↔ relative boxes", () => {
    // 100×200 image: x 10/100, y 20/200, w 30/100, h 40/200.
    close(fromAbsoluteBox([10, 20, 30, 40], 100, 200), [0.1, 0.1, 0.3, 0.2]);
    close(toAbsoluteBox([0.1, 0.1, 0.3, 0.2], 100, 200), [10, 20, 30, 40]);
    // Partly outside: clipped at the right edge (x 80..120 → 80..100).
    close(fromAbsoluteBox([80, 0, 40, 10], 100, 100), [0.8, 0, 0.2, 0.1]);
    // Entirely outside: an empty box at the edge.
    close(fromAbsoluteBox([150, 150, 10, 10], 100, 100), [1, 1, 0, 0]);
  });

  test("corner boxes", () => {
    close(fromCornerBox([0.2, 0.4, 0.6, 0.5]), [0.2, 0.4, 0.4, 0.1]);
    close(fromCornerBox([60, 50, 20, 40], 100, 100), [0.2, 0.4, 0.4, 0.1]); // swapped corners, in pixels
    close(toCornerBox([0.2, 0.4, 0.4, 0.1]), [0.2, 0.4, 0.6, 0.5]);
    close(clipBox([-0.1, 0.5, 0.5, 0.7]), [0, 0.5, 0.4, 0.5]);
  });

  test("area and IoU", () => {
    assert.equal(boxArea([0, 0, 0.5, 0.4]), 0.2);
    // Two 0.2×0.2 squares overlapping by half their width: inter 0.02, union 0.06.
    assert.ok(Math.abs(boxIou([0, 0, 0.2, 0.2], [0.1, 0, 0.2, 0.2]) - 1 / 3) < 1e-12);
    assert.equal(boxIou([0, 0, 0.1, 0.1], [0.5, 0.5, 0.1, 0.1]), 0);
    assert.equal(boxIou([0.1, 0.1, 0.3, 0.3], [0.1, 0.1, 0.3, 0.3]), 1);
    assert.equal(boxIou([0, 0, 0, 0], [0, 0, 0, 0]), 0);
  });

  test("points", () => {
    assert.deepEqual(fromAbsolutePoints([[50, 100], [120, -5]], 100, 200), [[0.5, 0.5], [1, 0]]);
    assert.deepEqual(toAbsolutePoints([[0.5, 0.25]], 100, 200), [[50, 50]]);
  });
});
