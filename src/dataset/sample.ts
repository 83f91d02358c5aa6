import path from "node:path";
import { isLabel, isObjectId, objectId } from "../labels/index.js";
import { describeValue } from "../labels/describe-value.js";
import { mediaTypeOf } from "../media/index.js";
import { DatasetStateError, FieldTypeError, UnsupportedMediaError } from "./errors.js";
import { getPath, withPath } from "./field-path.js";
import { checkFieldName, RESERVED_FIELDS } from "./field-name.js";
import { Frames } from "./frames.js";
import { placeLabels, type LabelField } from "./label-merge.js";
import type { SampleOwner } from "./sample-owner.js";
import type { MediaType, SampleUpdate, StoredSample } from "./store/store.js";
import { fromJSONValue, matchesSnapshot, snapshotValue, toJSONValue, type ValueSnapshot } from "./value-codec.js";

/** What a new sample is made from: its media file, optional built-ins, and any custom fields. */
export interface SampleInit {
  /** Path of the image or video (made absolute). */
  filepath: string;
  /** Image or video; told from the file extension when omitted. */
  mediaType?: MediaType;
  /** Tags. */
  tags?: string[];
  /** Media metadata, if already known. */
  metadata?: Record<string, unknown> | null;
  /** Custom fields, e.g. `ground_truth: new Detections(...)`. */
  [field: string]: unknown;
}

/**
 * One image or video and its fields: predictions, ground truth, embeddings, anything.
 * Changes are kept in memory until `save()` (or a batch save by the collection). As in
 * FiftyOne, in-place edits are saved too: a stored object value (a label, a list, a plain
 * object, a vector) is snapshotted when `get()` hands it out or when it is saved, and
 * `save()` writes every such field whose value no longer matches its snapshot.
 */
export class Sample {
  /** Absolute path of the media file. */
  filepath: string;
  /** Image or video. */
  readonly mediaType: MediaType;
  /** Sample tags; edit in place, then save. */
  tags: string[];
  /** Media metadata (`ImageMetadata` for images), or null until `computeMetadata()`. */
  metadata: Record<string, unknown> | null;
  /** Frame-level fields of a video sample. */
  readonly frames: Frames;

  private sampleId: string;
  private ownerRef: SampleOwner | undefined;
  private readonly values: Record<string, unknown>;
  private readonly dirty = new Set<string>();
  private readonly removed = new Set<string>();
  /** Serialized values of the stored object fields handed out by `get()` or saved (see the class comment). */
  private readonly snapshots = new Map<string, ValueSnapshot>();
  private savedTags: string;
  private savedMetadata: string;
  private savedFilepath: string;

  /** Makes a sample that belongs to no dataset yet; add it with `dataset.addSamples`. */
  constructor(init: SampleInit) {
    const { filepath, mediaType, tags, metadata, ...fields } = init;
    if (typeof filepath !== "string" || filepath === "") {
      throw new DatasetStateError(`A sample needs a filepath string (the image or video it describes); got ${JSON.stringify(filepath)}.`);
    }
    this.filepath = path.resolve(filepath);
    const inferred = mediaType ?? mediaTypeOf(this.filepath);
    if (inferred === undefined) {
      throw new UnsupportedMediaError(
        `Cannot tell whether ${this.filepath} is an image or a video from its extension. ` +
          `Pass mediaType: "image" or "video" when creating the sample, or rename the file with its format's extension.`,
      );
    }
    this.mediaType = inferred;
    this.tags = [...(tags ?? [])];
    this.metadata = metadata ?? null;
    this.values = Object.create(null) as Record<string, unknown>; // no inherited keys: a field name is only ever its own
    for (const [k, v] of Object.entries(fields)) this.set(k, v);
    this.sampleId = objectId();
    this.frames = new Frames(() => ({ id: this.sampleId, owner: this.ownerRef }));
    this.savedTags = "[]";
    this.savedMetadata = "null";
    this.savedFilepath = "";
  }

