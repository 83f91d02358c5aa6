import { z } from "zod";
import { Keypoint } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOutputError } from "./errors.js";
import { fraction, outputName, registerProcessor } from "./registry.js";

/** MediaPipe's 21 hand landmarks, in output order (MediaPipe Hands model card). */
export const HAND_KEYPOINT_NAMES: readonly string[] = [
  "wrist",
  ...["thumb_cmc", "thumb_mcp", "thumb_ip", "thumb_tip"],
  ...["index_finger_mcp", "index_finger_pip", "index_finger_dip", "index_finger_tip"],
  ...["middle_finger_mcp", "middle_finger_pip", "middle_finger_dip", "middle_finger_tip"],
  ...["ring_finger_mcp", "ring_finger_pip", "ring_finger_dip", "ring_finger_tip"],
  ...["pinky_mcp", "pinky_pip", "pinky_dip", "pinky_tip"],
];

/** Bones between the 21 hand landmarks, as index pairs: the palm and each finger from its base. */
export const HAND_SKELETON: readonly (readonly [number, number])[] = [
  [0, 1], [1, 2], [2, 3], [3, 4],
  [0, 5], [5, 6], [6, 7], [7, 8],
  [5, 9], [9, 10], [10, 11], [11, 12],
  [9, 13], [13, 14], [14, 15], [15, 16],
  [13, 17], [0, 17], [17, 18], [18, 19], [19, 20],
];

/** Options of {@link HandLandmarksProcessor}. */
export interface HandLandmarksOptions {
  /** 21 × (x, y, z) in input pixels, `[N, 63]` (or `[N, 1, 1, 63]`). Default `"Identity:0"`. */
  keypoints?: string;
  /** Hand presence, a probability (the graph ends in a sigmoid), `[N, 1]`. Default `"Identity_1:0"`. */
  score?: string;
  /** Patches whose hand presence is below this give no landmarks. Default 0.5. */
  minScore?: number;
}

/**
 * MediaPipe hand landmarks on a hand patch (224×224, RGB in [0, 1]): 21 points as
 * (x, y, z) in input pixels (@vladmandic/human src/hand/handtrack.ts `detectFingers`
 * divides them by the input size) and a hand-presence probability: the graph's
 * `Identity_1` node is a Sigmoid, so — unlike human, which applies the logistic function
 * once more — it is used as it is. Gives one `Keypoint` labelled `hand` (points named by
 * {@link HAND_KEYPOINT_NAMES}) with the presence probability as every point's
 * confidence; `null` below `minScore`.
 */
export class HandLandmarksProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly keypoints: string;
  private readonly score: string;

  /** @param options - output names and threshold */
  constructor(private readonly options: HandLandmarksOptions = {}) {
    this.keypoints = options.keypoints ?? "Identity:0";
    this.score = options.score ?? "Identity_1:0";
    this.outputNames = [this.keypoints, this.score];
  }

  /** The hand landmarks of the patch at `ctx.index`, or null when the model sees no hand. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Keypoint | null {
    const kp = requireOutput(outputs, this.keypoints, "HandLandmarksProcessor"); // [N, 63]
    const score = requireOutput(outputs, this.score, "HandLandmarksProcessor").data[ctx.index]!; // [N, 1]
    const row = HAND_KEYPOINT_NAMES.length * 3;
    if (kp.data.length / kp.dims[0]! !== row) throw new ProcessorOutputError(`HandLandmarksProcessor: output ${this.keypoints} has shape ${JSON.stringify(kp.dims)}, not ${row} values per hand.`);
    if (score < (this.options.minScore ?? 0.5)) return null;
    const points = HAND_KEYPOINT_NAMES.map((_, i) => ctx.toSourcePoint([kp.data[ctx.index * row + 3 * i]! / ctx.inputWidth, kp.data[ctx.index * row + 3 * i + 1]! / ctx.inputHeight]));
    return new Keypoint({ label: "hand", points, confidence: points.map(() => score) });
  }
}

/** The options of {@link HandLandmarksProcessor} as a manifest gives them (`processor.type: "hand-landmarks"`). */
export const HandLandmarksOptionsSchema: z.ZodType<HandLandmarksOptions> = z.strictObject({ keypoints: outputName.optional(), score: outputName.optional(), minScore: fraction.optional() });

registerProcessor({ type: "hand-landmarks", options: HandLandmarksOptionsSchema, create: (options) => new HandLandmarksProcessor(options) });
