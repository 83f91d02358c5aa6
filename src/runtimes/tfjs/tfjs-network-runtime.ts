import type { InferenceRuntime, TensorData, TensorInfo } from "../../models/index.js";
import { ModelFileError } from "../model-file-error.js";
import { loadTfjs, type Tfjs } from "./load-tfjs.js";
import { readTensors } from "./read-tensors.js";
import type { TfjsNetwork, WeightMap } from "./networks/index.js";
import { readWeightsManifest } from "./weights-manifest-files.js";

/**
 * A network written with TF.js ops (src/runtimes/tfjs/networks/) whose weights come
 * from a bare TF.js weights manifest, behind the common runtime interface.
 */
export class TfjsNetworkRuntime implements InferenceRuntime {
  readonly backend: string;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];

  private constructor(
    private readonly tfjs: Tfjs,
    private readonly network: TfjsNetwork,
    private readonly weights: WeightMap,
  ) {
    this.backend = `tfjs-${tfjs.backend}`;
    this.inputs = [network.input];
    this.outputs = network.outputs;
  }

  /** Loads the weights of `network` from its weights manifest on disk and checks they are the expected ones. */
  static async load(manifestPath: string, network: TfjsNetwork): Promise<TfjsNetworkRuntime> {
    const tfjs = await loadTfjs();
    const { specs, data } = readWeightsManifest(manifestPath);
    let weights: WeightMap;
    try {
      weights = tfjs.tf.io.decodeWeights(data, specs);
    } catch (err) {
      throw new ModelFileError(`TF.js could not decode the weights of ${manifestPath}: ${(err as Error).message}. Download the model again.`, { cause: err });
    }
    const missing = network.weightNames.filter((n) => !weights[n]);
    if (missing.length > 0) {
      tfjs.tf.dispose(Object.values(weights));
      throw new ModelFileError(`${manifestPath} lacks the weights ${missing.slice(0, 3).join(", ")} of network "${network.name}"; the manifest names the wrong file or network.`);
    }
    return new TfjsNetworkRuntime(tfjs, network, weights);
  }

  async run(feeds: Readonly<Record<string, TensorData>>, outputNames?: readonly string[]): Promise<Record<string, TensorData>> {
    const { tf } = this.tfjs;
    const feed = feeds[this.network.input.name];
    if (!feed) throw new ModelFileError(`Network "${this.network.name}" takes the input "${this.network.input.name}", not ${Object.keys(feeds).join(", ")}.`);
    const names = [...(outputNames ?? this.outputs.map((o) => o.name))];
    const results = tf.tidy(() => {
      const x = tf.tensor4d(feed.data, feed.dims as [number, number, number, number], "float32");
      const out = this.network.forward(tf, this.weights, x);
      return names.map((n) => {
        const t = out[n];
        if (!t) throw new ModelFileError(`Network "${this.network.name}" has no output "${n}"; its outputs are ${Object.keys(out).join(", ")}.`);
        return t;
      });
    });
    try {
      return await readTensors(results, names);
    } finally {
      tf.dispose(results);
    }
  }

  dispose(): Promise<void> {
    this.tfjs.tf.dispose(Object.values(this.weights));
    return Promise.resolve();
  }
}

