import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { demoPhotos, repoRoot } from "../support/env.js";

// The README's App example, run as a user would against the built package (as test/docs/readme.test.ts does for the other sections).
test("the README's App example runs", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const at = readme.indexOf("## App\n");
  assert.ok(at >= 0, "README has an App section");
  const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))![1]!.replace(/from "modelzoo"/g, `from ${JSON.stringify(path.join(repoRoot, "dist", "index.js"))}`);
  const base = path.join(repoRoot, "test-output");
  fs.mkdirSync(base, { recursive: true });
  const cwd = fs.mkdtempSync(path.join(base, "readme-app-"));
  fs.mkdirSync(path.join(cwd, "photos"));
  for (const p of demoPhotos()) fs.copyFileSync(p, path.join(cwd, "photos", path.basename(p)));
  fs.writeFileSync(path.join(cwd, "example.mts"), code);
  const r = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "example.mts"], {
    cwd,
    env: { ...process.env, MODELZOO_HOME: path.join(cwd, "home") },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const [first, second] = r.stdout.trim().split("\n");
  assert.match(first!, /^open http:\/\/127\.0\.0\.1:\d+\/$/);
  // CenterNet finds people in most of the six group photos at 0.4.
  const m = /^(\d) samples with a person$/.exec(second!);
  assert.ok(m && Number(m[1]) >= 4, second);
});
