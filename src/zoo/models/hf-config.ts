import type { HfPreprocess, ImageInputConfig } from "../../models/index.js";
import { HfConfigError } from "../errors.js";

/*
 * Reading a Hugging Face repository's `preprocessor_config.json` into modelzoo's input
 * configuration. The semantics of each field (defaults, legacy integer sizes, which
 * processor types center-crop by `crop_pct`) follow transformers.js 4.x
 * (`ImageProcessor` in src/image_processors_utils.js and the per-model processors),
 * the implementation the hub entries are verified against.
 */

/** Pillow's resampling codes (`resample` in preprocessor_config.json). */
const RESAMPLE: Record<number, NonNullable<HfPreprocess["resample"]>> = { 0: "nearest", 1: "lanczos", 2: "bilinear", 3: "bicubic" };

/** Fields whose steps modelzoo does not perform; a config that turns them on is refused. */
const UNSUPPORTED = ["do_thumbnail", "do_crop_margin", "do_convert_grayscale"] as const;

type Json = Record<string, unknown>;

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function rgb(v: unknown, what: string, repo: string): [number, number, number] | undefined {
  if (v === undefined || v === null) return undefined;
  const arr = typeof v === "number" ? [v, v, v] : v;
  if (!Array.isArray(arr) || arr.length !== 3 || !arr.every((x) => typeof x === "number")) {
    throw new HfConfigError(`${repo}: preprocessor_config.json's ${what} must be a number or 3 numbers, got ${JSON.stringify(v)}.`);
  }
  return arr as [number, number, number];
}

function sizeBox(v: unknown): { width: number; height: number } | undefined {
  if (typeof v === "number") return { width: v, height: v };
  if (v && typeof v === "object") {
    const o = v as Json;
    const w = num(o.width);
    const h = num(o.height);
    if (w !== undefined && h !== undefined) return { width: w, height: h };
  }
  return undefined;
}

/**
 * modelzoo's image input configuration for a Hugging Face image processor's
 * `preprocessor_config.json`: resize (shortest/longest edge, fixed size, DPT's
 * aspect-keeping multiples), center crop (ConvNeXt's `crop_pct` rule for ConvNeXt
 * processors), rescale, normalize, pad, channel flip. The tensor is `pixel_values`,
 * NCHW; DETR-style processors also feed `pixel_mask` when the graph takes it.
 *
 * @param pre - the parsed preprocessor_config.json
 * @param repo - the repository, for messages
 * @throws HfConfigError for values modelzoo cannot reproduce (named, with the field)
 */
export function imageInputFromPreprocessorConfig(pre: Json, repo: string): ImageInputConfig {
  for (const field of UNSUPPORTED) {
    if (pre[field] === true) throw new HfConfigError(`${repo}: preprocessor_config.json sets ${field}, a step modelzoo does not perform. Supported: resize, center crop, rescale, normalize, pad.`);
  }
  const typeField = pre.image_processor_type ?? pre.feature_extractor_type;
  const type = typeof typeField === "string" ? typeField : "";
  const hf: HfPreprocess = {};
  const resample = pre.resample ?? 2;
  if (typeof resample === "number") {
    if (!(resample in RESAMPLE)) throw new HfConfigError(`${repo}: resample ${resample} is not supported; use 0 (nearest), 1 (lanczos), 2 (bilinear) or 3 (bicubic).`);
    hf.resample = RESAMPLE[resample];
  } else if (typeof resample === "string" && ["nearest", "bilinear", "bicubic", "lanczos"].includes(resample)) hf.resample = resample as HfPreprocess["resample"];
  else throw new HfConfigError(`${repo}: resample ${JSON.stringify(resample)} is not supported; use 0–3 or nearest, bilinear, bicubic, lanczos.`);

  const size = pre.size ?? pre.image_size;
  const doResize = typeof pre.do_resize === "boolean" ? pre.do_resize : size !== undefined;
  if (doResize) {
    if (typeof size === "number") {
      // A legacy integer, read as Python transformers does: with max_size (DETR, YOLOS) the
      // shortest edge bounded by it; for processors that crop afterwards (CLIP, ConvNeXt...)
      // the shortest edge; otherwise a square (ViT, SegFormer).
      const maxSize = num(pre.max_size);
      hf.size =
        maxSize !== undefined
          ? { shortestEdge: size, longestEdge: maxSize }
          : pre.do_center_crop === true || /ConvNext|CLIP|Bit/i.test(type)
            ? { shortestEdge: size }
            : { width: size, height: size };
    } else if (size && typeof size === "object") {
      const s = size as Json;
      const out: NonNullable<HfPreprocess["size"]> = {};
      if (num(s.shortest_edge) !== undefined) out.shortestEdge = num(s.shortest_edge)!;
      if (num(s.longest_edge) !== undefined) out.longestEdge = num(s.longest_edge)!;
      if (num(s.width) !== undefined && num(s.height) !== undefined) {
        out.width = num(s.width)!;
        out.height = num(s.height)!;
      }
      if (Object.keys(out).length === 0) throw new HfConfigError(`${repo}: preprocessor_config.json's size ${JSON.stringify(size)} has none of shortest_edge, longest_edge, width+height.`);
      hf.size = out;
    } else throw new HfConfigError(`${repo}: preprocessor_config.json resizes but gives no size.`);
  }
  if (/ConvNext/i.test(type)) hf.cropPct = num(pre.crop_pct) ?? 224 / 256;
  if (pre.do_center_crop === true) {
    const crop = sizeBox(pre.crop_size);
    if (!crop) throw new HfConfigError(`${repo}: do_center_crop needs crop_size (a number or {width, height}), got ${JSON.stringify(pre.crop_size)}.`);
    hf.crop = crop;
  }
  if (pre.keep_aspect_ratio === true) hf.keepAspectRatio = true;
  if (num(pre.ensure_multiple_of) !== undefined) hf.ensureMultipleOf = num(pre.ensure_multiple_of)!;
  const divisibility = num(pre.size_divisibility) ?? num(pre.size_divisor);
  if (divisibility !== undefined) hf.sizeDivisibility = divisibility;
  if (pre.do_pad === true) {
    const padTo = sizeBox(pre.pad_size) ?? (divisibility === undefined && hf.size?.width !== undefined ? { width: hf.size.width, height: hf.size.height! } : undefined);
    if (padTo) hf.pad = padTo;
  }

  const doNormalize = pre.do_normalize === true;
  const mean = doNormalize ? rgb(pre.image_mean ?? pre.mean, "image_mean", repo) : undefined;
  const std = doNormalize ? rgb(pre.image_std ?? pre.std, "image_std", repo) : undefined;
  const doRescale = pre.do_rescale ?? true;
  const nominal = hf.crop ?? hf.pad ?? (hf.size?.width !== undefined ? { width: hf.size.width, height: hf.size.height! } : undefined) ?? { width: hf.size?.shortestEdge ?? 224, height: hf.size?.shortestEdge ?? 224 };
  return {
    name: "pixel_values",
    width: nominal.width,
    height: nominal.height,
    layout: "nchw",
    scale: doRescale === false ? 1 : (num(pre.rescale_factor) ?? 1 / 255),
    ...(mean ? { mean } : {}),
    ...(std ? { std } : {}),
    ...(pre.do_flip_channel_order === true ? { channelOrder: "bgr" as const } : {}),
    ...(/^Detr/i.test(type) ? { maskInput: "pixel_mask" } : {}),
    hf,
  };
}
