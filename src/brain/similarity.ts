import type * as Usearch from "usearch";
import type { DatasetView, SampleCollection } from "../dataset/index.js";
import { isObjectId } from "../labels/index.js";
import { isPromptModel } from "../models/index.js";
import { loadZooModel } from "../zoo/index.js";
import { BrainError } from "./errors.js";
import { normalizeRows, resolveEmbeddings, type EmbeddingsSourceOptions } from "./embeddings.js";
import { exactNearest, graphBytes, loadGraph, loadUsearch, newUsearchIndex, similarities, topK, UNRECORDED_EXPANSION_SEARCH, USEARCH_PARAMS, type GraphMetric, type SimilarityGraphOptions, type UsearchModule } from "./knn.js";
import { patchLabels, resolvePatchEmbeddings, stackPatchVectors } from "./patches.js";
import { getRun, listRuns, readRunPart, saveRun, type BrainRunInfo } from "./runs.js";

/** How a similarity index finds neighbours: every vector compared (`"exact"`), or an HNSW graph of the usearch library (`"usearch"`). */
export type SimilarityBackend = "exact" | "usearch";

/**
 * Collections at least this large get the usearch backend when none is named. Below it the
 * exact backend answers a query within about 10 ms here (SIMD brute force, about 4 ms per
 * 100,000 128-d vectors; bench/brain.ts) and never misses a neighbour.
 */
export const USEARCH_AUTO_THRESHOLD = 200_000;

export type { SimilarityGraphOptions } from "./knn.js";

/** Options of `computeSimilarity`. */
export interface ComputeSimilarityOptions extends EmbeddingsSourceOptions {
  /** Key the index is stored under (letters, digits, "_"). */
  brainKey: string;
  /** Default: `"exact"` below 200,000 samples, `"usearch"` from there. */
  backend?: SimilarityBackend;
  /**
   * Index the objects of this Detections/Polylines field instead of the samples (FiftyOne's
   * `patches_field`): one vector per object, read from the label attribute `embeddings`
   * names (where `computePatchEmbeddings` stores them) or computed with `model` on each patch.
   */
  patchesField?: string;
  /**
   * With the `"usearch"` backend: how its graph is built and searched (whole numbers from 2 to
   * 4,096). The defaults reach recall@10 0.97 on the hardest case measured (100,000 uniformly
   * random 128-d directions); real embeddings, which cluster, need far less (README, Brain: Backends).
   */
  graph?: SimilarityGraphOptions;
}

/** A query of `sortBySimilarity`: a sample id, a vector, or a text prompt (for indexes built with a model that embeds prompts). */
export type SimilarityQuery = string | Float32Array | readonly number[];

/** Options of `sortBySimilarity`. */
export interface SortBySimilarityOptions {
  /** The similarity index to use. Needed when the dataset has more than one. */
  brainKey?: string;
  /** How many samples to keep. Default: all of them, most similar first. */
  k?: number;
  /** Least similar first (compares every vector). Default false. */
  reverse?: boolean;
}

/** One neighbour found by {@link SimilarityIndex.query}. */
export interface SimilarityMatch {
  id: string;
  /** Cosine similarity with the query, in [−1, 1]. */
  score: number;
}

/** The parts of a similarity run in the dataset's store. */
const VECTORS = "vectors.f32";
const IDS = "ids.json";
const GRAPH = "usearch";

interface IdsFile {
  ids: string[];
  keys: number[];
  nextKey: number;
  /** Every sample id of the dataset the index has considered (built over, or seen join since): others are new. */
  known: string[];
  /** Patches indexes: the sample id of each label id of `ids`. */
  sampleIds?: string[];
}

/** One object found by {@link sortPatchesBySimilarity}: its label id, its sample, and its cosine distance (1 − similarity) to the query. */
export interface PatchMatch {
  sampleId: string;
  labelId: string;
  distance: number;
}

type UsearchIndex = Usearch.Index;

/**
 * A similarity index over sample embeddings (FiftyOne Brain's `SimilarityIndex`), stored
 * in the dataset's store (SQLite file or PostgreSQL database) under its brain key: the
 * unit-length vectors (part `vectors.f32`), their ids (`ids.json`) and, for the usearch
 * backend, its graph (`usearch`).
 */
