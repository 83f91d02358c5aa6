import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  boxArea,
  boxIou,
  clipBox,
  fromAbsoluteBox,
  fromAbsolutePoints,
  fromCornerBox,
  toAbsoluteBox,
  toAbsolutePoints,
  toCornerBox,
} from "../../src/labels/index.js";
import { expectInvalid } from "./expect-invalid.js";

/** Element-wise equality within 1e-9 (the helpers divide, so values are not exact). */
const close = (actual: readonly (number | null)[] | readonly (readonly number[] | null)[], expected: typeof actual) => {
  const a = actual.flat();
  const e = expected.flat();
  assert.equal(a.length, e.length, `[${String(a)}] vs [${String(e)}]`);
  a.forEach((v, i) => {
    const w = e[i];
    assert.ok(v === null ? w === null : typeof w === "number" && Math.abs(v - w) < 1e-9, `[${String(a)}] ≈ [${String(e)}]`);
  });
};

describe("coordinates: pixel boxes", () => {
  test("fromAbsoluteBox divides by the image size", () => {
    // 100×200 image: x 10/100, y 20/200, w 30/100, h 40/200.
    close(fromAbsoluteBox([10, 20, 30, 40], 100, 200), [0.1, 0.1, 0.3, 0.2]);
    close(fromAbsoluteBox([0, 0, 640, 480], 640, 480), [0, 0, 1, 1]);
  });

  test("fromAbsoluteBox clips to the image", () => {
    // x 80..120 in a 100-wide image → 80..100.
    close(fromAbsoluteBox([80, 0, 40, 10], 100, 100), [0.8, 0, 0.2, 0.1]);
    // x -20..30, y 90..130 in 100×100 → 0..30, 90..100.
    close(fromAbsoluteBox([-20, 90, 50, 40], 100, 100), [0, 0.9, 0.3, 0.1]);
    // Entirely outside: an empty box on the edge.
    close(fromAbsoluteBox([150, 150, 10, 10], 100, 100), [1, 1, 0, 0]);
    close(fromAbsoluteBox([-50, 20, 10, 10], 100, 100), [0, 0.2, 0, 0.1]);
  });

  test("toAbsoluteBox multiplies by the image size", () => {
    close(toAbsoluteBox([0.1, 0.1, 0.3, 0.2], 100, 200), [10, 20, 30, 40]);
    close(toAbsoluteBox([0.5, 0.25, 0.5, 0.75], 640, 480), [320, 120, 320, 360]);
  });

  test("the image size must be positive", () => {
    expectInvalid(() => fromAbsoluteBox([0, 0, 1, 1], 0, 100), "fromAbsoluteBox", /positive; got 0 × 100/);
    expectInvalid(() => toAbsoluteBox([0, 0, 1, 1], 100, NaN), "toAbsoluteBox", /got 100 × NaN/);
    expectInvalid(() => fromAbsolutePoints([[1, 1]], -1, 1), "fromAbsolutePoints", /got -1 × 1/);
  });
});

describe("coordinates: corner boxes", () => {
  test("fromCornerBox, relative or in pixels", () => {
    close(fromCornerBox([0.2, 0.4, 0.6, 0.5]), [0.2, 0.4, 0.4, 0.1]);
    // Pixels in a 200×100 image: x 40..120 → 0.2..0.6, y 40..50 → 0.4..0.5.
    close(fromCornerBox([40, 40, 120, 50], 200, 100), [0.2, 0.4, 0.4, 0.1]);
    // Swapped corners are put in order.
    close(fromCornerBox([120, 50, 40, 40], 200, 100), [0.2, 0.4, 0.4, 0.1]);
    // Clipped: x2 1.3 → 1.
    close(fromCornerBox([0.5, -0.2, 1.3, 0.4]), [0.5, 0, 0.5, 0.4]);
  });

  test("toCornerBox, relative or in pixels", () => {
    close(toCornerBox([0.2, 0.4, 0.4, 0.1]), [0.2, 0.4, 0.6, 0.5]);
    close(toCornerBox([0.2, 0.4, 0.4, 0.1], 200, 100), [40, 40, 120, 50]);
  });

  test("clipBox keeps the part inside [0, 1]", () => {
    close(clipBox([-0.1, 0.5, 0.5, 0.7]), [0, 0.5, 0.4, 0.5]);
    close(clipBox([0.2, 0.2, 0.3, 0.3]), [0.2, 0.2, 0.3, 0.3]);
    close(clipBox([1.2, 0, 0.5, 1]), [1, 0, 0, 1]);
  });
});

describe("coordinates: area and IoU", () => {
  test("boxArea", () => {
    assert.equal(boxArea([0, 0, 0.5, 0.4]), 0.2);
    assert.equal(boxArea([10, 20, 30, 40]), 1200);
    assert.equal(boxArea([0, 0, -1, 5]), 0);
  });

  test("boxIou of hand-worked pairs", () => {
    // Two 0.2×0.2 squares overlapping by half their width: inter 0.1×0.2 = 0.02, union 0.04 + 0.04 - 0.02 = 0.06.
    close([boxIou([0, 0, 0.2, 0.2], [0.1, 0, 0.2, 0.2])], [1 / 3]);
    // Overlapping by a quarter of each (offset half in x and y): inter 0.01, union 0.07.
    close([boxIou([0, 0, 0.2, 0.2], [0.1, 0.1, 0.2, 0.2])], [1 / 7]);
    // One inside the other: inter = the small area 0.01, union = the big area 0.16.
    close([boxIou([0.1, 0.1, 0.4, 0.4], [0.2, 0.2, 0.1, 0.1])], [0.0625]);
    // Pixels work the same: 10×10 squares offset by 5 → inter 50, union 150.
    close([boxIou([0, 0, 10, 10], [5, 0, 10, 10])], [1 / 3]);
  });

  test("boxIou edge cases", () => {
    assert.equal(boxIou([0, 0, 0.1, 0.1], [0.5, 0.5, 0.1, 0.1]), 0);
    assert.equal(boxIou([0, 0, 0.1, 0.1], [0.1, 0, 0.1, 0.1]), 0); // touching edges
    assert.equal(boxIou([0.1, 0.1, 0.3, 0.3], [0.1, 0.1, 0.3, 0.3]), 1);
    assert.equal(boxIou([0, 0, 0, 0], [0, 0, 0, 0]), 0);
    assert.equal(boxIou([0.3, 0.7, 0.1, 0.2], [0.2, 0.1, 0.5, 0.9]), boxIou([0.2, 0.1, 0.5, 0.9], [0.3, 0.7, 0.1, 0.2]));
  });
});

describe("coordinates: points", () => {
  test("fromAbsolutePoints divides and clips; null stays null", () => {
    close(fromAbsolutePoints([[50, 100], [120, -5]], 100, 200), [[0.5, 0.5], [1, 0]]);
    close(fromAbsolutePoints([[25, 50], null], 100, 200), [[0.25, 0.25], null]);
  });

  test("toAbsolutePoints multiplies; null stays null", () => {
    close(toAbsolutePoints([[0.5, 0.25]], 100, 200), [[50, 50]]);
    close(toAbsolutePoints([null, [1, 1]], 640, 480), [null, [640, 480]]);
  });
});
