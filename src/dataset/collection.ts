import path from "node:path";
import { computeMetadata, type ComputeMetadataOptions, type ComputeMetadataResult } from "./compute-metadata.js";
import { FieldTypeError } from "./errors.js";
import { exportCoco, type ExportCocoOptions, type ExportCocoResult } from "./io/coco.js";
import { exportJsonl, type ExportJsonlOptions } from "./io/jsonl.js";
import { getPath, rootField } from "./field-path.js";
import type { FieldFilter } from "./filter.js";
import type { FieldSchemaEntry } from "./field-type.js";
import { Sample } from "./sample.js";
import type { SampleOwner, SaveOptions } from "./sample-owner.js";
import {
  excludeStage,
  existsStage,
  limitStage,
  matchStage,
  matchTagsStage,
  selectFieldsStage,
  selectStage,
  shuffleStage,
  skipStage,
  sortByStage,
  takeStage,
  type SamplePredicate,
  type StageContext,
  type ViewStage,
} from "./stages.js";
import { BUILTIN_FIELDS, type DatasetStore, type PushedStage } from "./store/store.js";
import type { DatasetView } from "./view.js";

/** Options of {@link SampleCollection.iterSamples}. */
export interface IterSamplesOptions {
  /** Samples read (and, with autosave, written) per round trip to the store. Default 200. */
  batchSize?: number;
  /** Save each batch's changes in one transaction as iteration moves on. Default false. */
  autosave?: boolean;
}

/** A value counted by {@link SampleCollection.countValues}. */
export type CountedValue = string | number | boolean | null;

/** The dataset behind a collection, as views and collection methods use it. */
export interface CollectionSource extends SampleOwner {
  /** Every sample id in insertion order. */
  allIds(): Promise<string[]>;
}

/**
 * What datasets and views have in common: building views (`take`, `match`, ...),
 * reading samples and values, and — added by later layers — `applyModel`,
 * `computeEmbeddings` and friends. Methods that read are async; building a view
 * is not, and does no work until the view is read.
 */
export abstract class SampleCollection {
  /** @internal — the dataset that owns the samples. */
  protected abstract get source(): CollectionSource;
  /** @internal — the stages of this collection (none for a dataset). */
  protected abstract get stages(): readonly ViewStage[];
  /** @internal — a view of this collection with one more stage. */
  protected abstract withStage(stage: ViewStage): DatasetView;

  /** The name of the dataset the samples belong to. */
  get datasetName(): string {
    return this.source.name;
  }

  /**
   * @internal — records `dir` in the dataset's label folders: folders whose images
   * labels may point at and the app may serve (e.g. the `outputDir` of `applyModel`).
   */
  async addLabelFolder(dir: string): Promise<void> {
    const folder = path.resolve(dir);
    const record = await this.source.store.getRecord();
    const folders = record.labelFolders ?? [];
    if (!folders.includes(folder)) await this.source.store.updateRecord({ labelFolders: [...folders, folder] });
  }

  /**
   * @internal — the dataset the samples belong to, as a collection of all its samples (the
   * source of every collection is its dataset), whichever database it was loaded from.
   */
  get rootCollection(): SampleCollection {
    const source = this.source;
    if (!(source instanceof SampleCollection)) throw new Error(`The samples of "${source.name}" have no dataset collection.`);
    return source;
  }

  /** @internal — the store of the dataset the samples belong to. */
  get datasetStore(): DatasetStore {
    return this.source.store;
  }

  /** A view with the first `n` samples. */
  limit(n: number): DatasetView {
    return this.withStage(limitStage(n));
  }

  /** A view without the first `n` samples. */
  skip(n: number): DatasetView {
    return this.withStage(skipStage(n));
  }

  /** A view with `n` random samples; the same `seed` gives the same samples. */
  take(n: number, options: { seed?: number } = {}): DatasetView {
    return this.withStage(takeStage(n, options.seed));
  }

  /** A view with the samples in random order; the same `seed` gives the same order. */
  shuffle(options: { seed?: number } = {}): DatasetView {
    return this.withStage(shuffleStage(options.seed));
  }

