import fs from "node:fs";
import os from "node:os";
import type { GraphModel } from "@tensorflow/tfjs-converter";
import type { Tensor } from "@tensorflow/tfjs-core";
import type { InferenceSession } from "onnxruntime-node";
import type { ImageModel } from "../../src/index.js";
import { loadOrt, loadTfjs, readGraphModelArtifacts, TfjsNetworkModel, WorkerPoolRuntime, type RuntimeRecipe } from "../../src/runtimes/index.js";
import { decodeImage, OnnxImageModel, stackBatch, TfjsImageModel, type InferenceRuntime, type PreparedImage } from "../../src/index.js";
import type { Contender } from "./contender.js";

/** A batch as the graph takes it: flat data and its shape. */
interface Batch {
  data: Float32Array | Int32Array;
  dims: number[];
}

/**
 * The limit: the model's own forward pass through the runtime's API, on input tensors
 * decoded, resized and normalized before timing starts (by the model's own
 * `prepare`, so the tensors are exactly modelzoo's). Outputs are read back into
 * JavaScript, as any user of them must; nothing is decoded into labels.
 */
export async function bareContender(model: ImageModel, files: readonly string[], options: { batchSize: number; intraOpNumThreads?: number }): Promise<Contender> {
  const prepared = await Promise.all(files.map(async (f) => model.prepare(await decodeImage(f))));
  const c = model.config.input;
  const outputNames = model.config.processor?.outputNames ?? (model.config.embeddings ? [model.config.embeddings.output] : undefined);
  const toBatches = (dynamicBatch: boolean): Batch[] =>
    sizeGroups(prepared, dynamicBatch ? Math.max(1, options.batchSize) : 1).map((group) => {
      const stacked = stackBatch(group.map((g) => g.tensor));
      return { data: c.dtype === "int32" ? Int32Array.from(stacked, Math.round) : stacked, dims: [group.length, ...imageDims(model, group[0]!)] };
    });
  if (model instanceof TfjsImageModel && isGraphModelJson(model.modelPath)) return bareTfjs(model.modelPath, toBatches, outputNames);
  if (model instanceof TfjsImageModel && isLayersModelJson(model.modelPath)) return bareLayers(model.modelPath, toBatches);
  if (model instanceof OnnxImageModel) return bareOnnx(model.modelPath, toBatches, outputNames, options.intraOpNumThreads ?? os.availableParallelism());
  return bareAdapter(model, toBatches, outputNames);
}

/**
 * Consecutive prepared images in batches of up to `size`, a batch holding only images of
 * one input size (inputs of their own size, e.g. `maxSide`, differ by aspect ratio), as
 * `ImageModel` batches them.
 */
function sizeGroups(prepared: readonly PreparedImage[], size: number): PreparedImage[][] {
  const groups: PreparedImage[][] = [];
  for (const p of prepared) {
    const last = groups[groups.length - 1];
    if (last && last.length < size && last[0]!.tensor.length === p.tensor.length && last[0]!.width === p.width && last[0]!.height === p.height) last.push(p);
    else groups.push([p]);
  }
  return groups;
}

/** One prepared image's tensor shape without the batch dimension: its own size when it has one, else the configured input size. */
function imageDims(model: ImageModel, p: PreparedImage): number[] {
  const c = model.config.input;
  const [w, h] = [p.width ?? c.width, p.height ?? c.height];
  return c.layout === "nchw" ? [3, h, w] : [h, w, 3];
}

/** True for a TF.js graph model.json (not a Keras layers model or a weights manifest). */
function isGraphModelJson(file: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { format?: string; modelTopology?: { node?: unknown } };
    return json.format === "graph-model" || json.modelTopology?.node !== undefined;
  } catch {
    return false;
  }
}

/** True for a TF.js Keras layers model.json (nsfwjs's MobileNetV2, for one). */
function isLayersModelJson(file: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { format?: string; modelTopology?: { class_name?: unknown; model_config?: unknown } };
    return json.format === "layers-model" || json.modelTopology?.model_config !== undefined || json.modelTopology?.class_name !== undefined;
  } catch {
    return false;
  }
}

