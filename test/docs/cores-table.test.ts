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
    const roles = m.contenders!.map((c) => c.role);
    for (const role of ["bare", "modelzoo", "modelzoo-main", "prepare"] as const) assert.ok(roles.includes(role), `${m.name} (${m.photos}): ${role} measured`);
    assert.ok(m.load && m.ratios?.modelzooOverBare, `${m.name}: load and ratios recorded`);
  }
  assert.equal(readme, readmeWithCores(readme, results), "README.md's Using every core tables are stale: run npm run readme:cores");
});
