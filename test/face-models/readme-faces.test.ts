import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { runReadmeExample } from "../support/readme.js";

test("the README's Faces example runs as written", () => {
  const { stdout, cwd } = runReadmeExample("### Faces");
  // 22 faces in the six photos (3 + 3 + 3 + 4 + 5 + 4), all of them women.
  assert.match(stdout, /^128 Map\(1\) \{ 'face' => 22 \} Map\(1\) \{ 'female' => 22 \}/);
  fs.rmSync(cwd, { recursive: true, force: true });
});
