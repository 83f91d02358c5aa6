import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BaseModel, Classification, Dataset, Detection, Detections, ModelCapabilityError, decodeImage, type ModelOutput, type RgbImage } from "../../src/index.js";
import { prefetch } from "../../src/models/prefetch.js";
import { demoPhotos, useTempHome } from "../support/env.js";

useTempHome();

/**
 * A model whose batch calls fail when the batch holds an image of the poisoned height:
 * the runner must then confine the failure to that image. Embeddings are the image size
 * (plus a zero for images at least `wideFrom` high, to test the size check).
 */
class Poisoned extends BaseModel {
  readonly name = "poisoned";
  override readonly hasEmbeddings = true;
  override readonly defaultBatchSize = 3;
  calls: number[] = [];
  constructor(
    private readonly poisonHeight: number,
    private readonly wideFrom = Infinity,
  ) {
    super();
  }
  protected async doLoad(): Promise<void> {}
  protected async doDispose(): Promise<void> {}
  private check(images: readonly RgbImage[]): void {
    this.calls.push(images.length);
    if (images.some((i) => i.height === this.poisonHeight)) throw new Error(`cannot read a ${this.poisonHeight}-high image`);
  }
  predict(image: RgbImage): Promise<ModelOutput> {
    return this.predictAll([image]).then((o) => o[0]!);
  }
  override predictAll(images: readonly RgbImage[]): Promise<ModelOutput[]> {
    this.check(images);
    return Promise.resolve(images.map((i) => new Classification({ label: `${i.width}` })));
  }
  override embedAll(images: readonly RgbImage[]): Promise<Float32Array[]> {
    this.check(images);
    return Promise.resolve(images.map((i) => (i.height >= this.wideFrom ? Float32Array.of(i.width, i.height, 0) : Float32Array.of(i.width, i.height))));
  }
}

async function photos(n: number): Promise<{ ds: Dataset; heights: number[] }> {
  const files = demoPhotos().slice(0, n);
  const ds = await Dataset.create(`runner-${Math.random().toString(36).slice(2)}`);
  await ds.addImages(files);
  const heights: number[] = [];
  for await (const s of ds) heights.push((await decodeImage(s.filepath)).height);
  return { ds, heights };
}

describe("one pipeline runner: the same failure isolation everywhere", () => {
  test("applyModel and computeEmbeddings lose only the sample the model fails on", async () => {
    const { ds, heights } = await photos(3);
    assert.equal(new Set(heights).size, 3, "three photos of different heights");
    const model = new Poisoned(heights[1]!);
    const applied = await ds.applyModel(model, { labelField: "w" });
    assert.equal(applied.processed, 2);
    assert.equal(applied.failures.length, 1);
    assert.match(applied.failures[0]!.error, /cannot read/);
    const embedded = await ds.computeEmbeddings(model);
    assert.equal(embedded.ids.length, 2, "the batch's other two images are embedded");
    assert.equal(embedded.failures.length, 1);
    assert.equal(embedded.dim, 2);
    assert.deepEqual(Array.from(embedded.data.slice(0, 2)), [(await decodeImage((await ds.first())!.filepath)).width, heights[0]]);
  });

  test("patch embeddings: the same isolation, the same size check, batched across samples", async () => {
    const { ds, heights } = await photos(3);
    for await (const s of ds) {
      s.set("boxes", new Detections({ detections: [0, 1].map((k) => new Detection({ label: "x", boundingBox: [0.1 + 0.4 * k, 0.1, 0.3, 0.3] })) }));
      await s.save();
    }
    // Patches are ~0.3 of the image high: poison the middle photo's patch height.
    const patchHeight = (h: number) => Math.round(0.3 * h);
    const model = new Poisoned(-1);
    const all = await ds.computePatchEmbeddings(model, "boxes");
    assert.equal(all.embeddings.size, 3);
    assert.equal(all.dim, 2);
    assert.deepEqual(model.calls, [3, 3], "six patches of three samples in batches of three");
    const heightsOfPatches = [...all.embeddings.values()].map((v) => v[0]![1]!);
    const poison = heightsOfPatches[1]!;
    assert.ok(Math.abs(poison - patchHeight(heights[1]!)) <= 2);
    const poisoned = await ds.computePatchEmbeddings(new Poisoned(poison), "boxes");
    assert.equal(poisoned.embeddings.size, 2);
    assert.equal(poisoned.failures.length, 1);
    await assert.rejects(() => ds.computePatchEmbeddings(new Poisoned(-1, poison), "boxes"), ModelCapabilityError);
  });
});

describe("prefetch, the one back-pressure primitive", () => {
  test("an async source (video frames) is read one batch ahead and closed when the consumer stops", async () => {
    let produced = 0;
    let closed = false;
    async function* source(): AsyncGenerator<() => Promise<number>> {
      try {
        for (let i = 0; i < 100; i++) {
          produced++;
          await new Promise((r) => setImmediate(r));
          yield () => Promise.resolve(i * 10);
        }
      } finally {
        closed = true;
      }
    }
    const got: number[] = [];
    for await (const v of prefetch(source(), 1)) {
      got.push(v);
      assert.ok(produced <= got.length + 1, `at most one batch ahead: ${produced} produced for ${got.length} consumed`);
      if (got.length === 3) break;
    }
    assert.deepEqual(got, [0, 10, 20]);
    assert.equal(closed, true, "the source was closed (its ffmpeg stopped)");
  });
});