/** The stock API for a layers model: `tf.loadLayersModel` (from the files on disk), then `model.predict` per batch. */
async function bareLayers(modelPath: string, toBatches: (dynamic: boolean) => Batch[]): Promise<Contender> {
  const { tf } = await loadTfjs();
  const tfl = await import("@tensorflow/tfjs-layers");
  const artifacts = readGraphModelArtifacts(modelPath);
  const model = await tfl.loadLayersModel({ load: () => Promise.resolve(artifacts) });
  const batchDim = model.inputs[0]!.shape[0];
  const batches = toBatches(batchDim === null || batchDim === undefined || batchDim < 0);
  const forward = async (b: Batch) => {
    const x = tf.tensor(b.data, b.dims, b.data instanceof Int32Array ? "int32" : "float32");
    const out = model.predict(x);
    try {
      for (const t of Array.isArray(out) ? out : [out]) await t.data();
    } finally {
      tf.dispose([x, ...(Array.isArray(out) ? out : [out])]);
    }
  };
  await forward(batches[0]!);
  return {
    role: "bare",
    label: `tfjs-${tf.getBackend()} tf.loadLayersModel + predict on prepared tensors`,
    batchSize: batches[0]!.dims[0]!,
    async run() {
      for (const b of batches) await forward(b);
    },
    found: () => Promise.resolve(undefined),
    dispose() {
      model.dispose();
      return Promise.resolve();
    },
  };
}

/**
 * For models whose weights no stock runtime API loads by itself (a TF.js layers model,
 * face-api's weights manifests run by our own network code): the model's runtime
 * adapter, which is the forward pass and nothing else (tensor in, execute, data out).
 */
async function bareAdapter(model: ImageModel, toBatches: (dynamic: boolean) => Batch[], outputNames?: readonly string[]): Promise<Contender> {
  await model.load();
  // `runtime` is protected: the benchmark reaches past the model to its forward pass on purpose.
  const runtime = (model as unknown as { runtime: InferenceRuntime }).runtime;
  const input = runtime.inputs[0]!;
  const batches = toBatches(input.dims[0] === null);
  return {
    role: "bare",
    label: `modelzoo's ${runtime.backend} runtime adapter on prepared tensors (no stock runtime API loads these weights)`,
    batchSize: batches[0]!.dims[0]!,
    async run() {
      for (const b of batches) await runtime.run({ [model.config.input.name ?? input.name]: b }, outputNames);
    },
    found: () => Promise.resolve(undefined),
    dispose: () => model.dispose(),
  };
}

async function bareTfjs(modelPath: string, toBatches: (dynamic: boolean) => Batch[], outputNames?: readonly string[]): Promise<Contender> {
  const { tf, converter } = await loadTfjs();
  const artifacts = readGraphModelArtifacts(modelPath);
  const graph: GraphModel = await converter.loadGraphModel({ load: () => Promise.resolve(artifacts) });
  const inputName = graph.inputs[0]!.name;
  const batchDim = graph.inputs[0]!.shape?.[0];
  const batches = toBatches(batchDim === undefined || batchDim < 0);
  const names = outputNames ? [...outputNames] : graph.outputs.map((o) => o.name);
  let needsAsync = false;
  const forward = async (b: Batch) => {
    const x = tf.tensor(b.data, b.dims, b.data instanceof Int32Array ? "int32" : "float32");
    let out: Tensor | Tensor[] = [];
    try {
      if (!needsAsync) {
        try {
          out = graph.execute({ [inputName]: x }, names);
        } catch (err) {
          if (!/executeAsync/.test((err as Error).message)) throw err;
          needsAsync = true; // graphs with control flow (e.g. NMS) only run asynchronously
        }
      }
      if (needsAsync) out = await graph.executeAsync({ [inputName]: x }, names);
      for (const t of Array.isArray(out) ? out : [out]) await t.data();
    } finally {
      tf.dispose([x, ...(Array.isArray(out) ? out : [out])]);
    }
  };
  await forward(batches[0]!); // warm-up, as modelzoo's load() does
  return {
    role: "bare",
    label: `tfjs-${tf.getBackend()} GraphModel.execute on prepared tensors`,
    batchSize: batches[0]!.dims[0]!,
    async run() {
      for (const b of batches) await forward(b);
    },
    found: () => Promise.resolve(undefined),
    dispose() {
      graph.dispose();
      return Promise.resolve();
    },
  };
}

