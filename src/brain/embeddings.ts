import type { SampleCollection } from "../dataset/index.js";
import { isPromptModel, type Model } from "../models/index.js";
import { loadZooModel } from "../zoo/index.js";
import { BrainError } from "./errors.js";
import { kindOf } from "./kind.js";

/** Embeddings held in memory: row `i` of `data` belongs to sample `ids[i]` (what `computeEmbeddings` returns). */
export interface EmbeddingsMatrix {
  ids: readonly string[];
  dim: number;
  data: Float32Array;
}

/** Where a brain method gets its embeddings from. */
export interface EmbeddingsSourceOptions {
  /**
   * A field holding one embedding (Float32Array or number array) per sample, a matrix in
   * memory, or one vector per sample in collection order. With `model` and a field name,
   * the model's embeddings are computed and stored in that field first.
   */
  embeddings?: string | EmbeddingsMatrix | readonly ArrayLike<number>[];
  /** A model with embeddings, or the name of a zoo model (loaded, used and disposed). */
  model?: Model | string;
  /** Batch size when embedding with `model`. */
  batchSize?: number;
  /** Progress of embedding with `model`. */
  progress?: boolean;
}

/** Embeddings gathered for a brain method, and where they came from. */
export interface ResolvedEmbeddings extends EmbeddingsMatrix {
  /** The model's name when a model computed them. */
  modelName?: string;
  /** The field they were read from (or stored in). */
  embeddingsField?: string;
  /** True when the model (or zoo model of that name) can embed text prompts. */
  promptModel: boolean;
}

/**
 * Gathers one embedding per sample of the collection from a field, a matrix, vectors, or
 * a model (an object, or a zoo model by name).
 * @throws BrainError when neither embeddings nor a model is given, a sample lacks its embedding, or the lengths differ
 */
export async function resolveEmbeddings(collection: SampleCollection, options: EmbeddingsSourceOptions, method: string): Promise<ResolvedEmbeddings> {
  const { embeddings, model } = options;
  if (embeddings === undefined && model === undefined) {
    throw new BrainError(`${method} needs embeddings: pass { embeddings: "<field>" } (a field of stored embeddings), a matrix, or { model: "<zoo model name>" } such as "mobilenet-v2-nsfw-tfjs".`);
  }
  if (model !== undefined) return withModel(collection, model, options, method);
  if (typeof embeddings === "string") return { ...(await readField(collection, embeddings, method)), embeddingsField: embeddings, promptModel: false };
  const ids = await collection.ids();
  if (Array.isArray(embeddings)) {
    const rows = embeddings as readonly ArrayLike<number>[];
    if (rows.length !== ids.length) {
      throw new BrainError(`${method}: ${rows.length} embeddings were given for ${ids.length} samples; give one per sample, in collection order.`);
    }
    return { ...stack(ids, rows, "the embeddings given", method), promptModel: false };
  }
  const m = embeddings as EmbeddingsMatrix;
  if (!m || !(m.data instanceof Float32Array) || !Array.isArray(m.ids) || m.data.length !== m.ids.length * m.dim) {
    throw new BrainError(`${method}: embeddings must be a field name, an array of vectors, or { ids, dim, data } with ids.length × dim values (what computeEmbeddings returns).`);
  }
  return { ids: m.ids, dim: m.dim, data: m.data, promptModel: false };
}

async function withModel(collection: SampleCollection, model: Model | string, options: EmbeddingsSourceOptions, method: string): Promise<ResolvedEmbeddings> {
  const field = typeof options.embeddings === "string" ? options.embeddings : undefined;
  const owned = typeof model === "string" ? await loadZooModel(model) : undefined;
  const m = owned ?? (model as Model);
  try {
    if (!m.hasEmbeddings) {
      throw new BrainError(`${method}: model "${m.name}" does not compute embeddings; pick a zoo model tagged "embeddings" (modelzoo models list --tags embeddings).`);
    }
    const run = { batchSize: options.batchSize, progress: options.progress };
    const promptModel = isPromptModel(m);
    if (field) {
      await collection.computeEmbeddings(m, { ...run, embeddingsField: field, skipFailures: false });
      return { ...(await readField(collection, field, method)), modelName: m.name, embeddingsField: field, promptModel };
    }
    const r = await collection.computeEmbeddings(m, { ...run, skipFailures: false });
    if (r.frameNumbers?.some((n) => n !== 0)) throw new BrainError(`${method} works on images; the collection holds videos. Select the images first (match({ mediaType: "image" })).`);
    return { ids: r.ids, dim: r.dim, data: r.data, modelName: m.name, promptModel };
  } finally {
    await owned?.dispose();
  }
}

async function readField(collection: SampleCollection, field: string, method: string): Promise<EmbeddingsMatrix> {
  const ids = await collection.ids();
  const values = await collection.values(field);
  const missing = values.findIndex((v) => v === null || v === undefined);
  if (missing >= 0) {
    const n = values.filter((v) => v === null || v === undefined).length;
    throw new BrainError(`${method}: ${n} of ${ids.length} samples have no "${field}" (sample ${ids[missing]} first); compute them with computeEmbeddings(model, { embeddingsField: "${field}" }) or pass { model }.`);
  }
  return stack(ids, values, `field "${field}"`, method);
}

function stack(ids: readonly string[], rows: readonly unknown[], what: string, method: string): EmbeddingsMatrix {
  const first = rows[0] as ArrayLike<number> | undefined;
  const dim = first?.length ?? 0;
  const data = new Float32Array(rows.length * dim);
  for (const [i, row] of rows.entries()) {
    const ok = row instanceof Float32Array || (Array.isArray(row) && row.every((x) => typeof x === "number"));
    if (!ok) throw new BrainError(`${method}: ${what} holds ${kindOf(row)} for sample ${ids[i]}; expected an embedding vector.`);
    const v = row as ArrayLike<number>;
    if (v.length !== dim) throw new BrainError(`${method}: ${what} holds vectors of ${dim} and ${v.length} values; recompute them with one model.`);
    data.set(v, i * dim);
  }
  return { ids, dim, data };
}

/** Scales each row of a `n × dim` matrix to unit length (zero rows stay zero); returns a new matrix. */
export function normalizeRows(data: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < data.length / dim; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += data[r * dim + j]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) out[r * dim + j] = data[r * dim + j]! * inv;
  }
  return out;
}