  /**
   * A view with the samples that satisfy `filter`: a {@link FieldFilter} object
   * (`{ "predictions.detections.label": "person" }`), or a function of the sample.
   */
  match(filter: FieldFilter | SamplePredicate): DatasetView {
    return this.withStage(matchStage(filter));
  }

  /** A view with the samples whose `field` (a path) has a non-null value; with `bool` false, the others. */
  exists(field: string, bool = true): DatasetView {
    return this.withStage(existsStage(field, bool));
  }

  /** A view with only the given samples (ids or samples); with `ordered`, in that order. */
  select(samples: readonly (string | Sample)[], options: { ordered?: boolean } = {}): DatasetView {
    return this.withStage(selectStage(toIds(samples), options.ordered ?? false));
  }

  /** A view without the given samples. */
  exclude(samples: readonly (string | Sample)[]): DatasetView {
    return this.withStage(excludeStage(toIds(samples)));
  }

  /** A view with the samples that have any of `tags` (or all of them with `all`). */
  matchTags(tags: string | readonly string[], options: { all?: boolean } = {}): DatasetView {
    return this.withStage(matchTagsStage(typeof tags === "string" ? [tags] : tags, options.all ?? false));
  }

  /**
   * A view sorted by a field path (missing values first; a list sorts by its largest
   * element) or by a function of the sample. Stable.
   */
  sortBy(key: string | ((sample: Sample) => unknown), options: { reverse?: boolean } = {}): DatasetView {
    return this.withStage(sortByStage(key, options.reverse ?? false));
  }

  /** A view whose samples load only these custom fields (built-ins always load). */
  selectFields(fields: string | readonly string[]): DatasetView {
    return this.withStage(selectFieldsStage(typeof fields === "string" ? [fields] : fields));
  }

  /** The ids of the samples, in collection order. */
  async ids(): Promise<string[]> {
    const store = this.source.store;
    const pushable = this.pushablePrefix();
    let ids: string[] | undefined;
    let from = 0;
    if (pushable.stages.length > 0 && store.queryIds) {
      ids = await store.queryIds(pushable.stages);
      if (ids !== undefined) from = pushable.consumed;
    }
    ids ??= await this.source.allIds();
    const ctx = this.stageContext();
    for (const stage of this.stages.slice(from)) ids = await stage.apply(ids, ctx);
    return ids;
  }

  /** Number of samples. */
  async count(): Promise<number> {
    if (this.stages.length === 0) return this.source.store.count();
    const store = this.source.store;
    const pushable = this.pushablePrefix();
    if (store.queryCount && pushable.consumed === this.stages.length) {
      const n = await store.queryCount(pushable.stages);
      if (n !== undefined) return n;
    }
    return (await this.ids()).length;
  }

  /** The leading stages that the store may run itself (see `DatasetStore.queryIds`). */
  private pushablePrefix(): { stages: PushedStage[]; consumed: number } {
    const stages: PushedStage[] = [];
    let consumed = 0;
    for (const s of this.stages) {
      if (s.pushed) stages.push(s.pushed);
      else if (s.kind !== "selectFields") break; // selectFields selects no samples: nothing to run
      consumed++;
    }
    return { stages, consumed };
  }

  /**
   * Number of video frames that hold frame-level fields (predictions of an image
   * model applied to videos, ...), over the collection's samples — FiftyOne's
   * `count("frames")`. A video's full frame count is in its `metadata.totalFrameCount`.
   */
  async countFrames(): Promise<number> {
    const counts = await this.source.store.countFrames(this.stages.length === 0 ? undefined : await this.ids());
    let total = 0;
    for (const n of counts.values()) total += n;
    return total;
  }

  /** The first sample, or undefined when the collection is empty. */
  async first(): Promise<Sample | undefined> {
    return (await this.head(1))[0];
  }

  /** The first `n` samples (default 3). */
  async head(n = 3): Promise<Sample[]> {
    const ids = (await this.ids()).slice(0, n);
    return this.loadSamples(ids);
  }

