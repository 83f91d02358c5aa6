import os from "node:os";
import pLimit from "p-limit";
import { decodeImage, type RgbImage } from "../media/index.js";
import type { Sample, SampleCollection } from "../dataset/index.js";
import { RunOptionsError, SampleFailedError } from "./errors.js";
import { isPreparingModel, isWorkerPoolModel, ModelCapabilityError, type Model } from "./model.js";
import type { InferenceWorkersInfo } from "./runtime.js";
import { prefetch } from "./prefetch.js";

/*
 * The one pipeline runner of `applyModel`, `computeEmbeddings` and
 * `computePatchEmbeddings`: samples in batches, their inputs decoded and prepared
 * ahead of the model (at most two batches, `prefetch`), one model call per batch of
 * inputs, and a failure — reading a file, or the model on it — confined to its own
 * sample. Video frames go through the same `prefetch` (`frameBatches`).
 *
 * With inference workers (`numWorkers`, see `startRunWorkers`) as many batches are
 * in inference at once as there are workers, again through `prefetch`, while this
 * thread decodes the next ones, decodes outputs and writes the results in order.
 */

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
  /**
   * Inference worker threads (FiftyOne's `num_workers`): each holds its own instance of
   * the model's runtime, so several batches infer at once on several cores while this
   * thread decodes images, decodes outputs and writes results. 0 infers in the main
   * thread. Default: chosen from the core count and the runtime — one per core for
   * TF.js (its wasm backend infers on one core per instance), one for ONNX Runtime
   * (one session already uses every core, but its `run` blocks the thread that calls
   * it) — and 0 for runs of fewer than
   * 16 images per worker, where loading the model again costs more than it saves.
   * The workers stay with the model for the next run until `model.dispose()`.
   */
  numWorkers?: number;
  /** Record failures and go on (default true), or stop at the first one. */
  skipFailures?: boolean;
  /** Show a progress bar (default: on a terminal, not in CI). */
  progress?: boolean;
}

/** What the runner feeds the model for each sample. */
export interface SampleInputs {
  /** Custom fields to read with each sample (default none: built-ins only). */
  fields?: readonly string[];
  /**
   * The model inputs of one sample, each made with `prepare` from an image (default:
   * the sample's image, decoded at the model's size when the model can). An empty list
   * means nothing to run for this sample; a throw is the sample's failure.
   */
  inputs?(sample: Sample, prepare: (image: RgbImage) => Promise<unknown>): Promise<unknown[]>;
}

/** The outcome of one sample: the model's outputs for its inputs, in order, or why it failed. */
export type SampleResult<T> = { sample: Sample; ok: true; outputs: T[] } | { sample: Sample; ok: false; error: unknown };

/** A batch ready for the model: its samples and, per sample, the prepared inputs or the error. */
interface ReadyBatch {
  samples: Sample[];
  inputs: ({ ok: true; value: unknown[] } | { ok: false; error: unknown })[];
}

