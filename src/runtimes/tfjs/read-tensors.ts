import type { Tensor } from "@tensorflow/tfjs-core";
import type { TensorData } from "../../models/index.js";

/**
 * Copies a model's output tensors off the backend (awaiting each, never `dataSync`),
 * named in order: what every TF.js runtime hands to the output processors. The caller
 * still owns and disposes the tensors.
 */
export async function readTensors(tensors: readonly Tensor[], names: readonly string[]): Promise<Record<string, TensorData>> {
  const copied: Record<string, TensorData> = {};
  for (const [i, t] of tensors.entries()) copied[names[i]!] = { data: toTyped(await t.data()), dims: [...t.shape] };
  return copied;
}

/** Backends return Float32Array, Int32Array or Uint8Array; anything else (a string tensor) becomes float32. */
function toTyped(data: unknown): Float32Array | Int32Array | Uint8Array {
  return data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array ? data : Float32Array.from(data as number[]);
}