async function bareOnnx(modelPath: string, toBatches: (dynamic: boolean) => Batch[], outputNames: readonly string[] | undefined, threads: number): Promise<Contender> {
  const ort = await loadOrt();
  const session: InferenceSession = await ort.InferenceSession.create(modelPath, {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    // The same session options as modelzoo's runtime: no spin-waiting threads.
    extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
  });
  const meta = session.inputMetadata[0]!;
  const batchDim = meta.isTensor ? meta.shape[0] : undefined;
  const batches = toBatches(typeof batchDim !== "number" || batchDim < 0);
  const names = outputNames ? [...outputNames] : [...session.outputNames];
  const forward = async (b: Batch) => {
    const x = new ort.Tensor(b.data instanceof Int32Array ? "int32" : "float32", b.data, b.dims);
    const out = await session.run({ [meta.name]: x }, names);
    for (const n of names) void out[n]!.data;
  };
  await forward(batches[0]!);
  return {
    role: "bare",
    label: `onnxruntime-node InferenceSession.run on prepared tensors (${threads} threads)`,
    batchSize: batches[0]!.dims[0]!,
    async run() {
      for (const b of batches) await forward(b);
    },
    found: () => Promise.resolve(undefined),
    dispose: () => session.release(),
  };
}

/**
 * The runtime alone, one instance per worker thread, `instances` at once: the same
 * forward pass as {@link bareContender} on the same prepared tensors (in shared
 * memory), but with every core inferring. For TF.js this is what one process can
 * reach; for ONNX it is the "instances × 1 thread" configuration beside the bare row's
 * "1 instance × all threads". It runs at `options.batchSize` (bare ×1's best), or
 * the largest smaller size whose batches split evenly over the instances.
 */
export async function bareMultiContender(model: ImageModel, files: readonly string[], options: { batchSize: number; instances: number }): Promise<Contender | undefined> {
  const recipe: RuntimeRecipe | undefined =
    model instanceof OnnxImageModel
      ? { kind: "onnx", modelPath: model.modelPath, options: { intraOpNumThreads: Math.max(1, Math.floor(os.availableParallelism() / options.instances)) } }
      : model instanceof TfjsImageModel
        ? { kind: "tfjs", modelPath: model.modelPath }
        : model instanceof TfjsNetworkModel
          ? { kind: "tfjs-network", modelPath: model.modelPath, network: model.network }
          : undefined;
  if (!recipe) return undefined;
  const prepared = await Promise.all(files.map(async (f) => model.prepare(await decodeImage(f))));
  const pool = await WorkerPoolRuntime.start(recipe, options.instances, model.name);
  const c = model.config.input;
  const input = pool.inputs.find((i) => i.name === (c.name ?? pool.inputs[0]!.name))!;
  // Even batches per instance (evenBatchSize); photos of different input sizes batch apart (sizeGroups).
  const size = evenBatchSize(prepared.length, input.dims[0] === null ? Math.max(1, options.batchSize) : 1, options.instances);
  const batches: Batch[] = [];
  for (const group of sizeGroups(prepared, size)) {
    const n = group[0]!.tensor.length;
    const data = c.dtype === "int32" ? new Int32Array(new SharedArrayBuffer(n * group.length * 4)) : new Float32Array(new SharedArrayBuffer(n * group.length * 4));
    group.forEach((g, k) => {
      for (let j = 0; j < n; j++) data[k * n + j] = c.dtype === "int32" ? Math.round(g.tensor[j]!) : g.tensor[j]!;
    });
    batches.push({ data, dims: [group.length, ...imageDims(model, group[0]!)] });
  }
  const outputNames = model.config.processor?.outputNames ?? (model.config.embeddings ? [model.config.embeddings.output] : undefined);
  await Promise.all(batches.slice(0, options.instances).map((b) => pool.run({ [input.name]: b }, outputNames))); // warm-up
  const threads = recipe.kind === "onnx" ? `, ${recipe.options.intraOpNumThreads} intra-op thread${recipe.options.intraOpNumThreads === 1 ? "" : "s"} each` : "";
  return {
    role: "bare-multi",
    label: `${options.instances} × ${pool.info.backend} runtime instances in worker threads${threads}, on prepared tensors`,
    batchSize: batches[0]!.dims[0]!,
    async run() {
      await Promise.all(batches.map((b) => pool.run({ [input.name]: b }, outputNames)));
    },
    found: () => Promise.resolve(undefined),
    dispose: () => pool.dispose(),
  };
}

/**
 * The largest batch size up to `batchSize` at which `images` split into full batches,
 * the same number for every instance, so that no instance idles while another runs its
 * last batch: 12 photos at batch 4 make 3 batches, which leave one of 2 workers idle for
 * a third of each round (at most 1.5× by construction); at 3 they make 4, two each. 1
 * when no larger size splits them evenly.
 */
export function evenBatchSize(images: number, batchSize: number, instances: number): number {
  let size = Math.max(1, Math.min(batchSize, images));
  while (size > 1 && images % (size * instances) !== 0) size--;
  return size;
}
