import fs from "node:fs";
import path from "node:path";
import { didYouMean } from "../../errors.js";
import { Dataset, Sample } from "../../dataset/index.js";
import { checkFieldName } from "../../dataset/field-name.js";
import { Detection, Detections } from "../../labels/index.js";
import { zooDatasetNames, zooDatasetSource } from "./catalog.js";
import { ZooDatasetNotDownloadedError, ZooDatasetOptionError } from "./errors.js";
import { withDownloadLock } from "./download-lock.js";
import { fetchFile } from "./fetch-file.js";
import { fetchImages, missingImages } from "./fetch-images.js";
import { imagesDir, rawDir, zooDatasetDir } from "./paths.js";
import { selectRecords, type SelectionOptions } from "./select-records.js";
import type { IndexContext, ZooDatasetSource, ZooImageRecord } from "./zoo-dataset-source.js";

/** The field that holds a zoo dataset's ground truth, as in FiftyOne. */
export const GROUND_TRUTH_FIELD = "ground_truth";

/** Options of {@link downloadZooDataset}: which splits, and which of their images. */
export interface DownloadZooDatasetOptions extends SelectionOptions {
  /** One split (e.g. `"validation"`). */
  split?: string;
  /** Several splits. Without `split` and `splits`, every split. */
  splits?: string[];
  /** Label types to load, e.g. `["detections", "segmentations"]`; default the dataset's first. */
  labelTypes?: string[];
}

/** Options of {@link loadZooDataset}. */
export interface LoadZooDatasetOptions extends DownloadZooDatasetOptions {
  /** Name of the dataset to make; default like FiftyOne's, e.g. `"coco-2017-validation-50"`. */
  datasetName?: string;
  /** Replace a dataset of that name instead of returning it. Default false. */
  overwrite?: boolean;
  /** Download what is missing. Default true; false fails with ZooDatasetNotDownloadedError instead. */
  downloadIfNecessary?: boolean;
  /** Keep the dataset after this process ends. Default false (as FiftyOne's zoo datasets). */
  persistent?: boolean;
  /** The field that holds the ground truth (FiftyOne's `label_field`). Default `"ground_truth"`. */
  labelField?: string;
}

/** One split of a download. */
export interface DownloadedSplit {
  /** The split, or null for a dataset without splits. */
  split: string | null;
  /** Images the selection holds (all on disk now). */
  images: number;
  /** Of those, how many this call fetched. */
  fetched: number;
  /** Folder of the images. */
  dir: string;
}

/** What {@link downloadZooDataset} did. */
export interface DownloadZooDatasetResult {
  /** The zoo dataset. */
  name: string;
  /** Its download folder (`$MODELZOO_HOME/zoo-datasets/<name>`). */
  dir: string;
  /** Per split. */
  splits: DownloadedSplit[];
}

/** What the zoo says about a dataset (its source's description), and what of it is on disk. */
export interface ZooDatasetInfo
  extends Pick<ZooDatasetSource, "name" | "description" | "tags" | "splits" | "labelTypes" | "license" | "homepage" | "fullSize" | "mirrorEnv"> {
  /** The download folder. */
  dir: string;
  /** Images on disk per split (`null` for a dataset without splits). */
  downloaded: { split: string | null; images: number }[];
}

/** The names of the zoo's datasets, sorted (FiftyOne's `list_zoo_datasets`). */
export function listZooDatasets(): string[] {
  return zooDatasetNames();
}

/**
 * What the zoo says about a dataset and what of it is downloaded.
 * @throws ZooDatasetNotFoundError for an unknown name
 */
export function getZooDatasetInfo(name: string): ZooDatasetInfo {
  const s = zooDatasetSource(name);
  const splits = s.splits.length > 0 ? s.splits : [undefined];
  return {
    name: s.name,
    description: s.description,
    tags: [...s.tags],
    splits: [...s.splits],
    labelTypes: [...s.labelTypes],
    license: s.license,
    homepage: s.homepage,
    fullSize: s.fullSize,
    ...(s.mirrorEnv ? { mirrorEnv: s.mirrorEnv } : {}),
    dir: zooDatasetDir(s.name),
    downloaded: splits.map((split) => ({ split: split ?? null, images: countImages(imagesDir(s.name, split)) })),
  };
}

