import { z } from "zod";
import { Array2D, Detection, Detections } from "../labels/index.js";
import { COCO_CLASSES } from "./coco-classes.js";
import { ProcessorOutputError } from "./errors.js";
import { nonMaxSuppression } from "./nms.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { detectionLimits, fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link YoloSegProcessor}. */
export interface YoloSegOptions {
  /** The detections, `[N, 4 + C + M, A]`: cx, cy, w, h (input pixels), C class scores, M mask coefficients. Default `"output0"`. */
  output?: string;
  /** The mask prototypes, `[N, M, Hp, Wp]` over the whole input. Default `"output1"`. */
  protoOutput?: string;
  /** Class names by index. Default: the 80 COCO classes. */
  classes?: readonly string[];
  /** Candidates below this confidence are dropped. Default 0.25. */
  minScore?: number;
  /** NMS overlap threshold. Default 0.45. */
  iouThreshold?: number;
  /** At most this many detections. Default 300. */
  maxDetections?: number;
  /** Mask probability above which a pixel belongs to the object. Default 0.5. */
  maskThreshold?: number;
}

/**
 * Ultralytics YOLOv8 / YOLO11 instance segmentation exports (`*-seg.onnx`): boxes and
 * class scores as the detection heads, plus per-detection coefficients over shared mask
 * prototypes. Each kept detection's mask is sigmoid(coefficients · prototypes), sampled
 * bilinearly over its box (Ultralytics' `process_mask`: the prototypes cover the whole
 * input at a quarter of its resolution, the mask is cut to the box and thresholded at 0.5),
 * stored over the box at the box's size in image pixels, as FiftyOne stores instance masks.
 */
export class YoloSegProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - outputs, classes, thresholds */
  constructor(private readonly options: YoloSegOptions = {}) {
    this.outputNames = [options.output ?? "output0", options.protoOutput ?? "output1"];
  }

  /** Detections with instance masks of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const o = this.options;
    const t = requireOutput(outputs, this.outputNames[0]!, "YoloSegProcessor");
    const p = requireOutput(outputs, this.outputNames[1]!, "YoloSegProcessor");
    const classes = o.classes ?? COCO_CLASSES;
    const [rowLen, anchors] = [t.dims[1]!, t.dims[2]!];
    const [m, ph, pw] = [p.dims[1]!, p.dims[2]!, p.dims[3]!];
    if (rowLen !== 4 + classes.length + m) {
      throw new ProcessorOutputError(`YoloSegProcessor: rows of ${rowLen} values do not hold 4 box values, ${classes.length} class scores and ${m} mask coefficients; check the class list and the outputs.`);
    }
    const base = ctx.index * rowLen * anchors;
    const at = (a: number, k: number) => t.data[base + k * anchors + a]!;
    const found: { box: [number, number, number, number]; score: number; classIndex: number; anchor: number }[] = [];
    for (let a = 0; a < anchors; a++) {
      let best = 0;
      for (let c = 1; c < classes.length; c++) if (at(a, 4 + c) > at(a, 4 + best)) best = c;
      const score = at(a, 4 + best);
      if (score < (o.minScore ?? 0.25)) continue;
      const [cx, cy, w, h] = [at(a, 0), at(a, 1), at(a, 2), at(a, 3)];
      const corners: [number, number, number, number] = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
      const box = ctx.toSourceBox([corners[0] / ctx.inputWidth, corners[1] / ctx.inputHeight, w / ctx.inputWidth, h / ctx.inputHeight]);
      if (box[2] <= 0 || box[3] <= 0) continue;
      found.push({ box, score, classIndex: best, anchor: a });
    }
    const kept = nonMaxSuppression(found, { iouThreshold: o.iouThreshold ?? 0.45, maxDetections: o.maxDetections ?? 300 });
    const protoBase = ctx.index * m * ph * pw;
    const threshold = o.maskThreshold ?? 0.5;
    return new Detections({
      detections: kept.map((k) => {
        // The mask over the box: its size in image pixels; each pixel samples the prototype
        // mixture at the matching input position (the box in the input, corner to corner).
        const mw = Math.max(1, Math.round(k.box[2] * ctx.imageWidth));
        const mh = Math.max(1, Math.round(k.box[3] * ctx.imageHeight));
        const coef = Float32Array.from({ length: m }, (_, j) => at(k.anchor, 4 + classes.length + j));
        const prob = (px: number, py: number) => {
          let v = 0;
          for (let j = 0; j < m; j++) v += coef[j]! * p.data[protoBase + (j * ph + py) * pw + px]!;
          return 1 / (1 + Math.exp(-v));
        };
        // The (image-clipped) box as it lies in the input.
        const [ix1, iy1] = toInput(k.box[0], k.box[1], ctx);
        const [ix2, iy2] = toInput(k.box[0] + k.box[2], k.box[1] + k.box[3], ctx);
        const mask = Array2D.zeros(mh, mw, "uint8");
        const [sx, sy] = [pw / ctx.inputWidth, ph / ctx.inputHeight];
        for (let y = 0; y < mh; y++) {
          const fy = Math.min(Math.max((iy1 + ((y + 0.5) / mh) * (iy2 - iy1)) * sy - 0.5, 0), ph - 1);
          const y0 = Math.floor(fy);
          const y1 = Math.min(y0 + 1, ph - 1);
          for (let x = 0; x < mw; x++) {
            const fx = Math.min(Math.max((ix1 + ((x + 0.5) / mw) * (ix2 - ix1)) * sx - 0.5, 0), pw - 1);
            const x0 = Math.floor(fx);
            const x1 = Math.min(x0 + 1, pw - 1);
            const [wx, wy] = [fx - x0, fy - y0];
            const v = (prob(x0, y0) * (1 - wx) + prob(x1, y0) * wx) * (1 - wy) + (prob(x0, y1) * (1 - wx) + prob(x1, y1) * wx) * wy;
            mask.data[y * mw + x] = v > threshold ? 1 : 0;
          }
        }
        return new Detection({ label: classes[k.classIndex] ?? String(k.classIndex), boundingBox: k.box, confidence: k.score, mask });
      }),
    });
  }
}

/** An image-relative point → input pixels, through where the image lies in the input (`contentBox`). */
function toInput(rx: number, ry: number, ctx: DecodeContext): [number, number] {
  const [cx, cy, cw, ch] = ctx.contentBox;
  return [(cx + rx * cw) * ctx.inputWidth, (cy + ry * ch) * ctx.inputHeight];
}

/** The options of {@link YoloSegProcessor} as a manifest gives them (`processor.type: "yolo-seg"`). */
export const YoloSegOptionsSchema: z.ZodType<YoloSegOptions> = z.strictObject({
  output: outputName.optional(),
  protoOutput: outputName.optional(),
  classes: z.array(z.string()).min(1).optional(),
  maskThreshold: fraction.optional(),
  ...detectionLimits,
});

registerProcessor({ type: "yolo-seg", options: YoloSegOptionsSchema, create: (options) => new YoloSegProcessor(options) });
