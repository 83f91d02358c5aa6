import { DatasetStateError } from "./errors.js";
import { checkFieldName } from "./field-name.js";
import type { SampleOwner } from "./sample-owner.js";

/** Field values of one frame of a video sample. */
export type FrameFields = Record<string, unknown>;

/**
 * The frames of a video sample, numbered from 1 as in FiftyOne. Frame values are
 * read from the dataset on demand (a video may have thousands); `merge` stages
 * changes that `sample.save()` writes in the same transaction as the sample.
 */
export class Frames {
  private readonly pending = new Map<number, FrameFields>();

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
    return Object.keys(merged).length > 0 ? merged : undefined;
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
    for (const n of await this.numbers()) yield [n, { ...stored.get(n), ...this.pending.get(n) }];
  }

  /** @internal — the staged changes, cleared once saved. */
  takePending(): Map<number, FrameFields> | undefined {
    return this.pending.size > 0 ? new Map(this.pending) : undefined;
  }

  /** @internal */
  clearPending(): void {
    this.pending.clear();
  }

  private async readStored(fields?: readonly string[]): Promise<Map<number, FrameFields>> {
    const { id, owner } = this.sampleRef();
    return owner ? owner.store.readFrames(id, fields) : new Map();
  }
}
