import type * as TfLayers from "@tensorflow/tfjs-layers";
import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs-layers";
import type { InferenceRuntime, TensorData, TensorInfo } from "../../models/index.js";
import { importPeer } from "../missing-package.js";
import { ModelFileError } from "../model-file-error.js";
import { readGraphModelArtifacts } from "./graph-model-files.js";
import { loadTfjs, type Tfjs } from "./load-tfjs.js";
import { readTensors } from "./read-tensors.js";

const RANGE = "^4.22.0";
/** Suffix of the extra output that holds a softmax Dense layer's pre-activation scores. */
export const LOGITS_SUFFIX = "/logits";

type LayersModule = typeof TfLayers;

/**
 * A TF.js Layers (Keras) model behind the common runtime interface. Every layer's
 * output can be fetched by the layer's name (e.g. a penultimate Dense layer for
 * embeddings), and a final softmax Dense layer also offers `<name>/logits`, its
 * scores before the softmax.
 */
export class TfjsLayersRuntime implements InferenceRuntime {
  readonly backend: string;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  private readonly heads = new Map<string, LayersModel>();

  private constructor(
    private readonly tfjs: Tfjs,
    private readonly layers: LayersModule,
    private readonly model: LayersModel,
  ) {
    this.backend = `tfjs-${tfjs.backend}`;
    const info = (name: string, shape: readonly (number | null)[]): TensorInfo => ({ name, dims: [...shape] });
    this.inputs = model.inputs.map((t) => info(t.name, t.shape));
    const outs = model.layers.map((l) => info(l.name, (l.output as SymbolicTensor).shape));
    const last = model.layers[model.layers.length - 1];
    if (last && this.softmaxDense(last.name)) outs.push(info(`${last.name}${LOGITS_SUFFIX}`, (last.output as SymbolicTensor).shape));
    this.outputs = outs;
  }

  /** Loads a Layers model from its model.json (and shards) on disk. */
  static async load(modelJsonPath: string): Promise<TfjsLayersRuntime> {
    const tfjs = await loadTfjs();
    const layers = await importPeer("@tensorflow/tfjs-layers", RANGE, "Running TensorFlow.js Layers (Keras) models", () => import("@tensorflow/tfjs-layers"));
    const artifacts = readGraphModelArtifacts(modelJsonPath);
    try {
      const model = await layers.loadLayersModel({ load: () => Promise.resolve(artifacts) });
      return new TfjsLayersRuntime(tfjs, layers, model);
    } catch (err) {
      throw new ModelFileError(`TF.js could not load the Layers model ${modelJsonPath}: ${(err as Error).message}.`, { cause: err });
    }
  }

  private softmaxDense(name: string): boolean {
    const config = this.model.getLayer(name).getConfig() as { activation?: string; units?: number };
    return config.activation === "softmax" && typeof config.units === "number";
  }

  /** A model computing the symbolic tensors `names` need (cached per set of names). */
  private head(names: readonly string[]): LayersModel {
    const key = names.join("\n");
    let head = this.heads.get(key);
    if (!head) {
      const outputs = names.map((n) => {
        const logits = n.endsWith(LOGITS_SUFFIX);
        const layerName = logits ? n.slice(0, -LOGITS_SUFFIX.length) : n;
        if (!this.outputs.some((o) => o.name === n)) {
          throw new ModelFileError(`The Layers model has no output "${n}"; ask for a layer name (${this.model.layers.slice(-3).map((l) => l.name).join(", ")}, ...).`);
        }
        const layer = this.model.getLayer(layerName);
        return (logits ? layer.input : layer.output) as SymbolicTensor;
      });
      head = this.layers.model({ inputs: this.model.inputs, outputs });
      this.heads.set(key, head);
    }
    return head;
  }

  async run(feeds: Readonly<Record<string, TensorData>>, outputNames?: readonly string[]): Promise<Record<string, TensorData>> {
    const { tf } = this.tfjs;
    const feed = feeds[this.inputs[0]!.name] ?? Object.values(feeds)[0];
    if (!feed) throw new ModelFileError(`The Layers model takes the input "${this.inputs[0]!.name}"; none was given.`);
    const names = [...(outputNames ?? [this.model.layers[this.model.layers.length - 1]!.name])];
    const head = this.head(names);
    const results = tf.tidy(() => {
      const x = tf.tensor(feed.data, feed.dims, "float32");
      const raw = head.predict(x);
      const outs = Array.isArray(raw) ? raw : [raw];
      return names.map((n, i) => {
        if (!n.endsWith(LOGITS_SUFFIX)) return outs[i]!;
        // The Dense layer's input times its kernel plus bias: the scores its softmax would take.
        const [kernel, bias] = this.model.getLayer(n.slice(0, -LOGITS_SUFFIX.length)).getWeights();
        return tf.add(tf.matMul(outs[i]!, kernel!), bias!);
      });
    });
    try {
      return await readTensors(results, names);
    } finally {
      tf.dispose(results);
    }
  }

  dispose(): Promise<void> {
    this.model.dispose();
    return Promise.resolve();
  }
}

/** True when a model.json holds a Layers (Keras) topology rather than a graph. */
export function isLayersTopology(topology: unknown): boolean {
  return typeof topology === "object" && topology !== null && ("model_config" in topology || "class_name" in topology);
}
