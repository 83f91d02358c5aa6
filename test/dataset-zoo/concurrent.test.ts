import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, zoo } from "../../src/index.js";
import { demoPhotos, repoRoot, tempDir, useTempHome } from "../support/env.js";
import { startMirror, writeZip, type Mirror } from "../support/mirror.js";

const home = useTempHome();
const root = tempDir("modelzoo-concurrent-mirror-");
let mirror: Mirror;

before(async () => {
  const images = [1, 2, 3].map((i) => ({ id: i, file_name: `img${i}.jpg`, width: 1920, height: 1280 }));
  const json = { images, annotations: images.map((im) => ({ image_id: im.id, category_id: 1, bbox: [10, 10, 100, 100] })), categories: [{ id: 1, name: "person" }] };
  await writeZip(path.join(root, "annotations", "annotations_trainval2017.zip"), {
    "annotations/instances_val2017.json": JSON.stringify(json),
    "annotations/instances_train2017.json": JSON.stringify({ ...json, annotations: [] }),
  });
  fs.mkdirSync(path.join(root, "val2017"));
  for (const [i, p] of demoPhotos().slice(0, 3).entries()) fs.copyFileSync(p, path.join(root, "val2017", `img${i + 1}.jpg`));
  mirror = await startMirror(root);
  mirror.delayMs = 150; // a slow host, so that the two downloads overlap
  process.env.MODELZOO_COCO_URL = mirror.url;
});
after(() => mirror.close());

/** A child process that loads the validation split into a persistent dataset of its own. */
function loadInChild(datasetName: string): Promise<number | null> {
  const script = `import { zoo } from "./src/index.ts";
await zoo.loadZooDataset("coco-2017", { split: "validation", datasetName: ${JSON.stringify(datasetName)}, persistent: true });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repoRoot,
    env: { ...process.env, MODELZOO_HOME: home },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise((resolve) => child.on("exit", resolve));
}

describe("two processes loading the same zoo dataset", () => {
  test("take turns: one download of each file, two complete datasets", async () => {
    const codes = await Promise.all([loadInChild("first"), loadInChild("second")]);
    assert.deepEqual(codes, [0, 0]);
    assert.equal(mirror.hits.get("/annotations/annotations_trainval2017.zip"), 1);
    assert.equal(mirror.count("/val2017/"), 3);
    for (const name of ["first", "second"]) assert.equal(await (await Dataset.load(name)).count(), 3);
    assert.equal(fs.existsSync(path.join(zoo.zooDatasetsDir(), "coco-2017", ".lock")), false, "the lock is released");
  });
});
