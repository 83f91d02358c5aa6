import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { coresResults, readmeWithCores } from "../../scripts/cores-table.js";
import { repoRoot } from "../support/env.js";

test("README's Using every core tables are generated from bench/results/cores.json (npm run readme:cores)", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const results = coresResults();
  const measured = results.models?.filter((m) => m.contenders) ?? [];
  assert.ok(measured.length > 0, "the run measured models");
  for (const m of measured) {
    const keys = m.contenders!.map((c) => c.key);
    // A cascade (OCR: detector then recognizer) has no single forward pass to time bare, and says so.
    const cascade = m.peerNotes?.some((n) => n.startsWith("bare:")) ?? false;
    for (const key of cascade ? ["modelzoo", "modelzoo-main"] : ["bare", "modelzoo", "modelzoo-main", "prepare"]) assert.ok(keys.includes(key), `${m.name} (${m.photos}): ${key} measured`);
    // Every peer ran both ways: as its documentation shows it, and done well.
    const peers = keys.filter((k) => k.startsWith("peer:")).map((k) => k.slice("peer:".length));
    assert.ok(peers.length > 0, `${m.name} (${m.photos}): a peer measured`);
    for (const p of peers) assert.ok(keys.includes(`peer-tuned:${p}`), `${m.name} (${m.photos}): ${p} done well`);
    assert.ok(m.load && m.ratios?.modelzooOverPeer && (cascade || m.ratios.modelzooOverBare), `${m.name}: load and ratios recorded`);
  }
  assert.equal(readme, readmeWithCores(readme, results), "README.md's Using every core tables are stale: run npm run readme:cores");
});
