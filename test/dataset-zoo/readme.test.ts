import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { repoRoot } from "../support/env.js";

/** Runs the first ```ts block after a README heading against the built package, in a fresh folder inside the repository. */
function runSection(heading: string): string {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const at = readme.indexOf(`## ${heading}\n`);
  assert.ok(at >= 0, `README has a "${heading}" section`);
  const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
  const base = path.join(repoRoot, "test-output");
  fs.mkdirSync(base, { recursive: true });
  const cwd = fs.mkdtempSync(path.join(base, "readme-zoo-"));
  fs.writeFileSync(path.join(cwd, "example.mts"), code.replace(/from "modelzoo"/g, `from ${JSON.stringify(path.join(repoRoot, "dist", "index.js"))}`));
  const r = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "example.mts"], {
    cwd,
    // Offline but for the installed packages: the quickstart needs nothing else.
    env: { ...process.env, MODELZOO_HOME: path.join(cwd, "home"), MODELZOO_OFFLINE: "1" },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe("README: dataset zoo and evaluation examples run offline", () => {
  test("Dataset zoo", () => {
    const out = runSection("Dataset zoo").replace(/\s+/g, " ");
    // Four photos of the six, chosen by seed 51: sample1, 6, 3 and 2 hold 3 + 4 + 3 + 3 people.
    assert.match(out, /^\[ 'coco-2017', 'open-images-v7', 'quickstart', 'voc-2012' \] quickstart-4 4 Map\(1\) \{ 'person' => 13 \}/);
  });

  test("Evaluating detections", () => {
    const out = runSection("Evaluating detections");
    assert.match(out, /^person\s+0\.\d\d\s+0\.\d\d\s+0\.\d\d\s+22\s+0\.\d\d$/m, out);
    assert.match(out, /mAP \(IoU 0\.50:0\.95\): 0\.\d{4}/);
    const last = out.trim().split("\n").at(-1)!.split(" ");
    assert.ok(Number(last[0]) > 0.65, `person AP@0.5 ${last[0]}`);
    assert.match(last[1]!, /sample\d\.jpg$/);
    assert.ok(Number(last[2]) >= 1, "the worst photo misses someone");
  });
});
