import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { VisualizationResults } from "../../src/index.js";
import { BrainError, Dataset, loadSimilarityIndex, SimilarityIndex } from "../../src/index.js";
import { USEARCH_PARAMS } from "../../src/brain/knn.js";
import { demoPhotos, useTempHome } from "../support/env.js";
import { seededRandom } from "../../src/brain/index.js";
import { tsneAffinities } from "../../src/brain/tsne.js";

useTempHome();
const photo = demoPhotos()[0]!;

/** `n` random vectors around `centres` random centres (embeddings cluster like this), `dim` long. */
function clustered(n: number, dim: number, centres: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const c = Float32Array.from({ length: centres * dim }, () => r() - 0.5);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = c[(i % centres) * dim + j]! + 0.35 * (r() - 0.5);
  return out;
}

async function withVectors(vectors: number[][]): Promise<{ ds: Dataset; ids: string[] }> {
  const ds = await Dataset.create();
  const ids = await ds.addSamples(vectors.map((e) => ({ filepath: photo, e })));
  return { ds, ids };
}

describe("computeSimilarity and sortBySimilarity", () => {
  const vectors = [
    [1, 0, 0],
    [0.9, 0.1, 0],
    [0, 1, 0],
    [0, 0.9, 0.2],
    [-0.2, 0, 1],
  ];

  for (const backend of ["exact", "usearch"] as const) {
    test(`${backend}: by sample id, by vector, k, reverse and views`, async () => {
      const { ds, ids } = await withVectors(vectors);
      const index = await ds.computeSimilarity({ embeddings: "e", brainKey: "sim", backend });
      assert.equal(index.backend, backend);
      assert.equal(index.size, 5);
      const order = async (v: Dataset | Awaited<ReturnType<Dataset["sortBySimilarity"]>>) => (await v.ids()).map((id) => ids.indexOf(id));
      assert.deepEqual(await order(await ds.sortBySimilarity(ids[0]!, { k: 2 })), [0, 1]);
      assert.deepEqual(await order(await ds.sortBySimilarity([0, 0.1, 1], { k: 3, brainKey: "sim" })), [4, 3, 2]);
      assert.deepEqual((await order(await ds.sortBySimilarity(ids[0]!))).slice(0, 2), [0, 1], "without k: every sample, most similar first");
      assert.equal(await (await ds.sortBySimilarity(ids[0]!)).count(), 5);
      assert.deepEqual((await order(await ds.sortBySimilarity(ids[0]!, { reverse: true }))).slice(0, 1), [4]);
      // On a view, only its samples.
      const view = ds.select([ids[2]!, ids[3]!, ids[4]!]);
      const inView = await order(await view.sortBySimilarity(ids[2]!, { k: 3 }));
      assert.deepEqual(inView, [2, 3, 4]);
      // Stored with the dataset: a fresh load answers the same.
      const loaded = await ds.loadBrainResults("sim");
      assert.ok(loaded instanceof SimilarityIndex);
      assert.deepEqual(loaded.query([1, 0, 0], 2).map((m) => ids.indexOf(m.id)), [0, 1]);
    });

    test(`${backend}: the index follows added and deleted samples (embeddings read from the field)`, async () => {
      const { ds, ids } = await withVectors(vectors);
      await ds.computeSimilarity({ embeddings: "e", brainKey: "sim", backend });
      await ds.deleteSamples([ids[1]!]);
      const [added] = await ds.addSamples([{ filepath: photo, e: [0.95, 0.05, 0] }]);
      await ds.addSamples([{ filepath: photo }]); // no embedding: stays out of the index
      const got = await (await ds.sortBySimilarity(ids[0]!, { k: 2 })).ids();
      assert.deepEqual(got, [ids[0], added]);
      const index = (await ds.loadBrainResults("sim")) as SimilarityIndex;
      assert.equal(index.size, 5);
      assert.ok(!index.has(ids[1]!));
      assert.ok(index.has(added!));
    });
  }

  test("an index built over a view keeps to it: only samples added to the dataset later join", async () => {
    const { ds, ids } = await withVectors(vectors);
    await ds.select(ids.slice(0, 3)).computeSimilarity({ embeddings: "e", brainKey: "part" });
    const [added] = await ds.addSamples([{ filepath: photo, e: [0, 0, 1] }]);
    const got = await (await ds.sortBySimilarity([0, 0, 1], { brainKey: "part" })).ids();
    assert.deepEqual(new Set(got), new Set([...ids.slice(0, 3), added]));
    assert.equal(got[0], added);
  });

  test("bad queries are BrainErrors naming the fix", async () => {
    const { ds, ids } = await withVectors(vectors);
    await assert.rejects(ds.sortBySimilarity(ids[0]!), (e: Error) => e instanceof BrainError && /has no similarity index/.test(e.message));
    await ds.computeSimilarity({ embeddings: "e", brainKey: "a" });
    await ds.computeSimilarity({ embeddings: "e", brainKey: "b" });
    await assert.rejects(ds.sortBySimilarity(ids[0]!), (e: Error) => e instanceof BrainError && /name one with \{ brainKey \}/.test(e.message));
    await assert.rejects(ds.sortBySimilarity("a photo of a dog", { brainKey: "a" }), (e: Error) => e instanceof BrainError && /text prompts need an index built with a prompt model/.test(e.message));
    await assert.rejects(ds.sortBySimilarity([1, 0], { brainKey: "a" }), (e: Error) => e instanceof BrainError && /3-long vectors/.test(e.message));
    await assert.rejects(ds.sortBySimilarity(ids[0]!, { brainKey: "a", k: 0 }), BrainError);
    await assert.rejects(ds.computeSimilarity({ embeddings: "e", brainKey: "c", backend: "faiss" as "exact" }), (e: Error) => e instanceof BrainError && /Unknown similarity backend/.test(e.message));
    await assert.rejects(ds.computeSimilarity({ embeddings: "e", brainKey: "c", graph: { connectivity: 8 } }), (e: Error) => e instanceof BrainError && /apply to the "usearch" backend only/.test(e.message));
    await assert.rejects(ds.computeSimilarity({ embeddings: "e", brainKey: "c", backend: "usearch", graph: { expansionSearch: 1.5 } }), (e: Error) => e instanceof BrainError && /graph.expansionSearch must be a whole number from 2 to 4,096; got 1.5/.test(e.message));
    await assert.rejects(ds.computeSimilarity({ embeddings: "e", brainKey: "c", backend: "usearch", graph: { ef: 8 } as never }), (e: Error) => e instanceof BrainError && /Unknown graph option "ef"/.test(e.message));
  });

  test("usearch agrees with the exact backend on 20,000 clustered random vectors: recall@10 ≥ 0.95", async () => {
    const n = 20_000;
    const dim = 32;
    const data = clustered(n, dim, 200, 7);
    const ds = await Dataset.create();
    const ids = await ds.addSamples(Array.from({ length: n }, () => ({ filepath: photo })));
    const exact = await ds.computeSimilarity({ embeddings: { ids, dim, data }, brainKey: "exact", backend: "exact" });
    const ann = await ds.computeSimilarity({ embeddings: { ids, dim, data }, brainKey: "ann", backend: "usearch" });
    const queries = clustered(50, dim, 200, 99);
    let hits = 0;
    for (let q = 0; q < 50; q++) {
      const v = queries.subarray(q * dim, (q + 1) * dim);
      const truth = new Set(exact.query(v, 10).map((m) => m.id));
      hits += ann.query(v, 10).filter((m) => truth.has(m.id)).length;
    }
    const recall = hits / 500;
    assert.ok(recall >= 0.95, `recall@10 ${recall}`);
    // The run records the graph's expansion-search, and the graph read back from the store answers alike.
    const runs = await ds.listBrainRuns();
    assert.equal(runs.find((r) => r.key === "ann")!.config.graphExpansionSearch, USEARCH_PARAMS.expansionSearch);
    const v = queries.subarray(0, dim);
    assert.deepEqual((await loadSimilarityIndex(ds, "ann")).query(v, 10), ann.query(v, 10));
    // A sparser graph, searched narrowly, as asked: its own expansion-search is kept with it, and it still finds the query's own cluster.
    const sparse = await ds.computeSimilarity({ embeddings: { ids: ids.slice(0, 2000), dim, data: data.subarray(0, 2000 * dim) }, brainKey: "sparse", backend: "usearch", graph: { connectivity: 8, expansionAdd: 32, expansionSearch: 16 } });
    assert.equal((await ds.listBrainRuns()).find((r) => r.key === "sparse")!.config.graphExpansionSearch, 16);
    const own = data.subarray(5 * dim, 6 * dim);
    assert.equal((await loadSimilarityIndex(ds, "sparse")).query(own, 1)[0]!.id, sparse.query(own, 1)[0]!.id);
  });
});

