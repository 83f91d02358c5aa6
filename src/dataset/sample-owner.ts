import type { DatasetStore } from "./store/store.js";
import type { Sample } from "./sample.js";

/** Options of `saveSamples`. */
export interface SaveOptions {
  /** Write each sample's changes at most once for this key (see `SampleUpdate.once`). */
  once?: string;
}

/**
 * What a sample needs from the dataset it belongs to. An interface rather than the
 * `Dataset` class itself, so that `sample.ts` does not import `dataset.ts`.
 */
export interface SampleOwner {
  /** Dataset name, for messages. */
  readonly name: string;
  /** The dataset's store (frames are read from it lazily). */
  readonly store: DatasetStore;
  /** Writes the changes of `samples` in one transaction. */
  saveSamples(samples: readonly Sample[], options?: SaveOptions): Promise<void>;
}
