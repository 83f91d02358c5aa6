import assert from "node:assert/strict";
import { test } from "node:test";
import type { BenchResults } from "../../bench/run-bench.js";
import { readJson } from "../../scripts/readme-tables.js";

test("bench/results/cores.json (README's Using every core tables) measured every contender the issue asks for", () => {
  const results = readJson<BenchResults>("bench/results/cores.json");
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
});
