import path from "node:path";
import { zooConfig } from "../config.js";

/** The folder of every zoo dataset download: `$MODELZOO_HOME/zoo-datasets` unless configured (`datasetZooDir`). */
export function zooDatasetsDir(): string {
  return zooConfig().datasetZooDir;
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
