import path from "node:path";
import { labelKey, type LabelField } from "../dataset/index.js";
import { ModelzooError } from "../errors.js";
import { Segmentation, isLabel, type Label } from "../labels/index.js";
import { writeMaskPng } from "../media/index.js";
import type { ModelOutput } from "./model.js";

/**
 * FiftyOne's `output_dir`/`rel_dir`: writes the inline masks of `Segmentation`
 * predictions as PNG files and returns the output with `maskPath`s instead, so that
 * large masks live on disk rather than in the dataset. A mask of field `f` for media
 * `images/a/b.jpg` goes to `<outputDir>/f/<path of the media relative to relDir, or its name>.png`.
 */
export async function writeMasksToDisk(
  output: ModelOutput,
  filepath: string,
  labelField: LabelField,
  options: { outputDir: string; relDir?: string },
): Promise<ModelOutput> {
  const rel = options.relDir ? path.relative(path.resolve(options.relDir), filepath) : path.basename(filepath);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new ModelzooError("REL_DIR", `${filepath} is not inside relDir ${options.relDir}; pass a relDir that contains every sample's media.`);
  }
  const stem = rel.slice(0, rel.length - path.extname(rel).length);
  const externalize = async (label: Label | null, field: string): Promise<Label | null> => {
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
