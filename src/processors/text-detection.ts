import { z } from "zod";
import { Detection, Detections, Polyline, Polylines } from "../labels/index.js";
import { densePlanes, type DenseLayout } from "./dense-map.js";
import { ProcessorOptionsError } from "./errors.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { count, denseLayout, fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link TextDetectionProcessor}. */
export interface TextDetectionOptions {
  /** Output with the text probability map, `[N, 1, H, W]` at the input's resolution. */
  output: string;
  /** Channel layout of the output. Default `"nchw"`. */
  layout?: DenseLayout;
  /** Pixels above this probability are text. Default 0.3 (PaddleOCR's `det_db_thresh`). */
  threshold?: number;
  /** A region is kept when its box's mean probability is at least this. Default 0.6 (`det_db_box_thresh`). */
  boxThreshold?: number;
  /** How far the shrunk text kernel is grown back: `area * ratio / perimeter`. Default 1.5 (`det_db_unclip_ratio`). */
  unclipRatio?: number;
  /** Regions whose shorter side (in map pixels) is below this are dropped. Default 3 (PaddleOCR's `min_size`). */
  minSize?: number;
  /** At most this many regions, the largest first. Default 1000 (`max_candidates`). */
  maxCandidates?: number;
}

/** One text region found in the binary map, in map pixels (inclusive bounds). */
interface TextRegion {
  /** Left column. */
  x0: number;
  /** Top row. */
  y0: number;
  /** Right column. */
  x1: number;
  /** Bottom row. */
  y1: number;
  /** Mean probability inside the box. */
  score: number;
}

/**
 * DB (Differentiable Binarization) post-processing of a text probability map, as
 * PaddleOCR's `ppocr/postprocess/db_postprocess.py` describes it: binarize at
 * `threshold`, take the connected components (8-connected), score each by the mean
 * probability inside its box (`box_score_fast`), drop weak and tiny ones, and grow each
 * box by `area * unclipRatio / perimeter` on every side (the `unclip` offset; for a
 * rectangle the min-area rectangle of the offset polygon is the box grown by that
 * distance). Boxes here are axis-aligned rectangles (no rotated text).
 *
 * `map` is row-major `width × height`. Returns boxes in map pixels (continuous
 * coordinates: a pixel `x` spans `[x, x + 1]`), not clipped, top to bottom.
 */
export function dbTextRegions(map: ArrayLike<number>, width: number, height: number, options: Omit<TextDetectionOptions, "output" | "layout"> = {}): Array<{ box: [number, number, number, number]; score: number }> {
  const threshold = options.threshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.6;
  const unclipRatio = options.unclipRatio ?? 1.5;
  const minSize = options.minSize ?? 3;
  const maxCandidates = options.maxCandidates ?? 1000;
  const regions = components(map, width, height, threshold);
  // The largest first, so that the maxCandidates cap drops the smallest.
  regions.sort((a, b) => (b.x1 - b.x0 + 1) * (b.y1 - b.y0 + 1) - (a.x1 - a.x0 + 1) * (a.y1 - a.y0 + 1));
  const out: Array<{ box: [number, number, number, number]; score: number }> = [];
  for (const r of regions.slice(0, maxCandidates)) {
    // Sizes cover whole pixels (PaddleOCR measures its contour between pixel centres, one pixel less).
    const w = r.x1 - r.x0 + 1;
    const h = r.y1 - r.y0 + 1;
    if (Math.min(w, h) < minSize) continue;
    const score = meanInBox(map, width, r);
    if (score < boxThreshold) continue;
    const d = (w * h * unclipRatio) / (2 * (w + h));
    // PaddleOCR drops boxes whose shorter side after unclip is below min_size + 2.
    if (Math.min(w, h) + 2 * d < minSize + 2) continue;
    out.push({ box: [r.x0 - d, r.y0 - d, w + 2 * d, h + 2 * d], score });
  }
  // Reading order: top to bottom, then left to right (as PaddleOCR's sorted_boxes).
  return out.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
}

/** Bounding boxes of the 8-connected components of `map > threshold` (iterative flood fill). */
function components(map: ArrayLike<number>, width: number, height: number, threshold: number): Array<Omit<TextRegion, "score">> {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const out: Array<Omit<TextRegion, "score">> = [];
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || !(map[start]! > threshold)) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (seen[j] || !(map[j]! > threshold)) continue;
          seen[j] = 1;
          stack[top++] = j;
        }
      }
    }
    out.push({ x0, y0, x1, y1 });
  }
  return out;
}

function meanInBox(map: ArrayLike<number>, width: number, r: Omit<TextRegion, "score">): number {
  let sum = 0;
  for (let y = r.y0; y <= r.y1; y++) for (let x = r.x0; x <= r.x1; x++) sum += map[y * width + x]!;
  return sum / ((r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1));
}

/** What {@link TextDetectionProcessor} returns: each text box and its outline, at the same index. */
export type TextDetectionOutput = {
  /** One `"text"` detection per region, confidence = its box score. */
  detections: Detections;
  /** The same regions as closed 4-point shapes. */
  polylines: Polylines;
};

/**
 * Text detection from a DB probability map (PaddleOCR's detectors): boxes around the
 * words and lines, as `{ detections, polylines }` relative to the image (letterbox
 * padding cut off). See {@link dbTextRegions} for the steps.
 */
export class TextDetectionProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - output name and DB thresholds */
  constructor(private readonly options: TextDetectionOptions) {
    if (typeof options.output !== "string") throw new ProcessorOptionsError(`TextDetectionProcessor needs the name of the probability map output ("output"), got ${JSON.stringify(options.output)}.`);
    this.outputNames = [options.output];
  }

  /** The text boxes of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): TextDetectionOutput {
    const t = requireOutput(outputs, this.options.output, "TextDetectionProcessor");
    // t: [N, 1, H, W] probabilities; cut to where the image lies in the letterboxed input.
    const p = densePlanes(t, ctx.index, this.options.layout ?? "nchw", ctx.contentBox);
    const map = new Float32Array(p.width * p.height);
    for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) map[y * p.width + x] = p.at(0, x, y);
    const detections: Detection[] = [];
    const polylines: Polyline[] = [];
    for (const { box, score } of dbTextRegions(map, p.width, p.height, this.options)) {
      // Map pixels of the crop → relative to the image, clipped to it.
      const left = clamp01(box[0] / p.width);
      const top = clamp01(box[1] / p.height);
      const right = clamp01((box[0] + box[2]) / p.width);
      const bottom = clamp01((box[1] + box[3]) / p.height);
      detections.push(new Detection({ label: "text", boundingBox: [left, top, right - left, bottom - top], confidence: score }));
      polylines.push(
        new Polyline({
          label: "text",
          points: [[[left, top], [right, top], [right, bottom], [left, bottom]]],
          closed: true,
          confidence: score,
        }),
      );
    }
    return { detections: new Detections({ detections }), polylines: new Polylines({ polylines }) };
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** The options of {@link TextDetectionProcessor} as a manifest gives them (`processor.type: "text-detection"`). */
export const TextDetectionOptionsSchema: z.ZodType<TextDetectionOptions> = z.strictObject({ output: outputName, layout: denseLayout.optional(), threshold: fraction.optional(), boxThreshold: fraction.optional(), unclipRatio: z.number().positive().optional(), minSize: z.number().nonnegative().optional(), maxCandidates: count.optional() });

registerProcessor({ type: "text-detection", options: TextDetectionOptionsSchema, create: (options) => new TextDetectionProcessor(options) });
