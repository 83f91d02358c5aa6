import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type * as Usearch from "usearch";

/*
 * Exact nearest neighbours over unit-length rows by cosine similarity (the dot product),
 * and the approximate index of the usearch library (HNSW, cosine metric) for large collections.
 */

/**
 * Parameters of the usearch HNSW graph of similarity indexes, picked by measurement
 * (bench/brain-sweep.ts, results in bench/results/brain-sweep-100k.json): on the worst case,
 * 100,000 uniformly random 128-d directions, connectivity 32 / expansion-add 256 reaches
 * recall@10 0.949 at expansion-search 512 and 0.971 at 640 (connectivity 16 needed 1,536 for
 * 0.953, at several times the query time; connectivity 48 / expansion-add 384 reaches 0.961 at
 * 384 but builds 2.5 times slower); 8-bit quantization stalls at 0.90; the inner-product
 * metric on the (unit-length) vectors finds the same neighbours as cosine about 1.5 times
 * faster. On clustered vectors, like real embeddings, expansion-search 128 already reached
 * recall 1.0 (bench/brain.ts). A stored graph keeps its own connectivity (usearch reads it
 * from the file) and the expansion-search recorded with it.
 */
export const USEARCH_PARAMS = { connectivity: 32, expansionAdd: 256, expansionSearch: 640, metric: "ip" } as const;

/** Expansion-search of graphs stored before it was recorded with them (connectivity 16, measured at 1,536). */
export const UNRECORDED_EXPANSION_SEARCH = 1536;

/** The metric of a usearch graph over unit-length rows: inner product (the default since it was measured faster), or cosine (graphs stored before). */
export type GraphMetric = "ip" | "cos";

/** `k` best (highest similarity) rows of `sims`, best first, optionally leaving out one row. */
export function topK(sims: Float32Array, k: number, skip = -1): number[] {
  const best: number[] = [];
  for (let i = 0; i < sims.length; i++) {
    if (i === skip) continue;
    const s = sims[i]!;
    if (best.length === k && s <= sims[best[k - 1]!]!) continue;
    let pos = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(i);
    while (pos > 0 && sims[best[pos - 1]!]! < s) {
      best[pos] = best[pos - 1]!;
      pos--;
    }
    best[pos] = i;
  }
  return best;
}

/** Dot products of `query` with every row of the `n × dim` matrix `rows` (only `subset` rows when given; others −Infinity). */
export function similarities(rows: Float32Array, dim: number, query: Float32Array, subset?: Uint8Array): Float32Array {
  const n = rows.length / dim;
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    if (subset && !subset[r]) {
      out[r] = -Infinity;
      continue;
    }
    let s = 0;
    const base = r * dim;
    for (let j = 0; j < dim; j++) s += rows[base + j]! * query[j]!;
    out[r] = s;
  }
  return out;
}

/** The usearch module's exports. */
export type UsearchModule = typeof Usearch;
let usearchModule: Promise<UsearchModule> | undefined;

/** The usearch module, imported on first use (a native addon shipped prebuilt in its npm tarball). */
export function loadUsearch(): Promise<UsearchModule> {
  usearchModule ??= import("usearch");
  return usearchModule;
}

/**
 * The `k` rows of the `n × dim` matrix of unit-length `rows` most similar to `query` (dot
 * product), best first, compared one by one by usearch's SIMD brute force (`exactSearch`, one
 * thread): about 4 ms for 100,000 128-d rows here, twenty times the plain loop of
 * {@link similarities}. `usearch` is the loaded module ({@link loadUsearch}).
 */
export function exactNearest(usearch: UsearchModule, rows: Float32Array, dim: number, query: Float32Array, k: number): { rows: number[]; sims: number[] } {
  const n = rows.length / dim;
  const want = Math.min(k, n);
  if (want <= 0) return { rows: [], sims: [] };
  // usearch's exactSearch reads typed arrays from the start of their buffer (it ignores
  // byteOffset, measured with 2.25.3), so views into a larger buffer are copied first.
  const own = (a: Float32Array) => (a.byteOffset === 0 && a.buffer.byteLength === a.byteLength ? a : a.slice());
  const m = usearch.exactSearch(own(rows), own(query), dim, want, usearch.MetricKind.IP, 1);
  // Inner-product distance is 1 − dot.
  return { rows: Array.from(m.keys, Number), sims: Array.from(m.distances, (d) => 1 - d) };
}

