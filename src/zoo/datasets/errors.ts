import { ModelzooError, didYouMean } from "../../errors.js";

/** A dataset name that the dataset zoo does not have. */
export class ZooDatasetNotFoundError extends ModelzooError {
  /** @param name - the unknown name; @param known - every zoo dataset name, for a "did you mean" hint */
  constructor(name: string, known: readonly string[]) {
    super(
      "ZOO_DATASET_NOT_FOUND",
      `No zoo dataset is called "${name}".${didYouMean(name, known)} List them with \`modelzoo datasets zoo list\` or listZooDatasets().`,
    );
  }
}

/** Options that do not fit a zoo dataset: an unknown split, label type or class, a bad count. */
export class ZooDatasetOptionError extends ModelzooError {
  /** @param message - the option, the value and what is allowed */
  constructor(message: string) {
    super("ZOO_DATASET_OPTION", message);
  }
}

/** A downloaded archive or annotations file that cannot be read. */
export class CorruptArchiveError extends ModelzooError {
  /** @param file - the archive; @param reason - what is wrong with it */
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(
      "CORRUPT_ARCHIVE",
      `${file} is corrupt or truncated (${reason}). It was deleted and no dataset was made; run the same command again to download it afresh.`,
      options,
    );
  }
}

/** `loadZooDataset(..., { downloadIfNecessary: false })` on a split that is not on disk. */
export class ZooDatasetNotDownloadedError extends ModelzooError {
  /** @param name - the zoo dataset; @param split - the missing split, if any */
  constructor(name: string, split: string | undefined) {
    const what = split ? `Split "${split}" of zoo dataset "${name}"` : `Zoo dataset "${name}"`;
    super(
      "ZOO_DATASET_NOT_DOWNLOADED",
      `${what} (with the requested samples) is not downloaded. Download it with downloadZooDataset("${name}") or \`modelzoo datasets zoo download ${name}\`, or pass downloadIfNecessary: true.`,
    );
  }
}
