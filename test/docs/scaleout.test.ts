import assert from "node:assert/strict";
import { test } from "node:test";
import type { ScaleoutResults } from "../../bench/scaleout.js";
import { readJson } from "../../scripts/readme-tables.js";

test("bench/results/scaleout.json (README's Scaling out) measured both sections, and both stores agree", () => {
  const results = readJson<ScaleoutResults>("bench/results/scaleout.json");
  assert.ok(results.workers && results.store, "both sections measured");
  assert.deepEqual(results.workers.steps.map((s) => s.workers), [0, 1, 2, 4], "one process, then 1, 2 and 4 workers");
  assert.ok(results.store.ops.some((o) => o.store === "postgres") && results.store.ops.some((o) => o.store === "sqlite"));
  for (const op of results.store.ops.filter((o) => o.store === "postgres" && o.result !== undefined)) {
    assert.equal(op.result, results.store.ops.find((o) => o.store === "sqlite" && o.operation === op.operation)?.result, `${op.operation}: both stores agree`);
  }
});
