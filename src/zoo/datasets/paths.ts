import path from "node:path";
import { modelzooHome } from "../../dataset/index.js";

/** The folder of every zoo dataset download: `$MODELZOO_HOME/zoo-datasets`. */
export function zooDatasetsDir(): string {
  return path.join(modelzooHome(), "zoo-datasets");
}

/** The download folder of one zoo dataset: `$MODELZOO_HOME/zoo-datasets/<name>`. */
export function zooDatasetDir(name: string): string {
  return path.join(zooDatasetsDir(), name);
}

/**
 * Annotation files shared by the splits (one annotations archive often covers
 * several): `<dataset dir>/raw`.
 */
export function rawDir(name: string): string {
  return path.join(zooDatasetDir(name), "raw");
}

/** The images of a split: `<dataset dir>/<split>/data` (`<dataset dir>/data` without splits). */
export function imagesDir(name: string, split: string | undefined): string {
  return split ? path.join(zooDatasetDir(name), split, "data") : path.join(zooDatasetDir(name), "data");
}
