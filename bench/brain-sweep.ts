// npm run bench:brain-sweep [-- --n 100000 --dim 128 --queries 200 --configs 16:128:f32,32:256:f32 --ef 64,128,256 --out file.json]
// Tunes the approximate similarity index on the hard case: 100,000 uniformly random 128-d
// directions (the issue-17 check: recall@10 ≥ 0.95 against the exact answer, < 10 ms a query).
// Each graph configuration (connectivity : expansion_add : quantization) is built once, one
// thread; its graph is saved and loaded once per expansion_search value, and the queries are
// then interleaved across every (graph, expansion_search) pair and the exact backend — query q
// is timed on all of them before query q + 1 — so a load spike from other work on the
// machine hits every configuration alike. hnswlib-node (HNSW too, compiled at install from its
// tarball's C++) is measured the same way when it is installed (`npm i --no-save hnswlib-node`).
// Truth: every vector compared in a plain loop. Results: bench/results/brain-sweep-100k.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { seededRandom } from "../src/brain/index.js";
import { normalizeRows } from "../src/brain/embeddings.js";
import { exactNearest, loadUsearch, similarities, topK } from "../src/brain/knn.js";
import { median } from "./stats.js";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    dim: { type: "string", default: "128" },
    queries: { type: "string", default: "200" },
    // connectivity:expansion_add:quantization[:ip], comma-separated (":ip": inner-product metric on the unit vectors instead of cosine).
    configs: { type: "string", default: "16:128:f32,32:128:f32,32:256:f32,32:256:f16,32:256:i8,48:256:f32" },
    ef: { type: "string", default: "128,256,512,768,1024,1536,2048" },
    hnswlib: { type: "string", default: "16:200,32:256" },
    out: { type: "string", default: "" },
    // Keep built graphs here (with their build time) and reuse them on the next run.
    "graphs-dir": { type: "string", default: "" },
    // Threads adding vectors to a graph (queries always use one).
    "build-threads": { type: "string", default: "1" },
  },
});
const n = Number(values.n);
const dim = Number(values.dim);
const numQueries = Number(values.queries);
const efs = values.ef.split(",").map(Number);
const usearch = await loadUsearch();

/** Uniformly random vectors in [−0.5, 0.5)^dim (directions uniform enough: as bench/brain.ts --uniform). */
function uniform(count: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: count * dim }, () => r() - 0.5);
}
const load = () => +os.loadavg()[0]!.toFixed(2);

const data = normalizeRows(uniform(n, 7), dim);
const queries = normalizeRows(uniform(numQueries, 99), dim);
const query = (q: number) => queries.slice(q * dim, (q + 1) * dim);
const truth = Array.from({ length: numQueries }, (_, q) => new Set(topK(similarities(data, dim, query(q)), 10)));
const keys = BigUint64Array.from({ length: n }, (_, i) => BigInt(i));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "brain-sweep-"));

/** One searcher under test: a name, its settings, and a function answering a query with row numbers. */
interface Contender {
  library: string;
  settings: Record<string, string | number>;
  buildSeconds?: number;
  loadAtBuild?: number;
  search: (v: Float32Array) => number[];
  ms: number[];
  hits: number;
}
const contenders: Contender[] = [
  { library: "exact (usearch exactSearch)", settings: {}, search: (v) => exactNearest(usearch, data, dim, v, 10).rows, ms: [], hits: 0 },
];

