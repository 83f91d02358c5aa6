import sharp, { type Sharp } from "sharp";
import { z } from "zod";
import type { ResizeTransform, RgbImage } from "../media/index.js";

/*
 * The geometry of Hugging Face image processors (`preprocessor_config.json`): resize by
 * the shortest/longest edge or to a fixed size, center crop, pad to a fixed size. The
 * steps and their rounding follow transformers.js (`ImageProcessor.preprocess`,
 * `get_resize_output_image_size`, `ConvNextImageProcessor.resize`, `RawImage.resize` /
 * `center_crop` in @huggingface/transformers 4.x), which these entries are verified
 * against: resizing uses sharp's affine transform with the named interpolator (no
 * antialiasing), as transformers.js does in Node.
 */

const size = z.number().int().positive();

/** The Hugging Face image-processor geometry of a model's input (see {@link HfPreprocess}). */
export const HfPreprocessSchema = z.strictObject({
  /** Resampling filter (Pillow's `resample` codes 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic). Default `"bilinear"`. */
  resample: z.enum(["nearest", "bilinear", "bicubic", "lanczos"]).optional(),
  /**
   * The resize: `shortestEdge` (and optionally `longestEdge`) keep the aspect ratio;
   * `width` + `height` resize to that size (stretching, unless `keepAspectRatio`).
   * Left out: no resize.
   */
  size: z
    .strictObject({ shortestEdge: size.optional(), longestEdge: size.optional(), width: size.optional(), height: size.optional() })
    .refine((s) => s.shortestEdge !== undefined || s.longestEdge !== undefined || (s.width !== undefined && s.height !== undefined), "needs shortestEdge, longestEdge, or width and height")
    .optional(),
  /** ConvNeXt's rule: below 384, resize the shortest edge to `floor(shortestEdge / cropPct)` then center crop a `shortestEdge` square; at 384 or more, stretch to the square. */
  cropPct: z.number().positive().max(1).optional(),
  /** Center crop to this size after the resize (padding with black where the image is smaller). */
  crop: z.strictObject({ width: size, height: size }).optional(),
  /** DPT/Depth Anything: with `size.width`/`height`, scale as little as possible keeping the aspect ratio, to multiples of `ensureMultipleOf`. */
  keepAspectRatio: z.boolean().optional(),
  /** See `keepAspectRatio`. */
  ensureMultipleOf: size.optional(),
  /** Round the resized size down to a multiple of this (and pad up to one when `padToMultiple`). */
  sizeDivisibility: size.optional(),
  /** Pad the normalized tensor with zeros on the right and bottom to this size. */
  pad: z.strictObject({ width: size, height: size }).optional(),
});

/** The Hugging Face image-processor geometry of a model's input (from `preprocessor_config.json`). */
export type HfPreprocess = z.infer<typeof HfPreprocessSchema>;

/** The steps {@link planHfPreprocess} decides for one image. */
export interface HfPlan {
  /** Size after the resize. */
  resizeWidth: number;
  resizeHeight: number;
  /** Center crop to this size, when there is one. */
  crop?: { width: number; height: number };
}

/** Python's round-half-to-even, as transformers.js' `bankers_round`. */
function bankersRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? (r % 2 === 0 ? r : r - 1) : r;
}

function multipleOf(value: number, multiple: number): number {
  const a = value / multiple;
  let x = bankersRound(a) * multiple;
  if (x < 0) x = Math.ceil(a) * multiple;
  return x;
}

/**
 * The shortest/longest edge resize. With only a shortest edge (or only a longest one)
 * it is transformers.js' `get_resize_output_image_size`. With both (DETR, YOLOS) it is
 * Python transformers' `get_size_with_aspect_ratio`: the shortest edge becomes
 * `shortest` unless the longest would then pass `longest`, when the longest becomes
 * `longest` — never larger. (transformers.js 4.3 instead always scales the longest edge
 * up to `longest`: a 640×480 photo becomes 1333×999 there, 1066×800 in Python, whose
 * DETR documentation shows that `[1, 3, 800, 1066]`; modelzoo follows Python.)
 */
