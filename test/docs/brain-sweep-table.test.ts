import assert from "node:assert/strict";
import { test } from "node:test";
import type { SweepResults } from "../../scripts/brain-sweep-table.js";
import { readJson } from "../../scripts/readme-tables.js";
import { USEARCH_PARAMS } from "../../src/brain/knn.js";

test("the similarity index's defaults are the settings bench/results/brain-sweep-100k.json chose", () => {
  const results = readJson<SweepResults>("bench/results/brain-sweep-100k.json");
  const { chosen } = results;
  assert.deepEqual(
    { connectivity: USEARCH_PARAMS.connectivity, expansionAdd: USEARCH_PARAMS.expansionAdd, expansionSearch: USEARCH_PARAMS.expansionSearch, metric: USEARCH_PARAMS.metric },
    { connectivity: chosen.connectivity, expansionAdd: chosen.expansionAdd, expansionSearch: chosen.expansionSearch, metric: chosen.metric },
  );
  const measured = results.runs.flatMap((r) => r.rows).filter((r) => r.library === "usearch" && r.expansionSearch === chosen.expansionSearch && r.metric === chosen.metric && r.connectivity === chosen.connectivity);
  assert.ok(measured.length > 0 && measured.every((r) => r.recallAt10 >= 0.95), "the chosen settings were measured and reach recall@10 0.95");
});
