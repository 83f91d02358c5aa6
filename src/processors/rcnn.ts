import { z } from "zod";
import { Array2D, Detection, Detections } from "../labels/index.js";
import { resolveClasses, type ClassesOption } from "./class-lists.js";
import { ProcessorOutputError } from "./errors.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { classesOption, fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link RcnnProcessor}. */
export interface RcnnOptions {
  /**
   * The outputs, in order: boxes `[D, 4]` (x1, y1, x2, y2 in input pixels), labels `[D]`,
   * scores `[D]`, and for Mask R-CNN masks `[D, 1, Hm, Wm]`. Default: the graph's outputs
   * in their order (the ONNX Model Zoo's exports have numbered output names).
   */
  outputs?: readonly string[];
  /** Read masks (Mask R-CNN): the fourth output. Default false. */
  masks?: boolean;
  /** Class names, or a built-in list's name. Default `"coco"`. */
  classes?: ClassesOption;
  /** The label of `classes[0]` (1 when label 0 is the background, as in `coco_classes.txt`). Default 1. */
  labelOffset?: number;
  /** Detections below this score are dropped. Default 0.05. */
  minScore?: number;
  /** Mask values above this belong to the object. Default 0.5. */
  maskThreshold?: number;
}

/**
 * The ONNX Model Zoo's Faster R-CNN and Mask R-CNN (maskrcnn-benchmark R-50-FPN exports):
 * the graph runs NMS itself and gives boxes in input pixels, class labels (0 is the
 * background) and scores, plus a 28×28 mask per detection over its box. Decoded as the
 * model's README documents: boxes divided by the resize ratio; each mask resized
 * (bilinear) to its box's integer size in image pixels, `int(x2) - int(x1) + 1` wide,
 * and thresholded at 0.5. Masks are stored over the box, as FiftyOne stores instance masks.
 */
export class RcnnProcessor {
  /** The outputs read (all, in order, when no names are given). */
  readonly outputNames: readonly string[] | undefined;
  private readonly classes: readonly string[];

  /** @param options - outputs, classes, thresholds */
  constructor(private readonly options: RcnnOptions = {}) {
    this.outputNames = options.outputs;
    this.classes = resolveClasses(options.classes ?? "coco", "RcnnProcessor");
  }

  /** Detections (with masks for Mask R-CNN) of the one image the graph took. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const o = this.options;
    const need = o.masks ? 4 : 3;
    const tensors = o.outputs ? o.outputs.map((n) => requireOutput(outputs, n, "RcnnProcessor")) : Object.values(outputs);
    if (tensors.length < need) {
      throw new ProcessorOutputError(`RcnnProcessor needs ${need} outputs (boxes, labels, scores${o.masks ? ", masks" : ""}), but the model gave ${Object.keys(outputs).join(", ") || "none"}.`);
    }
    const [boxes, labels, scores, masks] = tensors as [OutputTensor, OutputTensor, OutputTensor, OutputTensor | undefined];
    const count = scores.data.length;
    if (boxes.data.length !== count * 4 || labels.data.length !== count) {
      throw new ProcessorOutputError(`RcnnProcessor: ${count} scores but boxes of shape [${boxes.dims.join(", ")}] and labels of shape [${labels.dims.join(", ")}]; the outputs are not boxes, labels, scores in that order. Name them in the "outputs" option.`);
    }
    const [mh, mw] = masks ? [masks.dims[masks.dims.length - 2]!, masks.dims[masks.dims.length - 1]!] : [0, 0];
    const offset = o.labelOffset ?? 1;
    const detections: Detection[] = [];
    for (let d = 0; d < count; d++) {
      const score = scores.data[d]!;
      if (score < (o.minScore ?? 0.05)) continue;
      const classIndex = Math.round(labels.data[d]!) - offset;
      if (classIndex < 0) continue; // the background
      const [x1, y1, x2, y2] = [boxes.data[d * 4]!, boxes.data[d * 4 + 1]!, boxes.data[d * 4 + 2]!, boxes.data[d * 4 + 3]!];
      const box = ctx.toSourceBox([x1 / ctx.inputWidth, y1 / ctx.inputHeight, (x2 - x1) / ctx.inputWidth, (y2 - y1) / ctx.inputHeight]);
      if (box[2] <= 0 || box[3] <= 0) continue;
      const label = this.classes[classIndex] ?? String(classIndex + offset);
      if (!masks || !o.masks) {
        detections.push(new Detection({ label, boundingBox: box, confidence: score }));
        continue;
      }
      // The README's paste: the box in image pixels, truncated, one pixel wider and taller.
      const ix1 = Math.trunc(box[0] * ctx.imageWidth);
      const iy1 = Math.trunc(box[1] * ctx.imageHeight);
      const ix2 = Math.trunc((box[0] + box[2]) * ctx.imageWidth);
      const iy2 = Math.trunc((box[1] + box[3]) * ctx.imageHeight);
      const plane = Float32Array.from({ length: mh * mw }, (_, i) => masks.data[d * mh * mw + i]!);
      const mask = resizeMask(plane, mw, mh, Math.max(1, ix2 - ix1 + 1), Math.max(1, iy2 - iy1 + 1), o.maskThreshold ?? 0.5);
      detections.push(new Detection({ label, boundingBox: box, confidence: score, mask }));
    }
    return new Detections({ detections });
  }
}

/**
 * A `sw`×`sh` map resized to `dw`×`dh` with OpenCV's `INTER_LINEAR` sampling (half-pixel
 * centres, edges clamped), then thresholded (strictly above `threshold` is 1).
 */
export function resizeMask(src: Float32Array, sw: number, sh: number, dw: number, dh: number, threshold: number): Array2D {
  const out = Array2D.zeros(dh, dw, "uint8");
  const sx = sw / dw;
  const sy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const wy = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const wx = fx - x0;
      const top = src[y0 * sw + x0]! * (1 - wx) + src[y0 * sw + x1]! * wx;
      const bottom = src[y1 * sw + x0]! * (1 - wx) + src[y1 * sw + x1]! * wx;
      out.data[y * dw + x] = top * (1 - wy) + bottom * wy > threshold ? 1 : 0;
    }
  }
  return out;
}

/** The options of {@link RcnnProcessor} as a manifest gives them (`processor.type: "rcnn"`). */
export const RcnnOptionsSchema: z.ZodType<RcnnOptions> = z.strictObject({
  outputs: z.array(outputName).min(3).max(4).optional(),
  masks: z.boolean().optional(),
  classes: classesOption.optional(),
  labelOffset: z.number().int().min(0).optional(),
  minScore: fraction.optional(),
  maskThreshold: fraction.optional(),
});

registerProcessor({ type: "rcnn", options: RcnnOptionsSchema, create: (options) => new RcnnProcessor(options) });
