import type { Sample, SampleCollection } from "../dataset/index.js";
import { Detection, Detections, Polyline, Polylines, type BoundingBox } from "../labels/index.js";
import { cropImage, decodeImage, VideoReader } from "../media/index.js";
import { RunOptionsError } from "./errors.js";
import { ModelCapabilityError, type Model } from "./model.js";
import { createProgress } from "./progress.js";
import { embeddingSize, failureRecorder, runPipeline, startRunWorkers, type RunOptions, type SampleFailure, type SampleInputs } from "./run-batches.js";

/** Options of `computePatchEmbeddings` (FiftyOne's, in camelCase). */
export interface ComputePatchEmbeddingsOptions extends RunOptions {
  /**
   * Store each patch's embedding on its label, as FiftyOne does: the attribute
   * `embeddingsField` of each detection or polyline (`objects.detections[i].attributes[embeddingsField]`,
   * a number array), saved with the patches field in one transaction per batch.
   */
  embeddingsField?: string;
  /** Grow each patch to a square before cropping. Default false. */
  forceSquare?: boolean;
  /** Grow (> 0) or shrink (< 0) each patch by this fraction of its size. Default 0. */
  alpha?: number;
  /** Samples without patches: `"skip"` them (default), embed the whole `"image"`, or throw (`"error"`). */
  handleMissing?: "skip" | "image" | "error";
}

/** Patch embeddings by sample id: one vector per patch, in label order. */
export interface PatchEmbeddingsResult {
  /** Sample id → the embeddings of its patches (empty map when stored in a field; for a `frames.` patches field, every frame's patches in frame order). */
  embeddings: Map<string, Float32Array[]>;
  /** For a `frames.` patches field: sample id → frame number → the embeddings of that frame's patches (empty when stored in a field). */
  frameEmbeddings?: Map<string, Map<number, Float32Array[]>>;
  /** Length of each embedding (0 when nothing was embedded). */
  dim: number;
  /** Samples that failed, with why. */
  failures: SampleFailure[];
}

/** The boxes of a Detections/Detection/Polylines/Polyline value (polylines by their bounding box). */
function patchBoxes(value: unknown, field: string): BoundingBox[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Detections) return value.detections.map((d) => d.boundingBox);
  if (value instanceof Detection) return [value.boundingBox];
  const lines = value instanceof Polylines ? value.polylines : value instanceof Polyline ? [value] : undefined;
  if (!lines) throw new RunOptionsError(`Patches field "${field}" must hold Detections or Polylines to cut patches from.`);
  return lines.map((p) => {
    const pts = p.points.flat();
    const xs = pts.map((q) => q[0]);
    const ys = pts.map((q) => q[1]);
    const [x1, y1] = [Math.min(...xs), Math.min(...ys)];
    return [x1, y1, Math.max(...xs) - x1, Math.max(...ys) - y1];
  });
}

/** The labels whose patches are cut, in the order of {@link patchBoxes}. */
function patchLabels(value: unknown): (Detection | Polyline)[] {
  if (value instanceof Detections) return value.detections;
  if (value instanceof Detection) return [value];
  if (value instanceof Polylines) return value.polylines;
  if (value instanceof Polyline) return [value];
  return [];
}

/**
 * FiftyOne's `compute_patch_embeddings`: embeds the image patch of every object in
 * `patchesField` (Detections or Polylines) of every sample, through the shared
 * pipeline (`runPipeline`): patches cut and prepared ahead of the model, embedded
 * `batchSize` at a time, a failure confined to its sample, one embedding size for
 * all; with `embeddingsField`, each vector is stored on its label (one transaction per
 * batch), else returned by sample id.
 */