  /**
   * Iterates the samples in batches read from the store. With `autosave`, changes
   * made to each batch are saved in one transaction when the next batch is read and
   * when iteration ends (even by `break` or an exception).
   */
  async *iterSamples(options: IterSamplesOptions = {}): AsyncGenerator<Sample> {
    const batchSize = options.batchSize ?? 200;
    const ids = await this.ids();
    for (let i = 0; i < ids.length; i += batchSize) {
      const batch = await this.loadSamples(ids.slice(i, i + batchSize));
      try {
        yield* batch;
      } finally {
        if (options.autosave) await this.source.saveSamples(batch);
      }
    }
  }

  /**
   * Reads the samples with these ids (in that order; ids not in the dataset are
   * skipped). With `fields`, only those custom fields are loaded (`[]`: built-ins only).
   */
  async getSamples(ids: readonly string[], options: { fields?: readonly string[] } = {}): Promise<Sample[]> {
    const stored = await this.source.store.readSamples(ids, options.fields ?? this.projection());
    return stored.map((s) => Sample.fromStored(s, this.source));
  }

  /** Writes the changes of these samples (of this dataset) in one transaction. */
  async saveSamples(samples: readonly Sample[], options: SaveOptions = {}): Promise<void> {
    await this.source.saveSamples(samples, options);
  }

  /** `for await (const sample of collection)` reads every sample, batch by batch. */
  [Symbol.asyncIterator](): AsyncGenerator<Sample> {
    return this.iterSamples();
  }

  /**
   * The value of a field or dotted path for every sample, in collection order
   * (undefined where missing). A path through a list gives a list per sample:
   * `values("predictions.detections.label")` → `[["person", "dog"], ["cat"], ...]`.
   * A top-level field gives revived values (labels as Label objects).
   */
  async values(path: string): Promise<unknown[]> {
    const ids = await this.ids();
    const root = rootField(path);
    const nested = root !== path;
    const values = await this.source.store.readValues(root, ids, nested);
    return ids.map((id) => (nested ? getPath(values.get(id), path.slice(root.length + 1)) : values.get(id)));
  }

