import { SampleCollection, type CollectionSource } from "./collection.js";
import { DatasetExistsError, DatasetNotFoundError, DatasetStateError } from "./errors.js";
import { checkFieldName } from "./field-name.js";
import { readCoco, type ReadCocoOptions } from "./io/coco.js";
import { readJsonl } from "./io/jsonl.js";
import { listMediaFiles, type ListMediaOptions } from "./list-media.js";
import { checkDatasetName, getOpen, registerOpen, unregisterOpen } from "./registry.js";
import { Sample, type SampleInit } from "./sample.js";
import type { SaveOptions } from "./sample-owner.js";
import type { ViewStage } from "./stages.js";
import { backendFor, type ClosableStore, type DatasetBackend } from "./store/backend.js";
import type { DatasetRecord, DatasetStore, MediaType } from "./store/store.js";
import { DatasetView } from "./view.js";

/** Where a dataset lives; see {@link Dataset.create}. */
export interface DatabaseOptions {
  /**
   * A PostgreSQL server for the dataset, as `postgres://user:password@host:5432/database`
   * (FiftyOne's `database_uri`). Default: `$MODELZOO_DATABASE_URI`, and when that is
   * unset too, an SQLite file under `$MODELZOO_HOME/datasets`.
   */
  databaseUri?: string;
}

/** Options of {@link Dataset.create}. */
export interface CreateDatasetOptions extends DatabaseOptions {
  /** Keep the dataset after this process exits. Default false, as in FiftyOne. */
  persistent?: boolean;
  /** Replace an existing dataset of the same name. Default false. */
  overwrite?: boolean;
}

/** Options of {@link Dataset.fromDir} and {@link Dataset.addImagesDir}. */
export interface FromDirOptions extends CreateDatasetOptions {
  /** Look in subfolders too. Default true. */
  recursive?: boolean;
  /** Which media to pick up. Default `["image", "video"]`. */
  mediaTypes?: MediaType[];
  /** Tags given to every new sample. */
  tags?: string[];
  /** Called for each folder entry that was skipped (e.g. a symbolic link loop); default: a process warning. */
  onSkipped?: ListMediaOptions["onSkipped"];
}

/** Default number of samples written per transaction by {@link Dataset.addSamples}. */
export const ADD_BATCH_SIZE = 1000;

/**
 * A named, stored collection of samples — FiftyOne's `Dataset`. Each dataset is one
 * SQLite file under `$MODELZOO_HOME/datasets/`, or — with a `databaseUri` option or
 * `$MODELZOO_DATABASE_URI` — rows in a PostgreSQL database that many processes and
 * machines share. Loading the same name twice in a process gives the same object.
 * Non-persistent datasets are deleted at exit (on PostgreSQL: when closed, or by the
 * next cleanup on the same machine once their process is gone).
 */
export class Dataset extends SampleCollection implements CollectionSource {
  private readonly datasetName_: string;
  private readonly backend: DatasetBackend;
  private readonly key: string;
  private storeRef: ClosableStore | undefined;
  private record: DatasetRecord;
  private removed = false;

  private constructor(name: string, backend: DatasetBackend, store: ClosableStore, record: DatasetRecord) {
    super();
    this.datasetName_ = name;
    this.backend = backend;
    this.key = backend.key(name);
    this.storeRef = store;
    this.record = record;
    registerOpen(this.key, this);
  }

  /**
   * Creates an empty dataset. Without a name, one is made up from the time.
   * @throws DatasetExistsError when the name is taken and `overwrite` is not set
   */
  static async create(name?: string, options: CreateDatasetOptions = {}): Promise<Dataset> {
    const datasetName = name ?? defaultName();
    checkDatasetName(datasetName);
    const backend = backendFor(options.databaseUri);
    await backend.removeOrphans();
    const persistent = options.persistent ?? false;
    const record: DatasetRecord = {
      name: datasetName,
      persistent,
      createdAt: new Date().toISOString(),
      ownerPid: persistent ? null : process.pid,
      info: {},
    };
    let store = await backend.create(record);
    if (!store) {
      if (!options.overwrite) throw new DatasetExistsError(datasetName);
      await Dataset.delete(datasetName, options);
      store = await backend.create(record);
      if (!store) throw new DatasetExistsError(datasetName); // made again by another process meanwhile
    }
    return new Dataset(datasetName, backend, store, record);
  }

