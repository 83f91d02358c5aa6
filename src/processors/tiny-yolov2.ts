import { z } from "zod";
import type { Detections } from "../labels/index.js";
import { resolveClasses, type ClassesOption } from "./class-lists.js";
import { finishDetections, type RawDetection } from "./detections-builder.js";
import { ProcessorOutputError } from "./errors.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { classesOption, count, fraction, outputName, registerProcessor } from "./registry.js";

/**
 * Tiny YOLOv2's VOC anchors, (width, height) in grid cells, box by box. Source: the
 * Core ML model's post-processing that the ONNX Model Zoo's README refers to
 * (M. Hollance, "Real-time object detection with YOLO", machinethink.net, YOLO.swift).
 */
const VOC_ANCHORS = [1.08, 1.19, 3.42, 4.41, 6.63, 11.38, 9.42, 5.11, 16.62, 10.52];

/** Options of {@link TinyYolov2Processor}. */
export interface TinyYolov2Options {
  /** The grid output, `[N, A·(5 + C), H, W]`. Default `"grid"`. */
  output?: string;
  /** Class names (C of them), or a built-in list's name. */
  classes: ClassesOption;
  /** Anchor widths and heights in grid cells, `[w0, h0, w1, h1, …]` (A pairs). Default: the VOC anchors. */
  anchors?: readonly number[];
  /** Boxes whose confidence × best class probability is not above this are dropped. Default 0.3. */
  minScore?: number;
  /** NMS overlap threshold. Default 0.5. */
  iouThreshold?: number;
  /** At most this many detections. Default 10, as the reference keeps. */
  maxDetections?: number;
  /** NMS across classes, as the reference does. Default true. */
  classAgnostic?: boolean;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * YOLOv2's grid head (the ONNX Model Zoo's Tiny YOLOv2, converted from Core ML): for each
 * cell `(cy, cx)` and anchor `b`, channels `b·(5 + C) + [tx, ty, tw, th, tc, classes…]`.
 * Decoded as the reference post-processing does: centre `((cx + σ(tx))·s, (cy + σ(ty))·s)`,
 * size `(e^tw·aw·s, e^th·ah·s)` with `s` the cell size in input pixels (32), confidence
 * `σ(tc)`, class probabilities the softmax of the class channels; a box is kept when
 * confidence × best probability exceeds 0.3, then NMS at 0.5 across classes.
 */
export class TinyYolov2Processor {
  /** The output read. */
  readonly outputNames: readonly string[];
  private readonly classes: readonly string[];
  private readonly anchors: readonly number[];

  /** @param options - output, classes, anchors, thresholds */
  constructor(private readonly options: TinyYolov2Options) {
    this.outputNames = [options.output ?? "grid"];
    this.classes = resolveClasses(options.classes, "TinyYolov2Processor");
    this.anchors = options.anchors ?? VOC_ANCHORS;
  }

  /** Detections of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const o = this.options;
    const name = this.outputNames[0]!;
    const t = requireOutput(outputs, name, "TinyYolov2Processor");
    const C = this.classes.length;
    const A = this.anchors.length / 2;
    const stride = 5 + C;
    if (t.dims.length !== 4 || t.dims[1] !== A * stride) {
      throw new ProcessorOutputError(
        `TinyYolov2Processor: output "${name}" has shape [${t.dims.join(", ")}], but ${A} anchors × (5 + ${C} classes) need [N, ${A * stride}, H, W]. Check the entry's "classes" and "anchors" options.`,
      );
    }
    const [gh, gw] = [t.dims[2]!, t.dims[3]!];
    const plane = gh * gw;
    const base = ctx.index * A * stride * plane;
    // The cell size in input pixels (416 / 13 = 32 for Tiny YOLOv2).
    const sx = ctx.inputWidth / gw;
    const sy = ctx.inputHeight / gh;
    const minScore = o.minScore ?? 0.3;
    const at = (channel: number, cell: number): number => t.data[base + channel * plane + cell]!;
    const raw: RawDetection[] = [];
    const probs = new Float64Array(C);
    for (let cy = 0; cy < gh; cy++) {
      for (let cx = 0; cx < gw; cx++) {
        const cell = cy * gw + cx;
        for (let b = 0; b < A; b++) {
          const ch = b * stride;
          const confidence = sigmoid(at(ch + 4, cell));
          let max = -Infinity;
          for (let c = 0; c < C; c++) max = Math.max(max, at(ch + 5 + c, cell));
          let sum = 0;
          for (let c = 0; c < C; c++) sum += probs[c] = Math.exp(at(ch + 5 + c, cell) - max);
          let best = 0;
          for (let c = 1; c < C; c++) if (probs[c]! > probs[best]!) best = c;
          const score = (confidence * probs[best]!) / sum;
          if (!(score > minScore)) continue;
          const x = (cx + sigmoid(at(ch, cell))) * sx;
          const y = (cy + sigmoid(at(ch + 1, cell))) * sy;
          const w = Math.exp(at(ch + 2, cell)) * this.anchors[2 * b]! * sx;
          const h = Math.exp(at(ch + 3, cell)) * this.anchors[2 * b + 1]! * sy;
          raw.push({
            corners: [(x - w / 2) / ctx.inputWidth, (y - h / 2) / ctx.inputHeight, (x + w / 2) / ctx.inputWidth, (y + h / 2) / ctx.inputHeight],
            score,
            classIndex: best,
          });
        }
      }
    }
    return finishDetections(raw, ctx, {
      classes: this.classes,
      iouThreshold: o.iouThreshold ?? 0.5,
      maxDetections: o.maxDetections ?? 10,
      classAgnostic: o.classAgnostic ?? true,
    });
  }
}

/** The options of {@link TinyYolov2Processor} as a manifest gives them (`processor.type: "tiny-yolov2"`). */
export const TinyYolov2OptionsSchema: z.ZodType<TinyYolov2Options> = z
  .strictObject({
    output: outputName.optional(),
    classes: classesOption,
    anchors: z.array(z.number().positive()).min(2).optional(),
    minScore: fraction.optional(),
    iouThreshold: fraction.optional(),
    maxDetections: count.optional(),
    classAgnostic: z.boolean().optional(),
  })
  .refine((o) => (o.anchors?.length ?? 0) % 2 === 0, { message: "anchors must be width, height pairs (an even count)", path: ["anchors"] });

registerProcessor({ type: "tiny-yolov2", options: TinyYolov2OptionsSchema, create: (options) => new TinyYolov2Processor(options) });
