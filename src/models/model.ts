import type { Label } from "../labels/index.js";
import type { RgbImage } from "../media/index.js";
import { ModelzooError } from "../errors.js";
import type { InferenceWorkersInfo } from "./runtime.js";

/**
 * What a model returns for one image, as the FiftyOne Model Zoo allows: a Label, a
 * record of labels (stored under `labelField + "_" + key`), or — for video — frame
 * number → Label or frame number → record of labels. `null` means "nothing found".
 */
export type ModelOutput =
  | Label
  | Readonly<Record<string, Label | null>>
  | ReadonlyMap<number, Label | Readonly<Record<string, Label | null>> | null>
  | null;

/** A model does not have the capability asked for (e.g. embeddings). */
export class ModelCapabilityError extends ModelzooError {
  /** @param message - the model, the missing capability, and what to use instead */
  constructor(message: string) {
    super("MODEL_CAPABILITY", message);
  }
}

/**
 * FiftyOne's Model interface, in TypeScript. Image models take HWC uint8 RGB
 * images (`decodeImage`'s shape). Implement it directly, or extend {@link BaseModel}
 * (which supplies the batch loops and disposal), or configure a generic wrapper
 * (`TfjsImageModel`).
 */
export interface Model {
  /** A name for messages and progress bars. */
  readonly name: string;
  /** The media the model takes. */
  readonly mediaType: "image" | "video";
  /** Batch size `applyModel` uses when none is given. */
  readonly defaultBatchSize: number;
  /** Loads weights and warms up; called by `applyModel` before the first batch. Idempotent. */
  load(): Promise<void>;
  /** Frees the model's memory; the model may be loaded again. */
  dispose(): Promise<void>;
  /** `await using model = ...` disposes at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
  /** Predicts one image. */
  predict(image: RgbImage): Promise<ModelOutput>;
  /** Predicts a batch of images (in order). */
  predictAll(images: readonly RgbImage[]): Promise<ModelOutput[]>;
  /** LogitsMixin: whether the model can store logits on its labels. */
  readonly hasLogits: boolean;
  /** LogitsMixin: store logits on the labels of the next predictions. */
  storeLogits: boolean;
  /** EmbeddingsMixin: whether `embed` is available. */
  readonly hasEmbeddings: boolean;
  /** EmbeddingsMixin: the embedding of one image. */
  embed(image: RgbImage): Promise<Float32Array>;
  /** EmbeddingsMixin: the embeddings of a batch of images. */
  embedAll(images: readonly RgbImage[]): Promise<Float32Array[]>;
  /**
   * The shape of one embedding when it has more than one dimension (a feature map
   * `[H, W, C]`, transformer tokens `[T, D]`), its values flattened row-major in the vector
   * `embed` returns; undefined for plain vectors, or before the first embedding.
   */
  readonly embeddingShape?: readonly number[];
}

/**
 * FiftyOne's PromptMixin: a model that embeds text prompts into the same space as
 * images, for zero-shot classification and text search (CLIP-style models).
 */
export interface PromptModel extends Model {
  /** Whether `embedPrompt` is available. */
  readonly canEmbedPrompts: boolean;
  /** The embedding of one text prompt. */
  embedPrompt(prompt: string): Promise<Float32Array>;
  /** The embeddings of several prompts. */
  embedPrompts(prompts: readonly string[]): Promise<Float32Array[]>;
}

/** True when `model` implements {@link PromptModel} and can embed prompts. */
export function isPromptModel(model: Model): model is PromptModel {
  const m = model as Partial<PromptModel>;
  return m.canEmbedPrompts === true && typeof m.embedPrompt === "function" && typeof m.embedPrompts === "function";
}

/**
 * A model whose work splits into a CPU-side preparation (resize, normalize) and the
 * inference proper. `applyModel` prepares the next batches while the current one
 * runs, so preparation hides behind inference.
 */
