import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { CorruptArchiveError, Dataset, ZooDatasetNotDownloadedError, ZooDatasetOptionError, zoo, type Detections } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { DEMO_SIZES, quickstartBoxes, startMirror, writeZip, type Mirror } from "../support/mirror.js";

useTempHome();
const root = tempDir("modelzoo-coco-mirror-");
const photos = demoPhotos();
const boxes = quickstartBoxes();
let mirror: Mirror;

/** Fresh $MODELZOO_HOME for a test: nothing downloaded, no datasets. */
const freshHome = () => (process.env.MODELZOO_HOME = tempDir("modelzoo-coco-home-"));

/** COCO image i (1-based) of the mirror: the i-th demo photo under a COCO-style name. */
const fileName = (i: number) => `${String(i).padStart(12, "0")}.jpg`;

/**
 * A COCO-format instances file over demo photos `ids`: the people as the quickstart
 * ground truth has them (in pixels, as COCO stores them), and in sample1 the wine
 * glass at the bottom left. The first person of sample1 also has a polygon.
 */
function instances(ids: number[]): object {
  const annotations: object[] = [];
  for (const i of ids) {
    const [w, h] = DEMO_SIZES[i - 1]!;
    for (const b of boxes[`sample${i}.jpg`]!) {
      const bbox = [b[0] * w, b[1] * h, b[2] * w, b[3] * h];
      const first = annotations.length === 0;
      annotations.push({
        id: annotations.length + 1,
        image_id: i,
        category_id: 1,
        bbox,
        area: bbox[2]! * bbox[3]!,
        iscrowd: 0,
        // A triangle over the box: top-left, top-right, bottom-left corners.
        segmentation: first ? [[bbox[0], bbox[1], bbox[0]! + bbox[2]!, bbox[1], bbox[0], bbox[1]! + bbox[3]!]] : [],
      });
    }
    if (i === 1) annotations.push({ id: 900, image_id: 1, category_id: 46, bbox: [280, 1020, 110, 260], area: 28600, iscrowd: 0, segmentation: [] });
  }
  return {
    info: { description: "test mirror" },
    images: ids.map((i) => ({ id: i, file_name: fileName(i), width: DEMO_SIZES[i - 1]![0], height: DEMO_SIZES[i - 1]![1] })),
    annotations,
    categories: [
      { id: 1, name: "person", supercategory: "person" },
      { id: 46, name: "wine glass", supercategory: "kitchen" },
    ],
  };
}

