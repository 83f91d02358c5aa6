import { z } from "zod";
import { activate } from "./classifier.js";
import { finishDetections, type RawDetection } from "./detections-builder.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { detectionLimits, outputName, registerProcessor } from "./registry.js";

/** Options of {@link SsdProcessor}. */
export interface SsdOptions {
  /** Output of decoded boxes, `[N, A, 4]`, relative to the input. */
  boxesOutput: string;
  /** Output of class scores, `[N, A, C]`. */
  scoresOutput: string;
  /** Corner order of a box: TensorFlow's `"yxyx"` (ymin, xmin, ymax, xmax; default) or `"xyxy"`. */
  boxFormat?: "yxyx" | "xyxy";
  /** Class names by score column (include the background name if the model has one). */
  classes: readonly string[];
  /** Score column of the background class, never reported. Default: none. */
  backgroundIndex?: number;
  /** Activation of raw scores. Default `"none"` (already probabilities). */
  activation?: "softmax" | "sigmoid" | "none";
  /** Candidates below this confidence are dropped. Default 0.3. */
  minScore?: number;
  /** NMS overlap threshold. Default 0.5. */
  iouThreshold?: number;
  /** At most this many detections. Default 100. */
  maxDetections?: number;
}

/** SSD-style outputs: one decoded box and one score per class for each anchor, then per-class NMS. */
export class SsdProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - outputs, box format, classes, thresholds */
  constructor(private readonly options: SsdOptions) {
    this.outputNames = [options.boxesOutput, options.scoresOutput];
  }

  /** Detections of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext) {
    const o = this.options;
    const boxes = requireOutput(outputs, o.boxesOutput, "SsdProcessor");
    const scores = requireOutput(outputs, o.scoresOutput, "SsdProcessor");
    const anchors = boxes.dims[1]!; // [N, A, 4]
    const numClasses = scores.dims[2]!; // [N, A, C]
    const minScore = o.minScore ?? 0.3;
    const raw: RawDetection[] = [];
    for (let a = 0; a < anchors; a++) {
      const row = Float32Array.from({ length: numClasses }, (_, c) => scores.data[(ctx.index * anchors + a) * numClasses + c]!);
      const probs = activate(row, o.activation ?? "none");
      let best = -1;
      for (let c = 0; c < numClasses; c++) if (c !== o.backgroundIndex && (best < 0 || probs[c]! > probs[best]!)) best = c;
      if (best < 0 || probs[best]! < minScore) continue;
      const b = (ctx.index * anchors + a) * 4;
      const [p, q, r, s] = [boxes.data[b]!, boxes.data[b + 1]!, boxes.data[b + 2]!, boxes.data[b + 3]!];
      const corners = (o.boxFormat ?? "yxyx") === "yxyx" ? ([q, p, s, r] as const) : ([p, q, r, s] as const);
      raw.push({ corners, score: probs[best]!, classIndex: best });
    }
    return finishDetections(raw, ctx, { classes: o.classes, iouThreshold: o.iouThreshold ?? 0.5, maxDetections: o.maxDetections ?? 100 });
  }
}

/** The options of {@link SsdProcessor} as a manifest gives them (`processor.type: "ssd"`). */
export const SsdOptionsSchema: z.ZodType<SsdOptions> = z.strictObject({ boxesOutput: outputName, scoresOutput: outputName, boxFormat: z.enum(["yxyx", "xyxy"]).optional(), classes: z.array(z.string()).min(1), backgroundIndex: z.number().int().nonnegative().optional(), activation: z.enum(["softmax", "sigmoid", "none"]).optional(), ...detectionLimits });

registerProcessor({ type: "ssd", options: SsdOptionsSchema, create: (options) => new SsdProcessor(options) });
