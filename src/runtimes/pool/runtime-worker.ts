import { parentPort, workerData } from "node:worker_threads";
import type { InferenceRuntime, TensorData } from "../../models/index.js";
import { loadRecipe, type RuntimeRecipe } from "./runtime-recipe.js";
import { transferList, type FromWorker, type ToWorker } from "./messages.js";

/*
 * The entry of one inference worker thread: builds its own runtime from the recipe in
 * `workerData`, says what the graph takes and how much memory it holds, then runs
 * the batches it is sent. Input tensors arrive in shared or transferred buffers;
 * outputs go back transferred (no copy).
 */

const port = parentPort!;
const recipe = (workerData as { recipe: RuntimeRecipe }).recipe;
let runtime: InferenceRuntime | undefined;

/** This thread's V8 heap plus the buffers it holds (the wasm heap of TF.js among them), in bytes. */
function ownMemory(): number {
  const m = process.memoryUsage();
  return m.heapTotal + m.external;
}

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => {
  try {
    port.postMessage(message, transfer);
  } catch {
    port.postMessage(message); // a buffer that cannot be transferred (native memory) is copied instead
  }
};

port.on("message", (message: ToWorker) => {
  if (message.type === "dispose") {
    void (runtime?.dispose() ?? Promise.resolve()).finally(() => port.close());
    return;
  }
  const { id, feeds, outputNames } = message;
  runtime!.run(feeds, outputNames).then(
    (outputs: Record<string, TensorData>) => post({ type: "result", id, outputs }, transferList(outputs)),
    (error: unknown) => post({ type: "error", id, message: error instanceof Error ? error.message : String(error) }),
  );
});

try {
  runtime = await loadRecipe(recipe);
  post({ type: "ready", backend: runtime.backend, inputs: runtime.inputs, outputs: runtime.outputs, memoryBytes: ownMemory() });
} catch (error) {
  post({ type: "load-error", message: error instanceof Error ? error.message : String(error) });
}
