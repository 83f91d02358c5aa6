import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { zoo } from "../../src/index.js";
import { repoRoot, useTempHome } from "../support/env.js";

const home = useTempHome();

test("two processes downloading the same model at once both end with one verified copy", async () => {
  const script = `import { zoo } from "./src/index.ts"; console.log(await zoo.downloadZooModel("nanodet-coco-tfjs"));`;
  const run = () =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, env: { ...process.env, MODELZOO_HOME: home } });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("exit", (code) => resolve({ code, out, err }));
    });
  const results = await Promise.all([run(), run(), run()]);
  for (const r of results) {
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), path.join(home, "models", "nanodet-coco-tfjs"));
  }
  assert.equal(zoo.isZooModelDownloaded("nanodet-coco-tfjs"), true);
  assert.deepEqual(fs.readdirSync(path.join(home, "models")), ["nanodet-coco-tfjs"], "no staging folders left behind");
});
