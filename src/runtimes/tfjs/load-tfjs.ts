import type * as TfCore from "@tensorflow/tfjs-core";
import type * as TfConverter from "@tensorflow/tfjs-converter";
import { importPeer } from "../missing-package.js";

/** The TensorFlow.js modules modelzoo uses, loaded once per process. */
export interface Tfjs {
  /** `@tensorflow/tfjs-core`. */
  tf: typeof TfCore;
  /** `@tensorflow/tfjs-converter` (graph models). */
  converter: typeof TfConverter;
  /** The backend in use: `"wasm"`, or `"cpu"` as a slow fallback. */
  backend: string;
}

const RANGE = "^4.22.0";
let loading: Promise<Tfjs> | undefined;

/**
 * Loads TensorFlow.js on the WebAssembly backend (SIMD; its .wasm files ship inside
 * the npm package). The pure-JS cpu backend is about 40× slower on CenterNet-512,
 * so it is only a fallback, with a warning.
 */
export function loadTfjs(): Promise<Tfjs> {
  loading ??= (async () => {
    const why = "Running TensorFlow.js models";
    const tf = await importPeer("@tensorflow/tfjs-core", RANGE, why, () => import("@tensorflow/tfjs-core"));
    const converter = await importPeer("@tensorflow/tfjs-converter", RANGE, why, () => import("@tensorflow/tfjs-converter"));
    try {
      await importPeer("@tensorflow/tfjs-backend-wasm", RANGE, why, () => import("@tensorflow/tfjs-backend-wasm"));
      if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend failed to initialize");
    } catch (err) {
      await importPeer("@tensorflow/tfjs-backend-cpu", RANGE, why, () => import("@tensorflow/tfjs-backend-cpu"));
      await tf.setBackend("cpu");
      process.emitWarning(
        `TensorFlow.js is running on the slow cpu backend because the wasm backend is unavailable (${(err as Error).message}). ` +
          `Install it with: npm install @tensorflow/tfjs-backend-wasm@"${RANGE}"`,
      );
    }
    await tf.ready();
    return { tf, converter, backend: tf.getBackend() };
  })().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
