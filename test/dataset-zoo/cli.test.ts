import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../support/cli.js";
import { runCliAsync } from "../support/cli-async.js";
import { demoPhotos, tempDir } from "../support/env.js";
import { startMirror, writeZip, type Mirror } from "../support/mirror.js";

const home = tempDir("modelzoo-zoo-cli-");
const root = tempDir("modelzoo-zoo-cli-mirror-");
let mirror: Mirror;

before(async () => {
  // Two COCO validation images (demo photos) with one person each.
  const images = [1, 2].map((i) => ({ id: i, file_name: `00000000000${i}.jpg`, width: 1920, height: i === 1 ? 1280 : 1367 }));
  const json = { images, annotations: images.map((im) => ({ id: im.id, image_id: im.id, category_id: 1, bbox: [100, 200, 500, 900], iscrowd: 0 })), categories: [{ id: 1, name: "person" }] };
  await writeZip(path.join(root, "annotations", "annotations_trainval2017.zip"), {
    "annotations/instances_val2017.json": JSON.stringify(json),
    "annotations/instances_train2017.json": JSON.stringify({ images: [], annotations: [], categories: json.categories }),
  });
  fs.mkdirSync(path.join(root, "val2017"));
  for (const [i, p] of demoPhotos().slice(0, 2).entries()) fs.copyFileSync(p, path.join(root, "val2017", `00000000000${i + 1}.jpg`));
  mirror = await startMirror(root);
  process.env.MODELZOO_COCO_URL = mirror.url; // runCli passes the environment on
});
after(() => mirror.close());

describe("modelzoo datasets zoo", () => {
  test("list and info", () => {
    const list = runCli(["datasets", "zoo", "list"], home);
    assert.equal(list.code, 0, list.stderr);
    for (const name of ["coco-2017", "open-images-v7", "quickstart", "voc-2012"]) assert.match(list.stdout, new RegExp(`^${name}\\s`, "m"));
    const info = runCli(["datasets", "zoo", "info", "coco-2017", "--json"], home);
    assert.equal(info.code, 0, info.stderr);
    const json = JSON.parse(info.stdout) as { splits: string[]; labelTypes: string[]; mirrorEnv: string };
    assert.deepEqual(json.splits, ["validation", "train", "test"]);
    assert.deepEqual(json.labelTypes, ["detections", "segmentations"]);
    assert.equal(json.mirrorEnv, "MODELZOO_COCO_URL");
    const bad = runCli(["datasets", "zoo", "info", "quickstar"], home);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /No zoo dataset is called "quickstar"\. Did you mean "quickstart"\?/);
  });

  test("load makes a persistent dataset the other commands see; download fetches a selection", async () => {
    const load = runCli(["datasets", "zoo", "load", "quickstart", "--max-samples", "2", "--shuffle", "--seed", "51", "--dataset-name", "qs"], home);
    assert.equal(load.code, 0, load.stderr);
    assert.match(load.stdout, /Dataset "qs" has 2 samples from zoo dataset quickstart\./);
    const info = runCli(["datasets", "info", "qs", "--json"], home);
    assert.equal(info.code, 0, info.stderr);
    assert.equal((JSON.parse(info.stdout) as { samples: number; persistent: boolean }).persistent, true);

    const dl = await runCliAsync(["datasets", "zoo", "download", "coco-2017", "--split", "validation", "--max-samples", "1"], home);
    assert.equal(dl.code, 0, dl.stderr);
    assert.match(dl.stdout, /coco-2017 validation: 1 images in .* \(1 downloaded now\)\./);
    assert.equal(mirror.count("/val2017/"), 1);
    const list = runCli(["datasets", "zoo", "list"], home);
    assert.match(list.stdout, /^coco-2017\s.*1 images \(validation\)$/m);

    const bad = await runCliAsync(["datasets", "zoo", "load", "coco-2017", "--split", "valid"], home);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /no split "valid"\. Did you mean "validation"\?/);
    const usage = runCli(["datasets", "zoo", "download", "coco-2017", "--max-samples", "0"], home);
    assert.equal(usage.code, 2);
  });
});
