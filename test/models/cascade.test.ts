import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import {
  BaseModel,
  CascadeModel,
  Classification,
  Dataset,
  Detection,
  Detections,
  Keypoint,
  ManifestError,
  NoRegionFoundError,
  Regression,
  decodeImage,
  zoo,
  type Keypoints,
  type ModelOutput,
  type RgbImage,
  type ZooModelEntry,
} from "../../src/index.js";
import { isPreparingModel } from "../../src/models/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { humanModelsDir } from "../support/models.js";

useTempHome();

/** A detector that always finds the same boxes, for exact coordinate checks. */
class FixedDetector extends BaseModel {
  readonly name = "fixed-detector";
  constructor(private readonly found: Detection[]) {
    super();
  }
  protected async doLoad(): Promise<void> {}
  protected async doDispose(): Promise<void> {}
  predict(): Promise<ModelOutput> {
    return Promise.resolve(new Detections({ detections: this.found.map((d) => Detection.fromJSON(d.toJSON())) }));
  }
}

/** A patch model that reports what it was given: the patch size, its mean red value, and a point at its centre. */
class PatchProbe extends BaseModel {
  readonly name = "probe";
  override readonly hasEmbeddings = true;
  protected async doLoad(): Promise<void> {}
  protected async doDispose(): Promise<void> {}
  predict(patch: RgbImage): Promise<ModelOutput> {
    let red = 0;
    for (let i = 0; i < patch.data.length; i += 3) red += patch.data[i]!;
    return Promise.resolve({
      size: new Classification({ label: `${patch.width}x${patch.height}`, confidence: 1 }),
      red: new Regression({ value: red / (patch.width * patch.height) }),
      centre: new Keypoint({ label: "centre", points: [[0.5, 0.5]] }),
    });
  }
  override embed(patch: RgbImage): Promise<Float32Array> {
    return Promise.resolve(Float32Array.of(patch.width, patch.height));
  }
}

/** 100×50 image, red 200 on the left half and 0 on the right. */
function halfRed(): RgbImage {
  const data = new Uint8Array(100 * 50 * 3);
  for (let y = 0; y < 50; y++) for (let x = 0; x < 50; x++) data[(y * 100 + x) * 3] = 200;
  return { data, width: 100, height: 50, channels: 3 };
}

describe("CascadeModel: a detector, then a model on each patch", () => {
  const boxes = [
    new Detection({ label: "thing", boundingBox: [0, 0, 0.2, 0.4], confidence: 0.6 }),
    new Detection({ label: "thing", boundingBox: [0.6, 0.2, 0.4, 0.8], confidence: 0.9 }),
    new Detection({ label: "other", boundingBox: [0.1, 0.1, 0.1, 0.1], confidence: 0.99 }),
  ];

  test("classifications and regressions become attributes; keypoints come back in image coordinates", async () => {
    const model = new CascadeModel({ detector: new FixedDetector(boxes), model: new PatchProbe(), classes: ["thing"] });
    const out = (await model.predict(halfRed())) as { detections: Detections; centre: Keypoints };
    // Sorted by confidence: the 40×40 px box on the black right half first, then the 20×20 px one on the red left.
    const [right, left] = out.detections.detections;
    assert.equal(out.detections.detections.length, 2, "the 'other' detection is left out");
    assert.deepEqual([right!.attributes.size, right!.attributes.red], ["40x40", 0]);
    assert.deepEqual([left!.attributes.size, left!.attributes.red], ["20x20", 200]);
    assert.equal(right!.attributes.size_confidence, 1);
    const centres = out.centre.keypoints.map((k) => k.points[0]);
    assert.deepEqual(centres, [
      [0.8, 0.6],
      [0.1, 0.2],
    ]);
    assert.deepEqual(
      out.centre.keypoints.map((k) => k.index),
      [0, 1],
      "each keypoint names its region",
    );
  });

  test("minConfidence, maxCrops and the crop options pick and shape the patches", async () => {
    const model = new CascadeModel({ detector: new FixedDetector(boxes), model: new PatchProbe(), minConfidence: 0.7, maxCrops: 1, crop: { forceSquare: true } });
    const out = (await model.predict(halfRed())) as { detections: Detections };
    assert.deepEqual(
      out.detections.detections.map((d) => [d.label, d.attributes.size]),
      [["other", "10x10"]],
    );
  });

  test("embed embeds the most confident region, and an image without one is a clear error", async () => {
    const model = new CascadeModel({ detector: new FixedDetector(boxes), model: new PatchProbe(), classes: ["thing"] });
    assert.deepEqual(Array.from(await model.embed(halfRed())), [40, 40]);
    const none = new CascadeModel({ detector: new FixedDetector([]), model: new PatchProbe(), classes: ["face"] });
    await assert.rejects(() => none.embed(halfRed()), (err: unknown) => err instanceof NoRegionFoundError && /no face to embed/.test(err.message));
  });
});

/** Counts loads and disposals, and how it was fed (prepared inputs or images). */
class CountingDetector extends FixedDetector {
  loads = 0;
  disposals = 0;
  prepared = 0;
  protected override doLoad(): Promise<void> {
    this.loads++;
    return Promise.resolve();
  }
  protected override doDispose(): Promise<void> {
    this.disposals++;
    return Promise.resolve();
  }
  prepare(image: RgbImage): Promise<RgbImage> {
    this.prepared++;
    return Promise.resolve(image);
  }
  predictPrepared(batch: readonly RgbImage[]): Promise<ModelOutput[]> {
    return this.predictAll(batch);
  }
  embedPrepared(): Promise<Float32Array[]> {
    return Promise.reject(new Error("not used"));
  }
}

