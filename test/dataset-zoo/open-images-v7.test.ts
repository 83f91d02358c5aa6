import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { CorruptArchiveError, Dataset, zoo, type Detections } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { quickstartBoxes, startMirror, type Mirror } from "../support/mirror.js";

useTempHome();
const root = tempDir("modelzoo-oi-mirror-");
const photos = demoPhotos();
const boxes = quickstartBoxes();
let mirror: Mirror;
const freshHome = () => (process.env.MODELZOO_HOME = tempDir("modelzoo-oi-home-"));

/** Open Images ids are 16 hex digits; the demo photos get made-up ones. */
const imageId = (i: number) => `00000000000000a${i}`;

before(async () => {
  // The files as Open Images publishes them: class names (MID, display name) and one box per
  // row with corners relative to the image, sorted by ImageID.
  const v7 = path.join(root, "openimages", "v7");
  const v5 = path.join(root, "openimages", "v5");
  fs.mkdirSync(v7, { recursive: true });
  fs.mkdirSync(v5, { recursive: true });
  fs.writeFileSync(path.join(v7, "oidv7-class-descriptions-boxable.csv"), 'LabelName,DisplayName\n/m/01g317,Person\n/m/09tvcd,"Wine glass"\n/m/0dzct,Human face\n');
  const rows = ["ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside"];
  for (let i = 1; i <= 6; i++) {
    for (const [x, y, w, h] of boxes[`sample${i}.jpg`]!) rows.push(`${imageId(i)},xclick,/m/01g317,1,${x},${x + w},${y},${y + h},1,0,0,0,0`);
    if (i === 1) rows.push(`${imageId(1)},xclick,/m/09tvcd,1,0.146,0.203,0.797,1,0,1,0,0,0`);
  }
  fs.writeFileSync(path.join(v5, "validation-annotations-bbox.csv"), `${rows.join("\n")}\n`);
  const images = path.join(root, "open-images-dataset", "validation");
  fs.mkdirSync(images, { recursive: true });
  for (let i = 1; i <= 6; i++) fs.copyFileSync(photos[i - 1]!, path.join(images, `${imageId(i)}.jpg`));
  // A mirror whose box file lost a column on one line.
  const bad = path.join(root, "corrupt", "openimages");
  fs.mkdirSync(path.join(bad, "v7"), { recursive: true });
  fs.mkdirSync(path.join(bad, "v5"), { recursive: true });
  fs.copyFileSync(path.join(v7, "oidv7-class-descriptions-boxable.csv"), path.join(bad, "v7", "oidv7-class-descriptions-boxable.csv"));
  fs.writeFileSync(path.join(bad, "v5", "validation-annotations-bbox.csv"), `${rows[0]}\n${rows[1]}\n${imageId(2)},xclick,/m/01g317,1,0.5\n`);
  mirror = await startMirror(root);
  process.env.MODELZOO_OPEN_IMAGES_URL = mirror.url;
});
after(() => mirror.close());

describe("open-images-v7 from a local mirror", () => {
  test("boxes from the CSV, display names, attributes; only the selected images are fetched", async () => {
    freshHome();
    const ds = await zoo.loadZooDataset("open-images-v7", { split: "validation", maxSamples: 2, shuffle: true, seed: 3 });
    assert.equal(ds.name, "open-images-v7-validation-2");
    assert.equal(await ds.count(), 2);
    assert.equal(mirror.count("/open-images-dataset/"), 2);
    for await (const s of ds) {
      const i = Number(path.basename(s.filepath, ".jpg").slice(-1));
      const people = (s.get("ground_truth") as Detections).detections.filter((d) => d.label === "Person");
      assert.equal(people.length, boxes[`sample${i}.jpg`]!.length);
      for (const [k, d] of people.entries()) {
        for (let c = 0; c < 4; c++) assert.ok(Math.abs(d.boundingBox[c]! - boxes[`sample${i}.jpg`]![k]![c]!) < 1e-9);
        assert.deepEqual(d.attributes, { IsOccluded: 1, IsTruncated: 0, IsGroupOf: 0, IsDepiction: 0, IsInside: 0 });
      }
      assert.deepEqual(s.tags, ["validation"]);
    }

    const glass = await zoo.loadZooDataset("open-images-v7", { split: "validation", classes: ["Wine glass"] });
    assert.equal(await glass.count(), 1);
    const g = ((await glass.first())!.get("ground_truth") as Detections).detections.find((d) => d.label === "Wine glass")!;
    assert.deepEqual(g.boundingBox.map((v) => Math.round(v * 1000) / 1000), [0.146, 0.797, 0.057, 0.203]);
    assert.equal(mirror.hits.get("/openimages/v5/validation-annotations-bbox.csv"), 1, "the box file is downloaded once");
    assert.deepEqual(zoo.getZooDatasetInfo("open-images-v7").downloaded.find((d) => d.split === "validation"), { split: "validation", images: mirror.count("/open-images-dataset/") });
  });

  test("a damaged box file is a clear error; it is deleted and no dataset is made", async () => {
    freshHome();
    process.env.MODELZOO_OPEN_IMAGES_URL = `${mirror.url}/corrupt`;
    try {
      await assert.rejects(zoo.loadZooDataset("open-images-v7", { split: "validation" }), (e: unknown) => e instanceof CorruptArchiveError && /line 3/.test(e.message));
      assert.deepEqual(await Dataset.list(), []);
      assert.equal(fs.existsSync(path.join(zoo.zooDatasetsDir(), "open-images-v7", "raw", "validation-annotations-bbox.csv")), false);
    } finally {
      process.env.MODELZOO_OPEN_IMAGES_URL = mirror.url;
    }
  });
});