export class SimilarityIndex {
  /** The brain key. */
  readonly key: string;
  /** The backend answering queries. */
  readonly backend: SimilarityBackend;
  /** Length of the vectors. */
  readonly dim: number;
  /** The model that computed the embeddings, when one did (it embeds new samples and prompts). */
  readonly modelName: string | undefined;
  /** The field the embeddings were read from, when they were (new samples are read from it). */
  readonly embeddingsField: string | undefined;
  /** True when the model can embed text prompts (CLIP-style), so prompts are valid queries. */
  readonly promptModel: boolean;
  /** For an index over objects: the Detections/Polylines field they belong to (its ids are then label ids). */
  readonly patchesField: string | undefined;
  private sampleIds_: string[] | undefined;
  private ids_: string[];
  private keys: number[];
  private nextKey: number;
  private vectors: Float32Array;
  private graph: UsearchIndex | undefined;
  private graphMetric: GraphMetric | undefined;
  private graphExpansionSearch: number | undefined;
  private rowOf: Map<string, number>;
  private rowOfKey: Map<number, number> | undefined;
  private known: Set<string>;
  /** usearch's module for the exact backend's SIMD brute force (undefined if its native addon does not load: plain loop then). */
  private simd: UsearchModule | undefined;

  private constructor(init: {
    key: string;
    backend: SimilarityBackend;
    dim: number;
    modelName?: string;
    embeddingsField?: string;
    promptModel: boolean;
    patchesField?: string;
    sampleIds?: string[];
    ids: string[];
    keys: number[];
    nextKey: number;
    known: Iterable<string>;
    vectors: Float32Array;
    graph?: UsearchIndex;
    graphMetric?: GraphMetric;
    graphExpansionSearch?: number;
    simd?: UsearchModule;
  }) {
    this.key = init.key;
    this.backend = init.backend;
    this.dim = init.dim;
    this.modelName = init.modelName;
    this.embeddingsField = init.embeddingsField;
    this.promptModel = init.promptModel;
    this.patchesField = init.patchesField;
    this.sampleIds_ = init.sampleIds;
    this.ids_ = init.ids;
    this.keys = init.keys;
    this.nextKey = init.nextKey;
    this.vectors = init.vectors;
    this.graph = init.graph;
    this.graphMetric = init.graphMetric;
    this.graphExpansionSearch = init.graphExpansionSearch;
    this.rowOf = new Map(init.ids.map((id, i) => [id, i]));
    this.known = new Set(init.known);
    this.simd = init.simd;
  }

  /** Ids in the index: sample ids, or label ids for an index over objects (`patchesField`). */
  get ids(): readonly string[] {
    return this.ids_;
  }

  /** Number of vectors in the index. */
  get size(): number {
    return this.ids_.length;
  }

  /** @internal — builds an index and stores it. */
  static async build(collection: SampleCollection, options: ComputeSimilarityOptions): Promise<SimilarityIndex> {
    const pf = options.patchesField;
    const emb = pf === undefined ? await resolveEmbeddings(collection, options, "computeSimilarity") : await resolvePatchEmbeddings(collection, pf, options, "computeSimilarity");
    const backend = options.backend ?? (emb.ids.length >= USEARCH_AUTO_THRESHOLD ? "usearch" : "exact");
    if (backend !== "exact" && backend !== "usearch") {
      throw new BrainError(`Unknown similarity backend "${String(backend)}"; use "exact" or "usearch".`);
    }
    const graphOptions = checkGraphOptions(options.graph, backend);
    const expansionSearch = graphOptions.expansionSearch ?? USEARCH_PARAMS.expansionSearch;
    const vectors = normalizeRows(emb.data, emb.dim);
    const keys = emb.ids.map((_, i) => i);
    let graph: UsearchIndex | undefined;
    if (backend === "usearch") {
      graph = await newUsearchIndex(emb.dim, USEARCH_PARAMS.metric, { ...graphOptions, expansionSearch });
      if (keys.length > 0) graph.add(BigUint64Array.from(keys, BigInt), vectors);
    }
    const index = new SimilarityIndex({
      key: options.brainKey,
      backend,
      dim: emb.dim,
      ...(emb.modelName ? { modelName: emb.modelName } : {}),
      ...(emb.embeddingsField ? { embeddingsField: emb.embeddingsField } : {}),
      promptModel: emb.promptModel,
      ...(pf !== undefined ? { patchesField: pf, sampleIds: "sampleIds" in emb ? (emb.sampleIds as string[]) : [] } : {}),
      ids: [...emb.ids],
      keys,
      nextKey: keys.length,
      known: await knownIds(collection.rootCollection, pf),
      vectors,
      ...(graph ? { graph, graphMetric: USEARCH_PARAMS.metric, graphExpansionSearch: expansionSearch } : {}),
      ...(await simdModule()),
    });
    await index.save(collection);
    return index;
  }

