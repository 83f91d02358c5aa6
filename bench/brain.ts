// npm run bench:brain [-- --n 100000 --dim 128 --queries 200 --uniform --exact-only]
// The similarity index at scale: build time, query latency and recall@10 of both backends
// (exact: usearch's SIMD brute force; usearch: its HNSW graph) against a plain loop over every
// vector, on random vectors (clustered like embeddings; --uniform for the worst case of
// uniformly random directions). See README "Brain".
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { Dataset } from "../src/index.js";
import { median } from "./stats.js";
import { seededRandom, USEARCH_AUTO_THRESHOLD } from "../src/brain/index.js";
import { normalizeRows } from "../src/brain/embeddings.js";
import { similarities, topK } from "../src/brain/knn.js";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    dim: { type: "string", default: "128" },
    queries: { type: "string", default: "200" },
    uniform: { type: "boolean", default: false },
    // Skip the HNSW graph (minutes to build): the exact backend's latency alone.
    "exact-only": { type: "boolean", default: false },
  },
});
process.env.MODELZOO_HOME ??= path.join(os.tmpdir(), "modelzoo-bench-home");
const n = Number(values.n);
const dim = Number(values.dim);
const numQueries = Number(values.queries);

/** `count` vectors: around 200 random centres (spread 0.35), or uniformly random. */
function vectors(count: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const centres = Float32Array.from({ length: 200 * dim }, seededRandom(1));
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++)
    for (let j = 0; j < dim; j++) out[i * dim + j] = values.uniform ? r() - 0.5 : centres[(i % 200) * dim + j]! - 0.5 + 0.35 * (r() - 0.5);
  return out;
}

const data = vectors(n, 7);
const ds = await Dataset.create();
const ids = await ds.addSamples(Array.from({ length: n }, (_, i) => ({ filepath: `/bench/${i}.jpg` })));
let t = performance.now();
const exact = await ds.computeSimilarity({ embeddings: { ids, dim, data }, brainKey: "exact", backend: "exact" });
const exactBuild = (performance.now() - t) / 1000;
t = performance.now();
const ann = values["exact-only"] ? exact : await ds.computeSimilarity({ embeddings: { ids, dim, data }, brainKey: "ann", backend: "usearch" });
const annBuild = (performance.now() - t) / 1000;
const queries = vectors(numQueries, 99);
const unitRows = normalizeRows(data, dim);
const loopMs: number[] = [];
const exactMs: number[] = [];
const annMs: number[] = [];
let exactHits = 0;
let hits = 0;
for (let q = 0; q < numQueries; q++) {
  const v = queries.slice(q * dim, (q + 1) * dim);
  t = performance.now();
  // The reference: every vector compared in a plain loop, no library involved.
  const truth = new Set(topK(similarities(unitRows, dim, normalizeRows(v, dim)), 10).map((r) => ids[r]!));
  loopMs.push(performance.now() - t);
  t = performance.now();
  const exactGot = exact.query(v, 10);
  exactMs.push(performance.now() - t);
  t = performance.now();
  const got = ann.query(v, 10);
  annMs.push(performance.now() - t);
  exactHits += exactGot.filter((m) => truth.has(m.id)).length;
  hits += got.filter((m) => truth.has(m.id)).length;
}
const row = {
  vectors: n,
  dim,
  data: values.uniform ? "uniform" : "clustered",
  buildSeconds: { exact: +exactBuild.toFixed(1), ...(values["exact-only"] ? {} : { usearch: +annBuild.toFixed(1) }) },
  queryMsMedian: { plainLoop: +median(loopMs).toFixed(2), exact: +median(exactMs).toFixed(2), ...(values["exact-only"] ? {} : { usearch: +median(annMs).toFixed(2) }) },
  recallAt10: { exact: +(exactHits / (numQueries * 10)).toFixed(4), ...(values["exact-only"] ? {} : { usearch: +(hits / (numQueries * 10)).toFixed(4) }) },
  defaultBackend: n >= USEARCH_AUTO_THRESHOLD ? "usearch" : "exact",
  loadAverage: os.loadavg()[0]!.toFixed(2),
};
console.log(JSON.stringify(row, null, 2));
await ds.delete();