  /** The distinct non-null values of a path, flattened over lists and sorted. */
  async distinct(path: string): Promise<CountedValue[]> {
    const counts = await this.countValues(path);
    return [...counts.keys()].filter((k): k is string | number | boolean => k !== null).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * How many times each value of a path occurs, flattened over lists. `null` counts
   * samples without a top-level field; a missing nested path (e.g. no detections)
   * counts nothing.
   */
  async countValues(path: string): Promise<Map<CountedValue, number>> {
    const store = this.source.store;
    const pushable = this.pushablePrefix();
    if (store.queryCountValues && pushable.consumed === this.stages.length) {
      const counted = await store.queryCountValues(pushable.stages, path);
      if (counted !== undefined) return counted;
    }
    const counts = new Map<CountedValue, number>();
    const nested = path.includes(".");
    for (const v of await this.values(path)) {
      if (nested && v === undefined) continue;
      for (const x of Array.isArray(v) ? (v as unknown[]) : [v]) {
        const k: CountedValue = x === undefined ? null : typeof x === "object" && x !== null ? JSON.stringify(x) : (x as CountedValue);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** Counts of each sample tag in the collection. */
  async countSampleTags(): Promise<Map<string, number>> {
    const counts = await this.countValues("tags");
    counts.delete(null);
    return counts as Map<string, number>;
  }

  /** Adds tags to every sample of the collection (one transaction per 1,000 samples). */
  async tagSamples(tags: string | readonly string[]): Promise<void> {
    const add = typeof tags === "string" ? [tags] : tags;
    await this.editTags((t) => [...new Set([...t, ...add])]);
  }

  /** Removes tags from every sample of the collection. */
  async untagSamples(tags: string | readonly string[]): Promise<void> {
    const drop = new Set(typeof tags === "string" ? [tags] : tags);
    await this.editTags((t) => t.filter((x) => !drop.has(x)));
  }

  /**
   * Sets a field on every sample of the collection: `values` in collection order, or
   * a Map from sample id. Written in transactions of 1,000 samples.
   */
  async setValues(field: string, values: readonly unknown[] | ReadonlyMap<string, unknown>): Promise<void> {
    const ids = await this.ids();
    if (!(values instanceof Map) && (values as readonly unknown[]).length !== ids.length) {
      throw new FieldTypeError(
        `setValues("${field}") got ${(values as readonly unknown[]).length} values for ${ids.length} samples; pass one per sample in collection order, or a Map from sample id.`,
      );
    }
    const byId: ReadonlyMap<string, unknown> = values instanceof Map ? (values as ReadonlyMap<string, unknown>) : new Map(ids.map((id, i) => [id, (values as readonly unknown[])[i]]));
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000).filter((id) => byId.has(id));
      await this.source.store.updateSamples(
        chunk.map((id) => {
          const v = byId.get(id);
          return v === undefined ? { id, unset: [field] } : { id, set: { [field]: v } };
        }),
      );
    }
  }

  /**
   * Fills each sample's `metadata` (width, height, mimeType, sizeBytes, numChannels)
   * from its file's header, in batched transactions. Unreadable files are reported
   * in the result (or thrown with `skipFailures: false`).
   */
  async computeMetadata(options: ComputeMetadataOptions = {}): Promise<ComputeMetadataResult> {
    return computeMetadata(this.source.store, await this.ids(), options);
  }

  /** Writes the samples as JSON lines (see `Dataset.fromJsonl`); returns how many. */
  async exportJsonl(file: string, options: ExportJsonlOptions = {}): Promise<number> {
    return exportJsonl(this, file, options);
  }

  /** Writes a Detections field as a COCO detection JSON file (see `Dataset.fromCoco`). */
  async exportCoco(file: string, labelField: string, options: ExportCocoOptions = {}): Promise<ExportCocoResult> {
    return exportCoco(this, file, labelField, options);
  }

  /** The field schema: built-ins, then custom sample fields (and frame fields with `frames`). */
  async getFieldSchema(options: { frames?: boolean } = {}): Promise<FieldSchemaEntry[]> {
    const builtins: FieldSchemaEntry[] = BUILTIN_FIELDS.map((name) => ({
      name,
      frame: false,
      type: name === "tags" ? "list" : name === "metadata" ? "dict" : "string",
    }));
    const custom = await this.source.store.getSchema();
    return [...builtins, ...custom.filter((e) => e.frame === (options.frames ?? false))];
  }

  /** A one-line description of the view's stages (empty for a dataset). */
  describeStages(): string {
    return this.stages.map((s) => s.describe).join(".");
  }

  /** @internal — loads samples by id with the view's field projection. */
  protected async loadSamples(ids: readonly string[]): Promise<Sample[]> {
    const stored = await this.source.store.readSamples(ids, this.projection());
    return stored.map((s) => Sample.fromStored(s, this.source));
  }

  /** @internal — the custom fields to load, or undefined for all. */
  protected projection(): readonly string[] | undefined {
    let fields: readonly string[] | undefined;
    for (const s of this.stages) if (s.projection) fields = fields ? fields.filter((f) => s.projection!.includes(f)) : s.projection;
    return fields;
  }

  private stageContext(): StageContext {
    return {
      store: this.source.store,
      loadSamples: async (ids, fields) =>
        (await this.source.store.readSamples(ids, fields ?? this.projection())).map((s) => Sample.fromStored(s, this.source)),
    };
  }

  private async editTags(edit: (tags: string[]) => string[]): Promise<void> {
    const ids = await this.ids();
    const current = await this.source.store.readValues("tags", ids);
    for (let i = 0; i < ids.length; i += 1000) {
      await this.source.store.updateSamples(ids.slice(i, i + 1000).map((id) => ({ id, tags: edit((current.get(id) as string[]) ?? []) })));
    }
  }
}

function toIds(samples: readonly (string | Sample)[]): string[] {
  return samples.map((s) => (typeof s === "string" ? s : s.id));
}