  /** @internal — reads a stored index. */
  static async load(collection: SampleCollection, run: BrainRunInfo): Promise<SimilarityIndex> {
    const c = run.config as ReturnType<SimilarityIndex["config"]>;
    const idsFile = JSON.parse(Buffer.from(await readRunPart(collection, run.key, IDS)).toString("utf8")) as IdsFile;
    const buf = await readRunPart(collection, run.key, VECTORS);
    const vectors = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (vectors.length !== idsFile.ids.length * c.dim) {
      throw new BrainError(`Similarity index "${run.key}" of dataset "${collection.datasetName}" is damaged (${vectors.length} values for ${idsFile.ids.length} ids); compute it again.`);
    }
    let graph: UsearchIndex | undefined;
    // Graphs stored before the inner-product default were built with the cosine metric; the
    // graph's connectivity comes from its file, its expansion-search from the run's config.
    const graphMetric = c.graphMetric ?? "cos";
    const graphExpansionSearch = c.graphExpansionSearch ?? UNRECORDED_EXPANSION_SEARCH;
    if (c.backend === "usearch") {
      graph = await newUsearchIndex(c.dim, graphMetric, { expansionSearch: graphExpansionSearch });
      if (idsFile.ids.length > 0) loadGraph(graph, await readRunPart(collection, run.key, GRAPH));
    }
    return new SimilarityIndex({
      key: run.key,
      backend: c.backend,
      dim: c.dim,
      ...(c.modelName ? { modelName: c.modelName } : {}),
      ...(c.embeddingsField ? { embeddingsField: c.embeddingsField } : {}),
      promptModel: c.promptModel,
      ...(c.patchesField !== undefined ? { patchesField: c.patchesField, sampleIds: idsFile.sampleIds ?? [] } : {}),
      ids: idsFile.ids,
      keys: idsFile.keys,
      nextKey: idsFile.nextKey,
      known: idsFile.known,
      vectors,
      ...(graph ? { graph, graphMetric, graphExpansionSearch } : {}),
      ...(await simdModule()),
    });
  }

  /** For an index over objects: the sample holding label `labelId`, or undefined. */
  sampleIdOf(labelId: string): string | undefined {
    const r = this.rowOf.get(labelId);
    return r === undefined ? undefined : this.sampleIds_?.[r];
  }

  /** True when `id` (a sample id, or a label id for an index over objects) is in the index. */
  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** The unit-length vector of a sample in the index, or undefined. */
  vectorOf(id: string): Float32Array | undefined {
    const r = this.rowOf.get(id);
    return r === undefined ? undefined : this.vectors.slice(r * this.dim, (r + 1) * this.dim);
  }

