import { ZooDatasetNotFoundError } from "./errors.js";
import { coco2017 } from "./sources/coco-2017.js";
import { openImagesV7 } from "./sources/open-images-v7.js";
import { quickstart } from "./sources/quickstart.js";
import { voc2012 } from "./sources/voc-2012.js";
import type { ZooDatasetSource } from "./zoo-dataset-source.js";

/** Every dataset of the zoo, by name. Adding a dataset is adding a source file and a line here. */
const SOURCES: readonly ZooDatasetSource[] = [quickstart, coco2017, openImagesV7, voc2012];

/** The names of the zoo's datasets, sorted. */
export function zooDatasetNames(): string[] {
  return SOURCES.map((s) => s.name).sort();
}

/** The source called `name`; throws {@link ZooDatasetNotFoundError} with a hint otherwise. */
export function zooDatasetSource(name: string): ZooDatasetSource {
  const source = SOURCES.find((s) => s.name === name);
  if (!source) throw new ZooDatasetNotFoundError(name, zooDatasetNames());
  return source;
}
