import { boxToSource, boxToTarget, decodeImage, decodeImageResized, imageMetadata, padColour, padImage, pointToSource, resizeImage, stackBatch, toFloat32, toLuma, type ResizeTransform, type RgbImage } from "../media/index.js";
import { BaseModel, ModelCapabilityError, type ModelOutput, type PreparingModel, type WorkerPoolModel } from "./model.js";
import type { ImageInputConfig } from "./image-input.js";
import { InputConfigError } from "./errors.js";
import { inputGeometryProblem, planMaxSide } from "./max-side.js";
import { hfResizeAndCrop, hfTensorSize, padTensor } from "./hf-preprocess.js";
import type { OutputProcessor } from "./output-processor.js";
import type { InferenceRuntime, InferenceWorkersInfo, PooledInferenceRuntime, TensorData } from "./runtime.js";

/** Which output holds the embedding, and how to finish it. */
export interface EmbeddingsConfig {
  /** Output tensor name. */
  output: string;
  /** L2-normalize each vector. Default false. */
  normalize?: boolean;
  /**
   * Average a feature map over its spatial positions (global average pooling) to one
   * vector: `"nchw"` for `[N, C, H, W]` outputs, `"nhwc"` for `[N, H, W, C]`;
   * `"first-token"` takes the first token of a `[N, T, D]` transformer output (the
   * class token, e.g. DINOv2's image embedding). Default: no pooling — the output row
   * is flattened as it is.
   */
  pool?: "nchw" | "nhwc" | "first-token";
}

/** Configuration of an {@link ImageModel} — FiftyOne's TorchImageModel config, for any runtime. */
export interface ImageModelConfig {
  /** Name for messages. */
  name: string;
  /** Input preparation. */
  input: ImageInputConfig;
  /** Turns outputs into labels; without one the model only embeds. */
  processor?: OutputProcessor;
  /** Where embeddings come from; without it the model has none. */
  embeddings?: EmbeddingsConfig;
  /** The processor can keep logits. Default false. */
  hasLogits?: boolean;
  /** Batch size for `applyModel` when none is given. Default 1. */
  defaultBatchSize?: number;
}

/** One image prepared for the model. */
export interface PreparedImage {
  /** The image as the model's input tensor (one image, no batch dimension). */
  tensor: Float32Array;
  /** Its width when it differs from the configured input width (`maxWidth`, `minSide`, `maxSide`, `hf`). */
  width?: number;
  /** Its height when it differs from the configured input height (`minSide`, `maxSide`, `hf`). */
  height?: number;
  /** How it was resized, to map boxes back. */
  transform: ResizeTransform;
}

/**
 * An image model driven by configuration: resize + normalize with sharp, run the
 * graph on a runtime, decode with an output processor. Runtime adapters subclass it
 * to say how the runtime is created (`TfjsImageModel`, `OnnxImageModel`).
 */
export abstract class ImageModel extends BaseModel implements PreparingModel<PreparedImage>, WorkerPoolModel {
  override readonly name: string;
  override readonly defaultBatchSize: number;
  override readonly hasLogits: boolean;
  override readonly hasEmbeddings: boolean;
  /** The configuration this model was made with. */
  readonly config: ImageModelConfig;
  private runtimeRef: InferenceRuntime | undefined;
  private pool: PooledInferenceRuntime | undefined;
  private shape: number[] | undefined;
  /** Input buffers handed back by the pipeline ({@link releasePrepared}), by kind and length, for the next images. */
  private readonly spare = new Map<string, (Float32Array | Int32Array)[]>();

  /** The shape of one embedding when the embeddings output is not pooled and has more than one dimension per image (see {@link Model.embeddingShape}). */
  get embeddingShape(): readonly number[] | undefined {
    return this.shape;
  }

