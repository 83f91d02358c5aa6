import { z } from "zod";
import { Detection, Detections, Polyline, Polylines } from "../labels/index.js";
import { denseChannel, type DenseLayout } from "./dense-map.js";
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

/** A text region found by {@link dbTextRegions}, in map pixels. */
export interface DbTextRegion {
  /** The upright bounding box of `quad`, `[x, y, w, h]`. */
  box: [number, number, number, number];
  /**
   * The region's minimum-area rectangle, grown by the unclip distance: four corners
   * `[topLeft, topRight, bottomRight, bottomLeft]`, the first edge being the one within
   * 45° of horizontal (the text direction of a horizontal line).
   */
  quad: [number, number][];
  /** Mean probability over the region's pixels. */
  score: number;
  /** The rectangle's text direction in degrees, clockwise from horizontal (y down), within ±45°. */
  angle: number;
}

/**
 * DB (Differentiable Binarization) post-processing of a text probability map, as
 * PaddleOCR's `ppocr/postprocess/db_postprocess.py` describes it: binarize at
 * `threshold`, take the connected components (8-connected), fit each one's
 * minimum-area (rotated) rectangle (`get_mini_boxes`), score it by the mean
 * probability over the component (`score_mode: "slow"`: a tilted line's upright box
 * would mostly hold background), drop weak and tiny ones, and grow the rectangle by
 * `area * unclipRatio / perimeter` on every side (the `unclip` offset; for a
 * rectangle, the min-area rectangle of the offset polygon is the rectangle grown by
 * that distance).
 *
 * `map` is row-major `width × height`. Returns regions in map pixels (continuous
 * coordinates: a pixel `x` spans `[x, x + 1]`), not clipped, top to bottom.
 */
export function dbTextRegions(map: ArrayLike<number>, width: number, height: number, options: Omit<TextDetectionOptions, "output" | "layout"> = {}): DbTextRegion[] {
  const threshold = options.threshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.6;
  const unclipRatio = options.unclipRatio ?? 1.5;
  const minSize = options.minSize ?? 3;
  const maxCandidates = options.maxCandidates ?? 1000;
  const regions = components(map, width, height, threshold);
  // The largest first, so that the maxCandidates cap drops the smallest.
  regions.sort((a, b) => b.count - a.count);
  const out: DbTextRegion[] = [];
  for (const r of regions.slice(0, maxCandidates)) {
    const rect = minAreaRect(r.hull);
    if (Math.min(rect.w, rect.h) < minSize) continue;
    if (r.score < boxThreshold) continue;
    const d = (rect.w * rect.h * unclipRatio) / (2 * (rect.w + rect.h));
    // PaddleOCR drops boxes whose shorter side after unclip is below min_size + 2.
    if (Math.min(rect.w, rect.h) + 2 * d < minSize + 2) continue;
    const quad = rectCorners({ ...rect, w: rect.w + 2 * d, h: rect.h + 2 * d });
    const xs = quad.map((p) => p[0]);
    const ys = quad.map((p) => p[1]);
    const x0 = Math.min(...xs);
    const y0 = Math.min(...ys);
    out.push({ box: [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0], quad, score: r.score, angle: (rect.angle * 180) / Math.PI });
  }
  // Reading order: top to bottom, then left to right (as PaddleOCR's sorted_boxes).
  return out.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
}

/** A connected component: its pixels' convex hull (pixel corners), size and mean probability. */
interface Component {
  hull: [number, number][];
  count: number;
  score: number;
}

/** The 8-connected components of `map > threshold` (iterative flood fill). */
function components(map: ArrayLike<number>, width: number, height: number, threshold: number): Component[] {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  // Per row of the current component: its leftmost and rightmost pixel (enough for the hull).
  const rowMin = new Int32Array(height).fill(width);
  const rowMax = new Int32Array(height).fill(-1);
  const out: Component[] = [];
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || !(map[start]! > threshold)) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let y0 = height;
    let y1 = -1;
    let sum = 0;
    let count = 0;
    while (top > 0) {
      const i = stack[--top]!;
      sum += map[i]!;
      count++;
      const x = i % width;
      const y = (i - x) / width;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (x < rowMin[y]!) rowMin[y] = x;
      if (x > rowMax[y]!) rowMax[y] = x;
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
    const points: [number, number][] = [];
    for (let y = y0; y <= y1; y++) {
      if (rowMax[y]! < 0) continue;
      points.push([rowMin[y]!, y], [rowMin[y]!, y + 1], [rowMax[y]! + 1, y], [rowMax[y]! + 1, y + 1]);
      rowMin[y] = width;
      rowMax[y] = -1;
    }
    out.push({ hull: convexHull(points), count, score: sum / count });
  }
  return out;
}

