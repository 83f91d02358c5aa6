import { ImageModel, type ImageModelConfig, type InferenceRuntime } from "../../models/index.js";
import { OnnxRuntime, type OnnxRuntimeOptions } from "./onnx-runtime.js";
import { registerImageRuntime } from "../runtime-registry.js";

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
}

registerImageRuntime({ name: "onnx", framework: "onnx", priority: 0, accepts: (spec) => !spec.network && !spec.text, create: (config) => new OnnxImageModel(config) });
