import fs from "node:fs";
import path from "node:path";
import { Detection, Detections, fromAbsoluteBox, isLabel, toAbsoluteBox } from "../../labels/index.js";
import { imageMetadata } from "../../media/index.js";
import type { SampleCollection } from "../collection.js";
import { FieldTypeError, ImportFormatError } from "../errors.js";
import { Sample } from "../sample.js";
import { writeFileAtomic } from "./atomic-write.js";
import { CocoFileSchema, type CocoFile } from "./coco-format.js";

/** Options of `exportCoco`. */
export interface ExportCocoOptions {
  /** Category list (their order gives ids 1, 2, ...); default: the labels found, sorted. Other labels are skipped. */
  classes?: string[];
  /** Folder that `file_name` is relative to; default: the deepest folder holding every image. */
  imagesDir?: string;
}

/** What `exportCoco` wrote. */
export interface ExportCocoResult {
  /** Images written. */
  images: number;
  /** Annotations written. */
  annotations: number;
  /** Detections skipped because their label is not in `classes`. */
  skipped: number;
}

/**
 * Writes a `Detections` (or `Detection`) field as a COCO detection JSON file:
 * boxes in pixels from each sample's metadata (read from the file header when not
 * computed), `score` from the confidence. Instance masks are not written.
 */
export async function exportCoco(collection: SampleCollection, file: string, labelField: string, options: ExportCocoOptions = {}): Promise<ExportCocoResult> {
  const samples: Sample[] = [];
  for await (const s of collection.selectFields([labelField]).iterSamples({ batchSize: 500 })) samples.push(s);
  const detectionsOf = (s: Sample): Detection[] => {
    const v = s.get(labelField);
    if (v === undefined || v === null) return [];
    if (v instanceof Detections) return v.detections;
    if (v instanceof Detection) return [v];
    throw new FieldTypeError(
      `exportCoco needs a Detections or Detection field; "${labelField}" of sample ${s.id} holds ${isLabel(v) ? v.cls : typeof v}.`,
    );
  };
  const classes = options.classes ?? [...new Set(samples.flatMap((s) => detectionsOf(s).map((d) => d.label)))].sort();
  const categoryId = new Map(classes.map((c, i) => [c, i + 1]));
  const root = options.imagesDir ? path.resolve(options.imagesDir) : commonDir(samples.map((s) => s.filepath));
  const coco: CocoFile = { images: [], annotations: [], categories: classes.map((name, i) => ({ id: i + 1, name })) };
  let skipped = 0;
  for (const [i, s] of samples.entries()) {
    const { width, height } = await sizeOf(s);
    const imageId = i + 1;
    coco.images.push({ id: imageId, file_name: path.relative(root, s.filepath).split(path.sep).join("/"), width, height });
    for (const d of detectionsOf(s)) {
      const cat = categoryId.get(d.label);
      if (cat === undefined) {
        skipped++;
        continue;
      }
      const bbox = toAbsoluteBox(d.boundingBox, width, height).map(round2) as [number, number, number, number];
      coco.annotations.push({
        id: coco.annotations.length + 1,
        image_id: imageId,
        category_id: cat,
        bbox,
        area: round2(bbox[2] * bbox[3]),
        iscrowd: typeof d.attributes.iscrowd === "number" ? d.attributes.iscrowd : 0,
        ...(d.confidence === undefined ? {} : { score: d.confidence }),
      });
    }
  }
  await writeFileAtomic(file, (out) => {
    out.write(JSON.stringify(coco));
    return Promise.resolve();
  });
  return { images: coco.images.length, annotations: coco.annotations.length, skipped };
}

/** Options of `readCoco`. */
export interface ReadCocoOptions {
  /** Field to store the detections in. Default `"ground_truth"`. */
  labelField?: string;
  /** Leave out images whose file is missing instead of failing. Default false. */
  skipMissingImages?: boolean;
}

/**
 * Reads a COCO detection JSON file into samples whose `labelField` holds
 * `Detections` with relative boxes and category names (images without annotations
 * get an empty `Detections`). `score` becomes the confidence; `iscrowd` and `area`
 * become attributes.
 */
export function readCoco(imagesDir: string, annotationsFile: string, options: ReadCocoOptions = {}): Sample[] {
  const file = path.resolve(annotationsFile);
  const coco = parseCoco(file);
  const field = options.labelField ?? "ground_truth";
  const names = new Map(coco.categories.map((c) => [String(c.id), c.name]));
  const byImage = new Map<string, { a: CocoFile["annotations"][number]; label: string }[]>();
  for (const [i, a] of coco.annotations.entries()) {
    const label = names.get(String(a.category_id));
    if (label === undefined) {
      throw new ImportFormatError(`${file}: annotations[${i}] has category_id ${a.category_id}, which is not in "categories". Fix the file or add the category.`);
    }
    const list = byImage.get(String(a.image_id)) ?? [];
    byImage.set(String(a.image_id), list);
    list.push({ a, label });
  }
  const dir = path.resolve(imagesDir);
  const missing: string[] = [];
  const samples: Sample[] = [];
  const imageIds = new Set(coco.images.map((im) => String(im.id)));
  for (const imageId of byImage.keys()) {
    if (!imageIds.has(imageId)) throw new ImportFormatError(`${file}: an annotation refers to image_id ${imageId}, which is not in "images".`);
  }
  for (const im of coco.images) {
    const filepath = path.join(dir, im.file_name);
    if (!fs.existsSync(filepath)) {
      missing.push(filepath);
      if (options.skipMissingImages) continue;
    }
    const detections = (byImage.get(String(im.id)) ?? []).map(
      ({ a, label }) =>
        new Detection({
          label,
          boundingBox: fromAbsoluteBox(a.bbox, im.width, im.height),
          ...(a.score === undefined ? {} : { confidence: a.score }),
          attributes: { ...(a.iscrowd === undefined ? {} : { iscrowd: a.iscrowd }), ...(a.area === undefined ? {} : { area: a.area }) },
        }),
    );
    samples.push(new Sample({ filepath, mediaType: "image", [field]: new Detections({ detections }) }));
  }
  if (missing.length > 0 && !options.skipMissingImages) {
    throw new ImportFormatError(
      `${missing.length} of ${coco.images.length} images listed in ${file} are not in ${dir} (first: ${missing[0]}). ` +
        `Check the images folder, or pass skipMissingImages: true (CLI: --skip-missing-images) to leave them out.`,
    );
  }
  return samples;
}

function parseCoco(file: string): CocoFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `is not valid JSON (${(err as Error).message})`;
    throw new ImportFormatError(`COCO annotations file ${file} ${reason}.`, { cause: err });
  }
  const parsed = CocoFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ImportFormatError(
      `${file} is not a COCO detection file: at ${issue.path.join(".") || "the top level"}, ${issue.message}. ` +
        `It needs "images" (id, file_name, width, height), "annotations" (image_id, category_id, bbox) and "categories" (id, name).`,
    );
  }
  return parsed.data;
}

async function sizeOf(s: Sample): Promise<{ width: number; height: number }> {
  const m = s.metadata;
  if (m && typeof m.width === "number" && typeof m.height === "number") return { width: m.width, height: m.height };
  const meta = await imageMetadata(s.filepath);
  return { width: meta.width, height: meta.height };
}

function commonDir(files: string[]): string {
  if (files.length === 0) return process.cwd();
  let dir = path.dirname(files[0]!);
  while (!files.every((f) => f.startsWith(dir + path.sep))) dir = path.dirname(dir);
  return dir;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
