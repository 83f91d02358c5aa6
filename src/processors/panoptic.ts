import { z } from "zod";
import { Array2D, Detection, Detections } from "../labels/index.js";
import { resolveClasses, type ClassesOption } from "./class-lists.js";
import { bilinearAxis } from "./dense-map.js";
import { ProcessorOptionsError } from "./errors.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { classesOption, fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link PanopticSegmentationProcessor}. */
export interface PanopticSegmentationOptions {
  /** Class logits `[N, Q, C + 1]`, the last column "no object". Default `"logits"` (DETR); MaskFormer's is `"class_queries_logits"`. */
  logitsOutput?: string;
  /** Mask logits `[N, Q, h, w]` over the model input. Default `"pred_masks"` (DETR); MaskFormer's is `"masks_queries_logits"`. */
  masksOutput?: string;
  /** Class names by logit column, without "no object" (or a built-in list's name, e.g. `"coco-panoptic"`). */
  classes: ClassesOption;
  /** Queries whose class probability is not above this are dropped. Default 0.5. */
  minScore?: number;
  /** A pixel belongs to a query's own mask where its probability × the query's score is at least this. Default 0.5. */
  maskThreshold?: number;
  /** A segment is kept when the pixels it wins are more than this fraction of its own mask. Default 0.8. */
  overlapMaskAreaThreshold?: number;
}

/**
 * Panoptic segmentation of mask-classification models (DETR `DetrForSegmentation`,
 * MaskFormer, Mask2Former), decoded as Hugging Face's `post_process_panoptic_segmentation`
 * does (transformers.js 4.x `image_processors_utils.js`, which the hub entries are checked
 * against): each query's class is the arg-max of its logits (queries whose arg-max is "no
 * object", or whose softmax probability is not above `minScore`, are dropped); its mask
 * probabilities (sigmoid) are resized bilinearly to the image; every pixel goes to the
 * query with the highest probability × score; a query becomes a segment when it wins
 * pixels and they are more than `overlapMaskAreaThreshold` of its own mask (probability ×
 * score ≥ `maskThreshold`: both libraries weigh the masks by the scores before
 * `check_segment_validity`). Segments do not overlap. The result is `Detections`, one per segment
 * (things and stuff alike), each with its class, score, the box around its pixels and its
 * mask over that box — FiftyOne's instance-mask form.
 */