function edgeResize(w: number, h: number, shortest: number | undefined, longest: number | undefined, divisibility: number | undefined): [number, number] {
  let fw: number;
  let fh: number;
  if (shortest !== undefined && longest !== undefined) {
    let size = shortest;
    let raw: number | undefined;
    const min = Math.min(w, h);
    const max = Math.max(w, h);
    if ((max / min) * size > longest) {
      raw = (longest * min) / max;
      size = bankersRound(raw);
    }
    if ((h <= w && h === size) || (w <= h && w === size)) [fw, fh] = [w, h];
    else if (w < h) [fw, fh] = [size, Math.trunc(((raw ?? size) * h) / w)];
    else [fw, fh] = [Math.trunc(((raw ?? size) * w) / h), size];
  } else {
    const short = shortest === undefined ? 1 : Math.max(shortest / w, shortest / h);
    const nw = w * short;
    const nh = h * short;
    const long = longest === undefined ? 1 : Math.min(longest / nw, longest / nh);
    // transformers.js rounds to 2 decimals before flooring, against floating point noise.
    fw = Math.floor(Number((nw * long).toFixed(2)));
    fh = Math.floor(Number((nh * long).toFixed(2)));
  }
  if (divisibility !== undefined) [fw, fh] = [Math.max(Math.floor(fw / divisibility), 1) * divisibility, Math.max(Math.floor(fh / divisibility), 1) * divisibility];
  return [fw, fh];
}

/** What happens to a `srcWidth×srcHeight` image under `spec`: resize size and crop. */
export function planHfPreprocess(srcWidth: number, srcHeight: number, spec: HfPreprocess): HfPlan {
  const s = spec.size;
  let plan: HfPlan;
  if (!s) plan = { resizeWidth: srcWidth, resizeHeight: srcHeight };
  else if (spec.cropPct !== undefined && s.shortestEdge !== undefined) {
    const edge = s.shortestEdge;
    if (edge < 384) {
      const [w, h] = edgeResize(srcWidth, srcHeight, Math.floor(edge / spec.cropPct), undefined, undefined);
      plan = { resizeWidth: w, resizeHeight: h, crop: { width: edge, height: edge } };
    } else plan = { resizeWidth: edge, resizeHeight: edge };
  } else if (s.shortestEdge !== undefined || s.longestEdge !== undefined) {
    const [w, h] = edgeResize(srcWidth, srcHeight, s.shortestEdge, s.longestEdge, spec.sizeDivisibility);
    plan = { resizeWidth: w, resizeHeight: h };
  } else {
    let w = s.width!;
    let h = s.height!;
    if (spec.keepAspectRatio && spec.ensureMultipleOf) {
      let sh = h / srcHeight;
      let sw = w / srcWidth;
      if (Math.abs(1 - sw) < Math.abs(1 - sh)) sh = sw;
      else sw = sh;
      h = multipleOf(sh * srcHeight, spec.ensureMultipleOf);
      w = multipleOf(sw * srcWidth, spec.ensureMultipleOf);
    }
    plan = { resizeWidth: w, resizeHeight: h };
  }
  if (spec.crop) plan.crop = { ...spec.crop };
  return plan;
}

/** An image after the geometric steps, before normalization, and how the source maps into it. */
export interface HfPrepared {
  image: RgbImage;
  /** Mapping of the source into `image` (the crop shows as negative padding). */
  transform: ResizeTransform;
}

/**
 * Resizes and center-crops `image` as the Hugging Face image processor `spec` does in
 * transformers.js (sharp's affine transform with the processor's interpolator, then
 * `extract`/`extend` at the floored centre offsets). Padding to `spec.pad` happens on
 * the normalized tensor (see `ImageModel`).
 */
