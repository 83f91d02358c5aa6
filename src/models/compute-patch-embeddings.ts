import pLimit from "p-limit";
import type { Sample, SampleCollection } from "../dataset/index.js";
import { Detection, Detections, Polyline, Polylines, type BoundingBox } from "../labels/index.js";
import { cropImage, decodeImage, type RgbImage } from "../media/index.js";
import { SampleFailedError } from "./errors.js";
import { ModelCapabilityError, isPreparingModel, type Model } from "./model.js";
import { createProgress } from "./progress.js";
import { failureOf, runModel, type RunOptions, type SampleFailure } from "./run-batches.js";

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
  /** Sample id → the embeddings of its patches (empty map when stored in a field). */
  embeddings: Map<string, Float32Array[]>;
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
  if (!lines) throw new ModelCapabilityError(`Patches field "${field}" must hold Detections or Polylines to cut patches from.`);
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
 * `patchesField` (Detections or Polylines) of every sample. Patches of a batch of
 * samples are embedded `batchSize` at a time; with `embeddingsField`, each vector is
 * stored on its label (one transaction per batch), else returned by sample id.
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
  const skipFailures = options.skipFailures ?? true;
  const handleMissing = options.handleMissing ?? "skip";
  if (options.embeddingsField !== undefined) {
    if (patchesField.includes(".")) {
      throw new ModelCapabilityError(`computePatchEmbeddings stores embeddings on the labels of a top-level patches field; "${patchesField}" is a path.`);
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.embeddingsField)) {
      throw new ModelCapabilityError(`embeddingsField "${options.embeddingsField}" must be an attribute name: letters, digits and "_".`);
    }
  }
  const batchSize = Math.max(1, options.batchSize ?? model.defaultBatchSize);
  const limit = pLimit(Math.max(1, options.numWorkers ?? 4));
  const ids = await collection.ids();
  await model.load();
  const progress = createProgress(`${model.name} patch embeddings`, ids.length, options.progress);
  const result: PatchEmbeddingsResult = { embeddings: new Map(), dim: 0, failures: [] };
  const fail = (sample: Sample, error: unknown) => {
    if (!skipFailures) throw new SampleFailedError(sample.filepath, error);
    result.failures.push(failureOf(sample, error));
  };
  const toInput = (img: RgbImage) => (isPreparingModel(model) ? model.prepare(img) : Promise.resolve(img));
  try {
    for (let i = 0; i < ids.length; i += batchSize) {
      const samples = await collection.getSamples(ids.slice(i, i + batchSize), { fields: [patchesField] });
      const crops = await Promise.all(
        samples.map((s) =>
          limit(async () => {
            const boxes = patchBoxes(s.get(patchesField), patchesField);
            if (boxes === undefined || boxes.length === 0) {
              if (handleMissing === "error") throw new ModelCapabilityError(`Sample ${s.filepath} has no patches in "${patchesField}".`);
              if (handleMissing === "skip" || boxes !== undefined) return [];
              return [await toInput(await decodeImage(s.filepath))];
            }
            const image = await decodeImage(s.filepath);
            const crop = { forceSquare: options.forceSquare ?? false, alpha: options.alpha ?? 0 };
            return Promise.all(boxes.map((b) => toInput(cropImage(image, b, crop))));
          }).then(
            (inputs) => ({ ok: true as const, inputs }),
            (error: unknown) => ({ ok: false as const, error }),
          ),
        ),
      );
      const done: Sample[] = [];
      for (const [j, sample] of samples.entries()) {
        const c = crops[j]!;
        if (!c.ok) {
          fail(sample, c.error);
          continue;
        }
        if (c.inputs.length === 0) continue;
        const vectors: Float32Array[] = [];
        try {
          for (let k = 0; k < c.inputs.length; k += batchSize) vectors.push(...(await runModel<Float32Array>(model, c.inputs.slice(k, k + batchSize), "embed")));
        } catch (err) {
          fail(sample, err);
          continue;
        }
        result.dim ||= vectors[0]!.length;
        if (options.embeddingsField) {
          const labels = patchLabels(sample.get(patchesField));
          // No labels (handleMissing "image" on a sample without the field): nothing to store the vector on.
          if (labels.length === 0) continue;
          labels.forEach((label, k) => (label.attributes[options.embeddingsField!] = Array.from(vectors[k]!)));
          sample.set(patchesField, sample.get(patchesField));
          done.push(sample);
        } else {
          result.embeddings.set(sample.id, vectors);
        }
      }
      if (done.length > 0) await collection.saveSamples(done);
      progress.tick(samples.length);
    }
  } finally {
    progress.stop();
  }
  return result;
}
