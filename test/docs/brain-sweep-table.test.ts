import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { readmeWithSweep, sweepResults } from "../../scripts/brain-sweep-table.js";
import { USEARCH_PARAMS } from "../../src/brain/knn.js";
import { repoRoot } from "../support/env.js";

test("README's similarity-index tuning table is generated from bench/results/brain-sweep-100k.json (npm run readme:brain-sweep); the defaults are the chosen settings", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const results = sweepResults();
  const { chosen } = results;
  assert.deepEqual(
    { connectivity: USEARCH_PARAMS.connectivity, expansionAdd: USEARCH_PARAMS.expansionAdd, expansionSearch: USEARCH_PARAMS.expansionSearch, metric: USEARCH_PARAMS.metric },
    { connectivity: chosen.connectivity, expansionAdd: chosen.expansionAdd, expansionSearch: chosen.expansionSearch, metric: chosen.metric },
  );
  const measured = results.runs.flatMap((r) => r.rows).filter((r) => r.library === "usearch" && r.expansionSearch === chosen.expansionSearch && r.metric === chosen.metric && r.connectivity === chosen.connectivity);
  assert.ok(measured.length > 0 && measured.every((r) => r.recallAt10 >= 0.95), "the chosen settings were measured and reach recall@10 0.95");
  assert.equal(readme, readmeWithSweep(readme, results), "README.md's similarity-index tuning table is stale: run npm run readme:brain-sweep");
});
