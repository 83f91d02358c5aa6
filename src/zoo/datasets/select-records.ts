import { seededShuffle } from "../../dataset/seeded-shuffle.js";
import type { ZooImageRecord } from "./zoo-dataset-source.js";

/** Which images of a split a download or load wants (FiftyOne's partial-download options). */
export interface SelectionOptions {
  /** Keep only images with at least one object of these classes. */
  classes?: readonly string[];
  /** At most this many images. */
  maxSamples?: number;
  /** Pick images in a random order (reproducible with `seed`) instead of the source's order. */
  shuffle?: boolean;
  /** Seed of the shuffle. */
  seed?: number;
}

/**
 * The images a selection needs, in the order they will be added: filtered by class,
 * shuffled by seed when asked, then cut to `maxSamples`. The same options always give
 * the same images, so a second load finds them all on disk.
 */
export function selectRecords(records: readonly ZooImageRecord[], options: SelectionOptions): ZooImageRecord[] {
  let picked: readonly ZooImageRecord[] = records;
  if (options.classes && options.classes.length > 0) {
    const wanted = new Set(options.classes);
    picked = picked.filter((r) => r.objects?.some((o) => wanted.has(o.label)));
  }
  if (options.shuffle) picked = seededShuffle(picked, options.seed);
  return options.maxSamples === undefined ? picked.slice() : picked.slice(0, options.maxSamples);
}
