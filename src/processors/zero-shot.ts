import { Classification } from "../labels/index.js";
import { activate } from "./classifier.js";

/** Options of {@link zeroShotClassify}. */
export interface ZeroShotOptions {
  /** Multiplier of the cosine similarities before the softmax (CLIP learns ≈ 100). Default 100. */
  logitScale?: number;
  /** Keep the scaled similarities as `logits`. Default false. */
  storeLogits?: boolean;
}

/**
 * Zero-shot classification from embeddings (CLIP's recipe): the cosine similarity of
 * the image embedding to each prompt's embedding, scaled and softmaxed over the
 * prompts; the best prompt's class wins.
 */
export function zeroShotClassify(
  image: Float32Array,
  prompts: readonly Float32Array[],
  classes: readonly string[],
  options: ZeroShotOptions = {},
): Classification {
  if (prompts.length !== classes.length || prompts.length === 0) {
    throw new Error(`zeroShotClassify needs one prompt embedding per class; got ${prompts.length} embeddings for ${classes.length} classes.`);
  }
  const scale = options.logitScale ?? 100;
  const logits = Float32Array.from(prompts, (p) => scale * cosine(image, p));
  const probs = activate(logits, "softmax");
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return new Classification({ label: classes[best]!, confidence: probs[best]!, ...(options.storeLogits ? { logits } : {}) });
}

/** Cosine similarity of two vectors of one length (0 when either is zero). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`cosine: vectors of ${a.length} and ${b.length} values cannot be compared.`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