export async function hfResizeAndCrop(image: RgbImage, spec: HfPreprocess): Promise<HfPrepared> {
  const plan = planHfPreprocess(image.width, image.height, spec);
  let current = image;
  if (plan.resizeWidth !== image.width || plan.resizeHeight !== image.height) {
    let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
    const resample = spec.resample ?? "bilinear";
    pipeline =
      resample === "lanczos"
        ? pipeline.resize({ width: plan.resizeWidth, height: plan.resizeHeight, fit: "fill", kernel: "lanczos3" })
        : pipeline.affine([plan.resizeWidth / image.width, 0, 0, plan.resizeHeight / image.height], { interpolator: resample === "bicubic" ? "bicubic" : resample === "nearest" ? "nearest" : "bilinear" });
    current = await toRgb(pipeline);
  }
  const scaleX = current.width / image.width;
  const scaleY = current.height / image.height;
  let padLeft = 0;
  let padTop = 0;
  if (plan.crop && (plan.crop.width !== current.width || plan.crop.height !== current.height)) {
    const { width: cw, height: ch } = plan.crop;
    const dx = (current.width - cw) / 2;
    const dy = (current.height - ch) / 2;
    const padX = dx < 0 ? Math.floor(-dx) : 0;
    const padY = dy < 0 ? Math.floor(-dy) : 0;
    const left = dx >= 0 ? Math.floor(dx) : 0;
    const top = dy >= 0 ? Math.floor(dy) : 0;
    let pipeline = sharp(current.data, { raw: { width: current.width, height: current.height, channels: 3 } });
    if (padX > 0 || padY > 0) {
      pipeline = pipeline.extend({ left: padX, right: dx < 0 ? cw - current.width - padX : 0, top: padY, bottom: dy < 0 ? ch - current.height - padY : 0, background: { r: 0, g: 0, b: 0 } });
      // sharp applies extract after extend only in a second pipeline.
      current = await toRgb(pipeline);
      pipeline = sharp(current.data, { raw: { width: current.width, height: current.height, channels: 3 } });
    }
    current = await toRgb(pipeline.extract({ left, top, width: cw, height: ch }));
    padLeft = padX - left;
    padTop = padY - top;
  }
  return {
    image: current,
    transform: { srcWidth: image.width, srcHeight: image.height, dstWidth: current.width, dstHeight: current.height, scaleX, scaleY, padLeft, padTop },
  };
}

async function toRgb(pipeline: Sharp): Promise<RgbImage> {
  const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`the Hugging Face resize produced ${info.channels} channels, not 3`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
}

/** The size of the tensor `spec` makes from a `srcWidth×srcHeight` image (after crop and pad). */
export function hfTensorSize(contentWidth: number, contentHeight: number, spec: HfPreprocess): { width: number; height: number } {
  if (spec.pad) return { width: Math.max(spec.pad.width, contentWidth), height: Math.max(spec.pad.height, contentHeight) };
  return { width: contentWidth, height: contentHeight };
}

/** Copies a `[C, h, w]` (nchw) or `[h, w, C]` (nhwc) tensor into a zero `[C, H, W]` / `[H, W, C]` one, top-left. */
export function padTensor(tensor: Float32Array, w: number, h: number, W: number, H: number, channels: number, layout: "nchw" | "nhwc"): Float32Array {
  if (w === W && h === H) return tensor;
  const out = new Float32Array(W * H * channels);
  for (let c = 0; c < (layout === "nchw" ? channels : 1); c++) {
    for (let y = 0; y < h; y++) {
      if (layout === "nchw") out.set(tensor.subarray(c * w * h + y * w, c * w * h + (y + 1) * w), c * W * H + y * W);
      else out.set(tensor.subarray(y * w * channels, (y + 1) * w * channels), y * W * channels);
    }
  }
  return out;
}