/**
 * How the usearch graph of a similarity index is built and searched (HNSW): more of each buys
 * recall for time — `connectivity` and `expansionAdd` when the graph is built (stored with it),
 * `expansionSearch` on every query. Defaults: {@link USEARCH_PARAMS}.
 */
export interface SimilarityGraphOptions {
  /** Neighbours each vector links to (HNSW's M). Default 32. */
  connectivity?: number;
  /** Candidates considered while adding a vector (ef-construction). Default 256. */
  expansionAdd?: number;
  /** Candidates considered while answering a query (ef). Default 640. */
  expansionSearch?: number;
}

/**
 * A new empty usearch index of `dim`-long unit vectors, compared by inner product (their
 * cosine) unless `metric` says `"cos"`; unset `graph` options are {@link USEARCH_PARAMS}'.
 * Its distances are 1 − cosine either way.
 */
export async function newUsearchIndex(dim: number, metric: GraphMetric = USEARCH_PARAMS.metric, graph: SimilarityGraphOptions = {}): Promise<Usearch.Index> {
  const { Index, MetricKind, ScalarKind } = await loadUsearch();
  return new Index({
    dimensions: dim,
    metric: metric === "ip" ? MetricKind.IP : MetricKind.Cos,
    quantization: ScalarKind.F32,
    connectivity: graph.connectivity ?? USEARCH_PARAMS.connectivity,
    expansion_add: graph.expansionAdd ?? USEARCH_PARAMS.expansionAdd,
    expansion_search: graph.expansionSearch ?? USEARCH_PARAMS.expansionSearch,
    multi: false,
  });
}

/** Expansion-search of the graph `computeUniqueness` builds for large collections: it needs 3 neighbours' distances, not an exact top 10. */
const UNIQUENESS_EXPANSION_SEARCH = 128;

/**
 * The serialized graph of a usearch index (its library writes and reads files only, so
 * through a private temporary file), for storing in the dataset's store.
 */
export function graphBytes(index: Usearch.Index): Uint8Array {
  return throughTempFile((file) => {
    index.save(file);
    return fs.readFileSync(file);
  });
}

/** Loads into `index` a graph serialized by {@link graphBytes}. */
export function loadGraph(index: Usearch.Index, bytes: Uint8Array): void {
  throughTempFile((file) => {
    fs.writeFileSync(file, bytes);
    index.load(file);
  });
}

/** Calls `use` with a file path in a private temporary folder, removed afterwards. */
function throughTempFile<T>(use: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-usearch-"));
  try {
    return use(path.join(dir, "graph.usearch"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The `k` nearest other rows of every row (by cosine over unit rows) and their cosine
 * distances `1 − similarity`, exactly (n² dot products) or through a usearch index.
 */
export async function allNeighbors(rows: Float32Array, dim: number, k: number, approximate: boolean): Promise<{ index: Int32Array; dist: Float32Array }> {
  const n = rows.length / dim;
  const index = new Int32Array(n * k).fill(-1);
  const dist = new Float32Array(n * k).fill(Infinity);
  if (!approximate) {
    for (let r = 0; r < n; r++) {
      const sims = similarities(rows, dim, rows.subarray(r * dim, (r + 1) * dim));
      topK(sims, k, r).forEach((j, c) => {
        index[r * k + c] = j;
        dist[r * k + c] = 1 - sims[j]!;
      });
    }
    return { index, dist };
  }
  const ix = await newUsearchIndex(dim, "cos", { expansionSearch: UNIQUENESS_EXPANSION_SEARCH });
  ix.add(BigUint64Array.from({ length: n }, (_, i) => BigInt(i)), rows);
  for (let r = 0; r < n; r++) {
    const m = ix.search(rows.subarray(r * dim, (r + 1) * dim), k + 1, 1);
    let c = 0;
    for (let i = 0; i < m.keys.length && c < k; i++) {
      const j = Number(m.keys[i]);
      if (j === r) continue;
      index[r * k + c] = j;
      dist[r * k + c] = m.distances[i]!;
      c++;
    }
  }
  return { index, dist };
}
