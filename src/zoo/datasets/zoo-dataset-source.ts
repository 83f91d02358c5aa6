import type { Array2D, BoundingBox } from "../../labels/index.js";

/** One object of a zoo dataset's ground truth. */
export interface ZooObject {
  /** Class name. */
  label: string;
  /** `[x, y, width, height]` relative to the image. */
  boundingBox: BoundingBox;
  /** Instance mask over the box (when segmentations were asked for). */
  mask?: Array2D;
  /** Extra values kept on the Detection (`iscrowd`, `area`, `IsOccluded`, ...). */
  attributes?: Record<string, unknown>;
}

/** One image of a split as its annotations list it. */
export interface ZooImageRecord {
  /** The image's id in the source (COCO image id, Open Images ImageID, VOC file stem). */
  id: string;
  /** File name under the split's images folder. */
  fileName: string;
  /** Where to fetch it: http(s) for remote sources, file: for files already on disk. */
  url: string;
  /** Pixel size, when the annotations give it. */
  width?: number;
  /** Pixel size, when the annotations give it. */
  height?: number;
  /** Ground truth; undefined for unlabeled splits (COCO test). */
  objects?: ZooObject[];
}

/** What a source knows about a split once its annotations are on disk. */
export interface SplitIndex {
  /** Every image of the split, in the source's order. */
  records: ZooImageRecord[];
  /** Every class name of the dataset. */
  classes: string[];
}

/** What a source's `index()` is told. */
export interface IndexContext {
  /** The dataset's shared annotations folder (`$MODELZOO_HOME/zoo-datasets/<name>/raw`). */
  rawDir: string;
  /** The label types asked for (a subset of the source's). */
  labelTypes: readonly string[];
  /**
   * Puts `url` at `dest` unless it is there (resumable, with a progress bar and the
   * publisher's md5 when given); fails with ZooDatasetNotDownloadedError when
   * downloads are not allowed (`downloadIfNecessary: false`).
   */
  fetch(url: string, dest: string, options?: { md5?: string }): Promise<void>;
  /** False when the caller forbade downloads: a source must then find its files on disk. */
  allowDownload: boolean;
}

/**
 * A dataset of the zoo: what it is, and how to get a split's annotations. Images are
 * fetched by the shared code from each record's URL, only those a selection needs.
 */
export interface ZooDatasetSource {
  /** Zoo name, e.g. `"coco-2017"`. */
  name: string;
  /** One sentence. */
  description: string;
  /** Tags such as `image`, `detection`, `segmentation`. */
  tags: string[];
  /** The splits, or `[]` for a dataset without splits. */
  splits: string[];
  /** Label types that can be asked for; the first is the default. */
  labelTypes: string[];
  /** Licence of the data. */
  license: string;
  /** Where the dataset is described. */
  homepage: string;
  /** Size of the full download, for `info`. */
  fullSize: string;
  /** The environment variable that points the download at a mirror, if any. */
  mirrorEnv?: string;
  /**
   * Makes sure the split's annotations are on disk under `ctx.rawDir` (downloading
   * them when needed) and lists its images.
   */
  index(split: string | undefined, ctx: IndexContext): Promise<SplitIndex>;
}
