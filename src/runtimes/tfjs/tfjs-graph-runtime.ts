import type { GraphModel } from "@tensorflow/tfjs-converter";
import type { NamedTensorMap, Tensor } from "@tensorflow/tfjs-core";
import type { InferenceRuntime, TensorData, TensorInfo } from "../../models/index.js";
import { ModelFileError } from "../model-file-error.js";
import { readGraphModelArtifacts } from "./graph-model-files.js";
import { loadTfjs, type Tfjs } from "./load-tfjs.js";
import { readTensors } from "./read-tensors.js";

/** A TF.js graph model behind the common runtime interface. */
export class TfjsGraphRuntime implements InferenceRuntime {
  readonly backend: string;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];

  private constructor(
    private readonly tfjs: Tfjs,
    private readonly model: GraphModel,
  ) {
    this.backend = `tfjs-${tfjs.backend}`;
    const info = (t: { name: string; shape?: number[] }): TensorInfo => ({ name: t.name, dims: (t.shape ?? []).map((d) => (d < 0 ? null : d)) });
    this.inputs = model.inputs.map(info);
    this.outputs = model.outputs.map(info);
  }

  /** Loads a graph model from its model.json (and shards) on disk. */
  static async load(modelJsonPath: string): Promise<TfjsGraphRuntime> {
    const tfjs = await loadTfjs();
    const artifacts = readGraphModelArtifacts(modelJsonPath);
    try {
      const model = await tfjs.converter.loadGraphModel({ load: () => Promise.resolve(artifacts) });
      return new TfjsGraphRuntime(tfjs, model);
    } catch (err) {
      throw new ModelFileError(`TF.js could not load ${modelJsonPath}: ${(err as Error).message}.`, { cause: err });
    }
  }

  async run(feeds: Readonly<Record<string, TensorData>>, outputNames?: readonly string[]): Promise<Record<string, TensorData>> {
    const { tf } = this.tfjs;
    const inputs: NamedTensorMap = {};
    for (const [name, t] of Object.entries(feeds)) inputs[name] = tf.tensor(t.data, t.dims, t.data instanceof Int32Array ? "int32" : "float32");
    const names = [...(outputNames ?? this.outputs.map((o) => o.name))];
    let results: Tensor[] = [];
    try {
      // execute() is synchronous and fastest; graphs with control flow need executeAsync().
      let out: Tensor | Tensor[];
      try {
        out = this.model.execute(inputs, names);
      } catch (err) {
        if (!/executeAsync/.test((err as Error).message)) throw err;
        out = await this.model.executeAsync(inputs, names);
      }
      results = Array.isArray(out) ? out : [out];
      return await readTensors(results, names);
    } finally {
      tf.dispose(Object.values(inputs));
      tf.dispose(results);
    }
  }

  dispose(): Promise<void> {
    this.model.dispose();
    return Promise.resolve();
  }
}