  /**
   * @param config - input preparation, processor, embeddings
   * @throws InputConfigError when input options that each set the input's size are combined
   */
  constructor(config: ImageModelConfig) {
    super();
    const problem = inputGeometryProblem(config.input);
    if (problem) throw new InputConfigError(`Model "${config.name}": ${problem}`);
    this.config = config;
    this.name = config.name;
    this.defaultBatchSize = config.defaultBatchSize ?? 1;
    this.hasLogits = config.hasLogits ?? false;
    this.hasEmbeddings = config.embeddings !== undefined;
  }

  /** Creates the runtime holding the loaded graph. */
  protected abstract createRuntime(): Promise<InferenceRuntime>;

  /**
   * Starts `count` worker threads, each with its own instance of this model's runtime;
   * undefined when the runtime cannot run in a worker (the default). Runtime adapters
   * that can override it (`TfjsImageModel`, `OnnxImageModel`, `TfjsNetworkModel`).
   */
  protected startWorkers(_count: number): Promise<PooledInferenceRuntime> | undefined {
    return undefined;
  }

  /**
   * Workers a run starts when `numWorkers` is not given: one per core for runtimes that
   * run in workers; 0 (the main thread) when the runtime cannot. TF.js wasm infers on one
   * core per instance. ONNX sessions then get one intra-op thread each
   * (`OnnxImageModel.startWorkers`): two one-thread sessions outran one session on both
   * cores, warm, through applyModel — 1.14× on 1920-px portraits and 1.21× on scenes for
   * PaddleOCR det (bench/profile/onnx-workers.ts, bench/results/onnx-workers.json) — at the
   * cost of one more session in memory per core. Subclasses tune it per runtime.
   */
  defaultNumWorkers(cores: number): number {
    return this.canUseWorkers ? Math.max(0, cores) : 0;
  }

  /** Whether this model's runtime can run in worker threads (its adapter says how to build it there). */
  get canUseWorkers(): boolean {
    return this.startWorkers !== ImageModel.prototype.startWorkers;
  }

  /** The inference workers running now (0: the main thread). */
  get numWorkers(): number {
    return this.pool?.info.workers ?? 0;
  }

  async useWorkers(count: number): Promise<InferenceWorkersInfo[]> {
    if (!Number.isInteger(count) || count < 0) throw new ModelCapabilityError(`numWorkers must be a whole number of 0 or more; got ${count}.`);
    await this.load();
    if (count === this.numWorkers) return this.pool ? [{ model: this.name, ...this.pool.info }] : [];
    const next = count === 0 ? await this.createRuntime() : await this.startWorkers(count);
    if (!next) throw new ModelCapabilityError(`Model "${this.name}" cannot run in worker threads (its runtime has no worker recipe); use numWorkers: 0.`);
    const old = this.runtimeRef;
    this.runtimeRef = next;
    this.pool = count === 0 ? undefined : (next as PooledInferenceRuntime);
    await old?.dispose();
    // One warm-up run per worker (idle workers take one each), as load() does in the main thread.
    if (this.pool) await Promise.all(Array.from({ length: count }, () => this.runBatch([this.blankInput()], this.warmupOutputs())));
    return this.pool ? [{ model: this.name, ...this.pool.info }] : [];
  }

  /** The loaded runtime. */
  protected get runtime(): InferenceRuntime {
    if (!this.runtimeRef) throw new ModelCapabilityError(`Model "${this.name}" is not loaded; call await model.load() first (applyModel does).`);
    return this.runtimeRef;
  }

  protected override async doLoad(): Promise<void> {
    const runtime = await this.createRuntime();
    const name = this.config.input.name ?? runtime.inputs[0]?.name;
    if (!name || !runtime.inputs.some((i) => i.name === name)) {
      await runtime.dispose();
      throw new ModelCapabilityError(
        `Model "${this.name}" has no input "${String(name)}"; its inputs are ${runtime.inputs.map((i) => i.name).join(", ")}. Fix input.name in its config.`,
      );
    }
    this.runtimeRef = runtime;
    // Warm-up: the first run compiles kernels; doing it here keeps it out of timings.
    await this.runBatch([this.blankInput()], this.warmupOutputs());
  }