describe("CascadeModel is a PreparingModel that disposes only what it owns", () => {
  test("the pipeline prepares the detector's input ahead; dispose leaves stages handed in", async () => {
    const shared = new CountingDetector([new Detection({ label: "thing", boundingBox: [0, 0, 0.5, 0.5], confidence: 0.9 })]);
    const a = new CascadeModel({ detector: shared, model: new PatchProbe() });
    const b = new CascadeModel({ detector: shared, model: new PatchProbe() });
    assert.ok(isPreparingModel(a));
    const ds = await Dataset.create("cascade-prepared");
    await ds.addImages(demoPhotos().slice(0, 3));
    const r = await ds.applyModel(a, { labelField: "probe", batchSize: 2 });
    assert.equal(r.processed, 3);
    assert.equal(shared.prepared, 3, "each image went through the detector's prepare (decode and prepare ahead of inference)");
    await b.load();
    await a.dispose();
    assert.equal(shared.disposals, 0, "a cascade does not dispose a detector it was handed");
    assert.equal(((await b.predict(halfRed())) as { detections: Detections }).detections.detections.length, 1, "the other cascade still runs");
    // A cascade that owns its stages (as the zoo's do) disposes them.
    const owner = new CascadeModel({ detector: shared, model: new PatchProbe(), owns: ["detector", "model"] });
    await owner.load();
    await owner.dispose();
    assert.equal(shared.disposals, 1);
    assert.equal(shared.loads, 1, "a stage shared by three cascades loads once");
  });
});

/** A registered source with a top-down pose model: MoveNet Lightning on each person CenterNet finds. */
function topDownSource(): string {
  const dir = tempDir("modelzoo-cascade-");
  const base = zoo.getZooModel("movenet-lightning-coco-tfjs");
  fs.mkdirSync(path.join(dir, "weights"));
  for (const f of base.source.files) fs.copyFileSync(path.join(humanModelsDir(), path.basename(f.path)), path.join(dir, "weights", path.basename(f.path)));
  const entry: ZooModelEntry = structuredClone(base);
  entry.name = "movenet-lightning-topdown-coco-tfjs";
  entry.source = { type: "dir", dir: "weights", files: base.source.files.map((f) => ({ ...f, path: path.basename(f.path) })) };
  entry.modelFile = path.basename(base.modelFile);
  entry.crops = { detector: "centernet-coco-tfjs", classes: ["person"], minConfidence: 0.25, alpha: 0.2 };
  const cycleA = { ...structuredClone(entry), name: "cycle-a-tfjs", crops: { detector: "cycle-b-tfjs" } };
  const cycleB = { ...structuredClone(entry), name: "cycle-b-tfjs", crops: { detector: "cycle-a-tfjs" } };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ models: [entry, cycleA, cycleB] }));
  return dir;
}

describe("two-stage zoo entries (crops)", () => {
  test("a top-down pose model finds each person, then 17 keypoints inside that person's box", async () => {
    await zoo.registerZooModelSource(topDownSource());
    const model = await zoo.loadZooModel("movenet-lightning-topdown-coco-tfjs");
    assert.ok(model instanceof CascadeModel);
    const ds = await Dataset.create("top-down");
    await ds.addImages([demoPhotos()[0]!, demoPhotos()[5]!]);
    await ds.applyModel(model, { labelField: "pose" });
    for await (const s of ds) {
      const name = path.basename(s.filepath);
      const people = s.get("pose_detections") as Detections;
      const poses = s.get("pose_keypoints") as Keypoints;
      const expected = name === "sample1.jpg" ? 3 : 4;
      assert.equal(people.detections.length, expected, `${name}: ${expected} people`);
      assert.equal(poses.keypoints.length, expected, `${name}: one pose per person`);
      for (const kp of poses.keypoints) {
        assert.equal(kp.points.length, 17);
        const [x, y, w, h] = people.detections[kp.index!]!.boundingBox;
        const confident = kp.points.filter((_, k) => kp.confidence![k]! > 0.4);
        assert.ok(confident.length >= 5, `${name}: person ${kp.index} has ${confident.length} confident keypoints`);
        for (const p of confident) {
          // alpha 0.2 grows the patch by 10% of the box on each side.
          assert.ok(p![0] >= x - 0.1 * w && p![0] <= x + 1.1 * w && p![1] >= y - 0.1 * h && p![1] <= y + 1.1 * h, `${name}: keypoint inside its person's box`);
        }
      }
    }
    await model.dispose();
  });

  test("crops: false gives the patch model alone; a detector cycle is refused", async () => {
    const alone = await zoo.loadZooModel("movenet-lightning-topdown-coco-tfjs", { crops: false });
    await alone.load();
    assert.ok(!(alone instanceof CascadeModel));
    const crop = await decodeImage(demoPhotos()[0]!);
    const out = (await alone.predict(crop)) as Keypoints | Keypoint | null;
    assert.ok(out !== null, "the single-pose model answers on a whole image");
    await alone.dispose();
    await assert.rejects(() => zoo.loadZooModel("cycle-a-tfjs"), (err: unknown) => err instanceof ManifestError && /cycle-a-tfjs → cycle-b-tfjs → cycle-a-tfjs/.test(err.message));
  });
});
