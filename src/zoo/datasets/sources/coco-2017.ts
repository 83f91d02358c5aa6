import fs from "node:fs";
import path from "node:path";
import { CocoFileSchema } from "../../../dataset/io/coco-format.js";
import { fromAbsoluteBox } from "../../../labels/index.js";
import { CorruptArchiveError } from "../errors.js";
import { extractZipEntries } from "../zip-entries.js";
import type { IndexContext, SplitIndex, ZooDatasetSource, ZooObject } from "../zoo-dataset-source.js";
import { cocoMask, type CocoSegmentation } from "./coco-masks.js";

/** The official host (cocodataset.org/#download); MODELZOO_COCO_URL points elsewhere (a mirror, a test server). */
const OFFICIAL_BASE = "http://images.cocodataset.org";

/** Split → the folder of its images and its annotations file inside the archive. */
const SPLITS = {
  train: { folder: "train2017", archive: "annotations/annotations_trainval2017.zip", entry: "annotations/instances_train2017.json" },
  validation: { folder: "val2017", archive: "annotations/annotations_trainval2017.zip", entry: "annotations/instances_val2017.json" },
  test: { folder: "test2017", archive: "annotations/image_info_test2017.zip", entry: "annotations/image_info_test2017.json" },
} as const;

/** The COCO base URL in use: `$MODELZOO_COCO_URL` or the official host. */
export function cocoBaseUrl(): string {
  return (process.env.MODELZOO_COCO_URL ?? OFFICIAL_BASE).replace(/\/$/, "");
}

/**
 * COCO 2017 (cocodataset.org): the annotations archive is downloaded once (resumable)
 * and the instances file of every split it holds extracted; images are then fetched
 * one by one, only those the selection needs, as FiftyOne's partial downloads do.
 * cocodataset.org publishes no checksums; the zip's own CRC-32s and sizes are checked.
 */
export const coco2017: ZooDatasetSource = {
  name: "coco-2017",
  description: "COCO 2017: 80 object classes with boxes and instance masks; 118k train, 5k validation and 41k unlabeled test images.",
  tags: ["image", "detection", "segmentation"],
  splits: ["validation", "train", "test"],
  labelTypes: ["detections", "segmentations"],
  license: "CC-BY-4.0 (annotations); images under their Flickr licences",
  homepage: "https://cocodataset.org/#home",
  fullSize: "25.2 GB (train 18 GB, validation 0.8 GB, test 6.2 GB; annotations 241 MB)",
  mirrorEnv: "MODELZOO_COCO_URL",
  async index(split: string | undefined, ctx: IndexContext): Promise<SplitIndex> {
    const spec = SPLITS[split as keyof typeof SPLITS];
    const jsonFile = path.join(ctx.rawDir, path.basename(spec.entry));
    if (!fs.existsSync(jsonFile)) await fetchAnnotations(spec.archive, ctx);
    return parseSplit(jsonFile, spec.folder, ctx.labelTypes.includes("segmentations"));
  },
};

/** Downloads an annotations archive and extracts every instances/image-info file from it. */
async function fetchAnnotations(archive: string, ctx: IndexContext): Promise<void> {
  const rawDir = ctx.rawDir;
  const zipFile = path.join(rawDir, path.basename(archive));
  await ctx.fetch(`${cocoBaseUrl()}/${archive}`, zipFile);
  const wanted = new Set<string>(Object.values(SPLITS).filter((s) => s.archive === archive).map((s) => s.entry));
  const got = await extractZipEntries(zipFile, (name) => (wanted.has(name) ? path.join(rawDir, path.basename(name)) : undefined));
  const missing = [...wanted].filter((w) => !got.includes(w));
  if (missing.length > 0) {
    fs.rmSync(zipFile, { force: true });
    for (const g of got) fs.rmSync(path.join(rawDir, path.basename(g)), { force: true });
    throw new CorruptArchiveError(zipFile, `it has no ${missing.join(", ")}`);
  }
  fs.rmSync(zipFile, { force: true }); // the extracted files are all we need; keeps 241 MB off the disk
}

function parseSplit(jsonFile: string, folder: string, masks: boolean): SplitIndex {
  let json: unknown;
  try {
    // The train file (448 MB) needs a large heap: node --max-old-space-size=4096.
    json = JSON.parse(fs.readFileSync(jsonFile, "utf8"));
  } catch (err) {
    fs.rmSync(jsonFile, { force: true });
    throw new CorruptArchiveError(jsonFile, `not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = CocoFileSchema.safeParse(json);
  if (!parsed.success) {
    fs.rmSync(jsonFile, { force: true });
    const issue = parsed.error.issues[0]!;
    throw new CorruptArchiveError(jsonFile, `not a COCO file: at ${issue.path.join(".")}, ${issue.message}`);
  }
  const coco = parsed.data;
  const names = new Map(coco.categories.map((c) => [String(c.id), c.name]));
  const objects = new Map<string, ZooObject[]>();
  const size = new Map(coco.images.map((im) => [String(im.id), im]));
  for (const a of coco.annotations) {
    const im = size.get(String(a.image_id));
    const label = names.get(String(a.category_id));
    if (!im || label === undefined) continue;
    const segmentation = (a as { segmentation?: CocoSegmentation }).segmentation;
    const mask = masks && segmentation ? cocoMask(segmentation, a.bbox) : undefined;
    const list = objects.get(String(a.image_id)) ?? [];
    objects.set(String(a.image_id), list);
    list.push({
      label,
      boundingBox: fromAbsoluteBox(a.bbox, im.width, im.height),
      ...(mask ? { mask } : {}),
      attributes: { iscrowd: a.iscrowd ?? 0, ...(a.area === undefined ? {} : { area: a.area }), ...(a.id === undefined ? {} : { coco_id: a.id }) },
    });
  }
  const labeled = !path.basename(jsonFile).startsWith("image_info"); // the test split is unlabeled
  return {
    classes: coco.categories.map((c) => c.name),
    records: coco.images.map((im) => ({
      id: String(im.id),
      fileName: im.file_name,
      url: `${cocoBaseUrl()}/${folder}/${im.file_name}`,
      width: im.width,
      height: im.height,
      ...(labeled ? { objects: objects.get(String(im.id)) ?? [] } : {}),
    })),
  };
}
