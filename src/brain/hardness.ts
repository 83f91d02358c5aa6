import type { SampleCollection } from "../dataset/index.js";
import { Classification, Classifications } from "../labels/index.js";
import { kindOf } from "./kind.js";
import { BrainError } from "./errors.js";
import { hardnessOf } from "./math.js";
import { saveRun } from "./runs.js";

/** Options of `computeHardness`. */
export interface ComputeHardnessOptions {
  /** Field to write each sample's hardness to; also the brain key of the run. Default `"hardness"`. */
  hardnessField?: string;
}

/** What `computeHardness` did. */
export interface HardnessResult {
  /** Samples given a hardness. */
  scored: number;
  /** Samples without a prediction (their hardness is set to null). */
  skipped: number;
}

/**
 * FiftyOne Brain's `compute_hardness`: the entropy (in nats) of the softmax of the stored
 * logits of a Classification (or Classifications) field, written per sample. Hard samples
 * are the ones the model is least sure of. Samples without a prediction get null.
 * @throws BrainError when a prediction has no logits (apply the model with `storeLogits: true`) or the field holds another label type
 */
export async function computeHardness(collection: SampleCollection, predField: string, options: ComputeHardnessOptions = {}): Promise<HardnessResult> {
  const hardnessField = options.hardnessField ?? "hardness";
  let scored = 0;
  let skipped = 0;
  for await (const sample of collection.iterSamples({ autosave: true })) {
    const label = sample.get(predField);
    if (label === undefined || label === null) {
      sample.set(hardnessField, null);
      skipped++;
      continue;
    }
    if (!(label instanceof Classification || label instanceof Classifications)) {
      throw new BrainError(`Hardness needs a Classification or Classifications field; "${predField}" of sample ${sample.id} holds ${kindOf(label)}.`);
    }
    if (!label.logits || label.logits.length === 0) {
      throw new BrainError(`Sample ${sample.id} field "${predField}" has no logits; apply the model with { storeLogits: true } to compute hardness.`);
    }
    sample.set(hardnessField, hardnessOf(label.logits));
    scored++;
  }
  await saveRun(collection, { key: hardnessField, method: "hardness", config: { predField, hardnessField } });
  return { scored, skipped };
}
