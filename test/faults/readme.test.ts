import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { readmeWithFaultTable } from "../../scripts/fault-counts.js";
import { repoRoot } from "../support/env.js";
import { faultCounts } from "./cases.js";

test("the README's Reliability figures are the fault suite's (npm run readme:faults)", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  assert.equal(readme, readmeWithFaultTable(readme), "README.md fault counts are stale: run npm run readme:faults");
  const c = faultCounts();
  assert.ok(Object.values(c).every((n) => n > 0));
});