before(async () => {
  const zip = path.join(root, "annotations", "annotations_trainval2017.zip");
  await writeZip(zip, {
    "annotations/instances_val2017.json": JSON.stringify(instances([1, 2, 3, 4, 5, 6])),
    "annotations/instances_train2017.json": JSON.stringify(instances([5, 6])),
    "annotations/captions_val2017.json": "{}",
  });
  for (const [k, folder] of [[1, "val2017"], [2, "val2017"], [3, "val2017"], [4, "val2017"], [5, "val2017"], [6, "val2017"], [5, "train2017"], [6, "train2017"]] as const) {
    fs.mkdirSync(path.join(root, folder), { recursive: true });
    fs.copyFileSync(photos[k - 1]!, path.join(root, folder, fileName(k)));
  }
  // A mirror whose archive was cut short in transit.
  const bytes = fs.readFileSync(zip);
  fs.mkdirSync(path.join(root, "corrupt", "annotations"), { recursive: true });
  fs.writeFileSync(path.join(root, "corrupt", "annotations", "annotations_trainval2017.zip"), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  // A mirror whose (stored, uncompressed) archive had one byte changed in transit: the JSON
  // still parses, only the CRC-32 can tell.
  const stored = path.join(root, "flipped", "annotations", "annotations_trainval2017.zip");
  await writeZip(stored, { "annotations/instances_val2017.json": JSON.stringify(instances([1])), "annotations/instances_train2017.json": JSON.stringify(instances([5])) }, false);
  const flipped = fs.readFileSync(stored);
  flipped[flipped.indexOf("test mirror") + 1] = "a".charCodeAt(0);
  fs.writeFileSync(stored, flipped);
  mirror = await startMirror(root);
  process.env.MODELZOO_COCO_URL = mirror.url;
});
after(() => mirror.close());

const basenames = async (ds: Dataset) => (await ds.values("filepath")).map((f) => path.basename(f as string));

describe("coco-2017 from a local mirror", () => {
  test("a shuffled, seeded selection downloads the annotations once and only the images it needs", async () => {
    freshHome();
    const ds = await zoo.loadZooDataset("coco-2017", { split: "validation", maxSamples: 3, shuffle: true, seed: 51 });
    assert.equal(ds.name, "coco-2017-validation-3");
    assert.equal(await ds.count(), 3);
    assert.equal(mirror.count("/val2017/"), 3, "three images fetched, not six");
    assert.equal(mirror.hits.get("/annotations/annotations_trainval2017.zip"), 1);
    assert.deepEqual(Object.fromEntries(await ds.countSampleTags()), { validation: 3 });
    assert.equal(ds.persistent, false);

    // The boxes come back relative, as the quickstart ground truth has them.
    for await (const s of ds) {
      const i = Number(path.basename(s.filepath, ".jpg"));
      const gt = s.get("ground_truth") as Detections;
      const people = gt.detections.filter((d) => d.label === "person");
      assert.equal(people.length, boxes[`sample${i}.jpg`]!.length);
      for (const [k, d] of people.entries()) {
        for (let c = 0; c < 4; c++) assert.ok(Math.abs(d.boundingBox[c]! - boxes[`sample${i}.jpg`]![k]![c]!) < 1e-9);
        assert.equal(d.attributes.iscrowd, 0);
      }
      assert.ok(fs.existsSync(s.filepath));
    }

    // The same options pick the same images, from disk: nothing is fetched again.
    const again = await zoo.loadZooDataset("coco-2017", { split: "validation", maxSamples: 3, shuffle: true, seed: 51, datasetName: "again" });
    assert.deepEqual(await basenames(again), await basenames(ds));
    assert.equal(mirror.count("/val2017/"), 3);
    assert.equal(mirror.hits.get("/annotations/annotations_trainval2017.zip"), 1);
    // The archive is gone once its files are extracted.
    assert.equal(fs.existsSync(path.join(zoo.zooDatasetsDir(), "coco-2017", "raw", "annotations_trainval2017.zip")), false);

    // Another seed picks another set; no shuffle takes the file order.
    const other = await zoo.loadZooDataset("coco-2017", { split: "validation", maxSamples: 3, shuffle: true, seed: 7, datasetName: "seed-7" });
    assert.notDeepEqual(await basenames(other), await basenames(ds));
    const ordered = await zoo.loadZooDataset("coco-2017", { split: "validation", maxSamples: 2 });
    assert.deepEqual(await basenames(ordered), [fileName(1), fileName(2)]);

    // An existing dataset of the default name is returned as it is; overwrite makes it anew.
    const same = await zoo.loadZooDataset("coco-2017", { split: "validation", maxSamples: 3, shuffle: true, seed: 7 });
    assert.deepEqual(await basenames(same), await basenames(ds));
    const replaced = await zoo.loadZooDataset("coco-2017", { split: "validation", maxSamples: 3, shuffle: true, seed: 7, overwrite: true });
    assert.deepEqual(await basenames(replaced), await basenames(other));
  });

  test("classes pick the images with such objects; splits become tags; segmentations give masks", async () => {
    freshHome();
    const glass = await zoo.loadZooDataset("coco-2017", { split: "validation", classes: ["wine glass"] });
    assert.deepEqual(await basenames(glass), [fileName(1)]);
    assert.deepEqual((await glass.distinct("ground_truth.detections.label")).sort(), ["person", "wine glass"], "all of an image's objects are loaded");

    const both = await zoo.loadZooDataset("coco-2017", { splits: ["validation", "train"], maxSamples: 1, labelTypes: ["detections", "segmentations"] });
    assert.equal(both.name, "coco-2017-validation-train-1");
    assert.deepEqual(Object.fromEntries(await both.countSampleTags()), { validation: 1, train: 1 });
    const first = (await both.first())!;
    const person = (first.get("ground_truth") as Detections).detections[0]!;
    const mask = person.mask!;
    const [w, h] = DEMO_SIZES[0]!;
    assert.ok(Math.abs(mask.width - person.boundingBox[2] * w) <= 2 && Math.abs(mask.height - person.boundingBox[3] * h) <= 2, "the mask covers the box in pixels");
    // The triangle fills the top-left half of the box: the top-left corner is in, the bottom-right out.
    assert.equal(mask.get(2, 2), 1);
    assert.equal(mask.get(mask.height - 3, mask.width - 3), 0);
    assert.equal(mirror.count("/train2017/"), 1);
  });

  test("a dropped download resumes where it stopped", async () => {
    freshHome();
    const before = mirror.hits.get("/annotations/annotations_trainval2017.zip") ?? 0;
    mirror.dropOnce.add("/annotations/annotations_trainval2017.zip");
    const result = await zoo.downloadZooDataset("coco-2017", { split: "validation", maxSamples: 2 });
    assert.deepEqual(result.splits.map((s) => [s.split, s.images, s.fetched]), [["validation", 2, 2]]);
    assert.equal(mirror.hits.get("/annotations/annotations_trainval2017.zip"), before + 2);
    assert.match(mirror.ranges.get("/annotations/annotations_trainval2017.zip")?.at(-1) ?? "", /^bytes=[1-9]\d*-$/, "the second request asked for the rest only");
    assert.deepEqual(zoo.getZooDatasetInfo("coco-2017").downloaded, [
      { split: "validation", images: 2 },
      { split: "train", images: 0 },
      { split: "test", images: 0 },
    ]);
    // A larger selection fetches only the difference.
    const imagesBefore = mirror.count("/val2017/");
    await zoo.downloadZooDataset("coco-2017", { split: "validation", maxSamples: 4 });
    assert.equal(mirror.count("/val2017/") - imagesBefore, 2);
    await zoo.deleteZooDataset("coco-2017", { split: "validation" });
    assert.equal(zoo.getZooDatasetInfo("coco-2017").downloaded[0]!.images, 0);
  });

  test("a corrupt archive is a clear error and leaves no dataset and no archive", async () => {
    freshHome();
    process.env.MODELZOO_COCO_URL = `${mirror.url}/corrupt`;
    try {
      await assert.rejects(zoo.loadZooDataset("coco-2017", { split: "validation", maxSamples: 2 }), (e: unknown) => {
        assert.ok(e instanceof CorruptArchiveError);
        assert.match(e.message, /annotations_trainval2017\.zip is corrupt or truncated .*run the same command again/);
        return true;
      });
      assert.deepEqual(await Dataset.list(), []);
      const raw = path.join(zoo.zooDatasetsDir(), "coco-2017", "raw");
      assert.deepEqual(fs.readdirSync(raw), [], "neither the bad archive nor half-extracted files remain");
    } finally {
      process.env.MODELZOO_COCO_URL = mirror.url;
    }
  });

  test("an archive whose bytes changed in transit fails its CRC-32 check", async () => {
    freshHome();
    process.env.MODELZOO_COCO_URL = `${mirror.url}/flipped`;
    try {
      await assert.rejects(zoo.downloadZooDataset("coco-2017", { split: "validation" }), (e: unknown) => e instanceof CorruptArchiveError && /CRC-32/.test(e.message));
      assert.deepEqual(fs.readdirSync(path.join(zoo.zooDatasetsDir(), "coco-2017", "raw")), []);
    } finally {
      process.env.MODELZOO_COCO_URL = mirror.url;
    }
  });

  test("bad options and offline loads fail clearly", async () => {
    freshHome();
    await assert.rejects(zoo.loadZooDataset("coco-2017", { split: "validation", downloadIfNecessary: false }), ZooDatasetNotDownloadedError);
    await assert.rejects(zoo.loadZooDataset("coco-2017", { split: "val" }), (e: unknown) => e instanceof ZooDatasetOptionError && /no split "val"\. Did you mean "validation"\?/.test(e.message));
    await assert.rejects(zoo.loadZooDataset("coco-2017", { split: "validation", classes: ["persn"] }), /no class "persn"\. Did you mean "person"\?/);
    await assert.rejects(zoo.loadZooDataset("coco-2017", { split: "validation", labelTypes: ["keypoints"] }), /no label type "keypoints"/);
    await assert.rejects(zoo.loadZooDataset("coco-2017", { split: "validation", maxSamples: 0 }), /maxSamples must be a whole number/);
    await assert.rejects(zoo.loadZooDataset("coco2017"), /No zoo dataset is called "coco2017"\. Did you mean "coco-2017"\?/);
    assert.deepEqual(await Dataset.list(), []);
  });
});
