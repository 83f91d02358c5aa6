import { ImageModel, type ImageModelConfig, type InferenceRuntime, type PooledInferenceRuntime } from "../../models/index.js";
import os from "node:os";
import { OnnxRuntime, type OnnxRuntimeOptions } from "./onnx-runtime.js";
import { registerImageRuntime } from "../runtime-registry.js";
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
  /** Path of the .onnx file. */
  readonly modelPath: string;
  /** Thread settings of the session(s). */
  protected readonly threadOptions: OnnxRuntimeOptions;

  /** @param config - where the model is and how to feed and read it */
  constructor(config: OnnxImageModelConfig) {
    super(config);
    this.modelPath = config.modelPath;
    this.threadOptions = {
      ...(config.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: config.intraOpNumThreads }),
      ...(config.interOpNumThreads === undefined ? {} : { interOpNumThreads: config.interOpNumThreads }),
      ...(config.allowSpinning === undefined ? {} : { allowSpinning: config.allowSpinning }),
    };
  }

  protected createRuntime(): Promise<InferenceRuntime> {
    return OnnxRuntime.load(this.modelPath, this.threadOptions);
  }

  /** Each worker opens its own session; the cores are shared out between them (intra-op threads = cores / workers, at least 1) unless set. */
  protected override startWorkers(count: number): Promise<PooledInferenceRuntime> {
    const intraOpNumThreads = this.threadOptions.intraOpNumThreads ?? Math.max(1, Math.floor(os.availableParallelism() / count));
    return WorkerPoolRuntime.start({ kind: "onnx", modelPath: this.modelPath, options: { ...this.threadOptions, intraOpNumThreads } }, count, this.name);
  }

  /**
   * One worker whose session uses every core (intra-op threads): onnxruntime-node's
   * `run` blocks the JavaScript thread that calls it, so one worker frees the main
   * thread for decoding, output decoding and writes, while a single session already
   * spreads one inference over the cores.
   */
  override defaultNumWorkers(cores: number): number {
    return cores > 0 ? 1 : 0;
  }
}

registerImageRuntime({ name: "onnx", framework: "onnx", priority: 0, accepts: (spec) => !spec.network && !spec.text, create: (config) => new OnnxImageModel(config) });