/** The convex hull of points (Andrew's monotone chain), without collinear points. */
export function convexHull(points: readonly [number, number][]): [number, number][] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: [number, number][] = [];
  for (const q of p.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** A rotated rectangle: centre, side along `angle` (`w`), side across it (`h`); `angle` in radians within (-π/4, π/4]. */
export interface RotatedRect {
  cx: number;
  cy: number;
  w: number;
  h: number;
  angle: number;
}

/**
 * The minimum-area rectangle enclosing a convex polygon (rotating calipers: one of its
 * sides lies on a hull edge), as OpenCV's `minAreaRect`. `angle` is brought within
 * 45° of horizontal, `w` being the side along it.
 */
export function minAreaRect(hull: readonly [number, number][]): RotatedRect {
  if (hull.length === 0) return { cx: 0, cy: 0, w: 0, h: 0, angle: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  // An upright candidate first, so that axis-aligned regions keep angle 0 exactly.
  const edges: number[] = [0];
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    if (a[0] !== b[0] || a[1] !== b[1]) edges.push(Math.atan2(b[1] - a[1], b[0] - a[0]));
  }
  for (const theta of edges) {
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const [x, y] of hull) {
      const u = x * c + y * s;
      const v = -x * s + y * c;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const u = (minU + maxU) / 2;
      const v = (minV + maxV) / 2;
      best = { cx: u * c - v * s, cy: u * s + v * c, w: maxU - minU, h: maxV - minV, angle: theta };
    }
  }
  const r = best!;
  // Bring the angle within (-π/4, π/4]: a quarter turn swaps the sides.
  let { angle, w, h } = r;
  while (angle > Math.PI / 4) {
    angle -= Math.PI / 2;
    [w, h] = [h, w];
  }
  while (angle <= -Math.PI / 4) {
    angle += Math.PI / 2;
    [w, h] = [h, w];
  }
  return { cx: r.cx, cy: r.cy, w, h, angle };
}

/** The corners `[topLeft, topRight, bottomRight, bottomLeft]` of a rotated rectangle (y down). */
export function rectCorners(r: RotatedRect): [number, number][] {
  const ux = Math.cos(r.angle) * (r.w / 2);
  const uy = Math.sin(r.angle) * (r.w / 2);
  const vx = -Math.sin(r.angle) * (r.h / 2);
  const vy = Math.cos(r.angle) * (r.h / 2);
  return [
    [r.cx - ux - vx, r.cy - uy - vy],
    [r.cx + ux - vx, r.cy + uy - vy],
    [r.cx + ux + vx, r.cy + uy + vy],
    [r.cx - ux + vx, r.cy - uy + vy],
  ];
}

/** What {@link TextDetectionProcessor} returns: each text box and its outline, at the same index. */
export type TextDetectionOutput = {
  /**
   * One `"text"` detection per region (the upright box around its rectangle), confidence =
   * its score, attribute `angle`: the text direction in degrees, clockwise (within ±45°).
   */
  detections: Detections;
  /**
   * The same regions as closed 4-point shapes: each one's (possibly rotated) rectangle,
   * `[topLeft, topRight, bottomRight, bottomLeft]` along the text direction — what a
   * cascade with `deskew` cuts the text line from.
   */
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
    const p = denseChannel(t, ctx.index, this.options.layout ?? "nchw", ctx.contentBox, 0);
    const map = p.data;
    const detections: Detection[] = [];
    const polylines: Polyline[] = [];
    for (const { box, quad, score, angle } of dbTextRegions(map, p.width, p.height, this.options)) {
      // Map pixels of the crop → relative to the image, clipped to it.
      const left = clamp01(box[0] / p.width);
      const top = clamp01(box[1] / p.height);
      const right = clamp01((box[0] + box[2]) / p.width);
      const bottom = clamp01((box[1] + box[3]) / p.height);
      // The line's slant in image pixels (the map may be scaled differently along x and y).
      const slant = (Math.atan2(Math.sin((angle * Math.PI) / 180) * (ctx.imageHeight / p.height), Math.cos((angle * Math.PI) / 180) * (ctx.imageWidth / p.width)) * 180) / Math.PI;
      detections.push(new Detection({ label: "text", boundingBox: [left, top, right - left, bottom - top], confidence: score, attributes: { angle: Math.round(slant * 100) / 100 } }));
      polylines.push(
        new Polyline({
          label: "text",
          points: [quad.map(([x, y]): [number, number] => [clamp01(x / p.width), clamp01(y / p.height)])],
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