  /** @internal — a sample read from a dataset. */
  static fromStored(stored: StoredSample, owner: SampleOwner): Sample {
    const s = new Sample({ filepath: stored.filepath, mediaType: stored.mediaType, tags: stored.tags, metadata: stored.metadata });
    Object.assign(s.values, stored.fields);
    s.attach(owner, stored.id);
    return s;
  }

  /**
   * A sample from its JSON form (as written by `toJSON` or a JSON-lines export):
   * labels, dates and vectors are revived, and a valid `id` is kept.
   */
  static fromJSON(json: Record<string, unknown>): Sample {
    const { id, filepath, mediaType, tags, metadata, frames: _frames, ...fields } = json;
    const revived = fromJSONValue(fields) as Record<string, unknown>;
    const sample = new Sample({
      filepath: filepath as string,
      mediaType: mediaType as MediaType | undefined,
      tags: (tags as string[] | undefined) ?? [],
      metadata: (metadata as Record<string, unknown> | null | undefined) ?? null,
      ...revived,
    });
    if (isObjectId(id)) sample.sampleId = id;
    return sample;
  }

  /** The sample's id (24 hex characters). */
  get id(): string {
    return this.sampleId;
  }

  /** The name of the dataset this sample belongs to, or undefined before it is added. */
  get datasetName(): string | undefined {
    return this.ownerRef?.name;
  }

  /** Names of the custom fields this sample holds (loaded ones, for a projected view). */
  get fieldNames(): string[] {
    return Object.keys(this.values);
  }

  /**
   * The value of a field or a dotted path (`"ground_truth.detections"`), built-ins
   * included; undefined when absent.
   */
  get(field: string): unknown {
    const dot = field.indexOf(".");
    const root = dot < 0 ? field : field.slice(0, dot);
    const builtin = this.builtin(root);
    const value = builtin ?? (Object.hasOwn(this.values, root) ? this.values[root] : undefined);
    if (builtin === undefined && this.ownerRef && !this.dirty.has(root) && !this.snapshots.has(root)) {
      const snapshot = snapshotValue(value, root);
      if (snapshot !== undefined) this.snapshots.set(root, snapshot);
    }
    return dot < 0 ? value : getPath(value, field.slice(dot + 1));
  }

  /** True when the sample holds the custom field (even if its value is null). */
  has(field: string): boolean {
    return Object.hasOwn(this.values, field);
  }

  /** Sets a custom field (top-level). `undefined` removes it, like {@link Sample.unset}. */
  set(field: string, value: unknown): void {
    if (value === undefined) {
      this.unset(field);
      return;
    }
    checkFieldName(field);
    // Refuse unstorable values now, not at save time. Labels validated themselves when
    // constructed, so they skip the (costly) trial serialization.
    if (!isLabel(value) && !(value instanceof Float32Array)) toJSONValue(value, field);
    this.values[field] = value;
    this.dirty.add(field);
    this.removed.delete(field);
    this.snapshots.delete(field);
  }

  /** Removes a custom field from this sample. */
  unset(field: string): void {
    delete this.values[field];
    this.dirty.delete(field);
    this.removed.add(field);
    this.snapshots.delete(field);
  }

  /**
   * Stores a model's output with the FiftyOne Model Zoo's rules: a Label goes to
   * `labelField` (required then); a record of labels to `labelField + "_" + key` (or a record
   * `labelField` maps keys to fields); for video samples, frame number → Label or
   * frame number → record of labels goes to the frames.
   */
  addLabels(labels: unknown, labelField?: LabelField): void {
    const placed = placeLabels(labels, labelField, this.mediaType === "video");
    for (const [k, v] of Object.entries(placed.sample)) {
      if (k.includes(".")) this.setPath(k, v);
      else this.set(k, v);
    }
    if (placed.frames.size > 0) this.frames.merge(placed.frames);
  }

