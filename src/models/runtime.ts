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

/** A model's inference worker threads, as started for a run (see `numWorkers`). */
export interface InferenceWorkersInfo {
  /** The model (or cascade stage) whose runtime runs in the workers. */
  model: string;
  /** Worker threads, each with its own runtime instance. */
  workers: number;
  /** The runtime inside each worker, e.g. `"tfjs-wasm"`. */
  backend: string;
  /** Each worker's own memory after loading (its V8 heap plus the buffers it holds, e.g. the wasm heap), in MB. */
  memoryPerWorkerMB: number[];
  /** The process's resident memory growth from starting the workers, divided by their number, in MB (native memory included). */
  rssPerWorkerMB: number;
}

/** A runtime whose runs go to worker threads, with what they hold. */
export interface PooledInferenceRuntime extends InferenceRuntime {
  /** Sizes and memory of the pool (without `model`). */
  readonly info: Omit<InferenceWorkersInfo, "model">;
}
