import assert from "node:assert/strict";
import { test } from "node:test";
import { globalAveragePool, l2normalize } from "../../src/models/index.js";

test("global average pooling in both layouts, and L2 normalization (hand-computed)", () => {
  // 2 channels × 2 positions. NCHW: channel 0 = [1, 3], channel 1 = [10, 20].
  assert.deepEqual(Array.from(globalAveragePool([1, 3, 10, 20], [2, 1, 2], "nchw")), [2, 15]);
  // NHWC: position 0 = [1, 10], position 1 = [3, 20].
  assert.deepEqual(Array.from(globalAveragePool([1, 10, 3, 20], [1, 2, 2], "nhwc")), [2, 15]);
  assert.deepEqual(Array.from(l2normalize(Float32Array.from([3, 4]))), [0.6000000238418579, 0.800000011920929]);
  assert.deepEqual(Array.from(l2normalize(new Float32Array(2))), [0, 0], "a zero vector stays zero");
});