  /**
   * Sets a value inside an embedded document field (`"data.pred"` sets `pred` of the
   * plain object in `data`, made when absent), as FiftyOne's dotted label fields. The
   * sample must hold the top-level field's current value (loaded with it), or it is
   * replaced. A value on the way that is not a plain object is a {@link FieldTypeError}.
   */
  setPath(path: string, value: unknown): void {
    const [root, ...rest] = path.split(".");
    if (rest.length === 0 || rest.some((p) => p === "")) {
      this.set(path, value);
      return;
    }
    const next = withPath(this.values[root!], rest, value);
    if (next === undefined) {
      throw new FieldTypeError(
        `Cannot store "${path}": "${root}" (or a part of it on the way) holds ${describeValue(this.values[root!])}, not an embedded document (a plain object). Pick another field.`,
      );
    }
    this.set(root!, next);
  }

  /** Writes this sample's changes to its dataset (one transaction). */
  async save(): Promise<void> {
    if (!this.ownerRef) {
      throw new DatasetStateError(`Sample ${this.filepath} is not in a dataset yet; add it with dataset.addSamples([sample]) instead of save().`);
    }
    await this.ownerRef.saveSamples([this]);
  }

  /** A plain JSON form: built-ins plus fields (labels as their JSON). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: this.sampleId,
      filepath: this.filepath,
      mediaType: this.mediaType,
      tags: this.tags,
      metadata: this.metadata,
    };
    for (const [k, v] of Object.entries(this.values)) out[k] = toJSONValue(v, k);
    return out;
  }

  /** @internal — binds the sample to a dataset once stored. */
  attach(owner: SampleOwner, id: string): void {
    this.ownerRef = owner;
    this.sampleId = id;
    this.markSaved();
  }

  /** @internal — true when the sample belongs to a dataset. */
  get isAttached(): boolean {
    return this.ownerRef !== undefined;
  }

  /** @internal — the sample as the store takes it when inserted. */
  toStored(): StoredSample {
    return {
      id: this.sampleId,
      filepath: this.filepath,
      mediaType: this.mediaType,
      tags: [...this.tags],
      metadata: this.metadata,
      fields: { ...this.values },
      frames: this.frames.takePending(),
    };
  }

  /** @internal — the unsaved changes, or undefined when there are none. */
  pendingUpdate(): SampleUpdate | undefined {
    const u: SampleUpdate = { id: this.sampleId };
    const changed = [...this.dirty];
    for (const [k, snapshot] of this.snapshots) if (!matchesSnapshot(snapshot, this.values[k], k)) changed.push(k);
    if (changed.length > 0) u.set = Object.fromEntries(changed.map((k) => [k, this.values[k]]));
    if (this.removed.size > 0) u.unset = [...this.removed];
    if (JSON.stringify(this.tags) !== this.savedTags) u.tags = [...this.tags];
    if (JSON.stringify(this.metadata) !== this.savedMetadata) u.metadata = this.metadata;
    if (this.filepath !== this.savedFilepath) u.filepath = path.resolve(this.filepath);
    const frames = this.frames.takePending();
    if (frames) u.frames = frames;
    return Object.keys(u).length > 1 ? u : undefined;
  }

  /** @internal — forget the changes just written. */
  markSaved(): void {
    // The caller may hold any value it set or got: snapshot those, as they are now stored.
    for (const k of new Set([...this.dirty, ...this.snapshots.keys()])) {
      const snapshot = snapshotValue(this.values[k], k);
      if (snapshot === undefined) this.snapshots.delete(k);
      else this.snapshots.set(k, snapshot);
    }
    this.dirty.clear();
    this.removed.clear();
    this.frames.clearPending();
    this.savedTags = JSON.stringify(this.tags);
    this.savedMetadata = JSON.stringify(this.metadata);
    this.savedFilepath = this.filepath;
  }

  private builtin(name: string): unknown {
    if (!RESERVED_FIELDS.has(name)) return undefined;
    switch (name) {
      case "id":
        return this.sampleId;
      case "filepath":
        return this.filepath;
      case "mediaType":
        return this.mediaType;
      case "tags":
        return this.tags;
      case "metadata":
        return this.metadata;
      default:
        return undefined;
    }
  }
}