  /**
   * The `k` samples most similar to `vector` (cosine), best first. With `restrictTo`, only
   * those samples are considered (compared exactly). The usearch backend answers
   * unrestricted queries approximately.
   */
  query(vector: ArrayLike<number>, k: number = this.size, restrictTo?: ReadonlySet<string>): SimilarityMatch[] {
    if (vector.length !== this.dim) {
      throw new BrainError(`The query vector has ${vector.length} values; similarity index "${this.key}" holds ${this.dim}-long vectors.`);
    }
    const q = normalizeRows(Float32Array.from(vector), this.dim);
    const want = Math.max(0, Math.min(k, this.size));
    if (this.graph && !restrictTo && want < this.size) {
      const m = this.graph.search(q, want, 1);
      this.rowOfKey ??= new Map(this.keys.map((key, row) => [key, row]));
      const rowOfKey = this.rowOfKey;
      return [...m.keys].map((key, i) => ({ id: this.ids_[rowOfKey.get(Number(key))!]!, score: 1 - m.distances[i]! }));
    }
    if (!restrictTo && this.simd) {
      const found = exactNearest(this.simd, this.vectors, this.dim, q, want);
      return found.rows.map((r, i) => ({ id: this.ids_[r]!, score: found.sims[i]! }));
    }
    const subset = restrictTo ? Uint8Array.from(this.ids_, (id) => (restrictTo.has(id) ? 1 : 0)) : undefined;
    const sims = similarities(this.vectors, this.dim, q, subset);
    const rows = topK(sims, want).filter((r) => sims[r] !== -Infinity);
    return rows.map((r) => ({ id: this.ids_[r]!, score: sims[r]! }));
  }

  /**
   * Brings the index up to date with its dataset: drops deleted samples, and adds samples
   * added to the dataset since it last looked, from the embeddings field or by running the
   * index's model on them. Samples that cannot be embedded (no vector in the field, or the
   * index was built from vectors given in memory) stay out; samples of the dataset left out
   * when the index was built over a view stay out too. Returns how many were added and
   * removed; stores the index when anything changed.
   */
  async sync(collection: SampleCollection): Promise<{ added: number; removed: number }> {
    const dataset = collection.rootCollection;
    if (this.patchesField !== undefined) return this.syncPatches(collection, dataset, this.patchesField);
    const current = await dataset.ids();
    const currentSet = new Set(current);
    const removedRows = this.ids_.flatMap((id, r) => (currentSet.has(id) ? [] : [r]));
    const newIds = current.filter((id) => !this.known.has(id));
    const knownChanged = newIds.length > 0 || this.known.size !== currentSet.size;
    this.known = currentSet;
    let added = 0;
    if (removedRows.length > 0) this.removeRows(removedRows);
    if (newIds.length > 0 && (this.embeddingsField || this.modelName)) {
      const view = dataset.select(newIds);
      const emb = this.embeddingsField
        ? await this.readNew(view, this.embeddingsField)
        : await resolveEmbeddings(view, { model: this.modelName! }, "sortBySimilarity");
      if (emb.ids.length > 0) {
        if (emb.dim !== this.dim) throw new BrainError(`New samples have ${emb.dim}-long embeddings; similarity index "${this.key}" holds ${this.dim}-long ones. Compute the index again.`);
        this.addRows(emb.ids, normalizeRows(emb.data, emb.dim));
        added = emb.ids.length;
      }
    }
    if (added > 0 || removedRows.length > 0 || knownChanged) await this.save(collection);
    return { added, removed: removedRows.length };
  }

  /** Patches indexes: drops deleted objects (and objects of deleted samples); adds new objects holding a vector in the embeddings attribute. */
  private async syncPatches(collection: SampleCollection, dataset: SampleCollection, field: string): Promise<{ added: number; removed: number }> {
    const labels = await patchLabels(dataset, field);
    const currentSet = new Set(labels.map((p) => p.label.id));
    const removedRows = this.ids_.flatMap((id, r) => (currentSet.has(id) ? [] : [r]));
    const fresh = labels.filter((p) => !this.known.has(p.label.id));
    const knownChanged = fresh.length > 0 || this.known.size !== currentSet.size;
    this.known = currentSet;
    if (removedRows.length > 0) this.removeRows(removedRows);
    let added = 0;
    if (fresh.length > 0 && this.embeddingsField) {
      const emb = stackPatchVectors(fresh, this.embeddingsField, "sortBySimilarity", true, this.dim);
      if (emb.ids.length > 0) {
        this.addRows(emb.ids, normalizeRows(emb.data, emb.dim), emb.sampleIds);
        added = emb.ids.length;
      }
    }
    if (added > 0 || removedRows.length > 0 || knownChanged) await this.save(collection);
    return { added, removed: removedRows.length };
  }

