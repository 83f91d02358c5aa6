import { ImageModel, type ImageModelConfig, type InferenceRuntime, type PooledInferenceRuntime, type PreparedImage } from "../../models/index.js";
import os from "node:os";
import { OnnxRuntime, type OnnxRuntimeOptions } from "./onnx-runtime.js";
import { registerImageRuntime } from "../runtime-registry.js";
import { ModelFileError } from "../model-file-error.js";
import { modelWithOutputs } from "./expose-outputs.js";
import { PENULTIMATE_OUTPUT, penultimateTensor } from "./penultimate.js";
import { WorkerPoolRuntime } from "../pool/worker-pool-runtime.js";

/** Configuration of an {@link OnnxImageModel}: an image model config plus its .onnx file and threads. */
export interface OnnxImageModelConfig extends ImageModelConfig, OnnxRuntimeOptions {
  /** Path of the .onnx file. */
  modelPath: string;
}

/**
 * An ONNX model on images, configured rather than coded (input size, layout,
 * normalization, output processor) — FiftyOne's TorchImageModel, for ONNX Runtime.
 * Batches run in one call when the model's batch dimension is dynamic.
 */
export class OnnxImageModel extends ImageModel {
  /** The .onnx file sessions open: the model, or its copy that also outputs the embeddings tensor (set by `createRuntime`). */
  private sessionPath: string | undefined;
  /** The model's own outputs when the session opens a copy with an exposed embeddings tensor (set by `createRuntime`). */
  private graphOutputs: readonly string[] | undefined;
  /** Why `embeddings.output: "@penultimate"` found no tensor (the model then has no embeddings). */
  private penultimateError: ModelFileError | undefined;

  /** Path of the .onnx file. */
  readonly modelPath: string;
  /** Thread settings of the session(s). */
  protected readonly threadOptions: OnnxRuntimeOptions;

  /**
   * @param config - where the model is and how to feed and read it; `embeddings.output`
   * `"@penultimate"` is resolved here to the tensor the classifier's last fully-connected layer reads
   */
  constructor(config: OnnxImageModelConfig) {
    // A graph whose scores do not come from a fully-connected layer still classifies; it has no embeddings, and embed() says why.
    let penultimate: { output: string } | { error: ModelFileError } | undefined;
    if (config.embeddings?.output === PENULTIMATE_OUTPUT) {
      try {
        penultimate = { output: penultimateTensor(config.modelPath, config.name) };
      } catch (err) {
        if (!(err instanceof ModelFileError)) throw err;
        penultimate = { error: err };
      }
    }
    const { embeddings, ...rest } = config;
    super(penultimate === undefined ? config : "output" in penultimate ? { ...config, embeddings: { ...embeddings, output: penultimate.output } } : rest);
    if (penultimate && "error" in penultimate) this.penultimateError = penultimate.error;
    this.modelPath = config.modelPath;
    this.threadOptions = {
      ...(config.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: config.intraOpNumThreads }),
      ...(config.interOpNumThreads === undefined ? {} : { interOpNumThreads: config.interOpNumThreads }),
      ...(config.allowSpinning === undefined ? {} : { allowSpinning: config.allowSpinning }),
    };
  }

  /**
   * Opens the session. When the embeddings come from a tensor inside the graph (a
   * classifier's penultimate layer) rather than a graph output, a copy of the model that
   * also outputs it is made once beside the model and opened instead.
   */
  protected async createRuntime(): Promise<InferenceRuntime> {
    const runtime = await OnnxRuntime.load(this.modelPath, this.threadOptions);
    const wanted = this.config.embeddings?.output;
    if (wanted === undefined || runtime.outputs.some((o) => o.name === wanted)) {
      this.sessionPath = this.modelPath;
      return runtime;
    }
    const graphOutputs = runtime.outputs.map((o) => o.name);
    await runtime.dispose();
    try {
      const copy = modelWithOutputs(this.modelPath, [wanted]);
      const exposed = await OnnxRuntime.load(copy, this.threadOptions);
      this.sessionPath = copy;
      this.graphOutputs = graphOutputs;
      return exposed;
    } catch (err) {
      throw new ModelFileError(
        `Model "${this.name}": its embeddings output "${wanted}" is neither an output nor a float tensor inside ${this.modelPath} (${(err as Error).message}). Name a tensor of the graph in the manifest's embeddings.output.`,
        { cause: err },
      );
    }
  }

  /** Embeddings of prepared images; a `"@penultimate"` the graph has no tensor for rejects with the ModelFileError that says why. */
  override embedPrepared(batch: readonly PreparedImage[]): Promise<Float32Array[]> {
    return this.penultimateError ? Promise.reject(this.penultimateError) : super.embedPrepared(batch);
  }

  /** The model's own outputs when the embeddings tensor was exposed: a processor that names no output reads those, as without embeddings. */
  protected override processorOutputs(): readonly string[] | undefined {
    return this.graphOutputs;
  }

  /** Each worker opens its own session; the cores are shared out between them (intra-op threads = cores / workers, at least 1) unless set. */
  protected override async startWorkers(count: number): Promise<PooledInferenceRuntime> {
    const intraOpNumThreads = this.threadOptions.intraOpNumThreads ?? Math.max(1, Math.floor(os.availableParallelism() / count));
    const modelPath = await this.resolveSessionPath();
    return WorkerPoolRuntime.start({ kind: "onnx", modelPath, options: { ...this.threadOptions, intraOpNumThreads } }, count, this.name);
  }

  /** The file the workers open: the one `createRuntime` settled on (with an exposed embeddings tensor when needed), found by opening it once if it has not run. */
  private async resolveSessionPath(): Promise<string> {
    if (this.sessionPath === undefined) await (await this.createRuntime()).dispose();
    return this.sessionPath ?? this.modelPath;
  }
}

registerImageRuntime({ name: "onnx", framework: "onnx", priority: 0, accepts: (spec) => !spec.network && !spec.text, create: (config) => new OnnxImageModel(config) });
