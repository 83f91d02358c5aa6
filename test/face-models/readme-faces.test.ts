import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { demoPhotos, repoRoot } from "../support/env.js";

test("the README's Faces example runs as written", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const at = readme.indexOf("### Faces");
  assert.ok(at >= 0, "README has a Faces section");
  const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))![1]!.replace(/from "modelzoo"/g, `from ${JSON.stringify(path.join(repoRoot, "dist", "index.js"))}`);
  const base = path.join(repoRoot, "test-output");
  fs.mkdirSync(base, { recursive: true });
  const cwd = fs.mkdtempSync(path.join(base, "readme-faces-"));
  fs.mkdirSync(path.join(cwd, "photos"));
  for (const p of demoPhotos()) fs.copyFileSync(p, path.join(cwd, "photos", path.basename(p)));
  fs.writeFileSync(path.join(cwd, "example.mts"), code);
  const r = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "example.mts"], { cwd, env: { ...process.env, MODELZOO_HOME: path.join(cwd, "home") }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  // 22 faces in the six photos (3 + 3 + 3 + 4 + 5 + 4), all of them women.
  assert.match(r.stdout, /^128 Map\(1\) \{ 'face' => 22 \} Map\(1\) \{ 'female' => 22 \}/);
  fs.rmSync(cwd, { recursive: true, force: true });
});