/**
 * Downloads a zoo dataset's annotations and the images a selection needs (only
 * those: `maxSamples`, `classes`, `shuffle` + `seed` pick them, as FiftyOne's partial
 * downloads do) into `$MODELZOO_HOME/zoo-datasets/<name>/`. Files already there are
 * not fetched again; an interrupted download resumes.
 */
export async function downloadZooDataset(name: string, options: DownloadZooDatasetOptions = {}): Promise<DownloadZooDatasetResult> {
  const source = zooDatasetSource(name);
  return withDownloadLock(zooDatasetDir(source.name), async () => {
    const plan = await planSplits(source, options, true);
    const splits: DownloadedSplit[] = [];
    for (const p of plan) {
      const dir = imagesDir(source.name, p.split);
      const fetched = await fetchImages(p.records, dir, `${source.name}${p.split ? ` ${p.split}` : ""} images`);
      splits.push({ split: p.split ?? null, images: p.records.length, fetched, dir });
    }
    return { name: source.name, dir: zooDatasetDir(source.name), splits };
  });
}

/**
 * Loads a zoo dataset as a {@link Dataset} (FiftyOne's `load_zoo_dataset`): downloads
 * what is missing, then makes a dataset (default name like `"coco-2017-validation-50"`)
 * whose samples carry their split as a tag and their ground truth in `ground_truth`.
 * When a dataset of that name exists it is returned as it is, unless `overwrite`.
 * A failure leaves no dataset behind.
 */
export async function loadZooDataset(name: string, options: LoadZooDatasetOptions = {}): Promise<Dataset> {
  const source = zooDatasetSource(name);
  const datasetName = options.datasetName ?? defaultDatasetName(source, options);
  if (!options.overwrite && (await Dataset.exists(datasetName))) return Dataset.load(datasetName);
  const allowDownload = options.downloadIfNecessary ?? true;
  const labelField = options.labelField ?? GROUND_TRUTH_FIELD;
  checkFieldName(labelField);
  const samples: Sample[] = [];
  const plan = await withDownloadLock(zooDatasetDir(source.name), async () => {
    const plans = await planSplits(source, options, allowDownload);
    for (const p of plans) {
      const dir = imagesDir(source.name, p.split);
      if (!allowDownload && missingImages(p.records, dir).length > 0) throw new ZooDatasetNotDownloadedError(source.name, p.split);
      await fetchImages(p.records, dir, `${source.name}${p.split ? ` ${p.split}` : ""} images`);
      for (const r of p.records) samples.push(toSample(r, dir, p.split, labelField));
    }
    return plans;
  });
  // Made non-persistent and kept only once complete: a process killed half-way leaves a
  // temporary dataset that the next listing removes, never a half-filled persistent one.
  const ds = await Dataset.create(datasetName, { overwrite: options.overwrite ?? false, persistent: false });
  try {
    await ds.addSamples(samples);
    await ds.setInfo({
      zooDataset: source.name,
      splits: plan.map((p) => p.split ?? null),
      classes: plan[0]?.classes ?? [],
      labelTypes: resolveLabelTypes(source, options.labelTypes),
      labelField,
    });
    if (options.persistent) await ds.setPersistent(true);
  } catch (err) {
    await ds.delete();
    throw err;
  }
  return ds;
}

/**
 * The folder of a downloaded zoo dataset, or of one split's images (FiftyOne's
 * `find_zoo_dataset`).
 * @throws ZooDatasetNotDownloadedError when no image of it (of that split) is on disk
 */
export function findZooDataset(name: string, options: { split?: string } = {}): string {
  const source = zooDatasetSource(name);
  if (options.split !== undefined) {
    checkSplit(source, options.split);
    const dir = imagesDir(source.name, options.split);
    if (countImages(dir) === 0) throw new ZooDatasetNotDownloadedError(source.name, options.split);
    return path.dirname(dir);
  }
  const splits = source.splits.length > 0 ? source.splits : [undefined];
  if (splits.every((split) => countImages(imagesDir(source.name, split)) === 0)) throw new ZooDatasetNotDownloadedError(source.name, undefined);
  return zooDatasetDir(source.name);
}

/**
 * Deletes a zoo dataset's download (one split's images, or everything). Datasets
 * already made from it keep their samples but lose their images.
 */
export function deleteZooDataset(name: string, options: { split?: string } = {}): Promise<void> {
  const source = zooDatasetSource(name);
  if (options.split !== undefined) {
    checkSplit(source, options.split);
    fs.rmSync(path.dirname(imagesDir(source.name, options.split)), { recursive: true, force: true });
  } else {
    fs.rmSync(zooDatasetDir(source.name), { recursive: true, force: true });
  }
  return Promise.resolve();
}