  /** A blank input of the model's size (for warm-up runs). */
  private blankInput(): PreparedImage {
    const { width, height } = this.config.input;
    return {
      tensor: newFloat32(width * height * (this.config.input.channels ?? 3), this.pool !== undefined),
      transform: { srcWidth: width, srcHeight: height, dstWidth: width, dstHeight: height, scaleX: 1, scaleY: 1, padLeft: 0, padTop: 0 },
    };
  }

  protected override async doDispose(): Promise<void> {
    await this.runtimeRef?.dispose();
    this.runtimeRef = undefined;
    this.pool = undefined;
  }

  /** Resizes and normalizes an image into the model's input tensor. */
  async prepare(image: RgbImage): Promise<PreparedImage> {
    if (this.config.input.maxSide) return this.prepareMaxSide(image, this.config.input.maxSide);
    if (this.config.input.minSide) return this.prepareOwnSize(image, this.config.input.minSide);
    if (this.config.input.resizeShortest) return this.prepareCenterCrop(image, this.config.input.resizeShortest);
    const hf = this.config.input.hf;
    if (hf) {
      const { image: content, transform } = await hfResizeAndCrop(image, hf);
      const size = hfTensorSize(content.width, content.height, hf);
      const tensor = padTensor(this.normalize(content), content.width, content.height, size.width, size.height, this.config.input.channels ?? 3, this.config.input.layout);
      return { tensor, transform: { ...transform, dstWidth: size.width, dstHeight: size.height }, width: size.width, height: size.height };
    }
    const width = this.inputWidth(image.width, image.height);
    const { image: resized, transform } = await resizeImage(image, { ...this.resizeOptions(), width });
    return { tensor: this.normalize(resized), transform, ...(width === this.config.input.width ? {} : { width }) };
  }

  /**
   * `minSide`: the image scaled so its shorter side is `minSide` (sides truncated), its
   * tensor padded right and bottom with zeros to a multiple of `padMultiple`.
   */
  private async prepareOwnSize(image: RgbImage, minSide: number): Promise<PreparedImage> {
    const c = this.config.input;
    const ratio = minSide / Math.min(image.width, image.height);
    const [w, h] = [Math.max(1, Math.floor(ratio * image.width)), Math.max(1, Math.floor(ratio * image.height))];
    const { image: resized } = await resizeImage(image, { ...this.resizeOptions(), width: w, height: h, mode: "fill" });
    const m = c.padMultiple ?? 1;
    const [pw, ph] = [Math.ceil(w / m) * m, Math.ceil(h / m) * m];
    const tensor = padTensor(this.normalize(resized), w, h, pw, ph, c.channels ?? 3, c.layout);
    // Boxes map back by the ratio itself, as the documented post-processing divides by it.
    const transform: ResizeTransform = { srcWidth: image.width, srcHeight: image.height, dstWidth: pw, dstHeight: ph, scaleX: ratio, scaleY: ratio, padLeft: 0, padTop: 0 };
    return { tensor, transform, width: pw, height: ph };
  }

  /**
   * `maxSide`: the longer side scaled to `maxSide`, the aspect ratio kept, padded right and
   * bottom to a multiple of `padMultiple` (pose-detection's MultiPose input, see {@link planMaxSide}).
   */
  private async prepareMaxSide(image: RgbImage, maxSide: number): Promise<PreparedImage> {
    const plan = planMaxSide(image.width, image.height, maxSide, this.config.input.padMultiple ?? 1);
    const { image: resized } = await resizeImage(image, { ...this.resizeOptions(), width: plan.resizedWidth, height: plan.resizedHeight, mode: "fill" });
    return this.padMaxSide(resized, plan);
  }

  /** The resized content of a `maxSide` input padded to the plan's size and normalized. */
  private padMaxSide(resized: RgbImage, plan: ReturnType<typeof planMaxSide>): PreparedImage {
    const padded = padImage(resized, plan.width, plan.height, 0, 0, padColour(this.config.input.padValue ?? 0));
    return { tensor: this.normalize(padded), transform: plan.transform, width: plan.width, height: plan.height };
  }