export interface PreparingModel<P = unknown> extends Model {
  /** Turns a decoded image into the model's input for one image. */
  prepare(image: RgbImage): Promise<P>;
  /**
   * Optional: the same input straight from an image file, decoded at the size the
   * model needs (much less work for large photos). The pipeline uses it when present.
   */
  prepareFile?(filepath: string): Promise<P>;
  /** Predicts a batch of prepared inputs. */
  predictPrepared(batch: readonly P[]): Promise<ModelOutput[]>;
  /** Embeds a batch of prepared inputs. */
  embedPrepared(batch: readonly P[]): Promise<Float32Array[]>;
  /**
   * Optional: hands back inputs the caller will not use again (the pipeline calls it
   * once a batch is done), so that their buffers can be reused for the next images
   * instead of allocating (and zero-filling) new ones.
   */
  releasePrepared?(batch: readonly P[]): void;
}

/** True when `model` implements {@link PreparingModel}. */
export function isPreparingModel(model: Model): model is PreparingModel {
  const m = model as Partial<PreparingModel>;
  return typeof m.prepare === "function" && typeof m.predictPrepared === "function";
}

/**
 * A base for models: batch methods loop over the single-image ones (override them
 * when the model batches natively), `load` runs once, disposal is wired to
 * `Symbol.asyncDispose`, and models without embeddings say so clearly.
 */
export abstract class BaseModel implements Model {
  abstract readonly name: string;
  readonly mediaType: "image" | "video" = "image";
  readonly defaultBatchSize: number = 1;
  readonly hasLogits: boolean = false;
  readonly hasEmbeddings: boolean = false;
  storeLogits = false;
  private loading: Promise<void> | undefined;

  /** Loads once; concurrent callers share the same load. */
  load(): Promise<void> {
    this.loading ??= this.doLoad().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return this.loading;
  }

  /** The model's own loading (weights, warm-up). */
  protected abstract doLoad(): Promise<void>;

  /** Frees resources; `load` may be called again afterwards. */
  async dispose(): Promise<void> {
    const wasLoaded = this.loading !== undefined;
    this.loading = undefined;
    if (wasLoaded) await this.doDispose();
  }

  /** The model's own cleanup. */
  protected abstract doDispose(): Promise<void>;

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  abstract predict(image: RgbImage): Promise<ModelOutput>;

  async predictAll(images: readonly RgbImage[]): Promise<ModelOutput[]> {
    const out: ModelOutput[] = [];
    for (const image of images) out.push(await this.predict(image));
    return out;
  }

  embed(_image: RgbImage): Promise<Float32Array> {
    return Promise.reject(
      new ModelCapabilityError(`Model "${this.name}" does not expose embeddings (hasEmbeddings is false). Use a model tagged "embeddings".`),
    );
  }

  async embedAll(images: readonly RgbImage[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const image of images) out.push(await this.embed(image));
    return out;
  }
}

/**
 * A model whose inference can run in a pool of `worker_threads`, one runtime instance
 * per worker (what `numWorkers` of `applyModel` and the other runs sets). TF.js's
 * wasm backend infers on one core per instance, so several instances are the way to
 * use several cores; the main thread keeps decoding, output decoding and the writes.
 */
export interface WorkerPoolModel extends Model {
  /** Whether the model's runtime can run in worker threads at all. */
  readonly canUseWorkers: boolean;
  /**
   * The worker count a run uses when `numWorkers` is not given, for a machine with
   * `cores` cores (0: infer in the main thread).
   */
  defaultNumWorkers(cores: number): number;
  /** The workers running now (0: inference in the main thread). */
  readonly numWorkers: number;
  /**
   * Loads the model and moves its inference into `count` worker threads (0: back into
   * the main thread); the workers stay until the model is disposed or asked for
   * another count. Resolves with what the workers hold (empty for 0).
   */
  useWorkers(count: number): Promise<InferenceWorkersInfo[]>;
}

/** True when `model` implements {@link WorkerPoolModel}. */
export function isWorkerPoolModel(model: Model): model is WorkerPoolModel {
  const m = model as Partial<WorkerPoolModel>;
  return typeof m.useWorkers === "function" && typeof m.defaultNumWorkers === "function";
}
