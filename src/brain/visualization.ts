import { PCA } from "ml-pca";
import { UMAP } from "umap-js";
import type { SampleCollection } from "../dataset/index.js";
import { BrainError } from "./errors.js";
import { resolveEmbeddings, type EmbeddingsSourceOptions } from "./embeddings.js";
import { getRun, readRunPart, saveRun, type BrainRunInfo } from "./runs.js";
import { seededRandom } from "./math.js";
import { TSNE_MAX_SAMPLES, tsne } from "./tsne.js";

/** How embeddings are brought down to two dimensions. */
export type VisualizationMethod = "umap" | "pca" | "tsne";

/** Options of `computeVisualization`. */
export interface ComputeVisualizationOptions extends EmbeddingsSourceOptions {
  /** Key the coordinates are stored under (letters, digits, "_"). */
  brainKey: string;
  /**
   * `"umap"` (umap-js, default), `"pca"` (ml-pca: the first two principal components) or
   * `"tsne"` (exact t-SNE after PCA to 50 dimensions, as FiftyOne Brain runs scikit-learn's;
   * up to 5,000 samples).
   */
  method?: VisualizationMethod;
  /** UMAP: neighbours per point (default 15, at most samples − 1). */
  numNeighbors?: number;
  /** UMAP: minimum distance between points in the layout (default 0.1). */
  minDist?: number;
  /** UMAP: seed of its random layout, so that runs repeat (default 51). */
  seed?: number;
  /** t-SNE: perplexity, the effective number of neighbours (default 30, at most (samples − 1) / 3). */
  perplexity?: number;
  /** t-SNE: learning rate (default 200). */
  learningRate?: number;
  /** t-SNE: iterations (default 1,000). */
  maxIters?: number;
}

/** The part of a visualization run holding its points (JSON). */
const POINTS = "points.json";

interface StoredPoints {
  ids: string[];
  points: [number, number][];
}

/** 2-D coordinates of samples from a stored visualization run (FiftyOne Brain's `VisualizationResults`). */
export class VisualizationResults {
  /** The brain key. */
  readonly key: string;
  /** The method that computed the coordinates. */
  readonly method: VisualizationMethod;
  /** Sample ids, in the order of `points`. */
  readonly ids: readonly string[];
  /** `[x, y]` of each sample. */
  readonly points: readonly (readonly [number, number])[];

  /** @internal */
  constructor(key: string, method: VisualizationMethod, ids: readonly string[], points: readonly (readonly [number, number])[]) {
    this.key = key;
    this.method = method;
    this.ids = ids;
    this.points = points;
  }

  /** The coordinates of one sample, or undefined when it was not in the run. */
  pointOf(id: string): readonly [number, number] | undefined {
    const i = this.ids.indexOf(id);
    return i < 0 ? undefined : this.points[i];
  }

  /** @internal — reads a stored run, keeping only samples still in `keep` (when given). */
  static async load(collection: SampleCollection, run: BrainRunInfo, keep?: ReadonlySet<string>): Promise<VisualizationResults> {
    const stored = JSON.parse(Buffer.from(await readRunPart(collection, run.key, POINTS)).toString("utf8")) as StoredPoints;
    const rows = stored.ids.flatMap((id, i) => (keep && !keep.has(id) ? [] : [{ id, p: stored.points[i]! }]));
    return new VisualizationResults(
      run.key,
      (run.config as { method: VisualizationMethod }).method,
      rows.map((r) => r.id),
      rows.map((r) => r.p),
    );
  }
}

/**
 * FiftyOne Brain's `compute_visualization`: each sample's embedding brought down to 2-D
 * coordinates, stored under `brainKey` in the dataset's store. UMAP through
 * umap-js (seeded, so runs repeat), PCA through ml-pca, or t-SNE (written here: no t-SNE
 * package on npm is kept up; deterministic, starting from the principal components).
 * @throws BrainError for another method, t-SNE over more than 5,000 samples, or embeddings that cannot be read
 */
export async function computeVisualization(collection: SampleCollection, options: ComputeVisualizationOptions): Promise<VisualizationResults> {
  const method = options.method ?? "umap";
  if (method !== "umap" && method !== "pca" && method !== "tsne") {
    throw new BrainError(`Unknown visualization method "${String(method)}"; use "umap", "pca" or "tsne".`);
  }
  const emb = await resolveEmbeddings(collection, options, "computeVisualization");
  const n = emb.ids.length;
  if (method === "tsne" && n > TSNE_MAX_SAMPLES) {
    throw new BrainError(`computeVisualization: t-SNE here is exact (O(n²) memory and time) and takes at most ${TSNE_MAX_SAMPLES} samples; this collection has ${n}. Use method "umap", or a view of fewer samples.`);
  }
  const rows = Array.from({ length: n }, (_, i) => Array.from(emb.data.subarray(i * emb.dim, (i + 1) * emb.dim)));
  let points: [number, number][];
  if (n < 3 || emb.dim < 2) points = rows.map(() => [0, 0]);
  else if (method === "pca") {
    const pca = new PCA(rows, { method: "NIPALS", nCompNIPALS: 2 });
    points = pca
      .predict(rows, { nComponents: 2 })
      .to2DArray()
      .map((r) => [r[0]!, r[1]!]);
  } else if (method === "tsne") {
    points = tsneLayout(rows, options);
  } else {
    const umap = new UMAP({
      nComponents: 2,
      nNeighbors: Math.max(2, Math.min(options.numNeighbors ?? 15, n - 1)),
      minDist: options.minDist ?? 0.1,
      random: seededRandom(options.seed ?? 51),
    });
    points = umap.fit(rows).map((r) => [r[0]!, r[1]!]);
  }
  const config: Record<string, unknown> = { method, modelName: emb.modelName, embeddingsField: emb.embeddingsField, count: n };
  const stored = JSON.stringify({ ids: [...emb.ids], points } satisfies StoredPoints);
  const run = await saveRun(collection, { key: options.brainKey, method: "visualization", config }, { [POINTS]: Buffer.from(stored, "utf8") });
  return VisualizationResults.load(collection, run);
}

/** t-SNE as FiftyOne Brain runs it: PCA to at most 50 dimensions, then t-SNE from the first two components scaled to a standard deviation of 1e-4. */
function tsneLayout(rows: number[][], options: ComputeVisualizationOptions): [number, number][] {
  const n = rows.length;
  const dim = Math.min(50, rows[0]!.length, n);
  const pcs = new PCA(rows, { method: "NIPALS", nCompNIPALS: dim }).predict(rows, { nComponents: dim }).to2DArray();
  const data = Float64Array.from(pcs.flatMap((r) => r.slice(0, dim)));
  let sd = 0;
  for (const r of pcs) sd += r[0]! ** 2;
  sd = Math.sqrt(sd / n) || 1;
  const init = Float64Array.from(pcs.flatMap((r) => [(r[0]! / sd) * 1e-4, ((r[1] ?? 0) / sd) * 1e-4]));
  return tsne(data, n, dim, init, {
    ...(options.perplexity === undefined ? {} : { perplexity: options.perplexity }),
    ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
    ...(options.maxIters === undefined ? {} : { maxIters: options.maxIters }),
  });
}

/** The stored visualization `brainKey`, keeping the samples still in the collection's dataset. */
export async function loadVisualization(collection: SampleCollection, brainKey: string): Promise<VisualizationResults> {
  const run = await getRun(collection, brainKey, "visualization");
  return VisualizationResults.load(collection, run, new Set(await collection.ids()));
}