  /** `resizeShortest`: the shorter side scaled to `shortest`, then the centred `width`×`height` crop. */
  private async prepareCenterCrop(image: RgbImage, shortest: number): Promise<PreparedImage> {
    const { width, height } = this.config.input;
    const ratio = shortest / Math.min(image.width, image.height);
    const w = image.width <= image.height ? shortest : Math.round(ratio * image.width);
    const h = image.width <= image.height ? Math.round(ratio * image.height) : shortest;
    const { image: resized } = await resizeImage(image, { ...this.resizeOptions(), width: w, height: h, mode: "fill" });
    // The crop's corner as imagenet_preprocess.py computes it: w // 2 - crop_w // 2.
    const left = Math.floor(w / 2) - Math.floor(width / 2);
    const top = Math.floor(h / 2) - Math.floor(height / 2);
    const cropped = cropRgb(resized, left, top, width, height);
    const transform: ResizeTransform = { srcWidth: image.width, srcHeight: image.height, dstWidth: width, dstHeight: height, scaleX: w / image.width, scaleY: h / image.height, padLeft: -left, padTop: -top };
    return { tensor: this.normalize(cropped), transform };
  }

  /** The input width for an image: the configured one, or up to `maxWidth` for a wide one. */
  private inputWidth(imageWidth: number, imageHeight: number): number {
    const { width, height, maxWidth } = this.config.input;
    if (!maxWidth || maxWidth <= width) return width;
    return Math.min(maxWidth, Math.max(width, Math.ceil((height * imageWidth) / imageHeight / 8) * 8));
  }

  /**
   * Decodes an image file at the model's input size in one step (JPEG/WebP
   * shrink-on-load) and normalizes it: what `applyModel` uses, several times faster
   * than decode + {@link prepare} for photos much larger than the input.
   */
  async prepareFile(filepath: string): Promise<PreparedImage> {
    return this.prepareDecoded(await this.decodeFile(filepath));
  }

  /** {@link prepareFile}'s first step: the file decoded — at the model's size (with its transform) when the model allows shrink-on-load, else at full size. */
  private async decodeFile(filepath: string): Promise<DecodedFile> {
    // Nearest-neighbour and TF.js-style sampling are part of some models' preprocessing (nsfwjs); shrink-on-load would average.
    const c = this.config.input;
    if (c.maxSide && !(c.kernel === "nearest" || c.kernel?.startsWith("tfjs-"))) {
      // The content's size comes from the upright size in the header; sharp then decodes straight at it (shrink-on-load).
      const { width, height } = await imageMetadata(filepath);
      const plan = planMaxSide(width, height, c.maxSide, c.padMultiple ?? 1);
      const { image } = await decodeImageResized(filepath, { ...this.resizeOptions(), width: plan.resizedWidth, height: plan.resizedHeight, mode: "fill" });
      return { image, maxSide: plan };
    }
    if (c.kernel === "nearest" || c.kernel?.startsWith("tfjs-") || c.maxWidth || c.minSide || c.resizeShortest || c.hf) return { image: await decodeImage(filepath) };
    return decodeImageResized(filepath, this.resizeOptions());
  }

  /** {@link prepareFile}'s second step: normalize an image decoded at size, or resize and normalize one decoded at full size. */
  private async prepareDecoded(decoded: DecodedFile): Promise<PreparedImage> {
    if (decoded.maxSide) return this.padMaxSide(decoded.image, decoded.maxSide);
    if (!decoded.transform) return this.prepare(decoded.image);
    return { tensor: this.normalize(decoded.image), transform: decoded.transform };
  }

  private resizeOptions() {
    const c = this.config.input;
    return {
      width: c.width,
      height: c.height,
      mode: c.resize ?? "fill",
      ...(c.align === undefined ? {} : { align: c.align }),
      ...(c.padValue === undefined ? {} : { padValue: c.padValue }),
      ...(c.kernel === undefined ? {} : { kernel: c.kernel }),
      // An int32 graph fed as TF.js feeds it: resizeBilinear's floats cast to int32, which truncates.
      ...(c.dtype === "int32" && c.kernel?.startsWith("tfjs-") ? { truncate: true } : {}),
    };
  }

