import assert from "node:assert/strict";
import { test } from "node:test";
import { runReadmeExample } from "../support/readme.js";

test("the README's App example runs", () => {
  const { stdout } = runReadmeExample("## App");
  const [first, second] = stdout.trim().split("\n");
  assert.match(first!, /^open http:\/\/127\.0\.0\.1:\d+\/$/);
  // CenterNet finds people in most of the six group photos at 0.4.
  const m = /^(\d) samples with a person$/.exec(second!);
  assert.ok(m && Number(m[1]) >= 4, second);
});