/** FiftyOne's default dataset name: the zoo name, the splits asked for, and `maxSamples`. */
function defaultDatasetName(source: ZooDatasetSource, options: DownloadZooDatasetOptions): string {
  const parts = [source.name];
  const splits = options.splits ?? (options.split ? [options.split] : []);
  if (splits.length > 0) parts.push(...splits);
  if (options.maxSamples !== undefined) parts.push(String(options.maxSamples));
  return parts.join("-");
}

interface SplitPlan {
  split: string | undefined;
  records: ZooImageRecord[];
  classes: string[];
}

/** Checks the options, indexes each split (fetching its annotations) and selects its images. */
async function planSplits(source: ZooDatasetSource, options: DownloadZooDatasetOptions, allowDownload: boolean): Promise<SplitPlan[]> {
  if (options.maxSamples !== undefined && (!Number.isInteger(options.maxSamples) || options.maxSamples < 1)) {
    throw new ZooDatasetOptionError(`maxSamples must be a whole number ≥ 1; got ${String(options.maxSamples)}.`);
  }
  const labelTypes = resolveLabelTypes(source, options.labelTypes);
  const splits = resolveSplits(source, options);
  const ctx: IndexContext = {
    rawDir: rawDir(source.name),
    labelTypes,
    allowDownload,
    fetch: async (url, dest, fetchOptions) => {
      if (!fs.existsSync(dest) && !allowDownload) throw new ZooDatasetNotDownloadedError(source.name, undefined);
      await fetchFile(url, dest, fetchOptions);
    },
  };
  const plans: SplitPlan[] = [];
  for (const split of splits) {
    const index = await source.index(split, ctx);
    const unknown = (options.classes ?? []).filter((c) => !index.classes.includes(c));
    if (unknown.length > 0) {
      throw new ZooDatasetOptionError(
        `${source.name} has no class "${unknown[0]}".${didYouMean(unknown[0]!, index.classes)} Its classes are listed by getZooDatasetInfo / \`modelzoo datasets zoo info ${source.name}\`.`,
      );
    }
    plans.push({ split, records: selectRecords(index.records, options), classes: index.classes });
  }
  return plans;
}

function resolveSplits(source: ZooDatasetSource, options: DownloadZooDatasetOptions): (string | undefined)[] {
  const asked = options.splits ?? (options.split !== undefined ? [options.split] : undefined);
  if (source.splits.length === 0) {
    if (asked && asked.length > 0) throw new ZooDatasetOptionError(`${source.name} has no splits; leave out split/splits.`);
    return [undefined];
  }
  if (!asked || asked.length === 0) return [...source.splits];
  for (const s of asked) checkSplit(source, s);
  return [...new Set(asked)];
}

function checkSplit(source: ZooDatasetSource, split: string): void {
  if (!source.splits.includes(split)) {
    const has = source.splits.length > 0 ? `Its splits are ${source.splits.map((s) => `"${s}"`).join(", ")}.` : "It has no splits.";
    throw new ZooDatasetOptionError(`${source.name} has no split "${split}".${didYouMean(split, source.splits)} ${has}`);
  }
}

function resolveLabelTypes(source: ZooDatasetSource, asked: readonly string[] | undefined): string[] {
  if (!asked || asked.length === 0) return [source.labelTypes[0]!];
  for (const t of asked) {
    if (!source.labelTypes.includes(t)) {
      throw new ZooDatasetOptionError(`${source.name} has no label type "${t}".${didYouMean(t, source.labelTypes)} It has ${source.labelTypes.join(", ")}.`);
    }
  }
  return [...asked];
}

function toSample(r: ZooImageRecord, dir: string, split: string | undefined, labelField: string): Sample {
  const fields: Record<string, unknown> = {};
  if (r.objects) {
    fields[labelField] = new Detections({
      detections: r.objects.map(
        (o) => new Detection({ label: o.label, boundingBox: o.boundingBox, ...(o.mask ? { mask: o.mask } : {}), attributes: o.attributes ?? {} }),
      ),
    });
  }
  return new Sample({ filepath: path.join(dir, r.fileName), mediaType: "image", tags: split ? [split] : [], ...fields });
}

function countImages(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir).filter((f) => !f.endsWith(".part") && !f.endsWith(".tmp")).length;
}