describe("the exact backend (usearch's SIMD brute force)", () => {
  test("finds the same neighbours and scores as a plain loop over every vector, for views into larger buffers too", async () => {
    const n = 3_000;
    const dim = 24;
    const data = clustered(n, dim, 40, 11);
    const ds = await Dataset.create();
    const ids = await ds.addSamples(Array.from({ length: n }, () => ({ filepath: photo })));
    const index = await ds.computeSimilarity({ embeddings: { ids, dim, data }, brainKey: "exact" });
    assert.equal(index.backend, "exact", "3,000 samples get the exact backend by default");
    const queries = clustered(20, dim, 40, 5);
    for (let q = 0; q < 20; q++) {
      const v = queries.subarray(q * dim, (q + 1) * dim); // a view at an offset into `queries`
      const norm = Math.hypot(...v);
      const sims = ids.map((id, r) => ({ id, s: data.subarray(r * dim, (r + 1) * dim).reduce((acc, x, j) => acc + x * v[j]!, 0) / (norm * Math.hypot(...data.subarray(r * dim, (r + 1) * dim))) }));
      const want = sims.sort((a, b) => b.s - a.s).slice(0, 10);
      const got = index.query(v, 10);
      assert.deepEqual(
        got.map((m) => m.id),
        want.map((w) => w.id),
      );
      got.forEach((m, i) => assert.ok(Math.abs(m.score - want[i]!.s) < 1e-5, `${m.score} vs ${want[i]!.s}`));
    }
  });

  test("a query by sample id puts that sample first even when an exact copy ties with it", async () => {
    const { ds, ids } = await withVectors([
      [1, 2, 3],
      [0, 1, 0],
      [1, 2, 3],
      [3, 2, 1],
    ]);
    await ds.computeSimilarity({ embeddings: "e", brainKey: "sim" });
    assert.deepEqual(await (await ds.sortBySimilarity(ids[0]!, { k: 2 })).ids(), [ids[0], ids[2]]);
    assert.deepEqual(await (await ds.sortBySimilarity(ids[2]!, { k: 2 })).ids(), [ids[2], ids[0]]);
  });
});

