import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { x as extractTar } from "tar";
import { fromAbsoluteBox } from "../../../labels/index.js";
import { CorruptArchiveError } from "../errors.js";
import type { IndexContext, SplitIndex, ZooDatasetSource, ZooObject } from "../zoo-dataset-source.js";

/** The official archive (host.robots.ox.ac.uk/pascal/VOC/voc2012) and its md5 as torchvision's VOC loader publishes it. */
const OFFICIAL_BASE = "http://host.robots.ox.ac.uk/pascal/VOC/voc2012";
const ARCHIVE = "VOCtrainval_11-May-2012.tar";
const ARCHIVE_MD5 = "6cd6e144f989b92b3379bac3b3de84fd";
/** Folder of the devkit inside the archive. */
const ROOT = "VOCdevkit/VOC2012";

/** The 20 PASCAL VOC classes (the devkit's list). */
const VOC_CLASSES = [
  "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
  "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
];

/** Split → its image list in ImageSets/Main. */
const SPLIT_LISTS: Record<string, string> = { train: "train.txt", validation: "val.txt" };

/**
 * PASCAL VOC 2012 detection: the trainval tar (1.9 GB; md5 checked when it comes from
 * the official host) is downloaded with resume and extracted once — annotations, the
 * split lists and the images; a tar cannot be read in part. `$MODELZOO_VOC_URL`
 * replaces the official base URL.
 */
export const voc2012: ZooDatasetSource = {
  name: "voc-2012",
  description: "PASCAL VOC 2012: 20 object classes with boxes; 5,717 train and 5,823 validation images.",
  tags: ["image", "detection"],
  splits: ["validation", "train"],
  labelTypes: ["detections"],
  license: "Flickr terms of use (images); annotations for research use",
  homepage: "http://host.robots.ox.ac.uk/pascal/VOC/voc2012/",
  fullSize: "1.9 GB (train and validation in one archive)",
  mirrorEnv: "MODELZOO_VOC_URL",
  async index(split: string | undefined, ctx: IndexContext): Promise<SplitIndex> {
    const root = path.join(ctx.rawDir, "VOC2012");
    if (!fs.existsSync(root)) await fetchArchive(ctx, root);
    const listFile = path.join(root, "ImageSets", "Main", SPLIT_LISTS[split!]!);
    const ids = fs.readFileSync(listFile, "utf8").split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== "");
    const parser = new XMLParser({ isArray: (name) => name === "object" });
    return {
      classes: [...VOC_CLASSES],
      records: ids.map((id) => {
        const xmlFile = path.join(root, "Annotations", `${id}.xml`);
        const { width, height, objects } = readAnnotation(parser, xmlFile);
        return { id, fileName: `${id}.jpg`, url: pathToFileURL(path.join(root, "JPEGImages", `${id}.jpg`)).href, width, height, objects };
      }),
    };
  },
};

async function fetchArchive(ctx: IndexContext, root: string): Promise<void> {
  const base = (process.env.MODELZOO_VOC_URL ?? OFFICIAL_BASE).replace(/\/$/, "");
  const tarFile = path.join(ctx.rawDir, ARCHIVE);
  await ctx.fetch(`${base}/${ARCHIVE}`, tarFile, base === OFFICIAL_BASE ? { md5: ARCHIVE_MD5 } : {});
  const staging = fs.mkdtempSync(path.join(ctx.rawDir, ".voc-"));
  try {
    const keep = [`${ROOT}/Annotations/`, `${ROOT}/JPEGImages/`, `${ROOT}/ImageSets/Main/train.txt`, `${ROOT}/ImageSets/Main/val.txt`];
    try {
      await extractTar({ file: tarFile, cwd: staging, strict: true, filter: (p) => keep.some((k) => p.replace(/^\.\//, "").startsWith(k)) });
    } catch (err) {
      fs.rmSync(tarFile, { force: true });
      throw new CorruptArchiveError(tarFile, (err as Error).message, { cause: err });
    }
    const extracted = path.join(staging, ROOT);
    for (const need of ["Annotations", "JPEGImages", "ImageSets/Main/train.txt", "ImageSets/Main/val.txt"]) {
      if (!fs.existsSync(path.join(extracted, need))) {
        fs.rmSync(tarFile, { force: true });
        throw new CorruptArchiveError(tarFile, `it has no ${ROOT}/${need}`);
      }
    }
    fs.renameSync(extracted, root);
    fs.rmSync(tarFile, { force: true }); // everything needed is extracted
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

interface VocXml {
  annotation?: {
    size?: { width?: number; height?: number };
    object?: { name?: string; pose?: string; truncated?: number; difficult?: number; occluded?: number; bndbox?: { xmin?: number; ymin?: number; xmax?: number; ymax?: number } }[];
  };
}

/**
 * One VOC XML file. The devkit's box corners are 1-based inclusive pixel indices, so
 * the box in 0-based pixels is [xmin - 1, ymin - 1, xmax - xmin + 1, ymax - ymin + 1].
 */
function readAnnotation(parser: XMLParser, file: string): { width: number; height: number; objects: ZooObject[] } {
  let xml: VocXml;
  try {
    xml = parser.parse(fs.readFileSync(file, "utf8")) as VocXml;
  } catch (err) {
    throw new CorruptArchiveError(file, `not readable VOC XML: ${(err as Error).message}`, { cause: err });
  }
  const width = Number(xml.annotation?.size?.width);
  const height = Number(xml.annotation?.size?.height);
  if (!(width > 0 && height > 0)) throw new CorruptArchiveError(file, "it has no <size> with a positive width and height");
  const objects = (xml.annotation?.object ?? []).map((o) => {
    const b = o.bndbox ?? {};
    const [x1, y1, x2, y2] = [b.xmin, b.ymin, b.xmax, b.ymax].map(Number) as [number, number, number, number];
    if (!o.name || ![x1, y1, x2, y2].every(Number.isFinite)) throw new CorruptArchiveError(file, "an <object> lacks <name> or a <bndbox> corner");
    const attributes: Record<string, unknown> = {};
    for (const key of ["pose", "truncated", "difficult", "occluded"] as const) if (o[key] !== undefined) attributes[key] = o[key];
    return { label: String(o.name), boundingBox: fromAbsoluteBox([x1 - 1, y1 - 1, x2 - x1 + 1, y2 - y1 + 1], width, height), attributes };
  });
  return { width, height, objects };
}