  /**
   * Takes back prepared inputs that will not be used again (the pipeline does after each
   * batch): their tensors are reused by the next images. A fresh 640×640 tensor costs more
   * to allocate (zero-fill, page faults) than to fill.
   */
  releasePrepared(batch: readonly PreparedImage[]): void {
    for (const p of batch) this.giveBuffer(p.tensor);
  }

  /** A buffer of `n` floats, reused when one was given back; in shared memory when `shared` (what workers read without a copy). */
  private takeBuffer(n: number, shared: boolean): Float32Array {
    return (this.spare.get(`f${shared ? "s" : "p"}${n}`)?.pop() as Float32Array | undefined) ?? newFloat32(n, shared);
  }

  /** The int32 counterpart of {@link takeBuffer} (MoveNet's input). */
  private takeInt32(n: number, shared: boolean): Int32Array {
    return (this.spare.get(`i${shared ? "s" : "p"}${n}`)?.pop() as Int32Array | undefined) ?? (shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n));
  }

  /** Keeps `t` for {@link takeBuffer} (a few per size: as many as the pipeline has in flight). */
  private giveBuffer(t: Float32Array | Int32Array): void {
    if (t.byteOffset !== 0 || t.byteLength !== t.buffer.byteLength) return;
    const key = `${t instanceof Int32Array ? "i" : "f"}${t.buffer instanceof SharedArrayBuffer ? "s" : "p"}${t.length}`;
    const list = this.spare.get(key) ?? [];
    if (list.length < MAX_SPARE_BUFFERS) list.push(t);
    this.spare.set(key, list);
  }

  private normalize(resized: RgbImage): Float32Array {
    const c = { ...this.config.input, width: resized.width, height: resized.height };
    const tensor = toFloat32(resized, {
      // With workers, the tensor lives in shared memory: the worker reads it without a copy.
      ...(c.channels !== 1 ? { out: this.takeBuffer(resized.width * resized.height * 3, this.pool !== undefined) } : {}),
      layout: c.layout,
      ...(c.scale === undefined ? {} : { scale: c.scale }),
      ...(c.mean === undefined ? {} : { mean: c.mean }),
      ...(c.std === undefined ? {} : { std: c.std }),
      ...(c.channelOrder === "bgr" ? { channelOrder: "bgr" as const } : {}),
    });
    return c.channels === 1 ? toLuma(tensor, c.width, c.height, c.layout) : tensor;
  }

  async predict(image: RgbImage): Promise<ModelOutput> {
    return (await this.predictPrepared([await this.prepare(image)]))[0]!;
  }

  override async predictAll(images: readonly RgbImage[]): Promise<ModelOutput[]> {
    return this.predictPrepared(await Promise.all(images.map((i) => this.prepare(i))));
  }

  async predictPrepared(batch: readonly PreparedImage[]): Promise<ModelOutput[]> {
    const processor = this.config.processor;
    if (!processor) throw new ModelCapabilityError(`Model "${this.name}" has no output processor: it only computes embeddings. Use computeEmbeddings().`);
    return this.decodeOutputs(batch, await this.runBatch(batch, processor.outputNames ?? this.processorOutputs()));
  }

  /** The output processor on {@link runBatch}'s runs of `batch` (apart from inference so that bench/profile can time it alone). */
  private decodeOutputs(batch: readonly PreparedImage[], runs: readonly { outputs: Record<string, TensorData>; offset: number; size: number }[]): ModelOutput[] {
    const processor = this.config.processor!;
    const results: ModelOutput[] = [];
    for (const { outputs, offset, size } of runs) {
      for (let i = 0; i < size; i++) {
        const transform = batch[offset + i]!.transform;
        results.push(
          processor.process(outputs, {
            index: i,
            inputWidth: batch[offset + i]!.width ?? this.config.input.width,
            inputHeight: batch[offset + i]!.height ?? this.config.input.height,
            imageWidth: transform.srcWidth,
            imageHeight: transform.srcHeight,
            transform,
            contentBox: boxToTarget([0, 0, 1, 1], transform),
            storeLogits: this.storeLogits,
            toSourceBox: (box) => boxToSource(box, transform),
            toSourcePoint: (point) => pointToSource(point, transform),
          }),
        );
      }
    }
    return results;
  }

  /**
   * The outputs a processor that names none reads: all the runtime's (undefined), unless a
   * runtime added outputs of its own (an ONNX model's exposed penultimate layer), which the
   * processor should not see.
   */
  protected processorOutputs(): readonly string[] | undefined {
    return undefined;
  }

  override async embed(image: RgbImage): Promise<Float32Array> {
    return (await this.embedPrepared([await this.prepare(image)]))[0]!;
  }

  override async embedAll(images: readonly RgbImage[]): Promise<Float32Array[]> {
    return this.embedPrepared(await Promise.all(images.map((i) => this.prepare(i))));
  }

  async embedPrepared(batch: readonly PreparedImage[]): Promise<Float32Array[]> {
    const cfg = this.config.embeddings;
    if (!cfg) return Promise.reject(new ModelCapabilityError(`Model "${this.name}" does not expose embeddings. Use a model tagged "embeddings".`));
    const vectors: Float32Array[] = [];
    for (const { outputs, size } of await this.runBatch(batch, [cfg.output])) {
      const out = outputs[cfg.output];
      if (!out) throw new ModelCapabilityError(`Model "${this.name}" produced no output "${cfg.output}" for embeddings.`);
      const rowSize = out.data.length / size;
      if (!cfg.pool && out.dims.length > 2) this.shape = out.dims.slice(1);
      for (let i = 0; i < size; i++) {
        const row = out.data.subarray(i * rowSize, (i + 1) * rowSize);
        const v =
          cfg.pool === "first-token"
            ? Float32Array.from(row.subarray(0, out.dims[out.dims.length - 1])) // [T, D] → token 0
            : cfg.pool
              ? globalAveragePool(row, out.dims.slice(1), cfg.pool)
              : Float32Array.from(row);
        vectors.push(cfg.normalize ? l2normalize(v) : v);
      }
    }
    return vectors;
  }

  /**
   * Runs prepared images: one run for the whole batch when the graph's batch
   * dimension is dynamic, else one run per image.
   */
  private async runBatch(batch: readonly PreparedImage[], outputNames?: readonly string[]): Promise<{ outputs: Record<string, TensorData>; offset: number; size: number }[]> {
    const c = this.config.input;
    const inputName = c.name ?? this.runtime.inputs[0]!.name;
    const info = this.runtime.inputs.find((i) => i.name === inputName)!;
    const channels = c.channels ?? 3;
    const dynamicBatch = info.dims[0] === null || info.dims[0] === -1;
    // Inputs of their own size (maxWidth, minSide) and graphs without a batch dimension run one at a time; hf and maxSide inputs run together while consecutive ones share a size.
    const groups: PreparedImage[][] = [];
    for (const b of batch) {
      const last = groups[groups.length - 1];
      const same = last && dynamicBatch && !c.unbatched && (last[0]!.width ?? c.width) === (b.width ?? c.width) && (last[0]!.height ?? c.height) === (b.height ?? c.height);
      if (same && (b.width === undefined || c.hf || c.maxSide)) last.push(b);
      else groups.push([b]);
    }
    const runs = [];
    let offset = 0;
    for (const group of groups) {
      const width = group[0]!.width ?? c.width;
      const height = group[0]!.height ?? c.height;
      const perImage = c.layout === "nchw" ? [channels, height, width] : [height, width, channels];
      // One image needs no copy into a batch buffer (the common batch size 1 of fixed-batch graphs).
      const shared = this.pool !== undefined;
      const stacked = group.length === 1 ? group[0]!.tensor : this.stack(group.map((g) => g.tensor), shared);
      const data = c.dtype === "int32" ? roundToInt32(stacked, this.takeInt32(stacked.length, shared)) : stacked;
      const feeds: Record<string, TensorData> = { [inputName]: { data, dims: c.unbatched ? perImage : [group.length, ...perImage] } };
      if (c.maskInput && this.runtime.inputs.some((i) => i.name === c.maskInput)) {
        feeds[c.maskInput] = { data: pixelMask(group.map((g) => g.transform), width, height), dims: [group.length, height, width] };
      }
      runs.push({ outputs: await this.runtime.run(feeds, outputNames), offset, size: group.length });
      if (stacked !== group[0]!.tensor) this.giveBuffer(stacked);
      if (data !== stacked) this.giveBuffer(data);
      offset += group.length;
    }
    return runs;
  }

  /** {@link stackBatch} into a reused buffer (in shared memory for workers). */
  private stack(tensors: readonly Float32Array[], shared: boolean): Float32Array {
    const size = tensors[0]?.length ?? 0;
    if (tensors.some((t) => t.length !== size)) return stackBatch(tensors); // its error names the sizes
    const out = this.takeBuffer(size * tensors.length, shared);
    tensors.forEach((t, i) => out.set(t, i * size));
    return out;
  }

  private warmupOutputs(): readonly string[] | undefined {
    return this.config.processor?.outputNames ?? (this.config.embeddings ? [this.config.embeddings.output] : undefined);
  }
}

