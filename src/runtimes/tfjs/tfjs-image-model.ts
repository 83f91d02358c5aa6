import { ImageModel, type ImageModelConfig, type InferenceRuntime } from "../../models/index.js";
import { TfjsGraphRuntime } from "./tfjs-graph-runtime.js";

/** Configuration of a {@link TfjsImageModel}: an image model config plus its model.json. */
export interface TfjsImageModelConfig extends ImageModelConfig {
  /** Path of the graph model's model.json (its weight shards sit beside it). */
  modelPath: string;
}

/**
 * A TensorFlow.js graph model on images, configured rather than coded: input size,
 * layout, normalization, output processor. FiftyOne's TorchImageModel, for TF.js.
 *
 * @example
 * const model = new TfjsImageModel({ name: "centernet", modelPath: ".../centernet.json",
 *   input: { width: 512, height: 512, layout: "nhwc", scale: 1 }, processor: new CenterNetProcessor() });
 */
export class TfjsImageModel extends ImageModel {
  /** Path of model.json. */
  readonly modelPath: string;

  /** @param config - where the model is and how to feed and read it */
  constructor(config: TfjsImageModelConfig) {
    super(config);
    this.modelPath = config.modelPath;
  }

  protected createRuntime(): Promise<InferenceRuntime> {
    return TfjsGraphRuntime.load(this.modelPath);
  }
}
