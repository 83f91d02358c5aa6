import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { readmeWithScaleout, scaleoutResults } from "../../scripts/scaleout-table.js";
import { repoRoot } from "../support/env.js";

test("README's Scaling out numbers are generated from bench/results/scaleout.json (npm run readme:scaleout)", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const results = scaleoutResults();
  assert.ok(results.workers && results.store, "both sections measured");
  assert.deepEqual(results.workers.steps.map((s) => s.workers), [0, 1, 2, 4], "one process, then 1, 2 and 4 workers");
  assert.ok(results.store.ops.some((o) => o.store === "postgres") && results.store.ops.some((o) => o.store === "sqlite"));
  for (const op of results.store.ops.filter((o) => o.store === "postgres" && o.result !== undefined)) {
    assert.equal(op.result, results.store.ops.find((o) => o.store === "sqlite" && o.operation === op.operation)?.result, `${op.operation}: both stores agree`);
  }
  assert.equal(readme, readmeWithScaleout(readme, results), "README.md's Scaling out numbers are stale: run npm run readme:scaleout");
});
