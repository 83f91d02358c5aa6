import { Dataset, type SampleCollection } from "../dataset/index.js";

/** A snapshot of the view the session shows: its dataset and sample ids, read once per version. */
export interface ViewSnapshot {
  /** The view as given (a Dataset or a DatasetView). */
  view: SampleCollection;
  /** The dataset the view's samples belong to. */
  dataset: Dataset;
  /** Sample ids in view order. A view with random stages is read once, so pages stay consistent. */
  ids: string[];
  /** Bumped when `session.view` is set. */
  version: number;
}

/**
 * What the session shows and who listens for changes. The page asks for a fresh
 * snapshot when it loads (so a dataset changed since is seen), and is told through
 * server-sent events when `session.view` changes.
 */
export class ViewState {
  private current: SampleCollection;
  private version = 1;
  private snapshot: Promise<ViewSnapshot> | undefined;
  private readonly listeners = new Set<(version: number) => void>();

  /** @param view - the first view to show */
  constructor(view: SampleCollection) {
    this.current = view;
  }

  /** The view shown. */
  get view(): SampleCollection {
    return this.current;
  }

  /** Shows another view (or dataset) and tells the open pages. */
  setView(view: SampleCollection): void {
    this.current = view;
    this.version += 1;
    this.snapshot = undefined;
    for (const listener of this.listeners) listener(this.version);
  }

  /** The current snapshot; with `refresh`, the view is read again from the dataset. */
  async read(refresh = false): Promise<ViewSnapshot> {
    if (refresh || this.snapshot === undefined) {
      const view = this.current;
      const version = this.version;
      const reading = (async () => ({ view, dataset: datasetOf(view), ids: await view.ids(), version }))();
      this.snapshot = reading;
      reading.catch(() => {
        if (this.snapshot === reading) this.snapshot = undefined;
      });
    }
    return this.snapshot;
  }

  /** Calls `listener` with the new version whenever the view changes; returns the unsubscribe function. */
  subscribe(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The dataset a view's samples belong to: the very one it was opened from. Not
 * `Dataset.load(name)`, which looks the name up in the environment's database and misses
 * a dataset opened with `{ databaseUri }`.
 */
function datasetOf(view: SampleCollection): Dataset {
  const root = view.rootCollection;
  if (!(root instanceof Dataset)) throw new Error(`The samples of "${view.datasetName}" belong to no dataset.`);
  return root;
}
