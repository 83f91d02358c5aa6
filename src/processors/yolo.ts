import { z } from "zod";
import { COCO_CLASSES } from "./coco-classes.js";
import { finishDetections, type RawDetection } from "./detections-builder.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOptionsError } from "./errors.js";
import { detectionLimits, outputName, registerProcessor } from "./registry.js";

/** Options of {@link YoloProcessor}. */
export interface YoloOptions {
  /** Output name. */
  output: string;
  /**
   * `"yolov8"`: `[N, 4 + C, A]` rows of cx, cy, w, h then class scores (Ultralytics v8+ exports).
   * `"yolov5"`: `[N, A, 5 + C]` rows of cx, cy, w, h, objectness, class scores; confidence = objectness × class score.
   * `"yolov10"`: `[N, D, 6]` rows of x1, y1, x2, y2, score, class index — NMS-free end-to-end
   * exports (YOLOv10, and v8/11 exported with `nms=True`); no NMS is run on them.
   */
  format: "yolov5" | "yolov8" | "yolov10";
  /** Class names by index. Default: the 80 COCO classes. */
  classes?: readonly string[];
  /** Boxes are in input pixels (default true) rather than relative to the input. */
  pixelBoxes?: boolean;
  /** Candidates below this confidence are dropped. Default 0.25. */
  minScore?: number;
  /** NMS overlap threshold. Default 0.45. */
  iouThreshold?: number;
  /** At most this many detections. Default 300. */
  maxDetections?: number;
}

/**
 * YOLO-style grid outputs: every anchor predicts a centre box and class scores;
 * decode, threshold, then per-class NMS (formats as documented by Ultralytics for
 * YOLOv5 and YOLOv8 ONNX exports).
 */
export class YoloProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - output, format, classes, thresholds */
  constructor(private readonly options: YoloOptions) {
    if (options.format !== "yolov5" && options.format !== "yolov8" && options.format !== "yolov10") {
      throw new ProcessorOptionsError(`YoloProcessor: format must be "yolov5", "yolov8" or "yolov10"; got ${JSON.stringify(options.format)}.`);
    }
    this.outputNames = [options.output];
  }

  /** Detections of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext) {
    const o = this.options;
    const t = requireOutput(outputs, o.output, "YoloProcessor");
    if (o.format === "yolov10") return this.endToEnd(t, ctx);
    const v8 = o.format === "yolov8";
    const rowLen = v8 ? t.dims[1]! : t.dims[2]!;
    const anchors = v8 ? t.dims[2]! : t.dims[1]!;
    const firstClass = v8 ? 4 : 5;
    const numClasses = rowLen - firstClass;
    const base = ctx.index * rowLen * anchors;
    // v8 is channel-major ([4 + C, A]); v5 is anchor-major ([A, 5 + C]).
    const at = v8 ? (a: number, k: number) => t.data[base + k * anchors + a]! : (a: number, k: number) => t.data[base + a * rowLen + k]!;
    const sx = o.pixelBoxes === false ? 1 : ctx.inputWidth;
    const sy = o.pixelBoxes === false ? 1 : ctx.inputHeight;
    const minScore = o.minScore ?? 0.25;
    const raw: RawDetection[] = [];
    for (let a = 0; a < anchors; a++) {
      const objectness = v8 ? 1 : at(a, 4);
      if (objectness < minScore) continue;
      let best = 0;
      for (let c = 1; c < numClasses; c++) if (at(a, firstClass + c) > at(a, firstClass + best)) best = c;
      const score = objectness * at(a, firstClass + best);
      if (score < minScore) continue;
      const cx = at(a, 0) / sx;
      const cy = at(a, 1) / sy;
      const w = at(a, 2) / sx;
      const h = at(a, 3) / sy;
      raw.push({ corners: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score, classIndex: best });
    }
    return finishDetections(raw, ctx, { classes: o.classes ?? COCO_CLASSES, iouThreshold: o.iouThreshold ?? 0.45, maxDetections: o.maxDetections ?? 300 });
  }

  /** `[N, D, 6]` rows of x1, y1, x2, y2, score, class: already final, so only thresholded. */
  private endToEnd(t: OutputTensor, ctx: DecodeContext) {
    const o = this.options;
    const [rows, width] = [t.dims[1]!, t.dims[2]!];
    const sx = o.pixelBoxes === false ? 1 : ctx.inputWidth;
    const sy = o.pixelBoxes === false ? 1 : ctx.inputHeight;
    const raw: RawDetection[] = [];
    for (let r = 0; r < rows; r++) {
      const at = (k: number) => t.data[(ctx.index * rows + r) * width + k]!;
      if (at(4) < (o.minScore ?? 0.25)) continue;
      raw.push({ corners: [at(0) / sx, at(1) / sy, at(2) / sx, at(3) / sy], score: at(4), classIndex: Math.round(at(5)) });
    }
    return finishDetections(raw, ctx, { classes: o.classes ?? COCO_CLASSES, maxDetections: o.maxDetections ?? 300 });
  }
}

/** The options of {@link YoloProcessor} as a manifest gives them (`processor.type: "yolo"`). */
export const YoloOptionsSchema: z.ZodType<YoloOptions> = z.strictObject({ output: outputName, format: z.enum(["yolov5", "yolov8", "yolov10"]), classes: z.array(z.string()).min(1).optional(), pixelBoxes: z.boolean().optional(), ...detectionLimits });

registerProcessor({ type: "yolo", options: YoloOptionsSchema, create: (options) => new YoloProcessor(options) });
