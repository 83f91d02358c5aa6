/** A tensor as runtimes exchange it: flat typed data plus its shape. */
export interface TensorData {
  /** Row-major values. */
  data: Float32Array | Int32Array | Uint8Array;
  /** Shape, e.g. `[1, 512, 512, 3]`. */
  dims: number[];
}

/** A named input or output of a model, with its shape (null for a dynamic dimension). */
export interface TensorInfo {
  /** Tensor name in the model graph. */
  name: string;
  /** Shape; `null` where the model accepts any size (e.g. a dynamic batch). */
  dims: (number | null)[];
}

/**
 * What a model needs from an inference runtime (ONNX Runtime, TensorFlow.js):
 * the graph's inputs and outputs, running a batch, and freeing memory. One adapter
 * per runtime lives under `src/runtimes/`.
 */
export interface InferenceRuntime {
  /** The runtime's name, e.g. `"tfjs-wasm"`. */
  readonly backend: string;
  /** Graph inputs. */
  readonly inputs: readonly TensorInfo[];
  /** Graph outputs. */
  readonly outputs: readonly TensorInfo[];
  /** Runs the graph; returns the requested outputs (all when omitted), copied out of the runtime. */
  run(feeds: Readonly<Record<string, TensorData>>, outputNames?: readonly string[]): Promise<Record<string, TensorData>>;
  /** Frees the runtime's memory. */
  dispose(): Promise<void>;
}
