import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { c as createTar } from "tar";
import { CorruptArchiveError, Dataset, zoo, type Detections } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { DEMO_SIZES, quickstartBoxes, startMirror, type Mirror } from "../support/mirror.js";

useTempHome();
const root = tempDir("modelzoo-voc-mirror-");
const photos = demoPhotos();
const boxes = quickstartBoxes();
let mirror: Mirror;
const freshHome = () => (process.env.MODELZOO_HOME = tempDir("modelzoo-voc-home-"));
const ARCHIVE = "VOCtrainval_11-May-2012.tar";

/** VOC file stems: year_index, as in the real set. */
const stem = (i: number) => `2012_00000${i}`;

/** The VOC corners of a relative box: 1-based inclusive pixels, as the devkit writes them. */
function vocCorners([x, y, w, h]: number[], width: number, height: number): [number, number, number, number] {
  const x1 = Math.round(x! * width) + 1;
  const y1 = Math.round(y! * height) + 1;
  return [x1, y1, Math.round((x! + w!) * width), Math.round((y! + h!) * height)];
}

function annotationXml(i: number): string {
  const [width, height] = DEMO_SIZES[i - 1]!;
  const objects = boxes[`sample${i}.jpg`]!.map((b, k) => {
    const [x1, y1, x2, y2] = vocCorners(b, width, height);
    return `  <object>\n    <name>person</name>\n    <pose>Frontal</pose>\n    <truncated>${k === 0 ? 1 : 0}</truncated>\n    <difficult>0</difficult>\n    <bndbox>\n      <xmin>${x1}</xmin>\n      <ymin>${y1}</ymin>\n      <xmax>${x2}</xmax>\n      <ymax>${y2}</ymax>\n    </bndbox>\n  </object>`;
  });
  return `<annotation>\n  <folder>VOC2012</folder>\n  <filename>${stem(i)}.jpg</filename>\n  <source><database>The VOC2008 Database</database></source>\n  <size>\n    <width>${width}</width>\n    <height>${height}</height>\n    <depth>3</depth>\n  </size>\n  <segmented>0</segmented>\n${objects.join("\n")}\n</annotation>\n`;
}

before(async () => {
  const staging = tempDir("modelzoo-voc-tar-");
  const voc = path.join(staging, "VOCdevkit", "VOC2012");
  for (const d of ["Annotations", "JPEGImages", "ImageSets/Main", "SegmentationClass"]) fs.mkdirSync(path.join(voc, d), { recursive: true });
  for (let i = 1; i <= 6; i++) {
    fs.writeFileSync(path.join(voc, "Annotations", `${stem(i)}.xml`), annotationXml(i));
    fs.copyFileSync(photos[i - 1]!, path.join(voc, "JPEGImages", `${stem(i)}.jpg`));
  }
  fs.writeFileSync(path.join(voc, "ImageSets", "Main", "train.txt"), `${stem(1)}\n${stem(2)}\n${stem(3)}\n`);
  fs.writeFileSync(path.join(voc, "ImageSets", "Main", "val.txt"), `${stem(4)}\n${stem(5)}\n${stem(6)}\n`);
  fs.writeFileSync(path.join(voc, "ImageSets", "Main", "person_val.txt"), "unused\n");
  fs.mkdirSync(path.join(root, "voc"), { recursive: true });
  fs.mkdirSync(path.join(root, "corrupt"), { recursive: true });
  const tarFile = path.join(root, "voc", ARCHIVE);
  await createTar({ file: tarFile, cwd: staging }, ["VOCdevkit"]);
  const bytes = fs.readFileSync(tarFile);
  fs.writeFileSync(path.join(root, "corrupt", ARCHIVE), bytes.subarray(0, Math.floor(bytes.length * 0.7)));
  mirror = await startMirror(root);
  process.env.MODELZOO_VOC_URL = `${mirror.url}/voc`;
});
after(() => mirror.close());

describe("voc-2012 from a local mirror", () => {
  test("the tar is fetched once; XML boxes (1-based pixels) become relative Detections", async () => {
    freshHome();
    const ds = await zoo.loadZooDataset("voc-2012", { split: "validation" });
    assert.equal(ds.name, "voc-2012-validation");
    assert.deepEqual((await ds.values("filepath")).map((f) => path.basename(f as string)), [4, 5, 6].map((i) => `${stem(i)}.jpg`));
    for await (const s of ds) {
      const i = Number(path.basename(s.filepath, ".jpg").slice(-1));
      const [width, height] = DEMO_SIZES[i - 1]!;
      const people = (s.get("ground_truth") as Detections).detections;
      assert.equal(people.length, boxes[`sample${i}.jpg`]!.length);
      for (const [k, d] of people.entries()) {
        // Back to pixels, the box has exactly the corners written in the XML.
        const [x1, y1, x2, y2] = vocCorners(boxes[`sample${i}.jpg`]![k]!, width, height);
        assert.ok(Math.abs(d.boundingBox[0] * width - (x1 - 1)) < 1e-6 && Math.abs(d.boundingBox[2] * width - (x2 - x1 + 1)) < 1e-6);
        assert.ok(Math.abs(d.boundingBox[1] * height - (y1 - 1)) < 1e-6 && Math.abs(d.boundingBox[3] * height - (y2 - y1 + 1)) < 1e-6);
        assert.equal(d.label, "person");
        assert.equal(d.attributes.truncated, k === 0 ? 1 : 0);
        assert.equal(d.attributes.pose, "Frontal");
      }
    }
    const train = await zoo.loadZooDataset("voc-2012", { split: "train", maxSamples: 2 });
    assert.deepEqual(Object.fromEntries(await train.countSampleTags()), { train: 2 });
    assert.equal(mirror.hits.get(`/voc/${ARCHIVE}`), 1, "one download serves both splits");
    assert.equal(fs.existsSync(path.join(zoo.zooDatasetsDir(), "voc-2012", "raw", ARCHIVE)), false, "the tar is removed after extraction");
  });

  test("a truncated tar is a clear error and leaves nothing behind", async () => {
    freshHome();
    process.env.MODELZOO_VOC_URL = `${mirror.url}/corrupt`;
    try {
      await assert.rejects(zoo.loadZooDataset("voc-2012", { split: "train" }), (e: unknown) => e instanceof CorruptArchiveError && e.message.includes(ARCHIVE));
      assert.deepEqual(await Dataset.list(), []);
      assert.deepEqual(fs.readdirSync(path.join(zoo.zooDatasetsDir(), "voc-2012", "raw")), []);
    } finally {
      process.env.MODELZOO_VOC_URL = `${mirror.url}/voc`;
    }
  });
});