  /** @internal — the prompt or sample id or vector as a vector. */
  async queryVector(query: SimilarityQuery): Promise<Float32Array> {
    if (typeof query !== "string") return Float32Array.from(query);
    const own = this.vectorOf(query);
    if (own) return own;
    if (isObjectId(query) && this.patchesField !== undefined) {
      throw new BrainError(`Label ${query} is not in patches similarity index "${this.key}" (deleted, not in "${this.patchesField}", or added without an embedding); query by another label id, a vector or a prompt.`);
    }
    if (isObjectId(query)) {
      throw new BrainError(`Sample ${query} is not in similarity index "${this.key}" (deleted, or added without an embedding); query by another sample, a vector or a prompt.`);
    }
    if (!this.promptModel || !this.modelName) {
      const by = this.modelName ? `model "${this.modelName}", which does not embed text` : "embeddings given without a model";
      throw new BrainError(`Similarity index "${this.key}" was built from ${by}; text prompts need an index built with a prompt model such as "clip-vit-base32-onnx". Query by sample id or vector instead.`);
    }
    const model = await loadZooModel(this.modelName);
    try {
      if (!isPromptModel(model)) throw new BrainError(`Model "${this.modelName}" no longer embeds text prompts; query by sample id or vector.`);
      return await model.embedPrompt(query);
    } finally {
      await model.dispose();
    }
  }

  private async readNew(view: DatasetView, field: string) {
    const ids = await view.ids();
    const values = await view.values(field);
    const keep = values.flatMap((v, i) => (v instanceof Float32Array || Array.isArray(v) ? [{ id: ids[i]!, v: v as ArrayLike<number> }] : []));
    const data = new Float32Array(keep.length * this.dim);
    keep.forEach(({ v }, i) => {
      if (v.length !== this.dim) throw new BrainError(`Field "${field}" holds a ${v.length}-long embedding; similarity index "${this.key}" holds ${this.dim}-long ones. Compute the index again.`);
      data.set(v, i * this.dim);
    });
    return { ids: keep.map((k) => k.id), dim: this.dim, data };
  }

  private removeRows(rows: readonly number[]): void {
    const drop = new Set(rows);
    if (this.graph) this.graph.remove(BigUint64Array.from(rows.map((r) => this.keys[r]!), BigInt));
    const keepRows = this.ids_.map((_, r) => r).filter((r) => !drop.has(r));
    const vectors = new Float32Array(keepRows.length * this.dim);
    keepRows.forEach((r, i) => vectors.set(this.vectors.subarray(r * this.dim, (r + 1) * this.dim), i * this.dim));
    this.vectors = vectors;
    this.ids_ = keepRows.map((r) => this.ids_[r]!);
    this.keys = keepRows.map((r) => this.keys[r]!);
    if (this.sampleIds_) this.sampleIds_ = keepRows.map((r) => this.sampleIds_![r]!);
    this.rowOf = new Map(this.ids_.map((id, i) => [id, i]));
    this.rowOfKey = undefined;
  }

  private addRows(ids: readonly string[], rows: Float32Array, sampleIds?: readonly string[]): void {
    const keys = ids.map((_, i) => this.nextKey + i);
    this.nextKey += ids.length;
    if (this.graph) this.graph.add(BigUint64Array.from(keys, BigInt), rows);
    const vectors = new Float32Array(this.vectors.length + rows.length);
    vectors.set(this.vectors);
    vectors.set(rows, this.vectors.length);
    this.vectors = vectors;
    this.ids_ = [...this.ids_, ...ids];
    this.keys = [...this.keys, ...keys];
    if (this.sampleIds_) this.sampleIds_ = [...this.sampleIds_, ...(sampleIds ?? [])];
    this.rowOf = new Map(this.ids_.map((id, i) => [id, i]));
    this.rowOfKey = undefined;
  }

