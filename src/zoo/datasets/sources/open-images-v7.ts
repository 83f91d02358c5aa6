import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import { fromCornerBox } from "../../../labels/index.js";
import { CorruptArchiveError } from "../errors.js";
import type { IndexContext, SplitIndex, ZooDatasetSource, ZooImageRecord, ZooObject } from "../zoo-dataset-source.js";

/*
 * Where Open Images V7 lives (storage.googleapis.com/openimages/web/download_v7.html):
 * the class names and box CSVs on Google Cloud Storage, the images in the public
 * "open-images-dataset" S3 bucket as <split>/<ImageID>.jpg. These are the files
 * FiftyOne's open-images-v7 loader reads for detections.
 */
const ANNOTATIONS_HOST = "https://storage.googleapis.com";
const IMAGES_HOST = "https://open-images-dataset.s3.amazonaws.com";
const CLASSES_PATH = "openimages/v7/oidv7-class-descriptions-boxable.csv";
const BOXES_PATH: Record<string, string> = {
  train: "openimages/v6/oidv6-train-annotations-bbox.csv",
  validation: "openimages/v5/validation-annotations-bbox.csv",
  test: "openimages/v5/test-annotations-bbox.csv",
};

/**
 * URLs of a file: the official hosts, or under `$MODELZOO_OPEN_IMAGES_URL` (a mirror
 * holding `<base>/openimages/...` CSVs and `<base>/open-images-dataset/<split>/<id>.jpg`).
 */
function annotationUrl(p: string): string {
  const mirror = process.env.MODELZOO_OPEN_IMAGES_URL?.replace(/\/$/, "");
  return `${mirror ?? ANNOTATIONS_HOST}/${p}`;
}

function imageUrl(split: string, id: string): string {
  const mirror = process.env.MODELZOO_OPEN_IMAGES_URL?.replace(/\/$/, "");
  return mirror ? `${mirror}/open-images-dataset/${split}/${id}.jpg` : `${IMAGES_HOST}/${split}/${id}.jpg`;
}

/** The box attributes Open Images gives per box (1, 0, or -1 for unknown), kept as Detection attributes. */
const FLAGS = ["IsOccluded", "IsTruncated", "IsGroupOf", "IsDepiction", "IsInside"] as const;

/**
 * Open Images V7 with its 600 boxable classes: the class names and the split's box
 * CSV are downloaded (resumable), then only the images a selection needs. Boxes are
 * given relative already (XMin, XMax, YMin, YMax).
 */
export const openImagesV7: ZooDatasetSource = {
  name: "open-images-v7",
  description: "Open Images V7: about 1.9M images with 16M boxes over 600 classes (detections; images scaled to ≤1024 px on the long side).",
  tags: ["image", "detection"],
  splits: ["validation", "test", "train"],
  labelTypes: ["detections"],
  license: "CC-BY-4.0 (annotations); images CC-BY-2.0",
  homepage: "https://storage.googleapis.com/openimages/web/index.html",
  fullSize: "561 GB (train 513 GB, validation 12 GB, test 36 GB)",
  mirrorEnv: "MODELZOO_OPEN_IMAGES_URL",
  async index(split: string | undefined, ctx: IndexContext): Promise<SplitIndex> {
    const classesFile = path.join(ctx.rawDir, path.basename(CLASSES_PATH));
    const boxesFile = path.join(ctx.rawDir, path.basename(BOXES_PATH[split!]!));
    await ctx.fetch(annotationUrl(CLASSES_PATH), classesFile);
    await ctx.fetch(annotationUrl(BOXES_PATH[split!]!), boxesFile);
    const names = await readClassNames(classesFile);
    return { classes: [...names.values()].sort(), records: await readBoxes(boxesFile, names, split!) };
  },
};

/** `LabelName,DisplayName` rows (a header row is optional) → MID → display name. */
async function readClassNames(file: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for await (const row of readCsv(file, false)) {
    const [mid, name] = row as string[];
    if (mid === "LabelName" || mid === undefined || name === undefined) continue;
    names.set(mid, name);
  }
  if (names.size === 0) failCsv(file, "it lists no classes");
  return names;
}

/** Streams the box CSV (the train file is 2.3 GB) into one record per image, in file order. */
async function readBoxes(file: string, names: Map<string, string>, split: string): Promise<ZooImageRecord[]> {
  const byImage = new Map<string, ZooObject[]>();
  let line = 1;
  for await (const row of readCsv(file, true)) {
    line++;
    const r = row as Record<string, string | undefined>;
    const [x1, x2, y1, y2] = [r.XMin, r.XMax, r.YMin, r.YMax].map(Number) as [number, number, number, number];
    if (!r.ImageID || !r.LabelName || ![x1, x2, y1, y2].every(Number.isFinite)) {
      failCsv(file, `line ${line} lacks ImageID, LabelName or a number in XMin/XMax/YMin/YMax`);
    }
    const attributes: Record<string, unknown> = {};
    for (const f of FLAGS) if (r[f] !== undefined && r[f] !== "") attributes[f] = Number(r[f]);
    const list = byImage.get(r.ImageID) ?? [];
    byImage.set(r.ImageID, list);
    list.push({ label: names.get(r.LabelName) ?? r.LabelName, boundingBox: fromCornerBox([x1, y1, x2, y2]), attributes });
  }
  return [...byImage].map(([id, objects]) => ({ id, fileName: `${id}.jpg`, url: imageUrl(split, id), objects }));
}

function readCsv(file: string, columns: boolean): AsyncIterable<unknown> {
  const parser = fs.createReadStream(file).pipe(parse({ columns, relax_column_count: true, skip_empty_lines: true, bom: true }));
  return (async function* () {
    try {
      for await (const row of parser) yield row as unknown;
    } catch (err) {
      if (err instanceof CorruptArchiveError) throw err;
      failCsv(file, (err as Error).message);
    }
  })();
}

function failCsv(file: string, reason: string): never {
  fs.rmSync(file, { force: true });
  throw new CorruptArchiveError(file, reason);
}
