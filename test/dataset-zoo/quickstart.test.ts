import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { Dataset, ZooDatasetNotDownloadedError, zoo, type Detections } from "../../src/index.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();

describe("quickstart", () => {
  test("loads offline from the installed package: six real photos, 22 hand-labeled people", async () => {
    process.env.MODELZOO_OFFLINE = "1"; // the installed @vladmandic/face-api is used; no download is allowed
    try {
      const ds = await zoo.loadZooDataset("quickstart");
      assert.equal(ds.name, "quickstart");
      assert.equal(await ds.count(), 6);
      assert.deepEqual(Object.fromEntries(await ds.countValues("ground_truth.detections.label")), { person: 22 });
      const perPhoto = new Map<string, number>();
      for await (const s of ds) {
        perPhoto.set(path.basename(s.filepath), (s.get("ground_truth") as Detections).detections.length);
        assert.deepEqual(s.tags, [], "a dataset without splits has no split tags");
      }
      assert.deepEqual(Object.fromEntries(perPhoto), {
        "sample1.jpg": 3,
        "sample2.jpg": 3,
        "sample3.jpg": 3,
        "sample4.jpg": 4,
        "sample5.jpg": 5,
        "sample6.jpg": 4,
      });
      // The photos are the package's, byte for byte.
      const first = (await ds.first())!;
      assert.deepEqual(fs.readFileSync(first.filepath), fs.readFileSync(demoPhotos()[0]!));
      assert.equal(ds.info.zooDataset, "quickstart");
    } finally {
      delete process.env.MODELZOO_OFFLINE;
    }
  });

  test("maxSamples with shuffle and seed is reproducible; deleting the download and forbidding downloads fails clearly", async () => {
    const a = await zoo.loadZooDataset("quickstart", { maxSamples: 3, shuffle: true, seed: 51, datasetName: "qs-a" });
    const b = await zoo.loadZooDataset("quickstart", { maxSamples: 3, shuffle: true, seed: 51, datasetName: "qs-b" });
    assert.deepEqual(await a.values("filepath"), await b.values("filepath"));
    assert.equal(await a.count(), 3);
    assert.deepEqual(zoo.getZooDatasetInfo("quickstart").downloaded, [{ split: null, images: 6 }]);
    await zoo.deleteZooDataset("quickstart");
    assert.equal(fs.existsSync(zoo.getZooDatasetInfo("quickstart").dir), false);
    await assert.rejects(zoo.loadZooDataset("quickstart", { datasetName: "qs-c", downloadIfNecessary: false }), ZooDatasetNotDownloadedError);
    assert.equal(await Dataset.exists("qs-c"), false);
    await assert.rejects(zoo.loadZooDataset("quickstart", { split: "train" }), /quickstart has no splits/);
  });
});
