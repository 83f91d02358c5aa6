import type { SampleCollection } from "../dataset/index.js";
import { normalizeRows, resolveEmbeddings, type EmbeddingsSourceOptions } from "./embeddings.js";
import { allNeighbors } from "./knn.js";
import { UNIQUENESS_WEIGHTS } from "./math.js";
import { saveRun } from "./runs.js";

/** Collections larger than this find neighbours through a usearch index instead of exactly. */
export const UNIQUENESS_EXACT_LIMIT = 10_000;

/** Options of `computeUniqueness`. */
export interface ComputeUniquenessOptions extends EmbeddingsSourceOptions {
  /** Field to write each sample's uniqueness to; also the brain key of the run. Default `"uniqueness"`. */
  uniquenessField?: string;
}

/** What `computeUniqueness` did. */
export interface UniquenessResult {
  /** Samples scored. */
  scored: number;
  /** The model that computed the embeddings, if one did. */
  modelName?: string;
}

/**
 * FiftyOne Brain's `compute_uniqueness`: for each sample, the cosine distances to its three
 * nearest other samples, weighted 0.6 / 0.3 / 0.1, summed, and scaled so that the most
 * unique sample scores 1. Near-duplicates score lowest. With three samples or fewer, every
 * sample scores 1. Embeddings come from a field, a matrix, or a model (see {@link EmbeddingsSourceOptions}).
 */
export async function computeUniqueness(collection: SampleCollection, options: ComputeUniquenessOptions): Promise<UniquenessResult> {
  const uniquenessField = options.uniquenessField ?? "uniqueness";
  const emb = await resolveEmbeddings(collection, options, "computeUniqueness");
  const n = emb.ids.length;
  const k = UNIQUENESS_WEIGHTS.length;
  const scores = new Float64Array(n).fill(1);
  if (n > k) {
    const rows = normalizeRows(emb.data, emb.dim);
    const { dist } = await allNeighbors(rows, emb.dim, k, n > UNIQUENESS_EXACT_LIMIT);
    let max = 0;
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.max(0, dist[r * k + c]!) * UNIQUENESS_WEIGHTS[c]!;
      scores[r] = s;
      max = Math.max(max, s);
    }
    for (let r = 0; r < n; r++) scores[r] = max > 0 ? scores[r]! / max : 0;
  }
  await collection.setValues(uniquenessField, new Map(emb.ids.map((id, i) => [id, scores[i]!])));
  const config: Record<string, unknown> = { uniquenessField, modelName: emb.modelName, embeddingsField: emb.embeddingsField };
  await saveRun(collection, { key: uniquenessField, method: "uniqueness", config });
  return { scored: n, ...(emb.modelName ? { modelName: emb.modelName } : {}) };
}