/** Batches to process, decoded and prepared ahead of the model by at most two batches. */
function readyBatches(collection: SampleCollection, model: Model, ids: readonly string[], options: RunOptions, spec: SampleInputs): AsyncGenerator<ReadyBatch> {
  const batchSize = Math.max(1, options.batchSize ?? model.defaultBatchSize);
  // Enough decoding at once to keep every worker fed.
  const limit = pLimit(Math.max(4, 2 * inflightOf(model)));
  const prepare = (image: RgbImage): Promise<unknown> => (isPreparingModel(model) ? model.prepare(image) : Promise.resolve(image));
  const inputsOf = async (sample: Sample): Promise<unknown[]> => {
    if (spec.inputs) return spec.inputs(sample, prepare);
    // Decoding at the model's size is most of the win for photos much larger than the input.
    if (isPreparingModel(model) && model.prepareFile) return [await model.prepareFile(sample.filepath)];
    return [await prepare(await decodeImage(sample.filepath))];
  };
  const tasks = function* () {
    for (let i = 0; i < ids.length; i += batchSize) {
      const chunk = ids.slice(i, i + batchSize);
      yield async (): Promise<ReadyBatch> => {
        const samples = await collection.getSamples(chunk, { fields: spec.fields ?? [] });
        const inputs = await Promise.all(
          samples.map((s) =>
            limit(() =>
              inputsOf(s).then(
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

/** `inputs` through the model `batchSize` at a time. */
async function runChunked<T>(model: Model, inputs: readonly unknown[], kind: "predict" | "embed", batchSize: number): Promise<T[]> {
  const out: T[] = [];
  for (let k = 0; k < inputs.length; k += batchSize) out.push(...(await runModel<T>(model, inputs.slice(k, k + batchSize), kind)));
  return out;
}

/**
 * Runs `model` over the samples `ids` of `collection` and yields, batch by batch, each
 * sample's outputs or failure (see the module comment). When a batch call fails, its
 * samples are run one by one, so only the samples that really fail are reported.
 */
export async function* runPipeline<T>(
  collection: SampleCollection,
  model: Model,
  ids: readonly string[],
  options: RunOptions,
  kind: "predict" | "embed",
  spec: SampleInputs = {},
): AsyncGenerator<SampleResult<T>[]> {
  const batchSize = Math.max(1, options.batchSize ?? model.defaultBatchSize);
  // One batch in inference per worker (one in the main thread without workers); results come out in order.
  const inferred = async function* () {
    for await (const batch of readyBatches(collection, model, ids, options, spec)) yield () => inferBatch<T>(model, batch, kind, batchSize);
  };
  yield* prefetch(inferred(), inflightOf(model));
}

/** Batches a model can have in inference at once: its workers, or 1. */
function inflightOf(model: Model): number {
  return isWorkerPoolModel(model) ? Math.max(1, model.numWorkers) : 1;
}

/** Runs one ready batch through the model; a failed batch call is retried sample by sample. */
async function inferBatch<T>(model: Model, batch: ReadyBatch, kind: "predict" | "embed", batchSize: number): Promise<SampleResult<T>[]> {
  const results: SampleResult<T>[] = batch.samples.map((sample, i) => {
    const input = batch.inputs[i]!;
    return input.ok ? { sample, ok: true, outputs: [] } : { sample, ok: false, error: input.error };
  });
  const runnable = results.flatMap((r, i) => {
    const input = batch.inputs[i]!;
    return r.ok && input.ok && input.value.length > 0 ? [{ index: i, inputs: input.value }] : [];
  });
  let outputs: T[] | undefined;
  try {
    outputs = runnable.length > 0 ? await runChunked<T>(model, runnable.flatMap((r) => r.inputs), kind, batchSize) : [];
  } catch {
    outputs = undefined;
  }
  try {
    return await collectOutputs(model, batch, results, runnable, outputs, kind, batchSize);
  } finally {
    // The batch's inputs are not used again: their buffers go back to the model for the next images.
    if (isPreparingModel(model) && model.releasePrepared) model.releasePrepared(runnable.flatMap((r) => r.inputs));
  }
}

/** Fills `results` from the batch call's `outputs`, or (when it failed) by running each sample alone. */
async function collectOutputs<T>(
  model: Model,
  batch: ReadyBatch,
  results: SampleResult<T>[],
  runnable: readonly { index: number; inputs: unknown[] }[],
  outputs: T[] | undefined,
  kind: "predict" | "embed",
  batchSize: number,
): Promise<SampleResult<T>[]> {
  let at = 0;
  for (const { index, inputs } of runnable) {
    const sample = batch.samples[index]!;
    if (outputs) {
      results[index] = { sample, ok: true, outputs: outputs.slice(at, at + inputs.length) };
      at += inputs.length;
      continue;
    }
    try {
      results[index] = { sample, ok: true, outputs: await runChunked<T>(model, inputs, kind, batchSize) };
    } catch (error) {
      results[index] = { sample, ok: false, error };
    }
  }
  return results;
}

/** Images per worker below which a run without `numWorkers` stays in the main thread. */
const MIN_IMAGES_PER_WORKER = 16;

/**
 * Starts (or stops) the model's inference workers for a run of `count` images, as
 * `numWorkers` asks or by default (see {@link RunOptions.numWorkers}); returns what
 * they hold (empty for none). A model that cannot use workers runs in the main thread
 * (asked for workers explicitly, it is a {@link RunOptionsError}).
 */
export async function startRunWorkers(model: Model, options: RunOptions, count: number): Promise<InferenceWorkersInfo[]> {
  const asked = options.numWorkers;
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 0)) {
    throw new RunOptionsError(`numWorkers must be a whole number of 0 or more (0: infer in the main thread); got ${String(asked)}.`);
  }
  if (!isWorkerPoolModel(model)) {
    if (asked) throw new RunOptionsError(`Model "${model.name}" cannot run in worker threads; drop numWorkers or pass 0.`);
    return [];
  }
  let workers = asked;
  if (workers === undefined) {
    const auto = model.defaultNumWorkers(os.availableParallelism());
    workers = model.numWorkers > 0 ? model.numWorkers : count >= MIN_IMAGES_PER_WORKER * auto ? auto : 0;
  }
  await model.load();
  try {
    return await model.useWorkers(workers);
  } catch (err) {
    if (asked !== undefined) throw err;
    // Workers were the default, not asked for: the run goes on in the main thread, as before them.
    if (!(err instanceof ModelCapabilityError)) process.emitWarning(`${model.name}: inference workers could not start (${err instanceof Error ? err.message : String(err)}); inferring in the main thread. Pass numWorkers: 0 to skip them.`);
    return [];
  }
}

/** A failure record for a sample. */
export function failureOf(sample: Sample, error: unknown): SampleFailure {
  return { id: sample.id, filepath: sample.filepath, error: error instanceof Error ? error.message : String(error) };
}

/**
 * The failure handling every run shares: with `skipFailures` (default) a failed sample
 * is recorded in `failures`; without, it ends the run as a {@link SampleFailedError}.
 */
export function failureRecorder(options: RunOptions): { failures: SampleFailure[]; fail: (sample: Sample, error: unknown) => void } {
  const failures: SampleFailure[] = [];
  const skip = options.skipFailures ?? true;
  return {
    failures,
    fail: (sample, error) => {
      if (!skip) throw new SampleFailedError(sample.filepath, error);
      failures.push(failureOf(sample, error));
    },
  };
}

/** Checks that every embedding of a run has one size (the first one's); `dim()` is that size, 0 before any. */
export function embeddingSize(model: Model): { check: (v: Float32Array) => void; dim: () => number } {
  let dim = 0;
  return {
    check(v) {
      if (dim === 0) dim = v.length;
      if (v.length !== dim) throw new ModelCapabilityError(`Model "${model.name}" returned embeddings of ${v.length} and ${dim} values; they must all have one size.`);
    },
    dim: () => dim,
  };
}
