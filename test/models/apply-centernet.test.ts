import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Dataset, SampleFailedError, boxIou, decodeImage, type Detection, type Detections } from "../../src/index.js";
import { loadTfjs } from "../../src/runtimes/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { centernet } from "../support/models.js";

useTempHome();
const model = centernet();
const dir = tempDir("modelzoo-apply-");
const photos = demoPhotos();

before(() => {
  for (const p of photos) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  // Sorts between sample3 and sample4: a corrupt file in the middle of the run.
  fs.writeFileSync(path.join(dir, "sample3b.jpg"), fs.readFileSync(photos[0]!).subarray(0, 5000));
});
after(() => model.dispose());

const people = (d: Detections | undefined) => (d?.detections ?? []).filter((x) => x.label === "person");

describe("applyModel with a real CenterNet (COCO) on real photos", () => {
  test("finds the people in photos of people, with boxes inside the image", async () => {
    const ds = await Dataset.fromDir("centernet", dir);
    const result = await ds.applyModel(model, { labelField: "centernet", confidenceThresh: 0.3, batchSize: 2 });
    assert.equal(result.processed, 6);
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0]!.filepath, /sample3b\.jpg$/);
    assert.match(result.failures[0]!.error, /sample3b\.jpg/);

    const bySample = new Map<string, Detections | undefined>();
    for await (const s of ds) bySample.set(path.basename(s.filepath), s.get("centernet") as Detections | undefined);
    assert.equal(bySample.get("sample3b.jpg"), undefined, "the corrupt image got no predictions");
    // sample1 shows three people side by side, sample6 four; this small detector finds at least three of the four.
    for (const [name, expected] of [["sample1.jpg", [3, 3]], ["sample6.jpg", [3, 4]]] as const) {
      const found = people(bySample.get(name));
      assert.ok(found.length >= expected[0] && found.length <= expected[1], `${name}: ${expected.join("–")} people, got ${found.length}`);
      const centres = found.map((d: Detection) => d.boundingBox[0] + d.boundingBox[2] / 2).sort((a, b) => a - b);
      assert.ok(centres[0]! < 0.35 && centres[2]! > 0.65, `${name}: people spread left to right (${centres.map((c) => c.toFixed(2)).join(", ")})`);
      for (const d of found) assert.ok(d.boundingBox[3] > 0.5, `${name}: a person is tall in the frame`);
    }
    for (const [name, dets] of bySample) {
      for (const d of dets?.detections ?? []) {
        const [x, y, w, h] = d.boundingBox;
        assert.ok(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 1 + 1e-9 && y + h <= 1 + 1e-9, `${name}: box inside [0, 1]`);
        assert.ok(d.confidence! >= 0.3, `${name}: confidenceThresh drops low scores`);
      }
      const ps = people(dets);
      for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) assert.ok(boxIou(ps[i]!.boundingBox, ps[j]!.boundingBox) <= 0.5, "NMS merged duplicates");
    }
    assert.ok((await ds.distinct("centernet.detections.label")).includes("person"));
  });

  test("a lower threshold keeps more boxes; skipExisting only runs what is missing", async () => {
    const ds = await Dataset.fromDir("centernet-thresh", dir);
    const view = ds.match({ filepath: { $regex: "sample[12]\\.jpg$" } });
    await view.applyModel(model, { labelField: "low", confidenceThresh: 0.1 });
    await view.applyModel(model, { labelField: "high", confidenceThresh: 0.5 });
    for (const s of await view.head(2)) {
      const low = (s.get("low") as Detections).detections.length;
      const high = (s.get("high") as Detections).detections.length;
      assert.ok(low > high, `${path.basename(s.filepath)}: ${low} boxes at 0.1 > ${high} at 0.5`);
    }
    assert.equal(await ds.exists("low").count(), 2, "only the view's samples were processed");
    const rerun = await ds.applyModel(model, { labelField: "low", confidenceThresh: 0.1, skipExisting: true });
    assert.equal(rerun.skipped, 2);
    assert.equal(rerun.processed, 4, "the other four photos");
    assert.equal(rerun.failures.length, 1, "and the corrupt file, again");
  });

  test("without skipFailures the run stops at the corrupt image, keeping the batches before it", async () => {
    const ds = await Dataset.fromDir("centernet-strict", dir);
    await assert.rejects(
      () => ds.applyModel(model, { labelField: "det", batchSize: 2, skipFailures: false }),
      (e: unknown) => e instanceof SampleFailedError && e.message.includes("sample3b.jpg") && /skipExisting/.test(e.message),
    );
    // Batches: [sample1, sample2] [sample3, sample3b] ...: the first was committed, the failing one was not.
    const done = (await ds.exists("det").values("filepath")) as string[];
    assert.deepEqual(done.map((f) => path.basename(f)), ["sample1.jpg", "sample2.jpg"]);
  });

  test("storeLogits on a model without logits is refused before any work", async () => {
    const ds = await Dataset.fromDir("centernet-logits", dir);
    await assert.rejects(() => ds.applyModel(model, { storeLogits: true }), /cannot store logits/);
    assert.equal(await ds.exists("predictions").count(), 0);
  });

  test("TF.js memory stays flat over repeated batches", async () => {
    const { tf } = await loadTfjs();
    const images = await Promise.all(photos.slice(0, 2).map((p) => decodeImage(p)));
    await model.predictAll(images);
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let i = 0; i < 5; i++) await model.predictAll(images);
    assert.equal(tf.memory().numTensors, tensors, "no tensor leaks per batch");
    assert.equal(tf.memory().numBytes, bytes);
  });
});
