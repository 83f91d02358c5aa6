import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { BaseModel, Classification, Dataset, Detection, Detections, decodeImage, type ModelOutput, type RgbImage } from "../../src/index.js";
import { datasetsDir } from "../../src/dataset/index.js";
import { filterByConfidence } from "../../src/models/index.js";
import { prefetch } from "../../src/models/prefetch.js";
import { killHard, startChild } from "../support/child.js";
import { demoPhotos, useTempHome } from "../support/env.js";

const home = useTempHome();
const photos = demoPhotos();

/** Mean R, G, B of an image: a tiny, exact "model" to test the pipeline with. */
function meanColour(img: RgbImage): Float32Array {
  const sum = [0, 0, 0];
  for (let i = 0; i < img.data.length; i += 3) for (let c = 0; c < 3; c++) sum[c]! += img.data[i + c]!;
  const n = img.width * img.height;
  return Float32Array.from(sum.map((s) => s / n));
}

/** A user-written model: brightness as a classification, face attributes as a record, mean colour as embedding. */
class BrightnessModel extends BaseModel {
  readonly name = "brightness";
  override readonly hasEmbeddings = true;
  override readonly defaultBatchSize = 2;
  loads = 0;
  disposals = 0;
  seen = 0;
  constructor(private readonly output: "label" | "record" = "label") {
    super();
  }
  protected doLoad() {
    this.loads++;
    return Promise.resolve();
  }
  protected doDispose() {
    this.disposals++;
    return Promise.resolve();
  }
  predict(img: RgbImage): Promise<ModelOutput> {
    this.seen++;
    const [r, g, b] = meanColour(img);
    const brightness = (r! + g! + b!) / 3 / 255;
    const cls = new Classification({ label: brightness > 0.4 ? "bright" : "dark", confidence: brightness });
    if (this.output === "label") return Promise.resolve(cls);
    return Promise.resolve({ light: cls, size: new Classification({ label: img.width > 1000 ? "large" : "small", confidence: 1 }) });
  }
  override embed(img: RgbImage): Promise<Float32Array> {
    return Promise.resolve(meanColour(img));
  }
}

describe("applyModel and computeEmbeddings with user-written models", () => {
  test("a Label goes to labelField; a record to labelField_key or through a mapping; below-threshold labels become null", async () => {
    const ds = await Dataset.create("kinds");
    await ds.addImages(photos);
    await using model = new BrightnessModel();
    const r = await ds.applyModel(model, { labelField: "light", confidenceThresh: 0.35 });
    assert.equal(r.processed, 6);
    assert.equal(model.loads, 1);
    const values = (await ds.values("light")) as (Classification | null)[];
    for (const [i, v] of values.entries()) {
      const img = await decodeImage(photos[i]!);
      const [cr, cg, cb] = meanColour(img);
      const brightness = (cr! + cg! + cb!) / 3 / 255;
      if (brightness < 0.35) assert.equal(v, null, "a classification below confidenceThresh is stored as null");
      else assert.ok(v instanceof Classification && Math.abs(v.confidence! - brightness) < 1e-9);
    }
    await ds.applyModel(new BrightnessModel("record"), { labelField: "face" });
    await ds.applyModel(new BrightnessModel("record"), { labelField: { light: "brightness_mapped" } });
    const schema = (await ds.getFieldSchema()).map((f) => f.name);
    for (const f of ["face_light", "face_size", "brightness_mapped", "size"]) assert.ok(schema.includes(f), `field ${f}`);
    const sizes = await ds.distinct("face_size.label");
    assert.ok(sizes.length > 0);
    assert.deepEqual(await ds.distinct("size.label"), sizes, "unmapped keys keep their own name");
  });

  test("await using disposes the model at the end of the scope", async () => {
    const model = new BrightnessModel();
    {
      await using m = model;
      await m.load();
      await m.load();
    }
    assert.equal(model.loads, 1, "load runs once");
    assert.equal(model.disposals, 1);
  });

  test("computeEmbeddings returns a num_samples × dim matrix, or stores vectors per sample", async () => {
    const ds = await Dataset.create("emb");
    await ds.addImages([...photos.slice(0, 3), path.join(home, "missing.jpg")]);
    const model = new BrightnessModel();
    const result = await ds.computeEmbeddings(model, { batchSize: 2 });
    assert.equal(result.dim, 3);
    assert.equal(result.ids.length, 3);
    assert.equal(result.data.length, 9);
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0]!.error, /missing\.jpg/);
    const expected = meanColour(await decodeImage(photos[1]!));
    assert.deepEqual(Array.from(result.data.subarray(3, 6)), Array.from(expected));
    await ds.computeEmbeddings(model, { embeddingsField: "colour" });
    const stored = (await ds.exists("colour").values("colour")) as Float32Array[];
    assert.equal(stored.length, 3);
    assert.deepEqual(Array.from(stored[1]!), Array.from(expected));
    assert.equal((await ds.getFieldSchema()).find((f) => f.name === "colour")?.type, "vector");
  });

  test("a batch the model fails on is retried image by image so only the culprit fails", async () => {
    class Picky extends BrightnessModel {
      override async predictAll(images: readonly RgbImage[]) {
        if (images.some((i) => i.width === 8)) throw new Error("cannot handle 8-pixel-wide images");
        return super.predictAll(images);
      }
    }
    const tiny = path.join(home, "tiny.png");
    const { default: sharp } = await import("sharp");
    await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } }).png().toFile(tiny);
    const ds = await Dataset.create("picky");
    await ds.addImages([photos[0]!, tiny, photos[1]!]);
    const r = await ds.applyModel(new Picky(), { batchSize: 3 });
    assert.equal(r.processed, 2);
    assert.deepEqual(r.failures.map((f) => path.basename(f.filepath)), ["tiny.png"]);
    assert.match(r.failures[0]!.error, /8-pixel-wide/);
  });

  test("filterByConfidence keeps unscored labels and drops low ones in lists", () => {
    const dets = new Detections({
      detections: [0.9, 0.2, undefined].map((c) => new Detection({ label: "x", boundingBox: [0, 0, 1, 1], ...(c === undefined ? {} : { confidence: c }) })),
    });
    const out = filterByConfidence(dets, 0.5) as Detections;
    assert.deepEqual(out.detections.map((d) => d.confidence), [0.9, undefined]);
    assert.equal(filterByConfidence(new Classification({ label: "a", confidence: 0.1 }), 0.5), null);
    const rec = filterByConfidence({ a: new Classification({ label: "a", confidence: 0.1 }), b: null }, 0.5) as Record<string, unknown>;
    assert.deepEqual(rec, { a: null, b: null });
  });
});

