import { ImageModel, type ImageModelConfig, type InferenceRuntime } from "../../models/index.js";
import { OnnxRuntime, type OnnxRuntimeOptions } from "./onnx-runtime.js";
import { registerImageRuntime } from "../runtime-registry.js";
import { ModelFileError } from "../model-file-error.js";
import { modelWithOutputs } from "./expose-outputs.js";

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

  /**
   * Opens the session. When the embeddings come from a tensor inside the graph (a
   * classifier's penultimate layer) rather than a graph output, a copy of the model that
   * also outputs it is made once beside the model and opened instead.
   */
  protected async createRuntime(): Promise<InferenceRuntime> {
    const runtime = await OnnxRuntime.load(this.modelPath, this.threadOptions);
    const wanted = this.config.embeddings?.output;
    if (wanted === undefined || runtime.outputs.some((o) => o.name === wanted)) return runtime;
    await runtime.dispose();
    try {
      return await OnnxRuntime.load(modelWithOutputs(this.modelPath, [wanted]), this.threadOptions);
    } catch (err) {
      throw new ModelFileError(
        `Model "${this.name}": its embeddings output "${wanted}" is neither an output nor a float tensor inside ${this.modelPath} (${(err as Error).message}). Name a tensor of the graph in the manifest's embeddings.output.`,
        { cause: err },
      );
    }
  }
}

registerImageRuntime({ name: "onnx", framework: "onnx", priority: 0, accepts: (spec) => !spec.network && !spec.text, create: (config) => new OnnxImageModel(config) });
