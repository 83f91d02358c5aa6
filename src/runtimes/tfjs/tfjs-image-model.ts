import { ImageModel, type ImageModelConfig, type InferenceRuntime, type PooledInferenceRuntime } from "../../models/index.js";
import { TfjsGraphRuntime } from "./tfjs-graph-runtime.js";
import { isLayersTopology, TfjsLayersRuntime } from "./tfjs-layers-runtime.js";
import { registerImageRuntime } from "../runtime-registry.js";
import { readModelTopology } from "../pool/runtime-recipe.js";
import { WorkerPoolRuntime } from "../pool/worker-pool-runtime.js";

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
    // A Keras (Layers) model.json, e.g. nsfwjs's MobileNetV2, runs on tfjs-layers; a graph model on the converter.
    if (isLayersTopology(readModelTopology(this.modelPath))) return TfjsLayersRuntime.load(this.modelPath);
    return TfjsGraphRuntime.load(this.modelPath);
  }

  /** Each worker loads the model.json on TF.js's wasm backend, which infers on one core per instance. */
  protected override startWorkers(count: number): Promise<PooledInferenceRuntime> {
    return WorkerPoolRuntime.start({ kind: "tfjs", modelPath: this.modelPath }, count, this.name);
  }
}

registerImageRuntime({ name: "tfjs-graph", framework: "tfjs", priority: 0, accepts: (spec) => !spec.network && !spec.text, create: (config) => new TfjsImageModel(config) });
