import { Detection, Detections } from "../labels/index.js";
import { nonMaxSuppression } from "./nms.js";
import type { DecodeContext } from "./processor-types.js";

/** A decoded box before mapping and NMS: corners relative to the model input. */
export interface RawDetection {
  /** `x1, y1, x2, y2`, relative to the model input. */
  corners: readonly [number, number, number, number];
  /** Confidence. */
  score: number;
  /** Class index. */
  classIndex: number;
}

/** NMS and naming options shared by the box decoders. */
export interface DetectionFinishOptions {
  /** Class names by index. */
  classes: readonly string[];
  /** Same-class overlap above which NMS drops the weaker box; `undefined` skips NMS (set-prediction models). */
  iouThreshold?: number;
  /** At most this many detections. */
  maxDetections?: number;
  /** NMS across classes: a box suppresses overlapping boxes of any class (as @vladmandic/human does). Default false. */
  classAgnostic?: boolean;
}

/**
 * Turns decoded boxes into `Detections`: maps each box from the model input to the
 * image (undoing letterbox), drops boxes left empty (entirely in the padding), runs
 * per-class NMS, and names the classes.
 */
export function finishDetections(raw: readonly RawDetection[], ctx: DecodeContext, options: DetectionFinishOptions): Detections {
  const mapped = raw.flatMap((r) => {
    const [x1, y1, x2, y2] = r.corners;
    const box = ctx.toSourceBox([x1, y1, x2 - x1, y2 - y1]);
    return box[2] > 0 && box[3] > 0 ? [{ box, score: r.score, classIndex: r.classIndex }] : [];
  });
  const kept =
    options.iouThreshold === undefined
      ? mapped.sort((a, b) => b.score - a.score).slice(0, options.maxDetections ?? Infinity)
      : nonMaxSuppression(mapped, { iouThreshold: options.iouThreshold, maxDetections: options.maxDetections ?? Infinity, classAgnostic: options.classAgnostic ?? false });
  return new Detections({
    detections: kept.map((k) => new Detection({ label: options.classes[k.classIndex] ?? String(k.classIndex), boundingBox: k.box, confidence: k.score })),
  });
}
