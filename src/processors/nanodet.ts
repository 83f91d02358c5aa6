import { z } from "zod";
import { COCO_CLASSES } from "./coco-classes.js";
import { finishDetections, type RawDetection } from "./detections-builder.js";
import type { DecodeContext, OutputTensor } from "./processor-types.js";
import { ProcessorOutputError } from "./errors.js";
import { detectionLimits, registerProcessor } from "./registry.js";

/** Options of {@link NanoDetProcessor}. */
export interface NanoDetOptions {
  /** Class names by score column. Default: the 80 COCO classes. */
  classes?: readonly string[];
  /** Candidates below this score are dropped. Default 0.3. */
  minScore?: number;
  /** NMS overlap threshold. Default 0.5. */
  iouThreshold?: number;
  /** At most this many detections. Default 100. */
  maxDetections?: number;
  /** NMS across classes, as @vladmandic/human runs it (one label per object). Default false: per class, as NanoDet's multiclass_nms. */
  classAgnostic?: boolean;
}

/**
 * NanoDet / GFL heads: for every feature level (stride 8, 16, 32...) one output of
 * per-class scores `[N, H·W, C]` and one of box distributions `[N, H·W, 4·(R+1)]`.
 * Each side's distance to the cell centre is the expectation of its discrete
 * distribution — Σ i·softmax(bins)ᵢ, times the stride — the "integral" box
 * representation of Generalized Focal Loss (Li et al., 2020). Levels are matched by
 * their cell count, so output names need not be known.
 */
export class NanoDetProcessor {
  private readonly classes: readonly string[];

  /** @param options - classes and thresholds */
  constructor(private readonly options: NanoDetOptions = {}) {
    this.classes = options.classes ?? COCO_CLASSES;
  }

  /** Detections of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext) {
    const minScore = this.options.minScore ?? 0.3;
    const raw: RawDetection[] = [];
    for (const { scores, boxes, cells } of this.levels(outputs)) {
      const grid = Math.round(Math.sqrt(cells));
      const stride = ctx.inputWidth / grid;
      const C = scores.dims[2]!;
      const B = boxes.dims[2]!; // 4 · (R + 1)
      const bins = B / 4;
      for (let i = 0; i < cells; i++) {
        const so = (ctx.index * cells + i) * C;
        const cx = ((i % grid) + 0.5) * stride;
        const cy = (Math.floor(i / grid) + 0.5) * stride;
        let corners: [number, number, number, number] | undefined;
        // Every class above the threshold at a cell is a candidate (NanoDet's multiclass_nms), not only the best one.
        for (let c = 0; c < C; c++) {
          const score = scores.data[so + c]!;
          if (score < minScore) continue;
          if (!corners) {
            const bo = (ctx.index * cells + i) * B;
            const [l, t, r, b] = [0, 1, 2, 3].map((side) => expectedBin(boxes.data, bo + side * bins, bins) * stride) as [number, number, number, number];
            corners = [(cx - l) / ctx.inputWidth, (cy - t) / ctx.inputHeight, (cx + r) / ctx.inputWidth, (cy + b) / ctx.inputHeight];
          }
          raw.push({ corners, score, classIndex: c });
        }
      }
    }
    return finishDetections(raw, ctx, { classes: this.classes, iouThreshold: this.options.iouThreshold ?? 0.5, maxDetections: this.options.maxDetections ?? 100, classAgnostic: this.options.classAgnostic ?? false });
  }

  /** Pairs each level's score output with its box output by cell count. */
  private levels(outputs: Readonly<Record<string, OutputTensor>>): { scores: OutputTensor; boxes: OutputTensor; cells: number }[] {
    const byCells = new Map<number, { scores?: OutputTensor; boxes?: OutputTensor }>();
    for (const t of Object.values(outputs)) {
      const cells = t.dims[1]!;
      const level = byCells.get(cells) ?? {};
      byCells.set(cells, level);
      if (t.dims[2] === this.classes.length) level.scores = t;
      else level.boxes = t;
    }
    const levels = [...byCells.entries()].flatMap(([cells, l]) => (l.scores && l.boxes ? [{ scores: l.scores, boxes: l.boxes, cells }] : []));
    if (levels.length === 0) {
      throw new ProcessorOutputError(`NanoDetProcessor found no pair of score [N, cells, ${this.classes.length}] and box [N, cells, 4·bins] outputs; check the class list.`);
    }
    return levels;
  }
}

/** Σ i·softmax(v)ᵢ over `n` values starting at `offset`. */
function expectedBin(v: ArrayLike<number>, offset: number, n: number): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, v[offset + i]!);
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(v[offset + i]! - max);
    sum += e;
    weighted += i * e;
  }
  return weighted / sum;
}

/** The options of {@link NanoDetProcessor} as a manifest gives them (`processor.type: "nanodet"`). */
export const NanoDetOptionsSchema: z.ZodType<NanoDetOptions> = z.strictObject({ classes: z.array(z.string()).min(1).optional(), ...detectionLimits, classAgnostic: z.boolean().optional() });

registerProcessor({ type: "nanodet", options: NanoDetOptionsSchema, create: (options) => new NanoDetProcessor(options) });
