/*
 * The scoring formulas of FiftyOne Brain (voxel51/fiftyone-brain,
 * fiftyone/brain/internal/core/{hardness,mistakenness,uniqueness}.py), written here from
 * their definitions: hardness is the entropy (natural log) of the softmax of the logits;
 * mistakenness maps agreement and model certainty onto [0, 1].
 */

/** IoU at which predictions are matched to ground truth for object mistakenness (FiftyOne Brain's `_DETECTION_IOU`). */
export const DETECTION_IOU = 0.5;
/** Unmatched predictions more confident than this are "possibly missing" ground truth (FiftyOne Brain's `_MISSED_CONFIDENCE_THRESHOLD`). */
export const MISSED_CONFIDENCE_THRESHOLD = 0.95;
/** Weights of the distances to the 1st, 2nd and 3rd nearest neighbour in uniqueness (FiftyOne Brain). */
export const UNIQUENESS_WEIGHTS = [0.6, 0.3, 0.1] as const;

/** Softmax of `logits` (shifted by the maximum for stability). */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i]! - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Shannon entropy in nats of a probability vector (zero entries contribute nothing, as in scipy.stats.entropy). */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) h -= p[i]! * Math.log(p[i]!);
  return h;
}

/** Hardness of one prediction: the entropy of the softmax of its logits. */
export function hardnessOf(logits: ArrayLike<number>): number {
  return entropy(softmax(logits));
}

/**
 * Class mistakenness from logits: `(s·e^(−H) + 1) / 2` where H is the entropy of the
 * softmax and `s` is −1 when prediction and label agree, +1 when they differ. A confident
 * model that disagrees scores near 1, one that agrees near 0, an unsure one near 0.5.
 */
export function classMistakenness(logits: ArrayLike<number>, agree: boolean): number {
  return ((agree ? -1 : 1) * Math.exp(-hardnessOf(logits)) + 1) / 2;
}

/** Class mistakenness from a confidence in [0, 1]: `(s·confidence + 1) / 2`, `s` as in {@link classMistakenness}. */
export function classMistakennessFromConfidence(confidence: number, agree: boolean): number {
  return ((agree ? -1 : 1) * confidence + 1) / 2;
}

/**
 * Localization mistakenness of a matched object: with `i = (1 − iou) / (1 − 0.5)` (0 for a
 * perfect box, 1 at the match threshold) and certainty `c`, `(c·(2i − 1) + 1) / 2`.
 * `c` is the confidence, or `e^(−H)` of the logits.
 */
export function locMistakenness(certainty: number, iou: number): number {
  const i = (1 - iou) / (1 - DETECTION_IOU);
  return (certainty * (2 * i - 1) + 1) / 2;
}

/** A small seeded generator of numbers in [0, 1) (mulberry32), for repeatable UMAP layouts and test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
