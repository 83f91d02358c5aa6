import assert from "node:assert/strict";
import { test } from "node:test";
import { faultCounts } from "./cases.js";

// The README's Reliability figures are these counts (test/docs/readme-tables.test.ts checks the table).
test("the fault suite has cases of every kind the README's Reliability figures count", () => {
  const c = faultCounts();
  assert.ok(Object.values(c).every((n) => n > 0), JSON.stringify(c));
});