const quant = { f32: usearch.ScalarKind.F32, f16: usearch.ScalarKind.F16, bf16: usearch.ScalarKind.BF16, i8: usearch.ScalarKind.I8 } as const;
for (const spec of values.configs.split(",").filter(Boolean)) {
  const [c, a, qk, m] = spec.split(":");
  const make = (ef: number) =>
    new usearch.Index({ dimensions: dim, metric: m === "ip" ? usearch.MetricKind.IP : usearch.MetricKind.Cos, quantization: quant[qk as keyof typeof quant], connectivity: Number(c), expansion_add: Number(a), expansion_search: ef, multi: false });
  const cacheDir = values["graphs-dir"] || tmp;
  const file = path.join(cacheDir, `n${n}-d${dim}-${c}-${a}-${qk}${m ? `-${m}` : ""}.usearch`);
  const sidecar = file.replace(/\.usearch$/, ".json");
  let built: { buildSeconds: number; loadAtBuild: number };
  if (fs.existsSync(file) && fs.existsSync(sidecar)) {
    built = JSON.parse(fs.readFileSync(sidecar, "utf8")) as typeof built;
    console.error(`usearch ${spec}: reusing ${file} (built in ${built.buildSeconds} s)`);
  } else {
    const l0 = load();
    const t = performance.now();
    const ix = make(efs[0]!);
    ix.add(keys, data, Number(values["build-threads"]));
    built = { buildSeconds: +((performance.now() - t) / 1000).toFixed(1), loadAtBuild: l0 };
    ix.save(file);
    fs.writeFileSync(sidecar, JSON.stringify(built));
    console.error(`usearch ${spec}: built in ${built.buildSeconds} s (load ${l0} → ${load()})`);
  }
  for (const ef of efs) {
    const ix = make(ef);
    ix.load(file);
    contenders.push({
      library: "usearch",
      settings: { connectivity: Number(c), expansionAdd: Number(a), quantization: qk!, metric: m === "ip" ? "ip" : "cos", expansionSearch: ef },
      ...built,
      search: (v) => Array.from(ix.search(v, 10, 1).keys, Number),
      ms: [],
      hits: 0,
    });
  }
}

interface HnswIndex {
  initIndex(max: number, m?: number, efConstruction?: number, seed?: number): void;
  addPoint(v: number[], label: number): void;
  setEf(ef: number): void;
  searchKnn(v: number[], k: number): { neighbors: number[] };
}
let hnswlib: { HierarchicalNSW: new (space: string, dim: number) => HnswIndex } | undefined;
try {
  const name = "hnswlib-node";
  hnswlib = ((await import(name)) as { default: typeof hnswlib }).default;
} catch {
  console.error("hnswlib-node is not installed (npm i --no-save hnswlib-node): measuring usearch alone.");
}
for (const spec of hnswlib ? values.hnswlib.split(",").filter(Boolean) : []) {
  const [m, efc] = spec.split(":").map(Number);
  const l0 = load();
  const t = performance.now();
  const ix = new hnswlib!.HierarchicalNSW("cosine", dim);
  ix.initIndex(n, m, efc, 100);
  for (let i = 0; i < n; i++) ix.addPoint(Array.from(data.subarray(i * dim, (i + 1) * dim)), i);
  const seconds = (performance.now() - t) / 1000;
  console.error(`hnswlib-node ${spec}: built in ${seconds.toFixed(1)} s (load ${l0} → ${load()})`);
  for (const ef of efs) {
    contenders.push({
      library: "hnswlib-node",
      settings: { M: m!, efConstruction: efc!, ef },
      buildSeconds: +seconds.toFixed(1),
      loadAtBuild: l0,
      // One index, its ef set before each query (setEf is a field write).
      search: (v) => {
        ix.setEf(ef);
        return ix.searchKnn(Array.from(v), 10).neighbors;
      },
      ms: [],
      hits: 0,
    });
  }
}

const loads: number[] = [load()];
for (let q = 0; q < numQueries; q++) {
  const v = query(q);
  for (const c of contenders) {
    const t = performance.now();
    const got = c.search(v);
    c.ms.push(performance.now() - t);
    c.hits += got.filter((r) => truth[q]!.has(r)).length;
  }
  if (q % 20 === 19) loads.push(load());
}
const rows = contenders.map((c) => ({
  library: c.library,
  ...c.settings,
  ...(c.buildSeconds === undefined ? {} : { buildSeconds: c.buildSeconds, loadAtBuild: c.loadAtBuild }),
  recallAt10: +(c.hits / (numQueries * 10)).toFixed(4),
  queryMsMedian: +median(c.ms).toFixed(2),
}));
const result = {
  command: `npm run bench:brain-sweep -- ${process.argv.slice(2).join(" ")}`.trim(),
  vectors: n,
  dim,
  data: "uniform",
  queries: numQueries,
  threads: { build: Number(values["build-threads"]), query: 1 },
  loadAverageDuringQueries: { min: Math.min(...loads), max: Math.max(...loads) },
  cores: os.cpus().length,
  rows,
};
console.log(JSON.stringify(result, null, 2));
if (values.out) fs.writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
fs.rmSync(tmp, { recursive: true, force: true });
