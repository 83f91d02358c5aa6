import fs from "node:fs";
import { PCA } from "ml-pca";
import { UMAP } from "umap-js";
import type { SampleCollection } from "../dataset/index.js";
import { BrainError } from "./errors.js";
import { resolveEmbeddings, type EmbeddingsSourceOptions } from "./embeddings.js";
import { getRun, runFile, saveRun, writeAtomic, type BrainRunInfo } from "./runs.js";
import { seededRandom } from "./math.js";

/** How embeddings are brought down to two dimensions. */
export type VisualizationMethod = "umap" | "pca";

/** Options of `computeVisualization`. */
export interface ComputeVisualizationOptions extends EmbeddingsSourceOptions {
  /** Key the coordinates are stored under (letters, digits, "_"). */
  brainKey: string;
  /** `"umap"` (umap-js, default) or `"pca"` (ml-pca: the first two principal components). */
  method?: VisualizationMethod;
  /** UMAP: neighbours per point (default 15, at most samples − 1). */
  numNeighbors?: number;
  /** UMAP: minimum distance between points in the layout (default 0.1). */
  minDist?: number;
  /** UMAP: seed of its random layout, so that runs repeat (default 51). */
  seed?: number;
}

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
  static load(collection: SampleCollection, run: BrainRunInfo, keep?: ReadonlySet<string>): VisualizationResults {
    const stored = JSON.parse(fs.readFileSync(runFile(collection, run.key, ".points.json"), "utf8")) as StoredPoints;
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
 * coordinates, stored under `brainKey` (`<key>.points.json` beside the dataset). UMAP through
 * umap-js (seeded, so runs repeat) or PCA through ml-pca. t-SNE is not offered: no t-SNE
 * package on npm is kept up (see README "Brain").
 * @throws BrainError for another method, or for embeddings that cannot be read
 */
export async function computeVisualization(collection: SampleCollection, options: ComputeVisualizationOptions): Promise<VisualizationResults> {
  const method = options.method ?? "umap";
  if (method !== "umap" && method !== "pca") {
    const tsne = (method as string) === "tsne" ? " t-SNE is not offered (no maintained t-SNE package on npm); use UMAP, which keeps local structure as t-SNE does." : "";
    throw new BrainError(`Unknown visualization method "${String(method)}"; use "umap" or "pca".${tsne}`);
  }
  const emb = await resolveEmbeddings(collection, options, "computeVisualization");
  const n = emb.ids.length;
  const rows = Array.from({ length: n }, (_, i) => Array.from(emb.data.subarray(i * emb.dim, (i + 1) * emb.dim)));
  let points: [number, number][];
  if (n < 3 || emb.dim < 2) points = rows.map(() => [0, 0]);
  else if (method === "pca") {
    const pca = new PCA(rows, { method: "NIPALS", nCompNIPALS: 2 });
    points = pca
      .predict(rows, { nComponents: 2 })
      .to2DArray()
      .map((r) => [r[0]!, r[1]!]);
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
  const run = saveRun(collection, { key: options.brainKey, method: "visualization", config });
  writeAtomic(runFile(collection, options.brainKey, ".points.json"), JSON.stringify({ ids: [...emb.ids], points } satisfies StoredPoints));
  return VisualizationResults.load(collection, run);
}

/** The stored visualization `brainKey`, keeping the samples still in the collection's dataset. */
export async function loadVisualization(collection: SampleCollection, brainKey: string): Promise<VisualizationResults> {
  const run = getRun(collection, brainKey, "visualization");
  return VisualizationResults.load(collection, run, new Set(await collection.ids()));
}
