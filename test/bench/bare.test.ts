import assert from "node:assert/strict";
import { test } from "node:test";
import { evenBatchSize } from "../../bench/contenders/bare.js";

// bare ×2's batches must split evenly over its instances, or one worker idles at the end of every round.
test("bare ×2 shrinks its batch until the batches split evenly over the instances", () => {
  assert.equal(evenBatchSize(12, 4, 2), 3); // 3 batches of 4 → 4 batches of 3, two per worker
  assert.equal(evenBatchSize(12, 2, 2), 2); // 6 batches: already even
  assert.equal(evenBatchSize(12, 1, 2), 1);
  assert.equal(evenBatchSize(6, 4, 2), 3); // 4 + 2 would be an even count but not even work
  assert.equal(evenBatchSize(16, 4, 2), 4);
  assert.equal(evenBatchSize(7, 4, 2), 1); // nothing larger splits 7 photos evenly
  assert.equal(evenBatchSize(1, 4, 2), 1);
  assert.equal(evenBatchSize(12, 4, 1), 4); // one instance: any size is even
});
