import type * as Ort from "onnxruntime-node";
import { importPeer } from "../missing-package.js";

let loading: Promise<typeof Ort> | undefined;

/** Loads onnxruntime-node (an optional peer dependency) once per process. */
export function loadOrt(): Promise<typeof Ort> {
  loading ??= importPeer("onnxruntime-node", "^1.30.0", "Running ONNX models", () => import("onnxruntime-node")).catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
