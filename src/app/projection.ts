import { PCA } from "ml-pca";
import { AppFieldError } from "./errors.js";

/** A 2-D projection of vectors and the share of the variance each axis keeps. */
export interface Projection2D {
  /** `[x, y]` per input vector, in input order. */
  points: [number, number][];
  /** Variance of each axis over the total variance of the vectors. */
  explainedVariance: [number, number];
}

/**
 * Projects vectors onto their first two principal components (ml-pca's NIPALS, which
 * computes only the components asked for, so thousands of 512-d embeddings take
 * well under a second). With fewer than three vectors every point sits at the origin.
 * @throws AppFieldError when the vectors differ in length
 */
export function projectPca(vectors: readonly Float32Array[], field: string): Projection2D {
  const dim = vectors[0]?.length ?? 0;
  const bad = vectors.findIndex((v) => v.length !== dim);
  if (bad >= 0) {
    throw new AppFieldError(`Embeddings field "${field}" holds vectors of different lengths (${dim} and ${vectors[bad]!.length}); recompute it with one model.`);
  }
  if (vectors.length < 3 || dim < 2) return { points: vectors.map(() => [0, 0]), explainedVariance: [0, 0] };
  const rows = vectors.map((v) => Array.from(v));
  const pca = new PCA(rows, { method: "NIPALS", nCompNIPALS: 2 });
  // [n, 2] scores: the centred vectors on the two components.
  const scores = pca.predict(rows, { nComponents: 2 }).to2DArray();
  const total = totalVariance(rows);
  const explained = [0, 1].map((c) => (total > 0 ? variance(scores.map((r) => r[c]!)) / total : 0)) as [number, number];
  return { points: scores.map((r) => [r[0]!, r[1]!]), explainedVariance: explained };
}

function variance(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
}

function totalVariance(rows: readonly number[][]): number {
  let sum = 0;
  for (let d = 0; d < rows[0]!.length; d++) sum += variance(rows.map((r) => r[d]!));
  return sum;
}
