import { DatasetStateError } from "./errors.js";
import { checkFieldName } from "./field-name.js";
import type { SampleOwner } from "./sample-owner.js";
import { matchesSnapshot, snapshotValue, type ValueSnapshot } from "./value-codec.js";

/** Field values of one frame of a video sample. */
export type FrameFields = Record<string, unknown>;

/**
 * The frames of a video sample, numbered from 1 as in FiftyOne. Frame values are
 * read from the dataset on demand (a video may have thousands); `merge` stages
 * changes that `sample.save()` writes in the same transaction as the sample. The
 * values handed out by `get()` and the iterator are watched like a sample's fields:
 * editing them in place (`(await frames.get(3)).detections.detections.push(d)`, or
 * adding a key to the frame object) is saved by the next `sample.save()`.
 */
export class Frames {
  private readonly pending = new Map<number, FrameFields>();
  /** Frame objects handed out (or saved), each with the snapshot of its values at that time. */
  private readonly watched: { n: number; fields: FrameFields; snapshots: Map<string, ValueSnapshot> }[] = [];

  /** @internal — created by Sample */
  constructor(private readonly sampleRef: () => { id: string; owner: SampleOwner | undefined }) {}

  /**
   * Merges frame-level values: `{ 1: { detections: ... }, 2: {...} }` or a Map. Fields
   * not mentioned keep their values. Written by the next `sample.save()`.
   */
  merge(frames: Readonly<Record<number, FrameFields>> | ReadonlyMap<number, FrameFields>): void {
    const entries: (readonly [number, FrameFields])[] = frames instanceof Map ? [...(frames as ReadonlyMap<number, FrameFields>).entries()] : Object.entries(frames as Readonly<Record<number, FrameFields>>).map(([k, v]): readonly [number, FrameFields] => [Number(k), v]);
    for (const [n, fields] of entries) {
      if (!Number.isInteger(n) || n < 1) {
        throw new DatasetStateError(`Frame numbers are integers starting at 1; got ${String(n)}.`);
      }
      for (const name of Object.keys(fields)) checkFieldName(name);
      this.pending.set(n, { ...this.pending.get(n), ...fields });
    }
  }

  /** The values of frame `n` (saved merged with unsaved), or undefined when it has none. */
  async get(n: number): Promise<FrameFields | undefined> {
    const stored = await this.readStored();
    const merged = { ...stored.get(n), ...this.pending.get(n) };
    return Object.keys(merged).length > 0 ? this.watch(n, merged) : undefined;
  }

  /** The frame numbers that have values (of `field` only, when given), ascending. */
  async numbers(field?: string): Promise<number[]> {
    const stored = await this.readStored(field === undefined ? undefined : [field]);
    const pending = field === undefined ? [...this.pending.keys()] : [...this.pending].filter(([, v]) => Object.hasOwn(v, field)).map(([n]) => n);
    return [...new Set([...stored.keys(), ...pending])].sort((a, b) => a - b);
  }

  /** How many frames have values. */
  async count(): Promise<number> {
    return (await this.numbers()).length;
  }

  /** Iterates `[frameNumber, values]` in frame order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<[number, FrameFields]> {
    const stored = await this.readStored();
    for (const n of await this.numbers()) yield [n, this.watch(n, { ...stored.get(n), ...this.pending.get(n) })];
  }

  /** @internal — the staged changes and the in-place edits of watched frames, cleared once saved. */
  takePending(): Map<number, FrameFields> | undefined {
    for (const { n, fields, snapshots } of this.watched) {
      for (const [name, value] of Object.entries(fields)) {
        const before = snapshots.get(name);
        if (before === undefined || !matchesFrameSnapshot(before, value, name)) {
          checkFieldName(name);
          this.pending.set(n, { ...this.pending.get(n), [name]: value });
        }
      }
    }
    return this.pending.size > 0 ? new Map(this.pending) : undefined;
  }

  /** @internal — the changes are stored: watch what was written, as the caller may still hold it. */
  clearPending(): void {
    for (const w of this.watched) w.snapshots = snapshotsOf(w.fields);
    for (const [n, fields] of this.pending) this.watched.push({ n, fields, snapshots: snapshotsOf(fields) });
    this.pending.clear();
  }

  /** Records a frame object handed out, with what its values are now. */
  private watch(n: number, fields: FrameFields): FrameFields {
    this.watched.push({ n, fields, snapshots: snapshotsOf(fields) });
    return fields;
  }

  private async readStored(fields?: readonly string[]): Promise<Map<number, FrameFields>> {
    const { id, owner } = this.sampleRef();
    return owner ? owner.store.readFrames(id, fields) : new Map();
  }
}

/* A frame object's keys may be reassigned too (`frame.label = "x"`), so primitives are snapshotted as well, marked "=". */
function snapshotsOf(fields: FrameFields): Map<string, ValueSnapshot> {
  return new Map(Object.entries(fields).map(([name, value]) => [name, snapshotValue(value, name) ?? `=${JSON.stringify(value)}`]));
}

function matchesFrameSnapshot(snapshot: ValueSnapshot, value: unknown, name: string): boolean {
  if (typeof snapshot === "string" && snapshot.startsWith("=")) return snapshot === `=${JSON.stringify(value)}` && (value === null || typeof value !== "object");
  return matchesSnapshot(snapshot, value, name);
}
