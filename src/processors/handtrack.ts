import { Detection, Detections } from "../labels/index.js";
import { nonMaxSuppression } from "./nms.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";

/**
 * The classes HandTrack scores, in output order (@vladmandic/human src/hand/handtrack.ts):
 * open hand, fist, pinch, pointing hand, face, finger tip, pinching tips.
 */
export const HANDTRACK_CLASSES: readonly string[] = ["hand", "fist", "pinch", "point", "face", "tip", "pinchtip"];

/** Options of {@link HandTrackProcessor}. */
export interface HandTrackOptions {
  /** Per-anchor class scores, `[1, A, 7]`, already sigmoid. Default: the SSD post-processor's `Slice` node. */
  scores?: string;
  /** Per-anchor decoded boxes, `[1, A, 1, 4]` as relative `y1, x1, y2, x2`. Default: the post-processor's `ExpandDims_1` node. */
  boxes?: string;
  /** Classes reported (each box takes its best class among these). Default: all but `face`, as human does. */
  classes?: readonly string[];
  /** Boxes below this score are dropped. Default 0.5. */
  minScore?: number;
  /** Overlap above which NMS drops the weaker box (class-agnostic). Default 0.3. */
  iouThreshold?: number;
  /** At most this many boxes. Default 20. */
  maxDetections?: number;
}

/**
 * HandTrack: victordibia's SSD hand detector as retrained for @vladmandic/human with
 * seven classes (input int32 RGB 0–255). The converted graph's own NMS loop does not run
 * in TF.js, so — as human's src/hand/handtrack.ts does — we read the SSD
 * post-processor's per-anchor scores and decoded boxes before it and run our own NMS.
 */
export class HandTrackProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly scores: string;
  private readonly boxes: string;

  /** @param options - output names, classes, thresholds */
  constructor(private readonly options: HandTrackOptions = {}) {
    this.scores = options.scores ?? "StatefulPartitionedCall/Postprocessor/Slice";
    this.boxes = options.boxes ?? "StatefulPartitionedCall/Postprocessor/ExpandDims_1";
    this.outputNames = [this.scores, this.boxes];
    const unknown = (options.classes ?? []).filter((c) => !HANDTRACK_CLASSES.includes(c));
    if (unknown.length > 0) throw new Error(`HandTrackProcessor: unknown classes ${unknown.join(", ")}; HandTrack scores ${HANDTRACK_CLASSES.join(", ")}.`);
  }

  /** Hands of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const scores = requireOutput(outputs, this.scores, "HandTrackProcessor"); // [N, A, 7]
    const boxes = requireOutput(outputs, this.boxes, "HandTrackProcessor"); // [N, A, 1, 4]
    const anchors = scores.dims[1]!;
    const numClasses = scores.dims[2]!;
    if (numClasses !== HANDTRACK_CLASSES.length || boxes.data.length !== scores.dims[0]! * anchors * 4) {
      throw new Error(`HandTrackProcessor: expected scores [N, A, ${HANDTRACK_CLASSES.length}] and boxes [N, A, 1, 4], got ${JSON.stringify(scores.dims)} and ${JSON.stringify(boxes.dims)}.`);
    }
    const wanted = (this.options.classes ?? HANDTRACK_CLASSES.filter((c) => c !== "face")).map((c) => HANDTRACK_CLASSES.indexOf(c));
    const minScore = this.options.minScore ?? 0.5;
    const candidates = [];
    for (let a = 0; a < anchors; a++) {
      const row = (ctx.index * anchors + a) * numClasses;
      let best = wanted[0]!;
      for (const c of wanted) if (scores.data[row + c]! > scores.data[row + best]!) best = c;
      const score = scores.data[row + best]!;
      if (score < minScore) continue;
      const b = (ctx.index * anchors + a) * 4;
      const [y1, x1, y2, x2] = [boxes.data[b]!, boxes.data[b + 1]!, boxes.data[b + 2]!, boxes.data[b + 3]!];
      const box = ctx.toSourceBox([x1, y1, x2 - x1, y2 - y1]);
      if (box[2] > 0 && box[3] > 0) candidates.push({ box, score, classIndex: best });
    }
    const kept = nonMaxSuppression(candidates, { iouThreshold: this.options.iouThreshold ?? 0.3, maxDetections: this.options.maxDetections ?? 20, classAgnostic: true });
    return new Detections({ detections: kept.map((k) => new Detection({ label: HANDTRACK_CLASSES[k.classIndex]!, boundingBox: k.box, confidence: k.score })) });
  }
}
