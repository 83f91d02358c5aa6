import { z } from "zod";
import { Array2D, Detection, Detections } from "../labels/index.js";
import { nonMaxSuppression } from "./nms.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link InstanceSegmentationProcessor}. */
export interface InstanceSegmentationOptions {
  /** Boxes `[N, D, 4]` as `x1, y1, x2, y2` relative to the input. */
  boxesOutput: string;
  /** Scores `[N, D]`. */
  scoresOutput: string;
  /** Class indices `[N, D]`. */
  classesOutput: string;
  /** Mask probabilities `[N, D, Hm, Wm]`, each over its own box (Mask R-CNN's mask head). */
  masksOutput: string;
  /** Class names by index. */
  classes: readonly string[];
  /** Detections below this score are dropped. Default 0.5. */
  minScore?: number;
  /** Mask pixels above this probability belong to the object. Default 0.5. */
  maskThreshold?: number;
  /** Same-class overlap above which NMS drops the weaker detection; default: no NMS (the graph did it). */
  iouThreshold?: number;
}

/**
 * Instance segmentation (Mask R-CNN-style heads): each detection has a box and a
 * low-resolution mask over that box. Produces `Detections` whose `mask` is a binary
 * `Array2D` over the box, as FiftyOne stores instance masks.
 */
export class InstanceSegmentationProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - outputs, classes, thresholds */
  constructor(private readonly options: InstanceSegmentationOptions) {
    this.outputNames = [options.boxesOutput, options.scoresOutput, options.classesOutput, options.masksOutput];
  }

  /** Detections with masks of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const o = this.options;
    const name = "InstanceSegmentationProcessor";
    const boxes = requireOutput(outputs, o.boxesOutput, name);
    const scores = requireOutput(outputs, o.scoresOutput, name);
    const classes = requireOutput(outputs, o.classesOutput, name);
    const masks = requireOutput(outputs, o.masksOutput, name);
    const count = scores.dims[1]!; // [N, D]
    const [mh, mw] = [masks.dims[2]!, masks.dims[3]!]; // [N, D, Hm, Wm]
    const found = [];
    for (let d = 0; d < count; d++) {
      const row = ctx.index * count + d;
      const score = scores.data[row]!;
      if (score < (o.minScore ?? 0.5)) continue;
      const [x1, y1, x2, y2] = [boxes.data[row * 4]!, boxes.data[row * 4 + 1]!, boxes.data[row * 4 + 2]!, boxes.data[row * 4 + 3]!];
      const box = ctx.toSourceBox([x1, y1, x2 - x1, y2 - y1]);
      if (box[2] <= 0 || box[3] <= 0) continue;
      const mask = Array2D.zeros(mh, mw, "uint8");
      const base = row * mh * mw;
      for (let i = 0; i < mh * mw; i++) mask.data[i] = masks.data[base + i]! > (o.maskThreshold ?? 0.5) ? 1 : 0;
      found.push({ box, score, classIndex: Math.round(classes.data[row]!), mask });
    }
    const kept = o.iouThreshold === undefined ? found : nonMaxSuppression(found, { iouThreshold: o.iouThreshold });
    return new Detections({
      detections: kept.map((k) => new Detection({ label: o.classes[k.classIndex] ?? String(k.classIndex), boundingBox: k.box, confidence: k.score, mask: k.mask })),
    });
  }
}

/** The options of {@link InstanceSegmentationProcessor} as a manifest gives them (`processor.type: "instance-segmentation"`). */
export const InstanceSegmentationOptionsSchema: z.ZodType<InstanceSegmentationOptions> = z.strictObject({ boxesOutput: outputName, scoresOutput: outputName, classesOutput: outputName, masksOutput: outputName, classes: z.array(z.string()).min(1), minScore: fraction.optional(), maskThreshold: fraction.optional(), iouThreshold: fraction.optional() });

registerProcessor({ type: "instance-segmentation", options: InstanceSegmentationOptionsSchema, create: (options) => new InstanceSegmentationProcessor(options) });