/** A file decoded by `ImageModel.decodeFile`: at the model's size with its transform, at the content size of a `maxSide` plan, or at full size. */
interface DecodedFile {
  image: RgbImage;
  transform?: ResizeTransform;
  maxSide?: ReturnType<typeof planMaxSide>;
}

/** Spare input buffers kept per size: enough for the batches the pipeline has in flight at once. */
const MAX_SPARE_BUFFERS = 8;

/**
 * Float pixels to an int32 tensor (MoveNet's input). A plain loop: `Int32Array.from`
 * with a map function goes through the iterator protocol and was 10× slower here.
 */
function roundToInt32(values: Float32Array, out: Int32Array): Int32Array {
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]!);
  return out;
}

/** A Float32Array of `n` values, in a SharedArrayBuffer when `shared` (what worker threads read without a copy). */
function newFloat32(n: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n);
}


/** The `width`×`height` region of `image` whose top-left corner is (`left`, `top`); outside the image is black. */
function cropRgb(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sy = top + y;
    if (sy < 0 || sy >= image.height) continue;
    const x0 = Math.max(0, -left);
    const x1 = Math.min(width, image.width - left);
    if (x1 > x0) data.set(image.data.subarray((sy * image.width + left + x0) * 3, (sy * image.width + left + x1) * 3), (y * width + x0) * 3);
  }
  return { data, width, height, channels: 3 };
}

