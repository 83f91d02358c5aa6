import type { SampleCollection } from "../dataset/index.js";
import { Detection, Detections, Polyline, Polylines } from "../labels/index.js";
import { isPromptModel, type Model } from "../models/index.js";
import { loadZooModel } from "../zoo/index.js";
import { BrainError } from "./errors.js";
import type { EmbeddingsSourceOptions } from "./embeddings.js";
import { kindOf } from "./kind.js";

/** One object of a patches field: its label and the sample holding it. */
export interface PatchLabel {
  sampleId: string;
  label: Detection | Polyline;
}

/** Patch embeddings gathered for a patches index: row `i` is label `ids[i]` of sample `sampleIds[i]`. */
export interface ResolvedPatchEmbeddings {
  ids: string[];
  sampleIds: string[];
  dim: number;
  data: Float32Array;
  modelName?: string;
  embeddingsField?: string;
  promptModel: boolean;
}

/**
 * Every object of `field` (Detections, Detection, Polylines or Polyline) of the collection's
 * samples, in sample then label order.
 * @throws BrainError for a frame-level field or a field holding other labels
 */
export async function patchLabels(collection: SampleCollection, field: string): Promise<PatchLabel[]> {
  if (field.startsWith("frames.")) {
    throw new BrainError(`Patch similarity indexes objects of sample-level fields; "${field}" is a frame field. Index a sample-level Detections or Polylines field.`);
  }
  const ids = await collection.ids();
  const values = await collection.values(field);
  const out: PatchLabel[] = [];
  values.forEach((v, i) => {
    const sampleId = ids[i]!;
    if (v === null || v === undefined) return;
    const labels = v instanceof Detections ? v.detections : v instanceof Polylines ? v.polylines : v instanceof Detection || v instanceof Polyline ? [v] : undefined;
    if (!labels) throw new BrainError(`Patches field "${field}" holds ${kindOf(v)} on sample ${sampleId}; it must hold Detections or Polylines.`);
    for (const label of labels) out.push({ sampleId, label });
  });
  return out;
}

/** The vector stored on a label's attribute `attr`, or undefined. */
function attrVector(label: Detection | Polyline, attr: string): ArrayLike<number> | undefined {
  const v = label.attributes[attr];
  if (v instanceof Float32Array) return v;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number")) return v;
  return undefined;
}

/**
 * Stacks the vectors stored on the labels' attribute `attr`. With `lenient`, labels without
 * one are left out; otherwise they are an error naming the fix.
 */
export function stackPatchVectors(labels: readonly PatchLabel[], attr: string, method: string, lenient = false, want?: number): { ids: string[]; sampleIds: string[]; dim: number; data: Float32Array } {
  const keep = labels.flatMap((p) => {
    const v = attrVector(p.label, attr);
    return v ? [{ p, v }] : [];
  });
  if (!lenient && keep.length < labels.length) {
    const first = labels.find((p) => !attrVector(p.label, attr))!;
    throw new BrainError(
      `${method}: ${labels.length - keep.length} of ${labels.length} objects have no "${attr}" embedding attribute (label ${first.label.id} of sample ${first.sampleId} first); ` +
        `compute them with computePatchEmbeddings(model, field, { embeddingsField: "${attr}" }) or pass { model }.`,
    );
  }
  const dim = want ?? keep[0]?.v.length ?? 0;
  const data = new Float32Array(keep.length * dim);
  keep.forEach(({ p, v }, i) => {
    if (v.length !== dim) throw new BrainError(`${method}: label ${p.label.id} holds a ${v.length}-long "${attr}" embedding where ${dim}-long ones are expected; recompute them with one model.`);
    data.set(v, i * dim);
  });
  return { ids: keep.map((k) => k.p.label.id), sampleIds: keep.map((k) => k.p.sampleId), dim, data };
}

/**
 * Gathers one embedding per object of `patchesField`: from the label attribute named by
 * `embeddings` (where `computePatchEmbeddings` stores them), or by running `model` on each
 * object's patch (stored in that attribute first when `embeddings` names one).
 */
export async function resolvePatchEmbeddings(collection: SampleCollection, patchesField: string, options: EmbeddingsSourceOptions, method: string): Promise<ResolvedPatchEmbeddings> {
  const { embeddings, model } = options;
  if (embeddings !== undefined && typeof embeddings !== "string") {
    throw new BrainError(`${method}: a patches index reads embeddings from a label attribute; pass { embeddings: "<attribute>" } (as computePatchEmbeddings stores them) or { model }.`);
  }
  if (embeddings === undefined && model === undefined) {
    throw new BrainError(`${method} needs patch embeddings: pass { embeddings: "<attribute>" } (stored on each object by computePatchEmbeddings) or { model: "<zoo model name>" }.`);
  }
  if (model === undefined) {
    const labels = await patchLabels(collection, patchesField);
    return { ...stackPatchVectors(labels, embeddings!, method), embeddingsField: embeddings!, promptModel: false };
  }
  const owned = typeof model === "string" ? await loadZooModel(model) : undefined;
  const m = owned ?? (model as Model);
  try {
    if (!m.hasEmbeddings) {
      throw new BrainError(`${method}: model "${m.name}" does not compute embeddings; pick a zoo model tagged "embeddings" (modelzoo models list --tags embeddings).`);
    }
    const run = { batchSize: options.batchSize, progress: options.progress, skipFailures: false };
    const promptModel = isPromptModel(m);
    if (embeddings) {
      await collection.computePatchEmbeddings(m, patchesField, { ...run, embeddingsField: embeddings });
      const labels = await patchLabels(collection, patchesField);
      return { ...stackPatchVectors(labels, embeddings, method), modelName: m.name, embeddingsField: embeddings, promptModel };
    }
    const r = await collection.computePatchEmbeddings(m, patchesField, run);
    const labels = await patchLabels(collection, patchesField);
    const bySample = new Map<string, PatchLabel[]>();
    for (const p of labels) bySample.set(p.sampleId, [...(bySample.get(p.sampleId) ?? []), p]);
    const ids: string[] = [];
    const sampleIds: string[] = [];
    const rows: Float32Array[] = [];
    for (const [sampleId, vectors] of r.embeddings) {
      const own = bySample.get(sampleId) ?? [];
      vectors.forEach((v, i) => {
        ids.push(own[i]!.label.id);
        sampleIds.push(sampleId);
        rows.push(v);
      });
    }
    const data = new Float32Array(rows.length * r.dim);
    rows.forEach((v, i) => data.set(v, i * r.dim));
    return { ids, sampleIds, dim: r.dim, data, modelName: m.name, promptModel };
  } finally {
    await owned?.dispose();
  }
}
