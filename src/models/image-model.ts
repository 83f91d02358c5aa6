import { boxToSource, boxToTarget, decodeImage, decodeImageResized, pointToSource, resizeImage, stackBatch, toFloat32, toLuma, type ResizeTransform, type RgbImage } from "../media/index.js";
import { BaseModel, ModelCapabilityError, type ModelOutput, type PreparingModel } from "./model.js";
import type { ImageInputConfig } from "./image-input.js";
import type { OutputProcessor } from "./output-processor.js";
import type { InferenceRuntime, TensorData } from "./runtime.js";

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
  /** Its width when it differs from the configured input width (`maxWidth`). */
  width?: number;
  /** How it was resized, to map boxes back. */
  transform: ResizeTransform;
}

/**
 * An image model driven by configuration: resize + normalize with sharp, run the
 * graph on a runtime, decode with an output processor. Runtime adapters subclass it
 * to say how the runtime is created (`TfjsImageModel`, `OnnxImageModel`).
 */
export abstract class ImageModel extends BaseModel implements PreparingModel<PreparedImage> {
  override readonly name: string;
  override readonly defaultBatchSize: number;
  override readonly hasLogits: boolean;
  override readonly hasEmbeddings: boolean;
  /** The configuration this model was made with. */
  readonly config: ImageModelConfig;
  private runtimeRef: InferenceRuntime | undefined;
  private shape: number[] | undefined;

  /** The shape of one embedding when the embeddings output is not pooled and has more than one dimension per image (see {@link Model.embeddingShape}). */
  get embeddingShape(): readonly number[] | undefined {
    return this.shape;
  }

  /** @param config - input preparation, processor, embeddings */
  constructor(config: ImageModelConfig) {
    super();
    this.config = config;
    this.name = config.name;
    this.defaultBatchSize = config.defaultBatchSize ?? 1;
    this.hasLogits = config.hasLogits ?? false;
    this.hasEmbeddings = config.embeddings !== undefined;
  }

  /** Creates the runtime holding the loaded graph. */
  protected abstract createRuntime(): Promise<InferenceRuntime>;

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
    const { width, height } = this.config.input;
    const blank: PreparedImage = {
      tensor: new Float32Array(width * height * (this.config.input.channels ?? 3)),
      transform: { srcWidth: width, srcHeight: height, dstWidth: width, dstHeight: height, scaleX: 1, scaleY: 1, padLeft: 0, padTop: 0 },
    };
    await this.runBatch([blank], this.warmupOutputs());
  }

  protected override async doDispose(): Promise<void> {
    await this.runtimeRef?.dispose();
    this.runtimeRef = undefined;
  }

  /** Resizes and normalizes an image into the model's input tensor. */
  async prepare(image: RgbImage): Promise<PreparedImage> {
    const width = this.inputWidth(image.width, image.height);
    const { image: resized, transform } = await resizeImage(image, { ...this.resizeOptions(), width });
    return { tensor: this.normalize(resized), transform, ...(width === this.config.input.width ? {} : { width }) };
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
    // Nearest-neighbour sampling is part of some models' preprocessing (nsfwjs); shrink-on-load would average.
    if (this.config.input.kernel === "nearest" || this.config.input.kernel?.startsWith("tfjs-") || this.config.input.maxWidth) return this.prepare(await decodeImage(filepath));
    const { image: resized, transform } = await decodeImageResized(filepath, this.resizeOptions());
    return { tensor: this.normalize(resized), transform };
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
    };
  }

  private normalize(resized: RgbImage): Float32Array {
    const c = { ...this.config.input, width: resized.width };
    const tensor = toFloat32(resized, {
      layout: c.layout,
      ...(c.scale === undefined ? {} : { scale: c.scale }),
      ...(c.mean === undefined ? {} : { mean: c.mean }),
      ...(c.std === undefined ? {} : { std: c.std }),
    });
    if (c.channelOrder === "bgr") swapRedBlue(tensor, c.width * c.height, c.layout);
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
    const results: ModelOutput[] = [];
    for (const { outputs, offset, size } of await this.runBatch(batch, processor.outputNames)) {
      for (let i = 0; i < size; i++) {
        const transform = batch[offset + i]!.transform;
        results.push(
          processor.process(outputs, {
            index: i,
            inputWidth: batch[offset + i]!.width ?? this.config.input.width,
            inputHeight: this.config.input.height,
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
    // Inputs of their own width (maxWidth) run one at a time.
    const groups = dynamicBatch && !batch.some((b) => b.width !== undefined) ? [batch] : batch.map((b) => [b]);
    const runs = [];
    let offset = 0;
    for (const group of groups) {
      const width = group[0]!.width ?? c.width;
      const perImage = c.layout === "nchw" ? [channels, c.height, width] : [c.height, width, channels];
      // One image needs no copy into a batch buffer (the common batch size 1 of fixed-batch graphs).
      const stacked = group.length === 1 ? group[0]!.tensor : stackBatch(group.map((g) => g.tensor));
      const data = c.dtype === "int32" ? roundToInt32(stacked) : stacked;
      const feeds: Record<string, TensorData> = { [inputName]: { data, dims: [group.length, ...perImage] } };
      if (c.maskInput && this.runtime.inputs.some((i) => i.name === c.maskInput)) {
        feeds[c.maskInput] = { data: pixelMask(group.map((g) => g.transform), c.width, c.height), dims: [group.length, c.height, c.width] };
      }
      runs.push({ outputs: await this.runtime.run(feeds, outputNames), offset, size: group.length });
      offset += group.length;
    }
    return runs;
  }

  private warmupOutputs(): readonly string[] | undefined {
    return this.config.processor?.outputNames ?? (this.config.embeddings ? [this.config.embeddings.output] : undefined);
  }
}

/**
 * Float pixels to an int32 tensor (MoveNet's input). A plain loop: `Int32Array.from`
 * with a map function goes through the iterator protocol and was 10× slower here.
 */
function roundToInt32(values: Float32Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]!);
  return out;
}

/** Swaps the red and blue channels of one image's tensor in place (`n` pixels). */
function swapRedBlue(tensor: Float32Array, n: number, layout: "nchw" | "nhwc"): void {
  for (let i = 0; i < n; i++) {
    const [r, b] = layout === "nchw" ? [i, 2 * n + i] : [3 * i, 3 * i + 2];
    const red = tensor[r]!;
    tensor[r] = tensor[b]!;
    tensor[b] = red;
  }
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