  private config() {
    return {
      backend: this.backend,
      dim: this.dim,
      metric: "cosine" as const,
      count: this.size,
      ...(this.modelName ? { modelName: this.modelName } : {}),
      ...(this.embeddingsField ? { embeddingsField: this.embeddingsField } : {}),
      promptModel: this.promptModel,
      ...(this.patchesField !== undefined ? { patchesField: this.patchesField } : {}),
      ...(this.graphMetric ? { graphMetric: this.graphMetric } : {}),
      ...(this.graphExpansionSearch ? { graphExpansionSearch: this.graphExpansionSearch } : {}),
    };
  }

  /** Records the run and its parts (vectors, ids, graph) in one write to the dataset's store. */
  private async save(collection: SampleCollection): Promise<void> {
    const ids: IdsFile = { ids: this.ids_, keys: this.keys, nextKey: this.nextKey, known: [...this.known], ...(this.sampleIds_ ? { sampleIds: this.sampleIds_ } : {}) };
    await saveRun(
      collection,
      { key: this.key, method: "similarity", config: this.config() },
      {
        [VECTORS]: new Uint8Array(this.vectors.buffer, this.vectors.byteOffset, this.vectors.byteLength),
        [IDS]: Buffer.from(JSON.stringify(ids), "utf8"),
        ...(this.graph && this.size > 0 ? { [GRAPH]: graphBytes(this.graph) } : {}),
      },
    );
  }
}

/** What an index has considered: sample ids, or for a patches index the label ids of its field. */
async function knownIds(dataset: SampleCollection, patchesField: string | undefined): Promise<string[]> {
  if (patchesField === undefined) return dataset.ids();
  return (await patchLabels(dataset, patchesField)).map((p) => p.label.id);
}

/** `{ simd }`: the usearch module when its native addon loads, for exact queries. */
async function simdModule(): Promise<{ simd?: UsearchModule }> {
  const simd = await loadUsearch().catch(() => undefined);
  return simd ? { simd } : {};
}

/** Builds (and stores) a similarity index; see {@link SimilarityIndex}. */
export async function computeSimilarity(collection: SampleCollection, options: ComputeSimilarityOptions): Promise<SimilarityIndex> {
  return SimilarityIndex.build(collection, options);
}

/** The similarity index `brainKey`, or the only one of the dataset when no key is given. */
export async function loadSimilarityIndex(collection: SampleCollection, brainKey?: string): Promise<SimilarityIndex> {
  if (brainKey === undefined) {
    const runs = await listRuns(collection, "similarity");
    if (runs.length !== 1) {
      const which = runs.length === 0 ? "has no similarity index; compute one with computeSimilarity" : `has ${runs.length} similarity indexes (${runs.map((r) => `"${r.key}"`).join(", ")}); name one with { brainKey }`;
      throw new BrainError(`Dataset "${collection.datasetName}" ${which}.`);
    }
    return SimilarityIndex.load(collection, runs[0]!);
  }
  return SimilarityIndex.load(collection, await getRun(collection, brainKey, "similarity"));
}

/**
 * FiftyOne's `sort_by_similarity`: a view of the collection's samples, most similar to
 * `query` first (the query sample itself comes first when the query is a sample id). The
 * index is brought up to date with the dataset first (see {@link SimilarityIndex.sync}).
 * @throws BrainError for an unknown key, a sample not in the index, or a prompt the index's model cannot embed
 */
export async function sortBySimilarity(collection: SampleCollection, query: SimilarityQuery, options: SortBySimilarityOptions = {}): Promise<DatasetView> {
  checkK(options.k);
  const index = await loadSimilarityIndex(collection, options.brainKey);
  if (index.patchesField !== undefined) return (await patchesQuery(collection, index, query, options)).view;
  await index.sync(collection);
  const vector = await index.queryVector(query);
  const inView = await collection.ids();
  const whole = inView.length === index.size && inView.every((id) => index.has(id));
  // Least similar first is the nearest to the opposite vector, compared exactly (restricted to all).
  const restrict = whole && !options.reverse ? undefined : new Set(inView);
  const q = options.reverse ? Float32Array.from(vector, (x) => -x) : vector;
  const k = options.k ?? index.size;
  let ids = index.query(q, k, restrict).map((m) => m.id);
  // The query sample first, even when an exact copy ties with it (or the graph missed it).
  if (typeof query === "string" && !options.reverse && index.has(query) && (!restrict || restrict.has(query)) && ids[0] !== query) {
    ids = [query, ...ids.filter((id) => id !== query)].slice(0, k);
  }
  return collection.select(ids, { ordered: true });
}

