import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { demoPhotos, repoRoot, tempDir } from "../support/env.js";

/** The first ```ts block after a README heading. */
function readmeExample(heading: string): string {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const at = readme.indexOf(`## ${heading}`);
  assert.ok(at >= 0, `README has a "${heading}" section`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, `the "${heading}" section has a ts example`);
  return block[1]!;
}

test("the README quick start runs as written, against the built package", () => {
  const cwd = tempDir("modelzoo-readme-");
  fs.mkdirSync(path.join(cwd, "photos"));
  for (const p of demoPhotos()) fs.copyFileSync(p, path.join(cwd, "photos", path.basename(p)));
  const code = readmeExample("Quick start").replace(/from "modelzoo"/g, `from ${JSON.stringify(path.join(repoRoot, "dist", "index.js"))}`);
  fs.writeFileSync(path.join(cwd, "quickstart.mts"), code);
  const r = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "quickstart.mts"], {
    cwd,
    env: { ...process.env, MODELZOO_HOME: path.join(cwd, "home") },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  // One of the six photos got a person; the take(25) view holds all six, one matching.
  assert.match(r.stdout, /^1 Map\(1\) \{ 'person' => 1 \}/);
  const coco = JSON.parse(fs.readFileSync(path.join(cwd, "ground_truth.json"), "utf8")) as { annotations: unknown[] };
  assert.equal(coco.annotations.length, 1);
  assert.equal(fs.readFileSync(path.join(cwd, "my-photos.jsonl"), "utf8").trim().split("\n").length, 6);
});
