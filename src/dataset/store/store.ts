import type { FieldSchemaEntry } from "../field-type.js";
import type { FieldFilter } from "../filter.js";

/**
 * A view stage that a store may run itself (see {@link DatasetStore.queryIds}): the
 * declarative stages, whose meaning does not depend on JavaScript code.
 */
export type PushedStage =
  | { kind: "match"; filter: FieldFilter }
  | { kind: "exists"; field: string; bool: boolean }
  | { kind: "limit"; n: number }
  | { kind: "skip"; n: number }
  | { kind: "sortBy"; path: string; reverse: boolean };

/** Kind of media a sample points at. */
export type MediaType = "image" | "video";

/** A sample as the store holds it: built-in fields plus decoded custom field values. */
export interface StoredSample {
  /** 24-hex id. */
  id: string;
  /** Absolute path of the media file. */
  filepath: string;
  /** Image or video. */
  mediaType: MediaType;
  /** Sample tags. */
  tags: string[];
  /** Media metadata (`ImageMetadata` for images), or null until computed. */
  metadata: Record<string, unknown> | null;
  /** Custom fields by name (only those asked for when a projection is used). */
  fields: Record<string, unknown>;
  /** Frame-level values to store with a new video sample (insertion only). */
  frames?: Map<number, Record<string, unknown>>;
}

/** Frame-level values of one video sample: frame number (1-based) → field → value. */
export type StoredFrames = Map<number, Record<string, unknown>>;

/** One change to a stored sample; every part is optional. */
export interface SampleUpdate {
  /** Sample id. */
  id: string;
  /** Custom fields to write (undefined values are ignored; use `unset`). */
  set?: Record<string, unknown>;
  /** Custom fields to remove. */
  unset?: string[];
  /** New tags. */
  tags?: string[];
  /** New metadata. */
  metadata?: Record<string, unknown> | null;
  /** New filepath. */
  filepath?: string;
  /** Frame-level values to write: frame number → field → value (fields not named keep their values). */
  frames?: Map<number, Record<string, unknown>>;
  /**
   * Apply this update at most once per (sample, key): the store records the key with
   * the write, in the same transaction, and drops later updates carrying the same
   * key. This makes re-run work idempotent (distributed `applyModel` uses one key per
   * run). Only stores that say so support it ({@link PostgresStore}); others refuse it.
   */
  once?: string;
}

/** Built-in sample properties, readable like fields by `readValues`. */
export const BUILTIN_FIELDS = ["id", "filepath", "mediaType", "tags", "metadata"] as const;

/** Dataset-level facts kept in the store. */
export interface DatasetRecord {
  /** Dataset name. */
  name: string;
  /** Kept after the process that made it exits. */
  persistent: boolean;
  /** ISO time of creation. */
  createdAt: string;
  /** Pid of the process that owns a non-persistent dataset. */
  ownerPid: number | null;
  /** Free-form user information (FiftyOne's `dataset.info`). */
  info: Record<string, unknown>;
  /**
   * Folders, besides those holding the samples' media, whose images labels may point
   * at (`maskPath`, `mapPath`) and the app may serve: the `outputDir`s of `applyModel`.
   */
  labelFolders?: string[];
}

/**
 * A run recorded with a dataset (a brain run: a similarity index, a visualization, ...):
 * its key and its info, a JSON object. Its binary parts (vectors, an index graph,
 * coordinates) are read one at a time with {@link DatasetStore.readRunPart}.
 */
export interface StoredRun {
  /** The run's key, unique in the dataset. */
  key: string;
  /** What the run was (method, settings, time), as JSON. */
  info: Record<string, unknown>;
}

/**
 * Everything the dataset layer needs from storage. The embedded default is SQLite
 * ({@link SqliteStore}); a server database can implement the same interface.
 *
 * Every write method is atomic: it lands whole or not at all, so an interrupted
 * program leaves the dataset as of its last completed write.
 */
export interface DatasetStore {
  /** Where the data lives (a file path or a URL), for messages. */
  readonly location: string;
  /** Dataset-level facts. */
  getRecord(): Promise<DatasetRecord>;
  /** Changes dataset-level facts. */
  updateRecord(patch: Partial<Omit<DatasetRecord, "name" | "createdAt">>): Promise<void>;
  /** The field schema (sample and frame fields). */
  getSchema(): Promise<FieldSchemaEntry[]>;
  /** Number of samples. */
  count(): Promise<number>;
  /** Every sample id, in insertion order. */
  listIds(): Promise<string[]>;
  /** Adds samples in one transaction. */
  insertSamples(samples: StoredSample[]): Promise<void>;
  /** Reads samples in the order of `ids` (unknown ids are skipped); `fields` limits the custom fields read. */
  readSamples(ids: readonly string[], fields?: readonly string[]): Promise<StoredSample[]>;
  /**
   * Values of one top-level field (custom or built-in) for `ids` (all samples when
   * omitted). With `raw`, labels stay as JSON. Samples without the field are absent.
   */
  readValues(field: string, ids?: readonly string[], raw?: boolean): Promise<Map<string, unknown>>;
  /** Applies many sample updates in one transaction. */
  updateSamples(updates: readonly SampleUpdate[]): Promise<void>;
  /** Deletes samples (and their frames) in one transaction. */
  deleteSamples(ids: readonly string[]): Promise<void>;
  /** Removes a field from every sample (or every frame) and from the schema. */
  deleteField(name: string, frame: boolean): Promise<void>;
  /** Frame-level values of one video sample, optionally only some fields. */
  readFrames(id: string, fields?: readonly string[]): Promise<StoredFrames>;
  /** Number of frames stored per sample id, for the samples that have any. */
  countFrames(ids?: readonly string[]): Promise<Map<string, number>>;
  /** The runs recorded with the dataset, sorted by key. */
  listRuns(): Promise<StoredRun[]>;
  /** One binary part of run `key`, or undefined when the run or the part does not exist. */
  readRunPart(key: string, part: string): Promise<Uint8Array | undefined>;
  /** Records run `run.key` with exactly these parts in one transaction, replacing the run and every part it had. */
  saveRun(run: StoredRun, parts: Readonly<Record<string, Uint8Array>>): Promise<void>;
  /** Forgets run `key` and its parts (nothing when there is none). */
  deleteRun(key: string): Promise<void>;
  /** Releases the connection. */
  close(): Promise<void>;
  /**
   * Optional: the ids (in insertion order) of the samples that pass `stages`, run in
   * the database; undefined when the store cannot run one of them, and the view
   * layer then runs the stages in memory. Stores that implement it give the same
   * answer as the in-memory stages.
   */
  queryIds?(stages: readonly PushedStage[]): Promise<string[] | undefined>;
  /** Optional: the number of samples passing `stages`, or undefined (see {@link DatasetStore.queryIds}). */
  queryCount?(stages: readonly PushedStage[]): Promise<number | undefined>;
  /**
   * Optional: `countValues(path)` over the samples passing `stages` (values in order
   * of first occurrence), or undefined when the store cannot compute it exactly.
   */
  queryCountValues?(stages: readonly PushedStage[], path: string): Promise<Map<string | number | boolean | null, number> | undefined>;
}