describe("computeVisualization", () => {
  const twoClusters = () => {
    const r = seededRandom(3);
    return Array.from({ length: 24 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i < 12 ? (j < 4 ? 1 : 0) : j < 4 ? 0 : 1) + 0.05 * r()));
  };
  const separated = (v: VisualizationResults) => {
    const d = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
    let within = 0;
    let across = 0;
    for (let i = 0; i < 24; i++)
      for (let j = i + 1; j < 24; j++) {
        if (i < 12 === j < 12) within = Math.max(within, d(v.points[i]!, v.points[j]!));
        else across += d(v.points[i]!, v.points[j]!) / 144;
      }
    return across > within;
  };

  for (const method of ["umap", "pca", "tsne"] as const) {
    test(`${method}: two clusters of embeddings stay apart in 2-D; stored under the brain key`, async () => {
      const { ds, ids } = await withVectors(twoClusters());
      const v = await ds.computeVisualization({ embeddings: "e", brainKey: "map", method });
      assert.equal(v.method, method);
      assert.deepEqual(v.ids, ids);
      assert.ok(separated(v), "every cross-cluster mean distance beats the widest cluster");
      const again = (await ds.loadBrainResults("map")) as VisualizationResults;
      assert.deepEqual(again.points, v.points);
      await ds.deleteSamples([ids[0]!]);
      assert.equal(((await ds.loadBrainResults("map")) as VisualizationResults).ids.length, 23, "deleted samples drop out");
    });
  }

  test("t-SNE: each point's Gaussian reaches the asked perplexity; more than 5,000 samples is a BrainError naming UMAP", async () => {
    const r = seededRandom(9);
    const n = 40;
    const pts = Array.from({ length: n }, () => [r() * 10, r() * 10]);
    const d2 = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d2[i * n + j] = (pts[i]![0]! - pts[j]![0]!) ** 2 + (pts[i]![1]! - pts[j]![1]!) ** 2;
    const { p, entropies } = tsneAffinities(d2, n, 10);
    for (const h of entropies) assert.ok(Math.abs(h - Math.log(10)) < 1e-4, `entropy ${h} vs log 10`);
    let total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) total += p[i * n + j]!;
    assert.ok(Math.abs(total - 1) < 1e-3, `P sums to ${total}`);
    assert.ok(Math.abs(p[1]! - p[n]!) < 1e-9, "P is symmetric");

    const ds = await Dataset.create();
    const ids = await ds.addSamples(Array.from({ length: 5_001 }, () => ({ filepath: photo })));
    await assert.rejects(
      ds.computeVisualization({ embeddings: { ids, dim: 2, data: new Float32Array(5_001 * 2) }, brainKey: "m", method: "tsne" }),
      (e: Error) => e instanceof BrainError && /at most 5000 samples/.test(e.message) && /umap/.test(e.message),
    );
  });
});
