import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { BrainError, Dataset, Detection, Detections, loadSimilarityIndex, Sample } from "../../src/index.js";
import { demoPhotos, tempDir, useTempHome } from "../support/env.js";
import { quickstartBoxes } from "../support/mirror.js";
import { zooModelLoader } from "../support/models.js";

useTempHome();
const loadModel = zooModelLoader();

/*
 * The quickstart's hand-drawn person boxes on the six face-api demo photos (22 people), plus a
 * mirrored copy of sample1.jpg with its boxes mirrored: each box of sample1 has exactly one
 * near-copy, the same person flipped. Each person's patch is embedded with the 1,792-d
 * MobileNetV2 feature vector nsfwjs ships (as in near-duplicates.test.ts).
 */
describe("patch similarity over the quickstart's person boxes", () => {
  test("a box queried by its own id or vector comes first, its mirrored copy next; sync drops deleted objects and samples", async () => {
    const boxes = quickstartBoxes();
    const mirrored = path.join(tempDir("modelzoo-patchsim-"), "mirrored-sample1.jpg");
    const photos = demoPhotos();
    await sharp(photos[0]).flop().jpeg({ quality: 90 }).toFile(mirrored);
    const people = (name: string, flip = false) =>
      new Detections({
        detections: boxes[name]!.map(([x, y, w, h]) => new Detection({ label: "person", boundingBox: [flip ? 1 - x - w : x, y, w, h] })),
      });
    const ds = await Dataset.create();
    await ds.addSamples([
      ...photos.map((p) => new Sample({ filepath: p, ground_truth: people(path.basename(p)) })),
      new Sample({ filepath: mirrored, ground_truth: people("sample1.jpg", true) }),
    ]);
    const model = await loadModel("mobilenet-v2-mid-nsfw-tfjs", { input: { kernel: "linear" } });
    const index = await ds.computeSimilarity({ model, embeddings: "emb", patchesField: "ground_truth", brainKey: "people" });
    const samples = await ds.getSamples(await ds.ids());
    const original = samples[0]!;
    const copy = samples[6]!;
    const labelsOf = (s: Sample) => (s.get("ground_truth") as Detections).detections;
    assert.equal(index.patchesField, "ground_truth");
    assert.equal(index.size, 25);
    assert.equal(index.dim, 1792);

    for (const [i, det] of labelsOf(original).entries()) {
      const twin = labelsOf(copy)[i]!;
      const { view, matches } = await ds.sortPatchesBySimilarity(det.id, { brainKey: "people", k: 2 });
      assert.deepEqual(
        matches.map((m) => [m.sampleId, m.labelId]),
        [
          [original.id, det.id],
          [copy.id, twin.id],
        ],
      );
      assert.ok(Math.abs(matches[0]!.distance) < 1e-5, `distance to itself ${matches[0]!.distance}`);
      assert.ok(matches[1]!.distance > 0 && matches[1]!.distance < 1);
      assert.deepEqual(await view.ids(), [original.id, copy.id]);
      // The mirrored box queried by the vector stored on it finds itself, then the original.
      const byVector = await ds.sortPatchesBySimilarity(twin.attributes.emb as number[], { k: 2 });
      assert.deepEqual(
        byVector.matches.map((m) => m.labelId),
        [twin.id, det.id],
      );
    }
    // sortBySimilarity on a patches index: the samples, in the order of their best object.
    const first = labelsOf(original)[0]!;
    assert.deepEqual((await (await ds.sortBySimilarity(first.id, { k: 2 })).ids()), [original.id, copy.id]);
    // A view restricts the objects to its samples.
    const noCopy = await ds.select((await ds.ids()).slice(0, 6)).sortPatchesBySimilarity(first.id, { k: 3 });
    assert.ok(noCopy.matches.every((m) => m.sampleId !== copy.id));
    assert.equal(noCopy.matches[0]!.labelId, first.id);

    // Deleting the copy's first object, then the original sample: sync drops them.
    const twin0 = labelsOf(copy)[0]!;
    copy.set("ground_truth", new Detections({ detections: labelsOf(copy).slice(1) }));
    await copy.save();
    const after = await ds.sortPatchesBySimilarity(first.id, { k: 2 });
    assert.equal(after.matches[0]!.labelId, first.id);
    assert.ok(after.matches.every((m) => m.labelId !== twin0.id));
    assert.equal((await loadSimilarityIndex(ds, "people")).size, 24);
    await ds.deleteSamples([original.id]);
    await assert.rejects(ds.sortPatchesBySimilarity(first.id), (e: Error) => e instanceof BrainError && /Label .* is not in patches similarity index "people"/.test(e.message));
    assert.equal((await loadSimilarityIndex(ds, "people")).size, 21);
    // A new object with a vector in the attribute joins the index.
    const extra = new Detection({ label: "person", boundingBox: [0.1, 0.1, 0.2, 0.2], attributes: { emb: twin0.attributes.emb } });
    copy.set("ground_truth", new Detections({ detections: [...labelsOf(copy), extra] }));
    await copy.save();
    const back = await ds.sortPatchesBySimilarity(twin0.attributes.emb as number[], { k: 1 });
    assert.deepEqual(back.matches.map((m) => m.labelId), [extra.id]);
    assert.equal((await loadSimilarityIndex(ds, "people")).size, 22);
  });

  test("the usearch backend answers patch queries over the whole dataset; reverse puts the least similar object first", async () => {
    const det = (v: number[]) => new Detection({ label: "o", boundingBox: [0, 0, 1, 1], attributes: { v } });
    const objs = [det([1, 0, 0]), det([0.8, 0.2, 0]), det([0, 1, 0]), det([0, 0, 1])];
    const ds = await Dataset.create();
    const ids = await ds.addSamples([
      new Sample({ filepath: demoPhotos()[0]!, objs: new Detections({ detections: objs.slice(0, 2) }) }),
      new Sample({ filepath: demoPhotos()[1]!, objs: new Detections({ detections: objs.slice(2) }) }),
    ]);
    const index = await ds.computeSimilarity({ embeddings: "v", patchesField: "objs", brainKey: "p", backend: "usearch" });
    assert.equal(index.backend, "usearch");
    assert.equal(index.sampleIdOf(objs[2]!.id), ids[1]);
    const near = await ds.sortPatchesBySimilarity(objs[0]!.id, { k: 2 });
    assert.deepEqual(near.matches.map((m) => m.labelId), [objs[0]!.id, objs[1]!.id]);
    assert.deepEqual(await near.view.ids(), [ids[0]]);
    const far = await ds.sortPatchesBySimilarity([1, 0, 0], { k: 1, reverse: true });
    assert.ok(far.matches[0]!.labelId === objs[2]!.id || far.matches[0]!.labelId === objs[3]!.id);
    assert.ok(Math.abs(far.matches[0]!.distance - 1) < 1e-6, String(far.matches[0]!.distance));
  });

  test("errors: a sample index is not a patches index; patches need an attribute or a model; every object needs its vector", async () => {
    const ds = await Dataset.create();
    await ds.addSamples([
      new Sample({ filepath: demoPhotos()[0]!, e: [1, 0], objs: new Detections({ detections: [new Detection({ label: "a", boundingBox: [0, 0, 1, 1], attributes: { v: [1, 0] } }), new Detection({ label: "b", boundingBox: [0, 0, 1, 1] })] }) }),
    ]);
    await ds.computeSimilarity({ embeddings: "e", brainKey: "img" });
    await assert.rejects(ds.sortPatchesBySimilarity([1, 0], { brainKey: "img" }), (e: Error) => e instanceof BrainError && /indexes samples, not objects/.test(e.message));
    await assert.rejects(ds.computeSimilarity({ embeddings: "v", patchesField: "objs", brainKey: "p" }), (e: Error) => e instanceof BrainError && /1 of 2 objects have no "v" embedding attribute/.test(e.message));
    await assert.rejects(ds.computeSimilarity({ embeddings: [[1, 0]], patchesField: "objs", brainKey: "p" }), (e: Error) => e instanceof BrainError && /reads embeddings from a label attribute/.test(e.message));
    await assert.rejects(ds.computeSimilarity({ embeddings: "v", patchesField: "e", brainKey: "p" }), (e: Error) => e instanceof BrainError && /must hold Detections or Polylines/.test(e.message));
  });
});
