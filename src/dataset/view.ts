import { SampleCollection, type CollectionSource } from "./collection.js";
import type { ViewStage } from "./stages.js";

/**
 * A lazy, chainable selection of a dataset's samples: `dataset.take(25, { seed: 51 })
 * .match({ ... }).sortBy("filepath")`. It stores no samples; every read runs its
 * stages over the dataset as it is then. Changes saved on a view's samples are
 * saved in the dataset.
 */
export class DatasetView extends SampleCollection {
  /** @internal — made by the view methods of a dataset or view. */
  constructor(
    private readonly dataset: CollectionSource,
    private readonly viewStages: readonly ViewStage[],
  ) {
    super();
  }

  /** @internal */
  protected get source(): CollectionSource {
    return this.dataset;
  }

  /** @internal */
  protected get stages(): readonly ViewStage[] {
    return this.viewStages;
  }

  /** @internal */
  protected withStage(stage: ViewStage): DatasetView {
    return new DatasetView(this.dataset, [...this.viewStages, stage]);
  }

  /** `dataset-name.take(25, { seed: 51 }).limit(5)`: the dataset and the stages. */
  override toString(): string {
    return `${this.dataset.name}.${this.describeStages()}`;
  }
}