export async function computePatchEmbeddings(
  collection: SampleCollection,
  model: Model,
  patchesField: string,
  options: ComputePatchEmbeddingsOptions = {},
): Promise<PatchEmbeddingsResult> {
  if (!model.hasEmbeddings) {
    throw new ModelCapabilityError(`Model "${model.name}" does not expose embeddings (hasEmbeddings is false). Use a model tagged "embeddings".`);
  }
  const handleMissing = options.handleMissing ?? "skip";
  if (patchesField.startsWith("frames.")) return framePatchEmbeddings(collection, model, patchesField.slice("frames.".length), options);
  if (options.embeddingsField !== undefined) {
    if (patchesField.includes(".")) {
      throw new ModelCapabilityError(`computePatchEmbeddings stores embeddings on the labels of a top-level patches field; "${patchesField}" is a path.`);
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.embeddingsField)) {
      throw new ModelCapabilityError(`embeddingsField "${options.embeddingsField}" must be an attribute name: letters, digits and "_".`);
    }
  }
  const ids = await collection.ids();
  await model.load();
  await startRunWorkers(model, options, ids.length);
  const progress = createProgress(`${model.name} patch embeddings`, ids.length, options.progress);
  const { failures, fail } = failureRecorder(options);
  const size = embeddingSize(model);
  const result: PatchEmbeddingsResult = { embeddings: new Map(), dim: 0, failures };
  const crop = { forceSquare: options.forceSquare ?? false, alpha: options.alpha ?? 0 };
  const patches: SampleInputs = {
    fields: [patchesField],
    async inputs(sample, prepare) {
      const boxes = patchBoxes(sample.get(patchesField), patchesField);
      if (boxes === undefined || boxes.length === 0) {
        if (handleMissing === "error") throw new ModelCapabilityError(`Sample ${sample.filepath} has no patches in "${patchesField}".`);
        if (handleMissing === "skip" || boxes !== undefined) return [];
        return [await prepare(await decodeImage(sample.filepath))];
      }
      const image = await decodeImage(sample.filepath);
      return Promise.all(boxes.map((b) => prepare(cropImage(image, b, crop))));
    },
  };
  try {
    for await (const results of runPipeline<Float32Array>(collection, model, ids, options, "embed", patches)) {
      const done: Sample[] = [];
      for (const r of results) {
        if (!r.ok) {
          fail(r.sample, r.error);
          continue;
        }
        if (r.outputs.length === 0) continue;
        r.outputs.forEach(size.check);
        if (options.embeddingsField) {
          const labels = patchLabels(r.sample.get(patchesField));
          // No labels (handleMissing "image" on a sample without the field): nothing to store the vector on.
          if (labels.length === 0) continue;
          labels.forEach((label, k) => (label.attributes[options.embeddingsField!] = Array.from(r.outputs[k]!)));
          r.sample.set(patchesField, r.sample.get(patchesField));
          done.push(r.sample);
        } else {
          result.embeddings.set(r.sample.id, r.outputs);
        }
      }
      if (done.length > 0) await collection.saveSamples(done);
      progress.tick(results.length);
    }
  } finally {
    progress.stop();
  }
  result.dim = size.dim();
  return result;
}

function checkEmbeddingsField(patchesField: string, options: ComputePatchEmbeddingsOptions): void {
  if (options.embeddingsField !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.embeddingsField)) {
    throw new ModelCapabilityError(`embeddingsField "${options.embeddingsField}" must be an attribute name: letters, digits and "_".`);
  }
  if (patchesField.includes(".")) {
    throw new ModelCapabilityError(`computePatchEmbeddings reads a frame-level patches field as "frames.<field>"; "frames.${patchesField}" goes deeper.`);
  }
}

/**
 * Frame-level patches (`frames.<field>` on video samples, as FiftyOne takes them): each
 * video's frames that hold patches are decoded (one ffmpeg pass over the frames from the
 * first to the last of them), their patches cut and embedded; vectors are stored on each
 * frame's labels (`embeddingsField`) or returned by sample and frame. Image samples are skipped.
 */
async function framePatchEmbeddings(collection: SampleCollection, model: Model, field: string, options: ComputePatchEmbeddingsOptions): Promise<PatchEmbeddingsResult> {
  checkEmbeddingsField(field, options);
  await model.load();
  const ids = await collection.ids();
  const progress = createProgress(`${model.name} frame patch embeddings`, ids.length, options.progress);
  const { failures, fail } = failureRecorder(options);
  const size = embeddingSize(model);
  const result: PatchEmbeddingsResult = { embeddings: new Map(), frameEmbeddings: new Map(), dim: 0, failures };
  const crop = { forceSquare: options.forceSquare ?? false, alpha: options.alpha ?? 0 };
  try {
    for await (const sample of collection.iterSamples()) {
      progress.tick(1);
      if (sample.mediaType !== "video") continue;
      try {
        const numbers = await sample.frames.numbers(field);
        if (numbers.length === 0) continue;
        const wanted = new Set(numbers);
        const perFrame = new Map<number, Float32Array[]>();
        const reader = await VideoReader.open(sample.filepath);
        for await (const frame of reader.frames({ start: numbers[0]!, end: numbers.at(-1)! })) {
          if (!wanted.has(frame.frameNumber)) continue;
          const fields = await sample.frames.get(frame.frameNumber);
          const value = fields?.[field];
          const boxes = patchBoxes(value, `frames.${field}`) ?? [];
          if (boxes.length === 0) continue;
          const vectors = await model.embedAll(boxes.map((b) => cropImage(frame, b, crop)));
          vectors.forEach(size.check);
          if (options.embeddingsField) {
            patchLabels(value).forEach((label, k) => (label.attributes[options.embeddingsField!] = Array.from(vectors[k]!)));
            sample.frames.merge({ [frame.frameNumber]: { [field]: value } });
          } else perFrame.set(frame.frameNumber, vectors);
        }
        if (options.embeddingsField) await sample.save();
        else if (perFrame.size > 0) {
          result.frameEmbeddings!.set(sample.id, perFrame);
          result.embeddings.set(sample.id, [...perFrame.values()].flat());
        }
      } catch (err) {
        fail(sample, err);
      }
    }
  } finally {
    progress.stop();
  }
  result.dim = size.dim();
  return result;
}
