import pLimit from "p-limit";
import { decodeImage, type RgbImage } from "../media/index.js";
import type { Sample, SampleCollection } from "../dataset/index.js";
import { isPreparingModel, type Model } from "./model.js";
import { prefetch } from "./prefetch.js";

/** A sample whose media could not be read or that the model failed on. */
export interface SampleFailure {
  /** Sample id. */
  id: string;
  /** Its media file. */
  filepath: string;
  /** What went wrong (the message names the file). */
  error: string;
}

/** Options shared by the methods that run a model over a collection. */
export interface RunOptions {
  /** Images per model call. Default: the model's `defaultBatchSize`. */
  batchSize?: number;
  /** Images decoded and prepared at once. Default 4. */
  numWorkers?: number;
  /** Record failures and go on (default true), or stop at the first one. */
  skipFailures?: boolean;
  /** Show a progress bar (default: on a terminal, not in CI). */
  progress?: boolean;
}

/** A batch ready for the model: its samples and, per sample, the prepared input or the error. */
export interface ReadyBatch {
  /** The samples, built-in fields only. */
  samples: Sample[];
  /** Prepared input (or decoded image) per sample, or the error that prevented it. */
  inputs: ({ ok: true; value: unknown } | { ok: false; error: unknown })[];
}

/** Batches to process, decoded and prepared ahead of the model by at most two batches. */
export function readyBatches(collection: SampleCollection, model: Model, ids: readonly string[], options: RunOptions): AsyncGenerator<ReadyBatch> {
  const batchSize = Math.max(1, options.batchSize ?? model.defaultBatchSize);
  const limit = pLimit(Math.max(1, options.numWorkers ?? 4));
  const prepare = async (sample: Sample): Promise<unknown> => {
    // Decoding at the model's size is most of the win for photos much larger than the input.
    if (isPreparingModel(model) && model.prepareFile) return model.prepareFile(sample.filepath);
    const image: RgbImage = await decodeImage(sample.filepath);
    return isPreparingModel(model) ? model.prepare(image) : image;
  };
  const tasks = function* () {
    for (let i = 0; i < ids.length; i += batchSize) {
      const chunk = ids.slice(i, i + batchSize);
      yield async (): Promise<ReadyBatch> => {
        const samples = await collection.getSamples(chunk, { fields: [] });
        const inputs = await Promise.all(
          samples.map((s) =>
            limit(() =>
              prepare(s).then(
                (value) => ({ ok: true as const, value }),
                (error: unknown) => ({ ok: false as const, error }),
              ),
            ),
          ),
        );
        return { samples, inputs };
      };
    }
  };
  return prefetch(tasks(), 2);
}

/** Runs the model's batch call on prepared inputs (or decoded images). */
export function runModel<T>(model: Model, inputs: readonly unknown[], kind: "predict" | "embed"): Promise<T[]> {
  if (isPreparingModel(model)) {
    return (kind === "predict" ? model.predictPrepared(inputs) : model.embedPrepared(inputs)) as Promise<T[]>;
  }
  const images = inputs as RgbImage[];
  return (kind === "predict" ? model.predictAll(images) : model.embedAll(images)) as Promise<T[]>;
}

/** A failure record for a sample. */
export function failureOf(sample: Sample, error: unknown): SampleFailure {
  return { id: sample.id, filepath: sample.filepath, error: error instanceof Error ? error.message : String(error) };
}
