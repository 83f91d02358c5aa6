// npm run bench:brain [-- --n 100000 --dim 128 --queries 200 --uniform]
// The similarity index at scale: build time, query latency and recall@10 of the usearch
// backend against the exact one, on random vectors (clustered like embeddings; --uniform for
// the worst case of uniformly random directions). See README "Brain".
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { Dataset } from "../src/index.js";
import { median } from "./stats.js";
import { seededRandom } from "../src/brain/index.js";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    dim: { type: "string", default: "128" },
    queries: { type: "string", default: "200" },
    uniform: { type: "boolean", default: false },
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
const ann = await ds.computeSimilarity({ embeddings: { ids, dim, data }, brainKey: "ann", backend: "usearch" });
const annBuild = (performance.now() - t) / 1000;
const queries = vectors(numQueries, 99);
const exactMs: number[] = [];
const annMs: number[] = [];
let hits = 0;
for (let q = 0; q < numQueries; q++) {
  const v = queries.subarray(q * dim, (q + 1) * dim);
  t = performance.now();
  const truth = new Set(exact.query(v, 10).map((m) => m.id));
  exactMs.push(performance.now() - t);
  t = performance.now();
  const got = ann.query(v, 10);
  annMs.push(performance.now() - t);
  hits += got.filter((m) => truth.has(m.id)).length;
}
const row = {
  vectors: n,
  dim,
  data: values.uniform ? "uniform" : "clustered",
  buildSeconds: { exact: +exactBuild.toFixed(1), usearch: +annBuild.toFixed(1) },
  queryMsMedian: { exact: +median(exactMs).toFixed(2), usearch: +median(annMs).toFixed(2) },
  recallAt10: +(hits / (numQueries * 10)).toFixed(4),
  loadAverage: os.loadavg()[0]!.toFixed(2),
};
console.log(JSON.stringify(row, null, 2));
await ds.delete();
