import type { TensorData, TensorInfo } from "../../models/index.js";

/** A message to an inference worker. */
export type ToWorker = { type: "run"; id: number; feeds: Record<string, TensorData>; outputNames?: readonly string[] } | { type: "dispose" };

/** A message from an inference worker. */
export type FromWorker =
  | { type: "ready"; backend: string; inputs: readonly TensorInfo[]; outputs: readonly TensorInfo[]; memoryBytes: number }
  | { type: "load-error"; message: string }
  | { type: "result"; id: number; outputs: Record<string, TensorData> }
  | { type: "error"; id: number; message: string };

/** The buffers of `tensors` that can move to another thread without a copy (not shared ones, which are shared anyway). */
export function transferList(tensors: Readonly<Record<string, TensorData>>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const t of Object.values(tensors)) {
    const buffer = t.data.buffer;
    // A view over part of a buffer would give the whole buffer away: only whole ones move.
    if (buffer instanceof ArrayBuffer && t.data.byteOffset === 0 && t.data.byteLength === buffer.byteLength) out.add(buffer);
  }
  return [...out];
}
