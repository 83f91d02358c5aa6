import os from "node:os";
import fs from "node:fs";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import type { InferenceRuntime, TensorData, TensorInfo } from "../../models/index.js";
import { ModelFileError } from "../model-file-error.js";
import { loadOrt } from "./load-ort.js";

/** Options of {@link OnnxRuntime.load}. */
export interface OnnxRuntimeOptions {
  /** Threads inside one operator. Default: the number of cores. */
  intraOpNumThreads?: number;
  /** Threads across independent operators. Default 1. */
  interOpNumThreads?: number;
  /**
   * Let idle intra-op threads spin-wait for work (ONNX Runtime's default). Default
   * false: spinning threads take CPU from the decoding that runs beside inference
   * in `applyModel` (and from everything else on a shared machine).
   */
  allowSpinning?: boolean;
}

/** An ONNX Runtime session behind the common runtime interface: one session per model. */
export class OnnxRuntime implements InferenceRuntime {
  readonly backend = "onnxruntime-node-cpu";
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Inputs the graph declares as int64 (token ids, masks). */
  private readonly int64Inputs: ReadonlySet<string>;

  private constructor(
    private readonly ort: Awaited<ReturnType<typeof loadOrt>>,
    private readonly session: InferenceSession,
  ) {
    const info = (m: InferenceSession.ValueMetadata): TensorInfo => ({
      name: m.name,
      // Symbolic dimensions ("batch", "height") and -1 are dynamic.
      dims: m.isTensor ? m.shape.map((d) => (typeof d === "number" && d >= 0 ? d : null)) : [],
    });
    this.inputs = session.inputMetadata.map(info);
    this.int64Inputs = new Set(session.inputMetadata.filter((m) => m.isTensor && m.type === "int64").map((m) => m.name));
    this.outputs = session.outputMetadata.map(info);
  }

  /** Opens an .onnx file. */
  static async load(modelPath: string, options: OnnxRuntimeOptions = {}): Promise<OnnxRuntime> {
    const ort = await loadOrt();
    if (!fs.existsSync(modelPath)) throw new ModelFileError(`ONNX model ${modelPath} does not exist. Download the model again.`);
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: ["cpu"],
        graphOptimizationLevel: "all",
        intraOpNumThreads: options.intraOpNumThreads ?? os.availableParallelism(),
        interOpNumThreads: options.interOpNumThreads ?? 1,
        extra: { session: { intra_op: { allow_spinning: options.allowSpinning ? "1" : "0" }, inter_op: { allow_spinning: options.allowSpinning ? "1" : "0" } } },
      });
      return new OnnxRuntime(ort, session);
    } catch (err) {
      throw new ModelFileError(`ONNX Runtime could not load ${modelPath}: ${(err as Error).message}. The file may be truncated; download it again.`, {
        cause: err,
      });
    }
  }

  async run(feeds: Readonly<Record<string, TensorData>>, outputNames?: readonly string[]): Promise<Record<string, TensorData>> {
    const inputs: Record<string, Tensor> = {};
    for (const [name, fed] of Object.entries(feeds)) {
      // The binding refuses shared memory ("Invalid argument"): a worker's shared input is copied once, in the worker.
      const t = fed.data.buffer instanceof SharedArrayBuffer ? { data: fed.data.slice(), dims: fed.dims } : fed;
      // Token ids and masks are int64 in most exported graphs; JavaScript callers hand over int32.
      if (this.int64Inputs.has(name) && !(t.data instanceof Float32Array)) {
        inputs[name] = new this.ort.Tensor("int64", BigInt64Array.from(t.data, (v) => BigInt(v)), t.dims);
        continue;
      }
      inputs[name] = new this.ort.Tensor(t.data instanceof Int32Array ? "int32" : t.data instanceof Uint8Array ? "uint8" : "float32", t.data, t.dims);
    }
    const names = outputNames ?? this.outputs.map((o) => o.name);
    const results = await this.session.run(inputs, [...names]);
    const out: Record<string, TensorData> = {};
    for (const name of names) {
      const t = results[name]!;
      // int64 outputs (class ids, counts) become int32 when every value fits.
      const data = t.data instanceof BigInt64Array ? int64ToInt32(t.data, name) : t.data;
      if (!(data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array)) {
        throw new ModelFileError(`ONNX output "${name}" has type ${t.type}; modelzoo reads float32, int32 and uint8 outputs.`);
      }
      out[name] = { data, dims: [...t.dims] };
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** int64 values as int32; a value outside the int32 range is an error naming the output. */
function int64ToInt32(values: BigInt64Array, name: string): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > 2147483647n || v < -2147483648n) throw new ModelFileError(`ONNX output "${name}" holds the int64 value ${v}, outside the int32 range modelzoo reads.`);
    out[i] = Number(v);
  }
  return out;
}
