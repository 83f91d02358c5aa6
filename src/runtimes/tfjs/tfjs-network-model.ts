import { ImageModel, type ImageModelConfig, type InferenceRuntime, type PooledInferenceRuntime } from "../../models/index.js";
import { findTfjsNetwork } from "./networks/index.js";
import { TfjsNetworkRuntime } from "./tfjs-network-runtime.js";
import { registerImageRuntime } from "../runtime-registry.js";
import { WorkerPoolRuntime } from "../pool/worker-pool-runtime.js";

/** Configuration of a {@link TfjsNetworkModel}: an image model config, a weights manifest and the network that reads it. */
export interface TfjsNetworkModelConfig extends ImageModelConfig {
  /** Path of the weights manifest (`*-weights_manifest.json`; its shards sit beside it). */
  modelPath: string;
  /** Name of a built-in network (see `tfjsNetworkNames()`), e.g. `"face-api-ssd-mobilenet-v1"`. */
  network: string;
}

/**
 * An image model whose architecture is one of our TF.js networks and whose weights
 * come from a weights manifest — face-api's models, which ship weights without a graph.
 */
export class TfjsNetworkModel extends ImageModel {
  /** Path of the weights manifest. */
  readonly modelPath: string;
  /** The network's name. */
  readonly network: string;

  /** @param config - where the weights are, which network reads them, how to feed and decode it */
  constructor(config: TfjsNetworkModelConfig) {
    super(config);
    this.modelPath = config.modelPath;
    this.network = config.network;
  }

  protected createRuntime(): Promise<InferenceRuntime> {
    return TfjsNetworkRuntime.load(this.modelPath, findTfjsNetwork(this.network));
  }

  /** Each worker builds the network on TF.js's wasm backend (one core per instance). */
  protected override startWorkers(count: number): Promise<PooledInferenceRuntime> {
    return WorkerPoolRuntime.start({ kind: "tfjs-network", modelPath: this.modelPath, network: this.network }, count, this.name);
  }
}

registerImageRuntime({ name: "tfjs-network", framework: "tfjs", priority: 10, accepts: (spec) => spec.network !== undefined && !spec.text, create: (config, spec) => new TfjsNetworkModel({ ...config, network: spec.network! }) });