describe("the prefetch pipeline", () => {
  test("yields in order and never starts more than `depth` tasks ahead", async () => {
    let started = 0;
    let consumed = 0;
    let maxAhead = 0;
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      started++;
      maxAhead = Math.max(maxAhead, started - consumed);
      await new Promise((r) => setTimeout(r, (10 - i) * 2));
      return i;
    });
    const out: number[] = [];
    for await (const v of prefetch(tasks, 2)) {
      consumed++;
      out.push(v);
    }
    assert.deepEqual(out, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(maxAhead <= 3, `at most the current task plus 2 ahead (${maxAhead})`);
  });

  test("a failing task surfaces when its turn comes, not as an unhandled rejection", async () => {
    const tasks = [() => Promise.resolve(1), () => Promise.reject(new Error("boom")), () => Promise.resolve(3)];
    const got: number[] = [];
    await assert.rejects(async () => {
      for await (const v of prefetch(tasks, 3)) got.push(v);
    }, /boom/);
    assert.deepEqual(got, [1]);
  });
});

describe("interrupted runs", () => {
  test("a run killed mid-way keeps every completed batch and no partial one", async () => {
    const BATCH = 5;
    const small = path.join(home, "small.png");
    const { default: sharp } = await import("sharp");
    await sharp({ create: { width: 64, height: 48, channels: 3, background: "#888" } }).png().toFile(small);
    const script = `
      import { Dataset, BaseModel, Classification } from "./src/index.ts";
      class Slow extends BaseModel {
        name = "slow"; defaultBatchSize = ${BATCH};
        doLoad() { return Promise.resolve(); } doDispose() { return Promise.resolve(); }
        async predict(img) { await new Promise((r) => setTimeout(r, 15)); return new Classification({ label: "w" + img.width }); }
      }
      const ds = await Dataset.create("killed-run", { persistent: true });
      await ds.addImages(Array.from({ length: 200 }, () => ${JSON.stringify(small)}));
      console.log("ready");
      await ds.applyModel(new Slow(), { labelField: "pred" });
    `;
    const child = await startChild(script, home, "ready");
    const file = path.join(datasetsDir(), "killed-run.sqlite");
    const countDone = () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM sample_fields WHERE name = 'pred'").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    while (countDone() < 3 * BATCH) await new Promise((r) => setTimeout(r, 20));
    await killHard(child);
    const ds = await Dataset.load("killed-run");
    const done = await ds.exists("pred").count();
    assert.ok(done >= 3 * BATCH && done < 200, `${done} predictions stored`);
    assert.equal(done % BATCH, 0, "only whole batches");
    assert.equal(await ds.count(), 200, "no sample lost");
    assert.deepEqual(await ds.distinct("pred.label"), ["w64"]);
    const rerun = await ds.applyModel(
      new (class extends BrightnessModel {})(),
      { labelField: "pred", skipExisting: true, batchSize: 50 },
    );
    assert.equal(rerun.skipped, done);
    assert.equal(rerun.processed, 200 - done, "a rerun with skipExisting finishes the rest");
    assert.ok(fs.existsSync(file));
  });
});