function checkK(k: number | undefined): void {
  if (k !== undefined && (!Number.isInteger(k) || k < 1)) {
    throw new BrainError(`sortBySimilarity: k must be a positive whole number; got ${String(k)}.`);
  }
}

/** What {@link sortPatchesBySimilarity} returns. */
export interface PatchesSimilarityResult {
  /** The samples holding the matches, in the order of their best match. */
  view: DatasetView;
  /** The `k` matching objects, most similar first. */
  matches: PatchMatch[];
}

/**
 * FiftyOne's `sort_by_similarity` on a patches index (built with `patchesField`): the
 * objects most similar to `query` (a label id of the index, a vector, or a text prompt for a
 * prompt model), most similar first, with the samples holding them. `k` counts objects.
 * FiftyOne returns a patches view (one row per object); modelzoo has no patches views, so
 * the ranked objects come as `{ sampleId, labelId, distance }` beside a view of their
 * samples. Only objects of samples in `collection` are considered. The index is brought up
 * to date first (deleted objects and samples dropped, new objects with an embedding added).
 * `sortBySimilarity` on a patches index returns the `view` of this.
 * @throws BrainError when the index is not a patches index, for an unknown label id, or a prompt the model cannot embed
 */
export async function sortPatchesBySimilarity(collection: SampleCollection, query: SimilarityQuery, options: SortBySimilarityOptions = {}): Promise<PatchesSimilarityResult> {
  checkK(options.k);
  const index = await loadSimilarityIndex(collection, options.brainKey);
  if (index.patchesField === undefined) {
    throw new BrainError(`Similarity index "${index.key}" indexes samples, not objects; build one with computeSimilarity({ patchesField, ... }) or use sortBySimilarity.`);
  }
  return patchesQuery(collection, index, query, options);
}

async function patchesQuery(collection: SampleCollection, index: SimilarityIndex, query: SimilarityQuery, options: SortBySimilarityOptions): Promise<PatchesSimilarityResult> {
  await index.sync(collection);
  const vector = await index.queryVector(query);
  const inView = new Set(await collection.ids());
  const restrict = new Set(index.ids.filter((id) => inView.has(index.sampleIdOf(id)!)));
  const q = options.reverse ? Float32Array.from(vector, (x) => -x) : vector;
  const k = options.k ?? index.size;
  // Every object in view and most similar first: the backend answers (usearch's graph, when built).
  let found = index.query(q, k, restrict.size === index.size && !options.reverse ? undefined : restrict);
  if (typeof query === "string" && !options.reverse && restrict.has(query) && found[0]?.id !== query) {
    const own = index.query(q, index.size, restrict).find((m) => m.id === query)!;
    found = [own, ...found.filter((m) => m.id !== query)].slice(0, k);
  }
  const matches = found.map((m) => ({ sampleId: index.sampleIdOf(m.id)!, labelId: m.id, distance: 1 - (options.reverse ? -m.score : m.score) }));
  const sampleOrder = [...new Set(matches.map((m) => m.sampleId))];
  return { view: collection.select(sampleOrder, { ordered: true }), matches };
}

/** `graph` options checked: only with the usearch backend, whole numbers from 2 to 4,096. */
function checkGraphOptions(graph: SimilarityGraphOptions | undefined, backend: SimilarityBackend): SimilarityGraphOptions {
  if (graph === undefined) return {};
  if (backend !== "usearch") throw new BrainError(`computeSimilarity's graph options apply to the "usearch" backend only; this index uses "${backend}" (pass backend: "usearch", or drop graph).`);
  for (const [name, v] of Object.entries(graph)) {
    if (!["connectivity", "expansionAdd", "expansionSearch"].includes(name)) throw new BrainError(`Unknown graph option "${name}"; use connectivity, expansionAdd or expansionSearch.`);
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 2 || (v as number) > 4096)) throw new BrainError(`graph.${name} must be a whole number from 2 to 4,096; got ${String(v)}.`);
  }
  return graph;
}