export class PanopticSegmentationProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly logitsName: string;
  private readonly masksName: string;
  private readonly classes: readonly string[];

  /** @param options - outputs, classes, thresholds */
  constructor(private readonly options: PanopticSegmentationOptions) {
    this.classes = resolveClasses(options.classes, "PanopticSegmentationProcessor");
    this.logitsName = options.logitsOutput ?? "logits";
    this.masksName = options.masksOutput ?? "pred_masks";
    this.outputNames = [this.logitsName, this.masksName];
  }

  /** One detection with a mask per segment of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const name = "PanopticSegmentationProcessor";
    const logits = requireOutput(outputs, this.logitsName, name);
    const masks = requireOutput(outputs, this.masksName, name);
    const [queries, columns] = [logits.dims[1]!, logits.dims[2]!];
    if (columns - 1 !== this.classes.length) {
      throw new ProcessorOptionsError(`${name}: the model scores ${columns - 1} classes + "no object", but ${this.classes.length} class names were given. Fix the class list.`);
    }
    if (masks.dims.length !== 4 || masks.dims[1] !== queries) {
      throw new ProcessorOptionsError(`${name}: "${this.masksName}" must be [N, ${queries}, h, w] (one mask per query), got [${masks.dims.join(", ")}].`);
    }
    const minScore = this.options.minScore ?? 0.5;
    // 1. Queries that name a real class with enough probability.
    const kept: { query: number; classIndex: number; score: number }[] = [];
    for (let q = 0; q < queries; q++) {
      const base = (ctx.index * queries + q) * columns;
      let best = 0;
      for (let c = 1; c < columns; c++) if (logits.data[base + c]! > logits.data[base + best]!) best = c;
      if (best === columns - 1) continue;
      let sum = 0;
      for (let c = 0; c < columns; c++) sum += Math.exp(logits.data[base + c]! - logits.data[base + best]!);
      const score = 1 / sum;
      if (score > minScore) kept.push({ query: q, classIndex: best, score });
    }
    const [W, H] = [ctx.imageWidth, ctx.imageHeight];
    if (kept.length === 0) return new Detections({ detections: [] });
    // 2. Each kept query's mask probability at every image pixel, one plane at a time:
    // the pixel's winner (highest probability × score) and the query's own mask area.
    const [mh, mw] = [masks.dims[2]!, masks.dims[3]!];
    const box = ctx.contentBox;
    const xs = bilinearAxis(mw, W, box[0] * mw, box[2] * mw);
    const ys = bilinearAxis(mh, H, box[1] * mh, box[3] * mh);
    const winner = new Int32Array(W * H);
    const bestScore = new Float32Array(W * H);
    const ownArea = new Float64Array(kept.length);
    const plane = new Float32Array(mh * mw);
    const threshold = this.options.maskThreshold ?? 0.5;
    kept.forEach(({ query, score }, k) => {
      const base = (ctx.index * queries + query) * mh * mw;
      for (let i = 0; i < mh * mw; i++) plane[i] = 1 / (1 + Math.exp(-masks.data[base + i]!));
      let area = 0;
      for (let y = 0; y < H; y++) {
        const [y0, y1, wy] = [ys.lo[y]! * mw, ys.hi[y]! * mw, ys.w[y]!];
        for (let x = 0; x < W; x++) {
          const [x0, x1, wx] = [xs.lo[x]!, xs.hi[x]!, xs.w[x]!];
          const p = Math.fround((1 - wy) * ((1 - wx) * plane[y0 + x0]! + wx * plane[y0 + x1]!) + wy * ((1 - wx) * plane[y1 + x0]! + wx * plane[y1 + x1]!));
          const weighted = Math.fround(p * score);
          if (weighted >= threshold) area++;
          const i = y * W + x;
          if (weighted > bestScore[i]!) {
            bestScore[i] = weighted;
            winner[i] = k;
          }
        }
      }
      ownArea[k] = area;
    });
    // 3. Segments: the pixels each query wins, kept when they are most of its own mask.
    const won = new Float64Array(kept.length);
    const minX = new Int32Array(kept.length).fill(W);
    const minY = new Int32Array(kept.length).fill(H);
    const maxX = new Int32Array(kept.length).fill(-1);
    const maxY = new Int32Array(kept.length).fill(-1);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const k = winner[y * W + x]!;
        won[k]!++;
        if (x < minX[k]!) minX[k] = x;
        if (x > maxX[k]!) maxX[k] = x;
        if (y < minY[k]!) minY[k] = y;
        if (y > maxY[k]!) maxY[k] = y;
      }
    }
    const overlap = this.options.overlapMaskAreaThreshold ?? 0.8;
    const detections: Detection[] = [];
    kept.forEach(({ classIndex, score }, k) => {
      if (won[k]! === 0 || ownArea[k]! === 0 || won[k]! / ownArea[k]! <= overlap) return;
      const [bx, by, bw, bh] = [minX[k]!, minY[k]!, maxX[k]! - minX[k]! + 1, maxY[k]! - minY[k]! + 1];
      const mask = Array2D.zeros(bh, bw, "uint8");
      for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) if (winner[(by + y) * W + bx + x] === k) mask.data[y * bw + x] = 1;
      detections.push(new Detection({ label: this.classes[classIndex] ?? String(classIndex), boundingBox: [bx / W, by / H, bw / W, bh / H], confidence: score, mask }));
    });
    return new Detections({ detections });
  }
}

/** The options of {@link PanopticSegmentationProcessor} as a manifest gives them (`processor.type: "panoptic-segmentation"`). */
export const PanopticSegmentationOptionsSchema: z.ZodType<PanopticSegmentationOptions> = z.strictObject({
  logitsOutput: outputName.optional(),
  masksOutput: outputName.optional(),
  classes: classesOption,
  minScore: fraction.optional(),
  maskThreshold: fraction.optional(),
  overlapMaskAreaThreshold: fraction.optional(),
});

registerProcessor({ type: "panoptic-segmentation", options: PanopticSegmentationOptionsSchema, create: (options) => new PanopticSegmentationProcessor(options) });