  /**
   * Opens an existing dataset.
   * @throws DatasetNotFoundError with the closest names when there is none
   */
  static async load(name: string, options: DatabaseOptions = {}): Promise<Dataset> {
    checkDatasetName(name);
    const backend = backendFor(options.databaseUri);
    const already = getOpen<Dataset>(backend.key(name));
    if (already) return already;
    const store = await backend.open(name);
    if (!store) throw new DatasetNotFoundError(name, await backend.names());
    try {
      return new Dataset(name, backend, store, await store.getRecord());
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /** Names of all datasets, sorted (non-persistent datasets of dead processes are cleaned up first). */
  static async list(options: DatabaseOptions = {}): Promise<string[]> {
    const backend = backendFor(options.databaseUri);
    await backend.removeOrphans();
    return backend.names();
  }

  /** True when a dataset called `name` exists. */
  static async exists(name: string, options: DatabaseOptions = {}): Promise<boolean> {
    checkDatasetName(name);
    return backendFor(options.databaseUri).exists(name);
  }

  /**
   * Deletes the dataset called `name` and its data.
   * @throws DatasetNotFoundError when there is none
   */
  static async delete(name: string, options: DatabaseOptions = {}): Promise<void> {
    checkDatasetName(name);
    const backend = backendFor(options.databaseUri);
    const already = getOpen<Dataset>(backend.key(name));
    if (already) return already.delete();
    if (!(await backend.remove(name))) throw new DatasetNotFoundError(name, await backend.names());
  }

  /** Creates a dataset from the images (and/or videos) in a folder, sorted by path. */
  static async fromDir(name: string, dir: string, options: FromDirOptions = {}): Promise<Dataset> {
    const files = listMediaFiles(dir, options); // fail on a bad folder before creating anything
    const ds = await Dataset.create(name, options);
    await ds.addSamples(files.map((filepath) => new Sample({ filepath, tags: options.tags ?? [] })));
    return ds;
  }

  /**
   * Creates a dataset from a COCO detection JSON file and its images folder; boxes
   * become relative `Detections` in `labelField` (default `"ground_truth"`). A bad
   * file leaves no dataset behind.
   */
  static async fromCoco(
    name: string,
    imagesDir: string,
    annotationsFile: string,
    options: CreateDatasetOptions & ReadCocoOptions = {},
  ): Promise<Dataset> {
    const samples = readCoco(imagesDir, annotationsFile, options); // parse fully before creating anything
    const ds = await Dataset.create(name, options);
    await ds.addSamples(samples);
    return ds;
  }

  /**
   * Creates a dataset from a JSON-lines file as written by `exportJsonl`. A bad line
   * fails with its line number and leaves no dataset behind.
   */
  static async fromJsonl(name: string, file: string, options: CreateDatasetOptions = {}): Promise<Dataset> {
    const ds = await Dataset.create(name, options);
    try {
      await ds.addSamples(readJsonl(file));
    } catch (err) {
      await ds.delete();
      throw err;
    }
    return ds;
  }

  /** The dataset's name. */
  get name(): string {
    return this.datasetName_;
  }

  /** Whether the dataset outlives this process. Change it with {@link Dataset.setPersistent}. */
  get persistent(): boolean {
    return this.record.persistent;
  }

  /** When the dataset was created. */
  get createdAt(): Date {
    return new Date(this.record.createdAt);
  }

  /** Free-form information about the dataset (classes, sources, ...). Change it with {@link Dataset.setInfo}. */
  get info(): Readonly<Record<string, unknown>> {
    return this.record.info;
  }

  /** @internal — non-persistent and made by this process, so deleted when it ends (another process's temporary dataset is left alone). */
  get ownedTemporary(): boolean {
    return !this.record.persistent && this.record.ownerPid === process.pid;
  }

  /** True once {@link Dataset.delete} has run. */
  get deleted(): boolean {
    return this.storeRef === undefined && this.removed;
  }

  /** @internal — the store; throws once the dataset is deleted or closed. */
  get store(): DatasetStore {
    if (!this.storeRef) {
      throw new DatasetStateError(`Dataset "${this.name}" was deleted or closed; load it again with Dataset.load("${this.name}") if it still exists.`);
    }
    return this.storeRef;
  }

  /** Keeps (true) or stops keeping (false) the dataset after this process exits. */
  async setPersistent(persistent: boolean): Promise<void> {
    const patch = { persistent, ownerPid: persistent ? null : process.pid };
    await this.store.updateRecord(patch);
    this.record = { ...this.record, ...patch };
  }

  /** Replaces the dataset's info. */
  async setInfo(info: Record<string, unknown>): Promise<void> {
    await this.store.updateRecord({ info });
    this.record = { ...this.record, info };
  }

  /** Adds one sample; returns its id. */
  async addSample(sample: Sample | SampleInit): Promise<string> {
    return (await this.addSamples([sample]))[0]!;
  }

  /**
   * Adds samples (or their init objects) in transactions of `batchSize`; returns
   * their ids. Samples already in a dataset are copied with new ids, as in FiftyOne.
   */
  async addSamples(
    samples: Iterable<Sample | SampleInit> | AsyncIterable<Sample | SampleInit>,
    options: { batchSize?: number } = {},
  ): Promise<string[]> {
    const batchSize = options.batchSize ?? ADD_BATCH_SIZE;
    const ids: string[] = [];
    let batch: Sample[] = [];
    const flush = async () => {
      await this.store.insertSamples(batch.map((s) => s.toStored()));
      for (const s of batch) s.attach(this, s.id);
      ids.push(...batch.map((s) => s.id));
      batch = [];
    };
    for await (const item of samples) {
      const sample = item instanceof Sample ? (item.isAttached ? copySample(item) : item) : new Sample(item);
      batch.push(sample);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    return ids;
  }

  /** Adds image files as samples; returns their ids. */
  async addImages(paths: Iterable<string>, options: { tags?: string[] } = {}): Promise<string[]> {
    return this.addSamples([...paths].map((filepath) => new Sample({ filepath, mediaType: "image", tags: options.tags ?? [] })));
  }

  /** Adds the media files of a folder (sorted by path); returns their ids. */
  async addImagesDir(dir: string, options: Omit<FromDirOptions, "persistent" | "overwrite"> = {}): Promise<string[]> {
    const files = listMediaFiles(dir, options);
    return this.addSamples(files.map((filepath) => new Sample({ filepath, tags: options.tags ?? [] })));
  }

  /** Deletes samples (ids or samples) and their frames. */
  async deleteSamples(samples: readonly (string | Sample)[]): Promise<void> {
    await this.store.deleteSamples(samples.map((s) => (typeof s === "string" ? s : s.id)));
  }

  /** Removes every sample. */
  async clear(): Promise<void> {
    await this.store.deleteSamples(await this.store.listIds());
  }

  /** Removes a sample-level field from every sample and from the schema. */
  async deleteSampleField(name: string): Promise<void> {
    checkFieldName(name);
    await this.store.deleteField(name, false);
  }

  /** Removes a frame-level field from every frame and from the schema. */
  async deleteFrameField(name: string): Promise<void> {
    checkFieldName(name);
    await this.store.deleteField(name, true);
  }

  /** Deletes this dataset and its data. The object is unusable afterwards. */
  async delete(): Promise<void> {
    await this.close();
    if (!this.removed) await this.backend.remove(this.name);
    this.removed = true;
  }

  /**
   * Closes the dataset's file; `Dataset.load` opens it again. Closing a non-persistent
   * dataset made by this process deletes it, as the end of the process would.
   */
  async close(): Promise<void> {
    const store = this.storeRef;
    this.storeRef = undefined;
    unregisterOpen(this.key);
    await store?.close();
    if (store && this.ownedTemporary) {
      await this.backend.remove(this.name);
      this.removed = true;
    }
  }

  /** @internal — used by the exit hook. */
  closeSync(): void {
    this.storeRef?.closeSync();
    this.storeRef = undefined;
  }

  /** @internal */
  async allIds(): Promise<string[]> {
    return this.store.listIds();
  }

  /** @internal */
  override async saveSamples(samples: readonly Sample[], options: SaveOptions = {}): Promise<void> {
    const pending = samples.flatMap((s) => {
      const u = s.pendingUpdate();
      return u ? [{ s, u }] : [];
    });
    if (pending.length === 0) return;
    await this.store.updateSamples(pending.map((p) => (options.once === undefined ? p.u : { ...p.u, once: options.once })));
    for (const p of pending) p.s.markSaved();
  }

  /** @internal */
  protected get source(): CollectionSource {
    return this;
  }

  /** @internal */
  protected get stages(): readonly ViewStage[] {
    return [];
  }

  /** @internal */
  protected withStage(stage: ViewStage): DatasetView {
    return new DatasetView(this, [stage]);
  }

  /** The dataset's name. */
  override toString(): string {
    return this.name;
  }
}

function copySample(sample: Sample): Sample {
  const { id: _id, ...rest } = sample.toStored();
  return new Sample({ filepath: rest.filepath, mediaType: rest.mediaType, tags: rest.tags, metadata: rest.metadata, ...rest.fields });
}

function defaultName(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `dataset-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}