/** `[N, H, W]` ones where each image's content lies in the input, zeros over the letterbox padding. */
export function pixelMask(transforms: readonly ResizeTransform[], width: number, height: number): Int32Array {
  const mask = new Int32Array(transforms.length * width * height);
  transforms.forEach((t, n) => {
    const x0 = Math.max(0, Math.round(t.padLeft));
    const y0 = Math.max(0, Math.round(t.padTop));
    const x1 = Math.min(width, Math.round(t.padLeft + t.srcWidth * t.scaleX));
    const y1 = Math.min(height, Math.round(t.padTop + t.srcHeight * t.scaleY));
    for (let y = y0; y < y1; y++) mask.fill(1, n * width * height + y * width + x0, n * width * height + y * width + x1);
  });
  return mask;
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

/** Mean over spatial positions of one image's feature map (`dims` without the batch dimension). */
export function globalAveragePool(row: ArrayLike<number>, dims: readonly number[], layout: "nchw" | "nhwc"): Float32Array {
  const channels = layout === "nchw" ? dims[0]! : dims[dims.length - 1]!;
  const positions = row.length / channels;
  const out = new Float32Array(channels);
  for (let i = 0; i < row.length; i++) {
    const c = layout === "nchw" ? Math.floor(i / positions) : i % channels;
    out[c] = out[c]! + row[i]! / positions;
  }
  return out;
}
