/*
 * Exact t-SNE (van der Maaten & Hinton, "Visualizing Data using t-SNE", JMLR 2008), with the
 * optimisation schedule of scikit-learn's `TSNE` as FiftyOne Brain calls it (perplexity 30,
 * learning rate 200, 1,000 iterations, early exaggeration 12 for the first 250 with momentum
 * 0.5, then momentum 0.8; per-parameter gains +0.2 / ×0.8, at least 0.01; a PCA start scaled
 * to a standard deviation of 1e-4). Written here from those definitions. The gradient is the
 * exact O(n²) one (scikit-learn's `method="exact"`), not Barnes-Hut, so collections are
 * limited to TSNE_MAX_SAMPLES.
 */

/** The largest collection t-SNE runs on (two n × n matrices of float32 live in memory). */
export const TSNE_MAX_SAMPLES = 5_000;

/** Parameters of {@link tsne}. */
export interface TsneParams {
  /** Effective number of neighbours (default 30; at most (n − 1) / 3). */
  perplexity?: number;
  /** Default 200 (FiftyOne's). */
  learningRate?: number;
  /** Default 1,000. */
  maxIters?: number;
}

/**
 * The symmetric joint probabilities P of t-SNE for `n` points given their squared
 * distances `d2` (n × n): for each point, a Gaussian whose precision is searched (bisection)
 * so that the entropy of its conditional distribution is log(perplexity); then
 * P = (P_{j|i} + P_{i|j}) / 2n. Returns P and each row's reached entropy (nats).
 */
export function tsneAffinities(d2: Float32Array, n: number, perplexity: number): { p: Float32Array; entropies: Float64Array } {
  const target = Math.log(perplexity);
  const cond = new Float64Array(n * n);
  const entropies = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let beta = 1;
    let lo = -Infinity;
    let hi = Infinity;
    let h = 0;
    for (let step = 0; step < 100; step++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < n; j++) {
        const v = j === i ? 0 : Math.exp(-d2[i * n + j]! * beta);
        row[j] = v;
        sum += v;
        weighted += d2[i * n + j]! * v;
      }
      if (sum === 0) sum = 1e-12;
      // H = log(sum) + beta · E[d²]
      h = Math.log(sum) + (beta * weighted) / sum;
      for (let j = 0; j < n; j++) cond[i * n + j] = row[j]! / sum;
      if (Math.abs(h - target) < 1e-5) break;
      if (h > target) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
      }
    }
    entropies[i] = h;
  }
  const p = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) p[i * n + j] = Math.max((cond[i * n + j]! + cond[j * n + i]!) / (2 * n), 1e-12);
  return { p, entropies };
}

/**
 * 2-D t-SNE coordinates of `rows` (n points, `dim` values each, row-major), starting from
 * `init` (n × 2; FiftyOne starts from the first two principal components).
 */
export function tsne(rows: Float64Array, n: number, dim: number, init: Float64Array, params: TsneParams = {}): [number, number][] {
  if (n === 0) return [];
  if (n === 1) return [[0, 0]];
  const perplexity = Math.max(1, Math.min(params.perplexity ?? 30, (n - 1) / 3));
  const learningRate = params.learningRate ?? 200;
  const maxIters = params.maxIters ?? 1000;
  const d2 = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += (rows[i * dim + k]! - rows[j * dim + k]!) ** 2;
      d2[i * n + j] = s;
      d2[j * n + i] = s;
    }
  const { p } = tsneAffinities(d2, n, perplexity);
  const y = Float64Array.from(init);
  const update = new Float64Array(n * 2);
  const gains = new Float64Array(n * 2).fill(1);
  const grad = new Float64Array(n * 2);
  const num = d2; // reused: 1 / (1 + |yi − yj|²)
  for (let iter = 0; iter < maxIters; iter++) {
    const exaggeration = iter < 250 ? 12 : 1;
    const momentum = iter < 250 ? 0.5 : 0.8;
    let sumNum = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const v = 1 / (1 + (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2);
        num[i * n + j] = v;
        num[j * n + i] = v;
        sumNum += 2 * v;
      }
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      let gx = 0;
      let gy = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const v = num[i * n + j]!;
        const f = (exaggeration * p[i * n + j]! - v / sumNum) * v;
        gx += f * (y[2 * i]! - y[2 * j]!);
        gy += f * (y[2 * i + 1]! - y[2 * j + 1]!);
      }
      grad[2 * i] = 4 * gx;
      grad[2 * i + 1] = 4 * gy;
    }
    for (let k = 0; k < 2 * n; k++) {
      gains[k] = Math.max(0.01, update[k]! * grad[k]! < 0 ? gains[k]! + 0.2 : gains[k]! * 0.8);
      update[k] = momentum * update[k]! - learningRate * gains[k]! * grad[k]!;
      y[k]! += update[k]!;
    }
  }
  return Array.from({ length: n }, (_, i) => [y[2 * i]!, y[2 * i + 1]!]);
}
