import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { Classification, Dataset, Detection, Detections } from "../../src/index.js";
import { runCli } from "../support/cli.js";
import { demoPhotos, tempDir } from "../support/env.js";

const home = tempDir();
process.env.MODELZOO_HOME = home;
const photosDir = tempDir("modelzoo-photos-");
for (const p of demoPhotos()) fs.copyFileSync(p, path.join(photosDir, path.basename(p)));

describe("modelzoo brain", () => {
  test("similarity, sort-by-similarity, uniqueness, visualization, list and delete on embeddings from a zoo model", () => {
    assert.equal(runCli(["datasets", "create", "demo", "--from-dir", photosDir], home).code, 0);
    const sim = runCli(["brain", "similarity", "demo", "--model", "mobilenet-v2-nsfw-tfjs", "--embeddings", "emb", "--brain-key", "sim", "--json"], home);
    assert.equal(sim.code, 0, sim.stderr);
    assert.deepEqual(JSON.parse(sim.stdout), { brainKey: "sim", backend: "exact", size: 6, dim: 128, modelName: "mobilenet-v2-nsfw-tfjs", promptQueries: false, patchesField: null });

    const head = JSON.parse(runCli(["datasets", "head", "demo", "-n", "1", "--json"], home).stdout) as { id: string }[];
    const sorted = runCli(["brain", "sort-by-similarity", "demo", head[0]!.id, "-k", "3", "--json"], home);
    assert.equal(sorted.code, 0, sorted.stderr);
    const rows = JSON.parse(sorted.stdout) as { id: string; filepath: string }[];
    assert.equal(rows.length, 3);
    assert.equal(rows[0]!.id, head[0]!.id, "the query sample comes first");
    assert.match(runCli(["brain", "sort-by-similarity", "demo", head[0]!.id, "-k", "2"], home).stdout, /sample1\.jpg/);

    const uniq = runCli(["brain", "uniqueness", "demo", "--embeddings", "emb"], home);
    assert.equal(uniq.code, 0, uniq.stderr);
    assert.match(uniq.stdout, /Uniqueness of 6 samples in "uniqueness"/);

    const viz = JSON.parse(runCli(["brain", "visualization", "demo", "--embeddings", "emb", "--brain-key", "map", "--method", "pca", "--json"], home).stdout) as { points: number[][] };
    assert.equal(viz.points.length, 6);
    const tsne = JSON.parse(runCli(["brain", "visualization", "demo", "--embeddings", "emb", "--brain-key", "map_tsne", "--method", "tsne", "--json"], home).stdout) as { method: string; points: number[][] };
    assert.equal(tsne.method, "tsne");
    assert.equal(tsne.points.length, 6);

    const list = JSON.parse(runCli(["brain", "list", "demo", "--json"], home).stdout) as { key: string; method: string }[];
    assert.deepEqual(list.map((r) => `${r.key}:${r.method}`), ["map:visualization", "map_tsne:visualization", "sim:similarity", "uniqueness:uniqueness"]);
    assert.equal(runCli(["brain", "delete", "demo", "map"], home).code, 0);
    const gone = runCli(["brain", "delete", "demo", "map"], home);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /no brain run "map"/);
  });

  test("hardness and mistakenness of stored predictions", async () => {
    const ds = await Dataset.create("cls", { persistent: true });
    await ds.addSamples([
      { filepath: demoPhotos()[0]!, pred: new Classification({ label: "cat", confidence: 0.9, logits: [0, Math.log(3)] }), gt: new Classification({ label: "dog" }) },
      { filepath: demoPhotos()[1]!, pred: new Classification({ label: "dog", confidence: 0.8, logits: [1, 1] }), gt: new Classification({ label: "dog" }) },
    ]);
    await ds.close();
    const hard = runCli(["brain", "hardness", "cls", "pred", "--json"], home);
    assert.equal(hard.code, 0, hard.stderr);
    assert.deepEqual(JSON.parse(hard.stdout), { scored: 2, skipped: 0 });
    const mist = runCli(["brain", "mistakenness", "cls", "pred", "--label-field", "gt"], home);
    assert.equal(mist.code, 0, mist.stderr);
    assert.match(mist.stdout, /Mistakenness \(classification\) of 2 samples in "mistakenness"/);
    const loaded = await Dataset.load("cls");
    const m = (await loaded.values("mistakenness")) as number[];
    assert.ok(Math.abs(m[0]! - 0.95) < 1e-9 && Math.abs(m[1]! - 0.1) < 1e-9, String(m));
    assert.ok(Math.abs(((await loaded.values("hardness")) as number[])[1]! - Math.log(2)) < 1e-9);
  });

  test("hardness of a real classifier's stored logits (models apply --store-logits)", () => {
    const applied = runCli(["models", "apply", "mobilenet-v2-nsfw-tfjs", "demo", "nsfw", "--store-logits"], home);
    assert.equal(applied.code, 0, applied.stderr);
    const hard = runCli(["brain", "hardness", "demo", "nsfw", "--json"], home);
    assert.equal(hard.code, 0, hard.stderr);
    assert.deepEqual(JSON.parse(hard.stdout), { scored: 6, skipped: 0 });
  });

  test("similarity --patches-field indexes objects; sort-by-similarity lists the objects nearest a label id", async () => {
    const det = (label: string, v: number[]) => new Detection({ label, boundingBox: [0.1, 0.1, 0.5, 0.5], attributes: { v } });
    const ds = await Dataset.create("objs", { persistent: true });
    const [a, b] = [det("a", [1, 0, 0]), det("b", [0, 1, 0])];
    const [c] = [det("c", [0.9, 0.1, 0])];
    const ids = await ds.addSamples([
      { filepath: demoPhotos()[0]!, objs: new Detections({ detections: [a, b] }) },
      { filepath: demoPhotos()[1]!, objs: new Detections({ detections: [c] }) },
    ]);
    await ds.close();
    const built = runCli(["brain", "similarity", "objs", "--embeddings", "v", "--patches-field", "objs", "--brain-key", "obj_sim", "--json"], home);
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual(JSON.parse(built.stdout), { brainKey: "obj_sim", backend: "exact", size: 3, dim: 3, modelName: null, promptQueries: false, patchesField: "objs" });
    const sorted = runCli(["brain", "sort-by-similarity", "objs", a.id, "-k", "2", "--json"], home);
    assert.equal(sorted.code, 0, sorted.stderr);
    const rows = JSON.parse(sorted.stdout) as { sampleId: string; labelId: string; distance: number }[];
    assert.deepEqual(rows.map((r) => [r.sampleId, r.labelId]), [
      [ids[0], a.id],
      [ids[1], c.id],
    ]);
  });

  test("usage errors exit 2, failures exit 1 with the fix", () => {
    const none = runCli(["brain", "uniqueness", "demo"], home);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give --embeddings <field>.*or --model/);
    assert.equal(runCli(["brain", "similarity", "demo", "--embeddings", "emb", "--brain-key", "x", "--backend", "faiss"], home).code, 2);
    const badGraph = runCli(["brain", "similarity", "demo", "--embeddings", "emb", "--brain-key", "x", "--backend", "usearch", "--expansion-search", "1"], home);
    assert.equal(badGraph.code, 2);
    assert.match(badGraph.stderr, /--expansion-search takes a whole number ≥ 2; got "1"/);
    const graph = runCli(["brain", "similarity", "demo", "--embeddings", "emb", "--brain-key", "g", "--backend", "usearch", "--connectivity", "8", "--expansion-search", "32", "--json"], home);
    assert.equal(graph.code, 0, graph.stderr);
    assert.equal((JSON.parse(graph.stdout) as { backend: string }).backend, "usearch");
    const prompt = runCli(["brain", "sort-by-similarity", "demo", "a photo of a dog", "--brain-key", "sim"], home);
    assert.equal(prompt.code, 1);
    assert.match(prompt.stderr, /text prompts need an index built with a prompt model/);
    const hard = runCli(["brain", "hardness", "demo", "emb"], home);
    assert.equal(hard.code, 1);
    assert.match(hard.stderr, /Hardness needs a Classification/);
  });
});
