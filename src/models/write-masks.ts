import path from "node:path";
import { labelKey, type LabelField } from "../dataset/index.js";
import { ModelzooError } from "../errors.js";
import { ImageOutput, Segmentation, isLabel, type Label } from "../labels/index.js";
import { writeMaskPng, writeRgbPng } from "../media/index.js";
import type { ModelOutput } from "./model.js";

/**
 * FiftyOne's `output_dir`/`rel_dir`: writes the inline masks of `Segmentation`
 * predictions and the pixels of `ImageOutput`s as PNG files and returns the output with
 * `maskPath`s/`imagePath`s instead, so that large masks and images live on disk rather
 * than in the dataset. A mask of field `f` for media `images/a/b.jpg` goes to
 * `<outputDir>/f/<path of the media relative to relDir, or its name>.png`. With
 * `imagesOnly`, masks stay inline.
 */
export async function writeMasksToDisk(
  output: ModelOutput,
  filepath: string,
  labelField: LabelField,
  options: { outputDir: string; relDir?: string; imagesOnly?: boolean },
): Promise<ModelOutput> {
  const rel = options.relDir ? path.relative(path.resolve(options.relDir), filepath) : path.basename(filepath);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new ModelzooError("REL_DIR", `${filepath} is not inside relDir ${options.relDir}; pass a relDir that contains every sample's media.`);
  }
  const stem = rel.slice(0, rel.length - path.extname(rel).length);
  const externalize = async (label: Label | null, field: string): Promise<Label | null> => {
    if (label instanceof ImageOutput && label.image) {
      const imagePath = path.resolve(options.outputDir, field, `${stem}.png`);
      await writeRgbPng(label.image, imagePath);
      return new ImageOutput({ id: label.id, tags: label.tags, imagePath, width: label.width, height: label.height, ...(label.scale !== undefined ? { scale: label.scale } : {}) });
    }
    if (options.imagesOnly) return label;
    if (!(label instanceof Segmentation) || !label.mask || (label.mask.dtype !== "uint8" && label.mask.dtype !== "uint16")) return label;
    const maskPath = path.resolve(options.outputDir, field, `${stem}.png`);
    await writeMaskPng(label.mask, maskPath);
    return new Segmentation({ id: label.id, tags: label.tags, maskPath });
  };
  if (output === null || output instanceof Map) return output; // frame dicts: applyModel writes their frames one by one
  if (isLabel(output)) return externalize(output, typeof labelField === "string" ? labelField : "predictions");
  const out: Record<string, Label | null> = {};
  for (const [k, v] of Object.entries(output as Readonly<Record<string, Label | null>>)) out[k] = await externalize(v, labelKey(labelField, k));
  return out;
}

/** True when `output` holds an `ImageOutput` whose pixels are in memory (to be written to disk). */
export function hasInlineImages(output: ModelOutput): boolean {
  if (output === null || output instanceof Map) return false;
  if (isLabel(output)) return output instanceof ImageOutput && output.image !== undefined;
  return Object.values(output as Readonly<Record<string, Label | null>>).some((v) => v instanceof ImageOutput && v.image !== undefined);
}
