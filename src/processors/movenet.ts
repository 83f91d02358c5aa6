import { z } from "zod";
import { Detection, Detections, Keypoint, Keypoints, type Point } from "../labels/index.js";
import { COCO_KEYPOINT_NAMES } from "./coco-keypoints.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { fraction, outputName, registerProcessor } from "./registry.js";

/** Options of {@link MoveNetProcessor}. */
export interface MoveNetOptions {
  /** Output name. Default `"Identity:0"`. */
  output?: string;
  /** `"single"`: `[N, 1, 17, 3]`; `"multi"`: `[N, 6, 56]` (17 × 3 keypoint values, then a box and its score). */
  variant: "single" | "multi";
  /** Multi-pose: people whose score is below this are dropped. Default 0.2. */
  minScore?: number;
}

/** Values per keypoint: y, x, score (relative to the input). */
const KP = 3;

/**
 * MoveNet body-pose heads (Lightning/Thunder single-pose, MultiPose), output layouts
 * as documented on the models' TensorFlow Hub pages: keypoints are `(y, x, score)`
 * relative to the input. Single-pose gives `Keypoints` with one person; multi-pose
 * gives `{ keypoints, detections }` — a keypoint set and a box per person — which
 * `applyModel` stores as `<labelField>_keypoints` and `<labelField>_detections`.
 */
export class MoveNetProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly output: string;

  /** @param options - variant, output name, threshold */
  constructor(private readonly options: MoveNetOptions) {
    this.output = options.output ?? "Identity:0";
    this.outputNames = [this.output];
  }

  /** Poses of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Keypoints | { keypoints: Keypoints; detections: Detections } {
    const t = requireOutput(outputs, this.output, "MoveNetProcessor");
    const n = COCO_KEYPOINT_NAMES.length;
    if (this.options.variant === "single") {
      return new Keypoints({ keypoints: [this.person(t.data, ctx.index * n * KP, ctx)] });
    }
    const people = t.dims[1]!; // [N, 6, 56]
    const row = t.dims[2]!;
    const keypoints: Keypoint[] = [];
    const detections: Detection[] = [];
    for (let p = 0; p < people; p++) {
      const o = (ctx.index * people + p) * row;
      const score = t.data[o + n * KP + 4]!;
      if (score < (this.options.minScore ?? 0.2)) continue;
      const [ymin, xmin, ymax, xmax] = [t.data[o + n * KP]!, t.data[o + n * KP + 1]!, t.data[o + n * KP + 2]!, t.data[o + n * KP + 3]!];
      keypoints.push(this.person(t.data, o, ctx, p, score));
      detections.push(new Detection({ label: "person", boundingBox: ctx.toSourceBox([xmin, ymin, xmax - xmin, ymax - ymin]), confidence: score, index: p }));
    }
    return { keypoints: new Keypoints({ keypoints }), detections: new Detections({ detections }) };
  }

  private person(data: ArrayLike<number>, offset: number, ctx: DecodeContext, index?: number, score?: number): Keypoint {
    const points: Point[] = [];
    const confidence: number[] = [];
    for (let k = 0; k < COCO_KEYPOINT_NAMES.length; k++) {
      const o = offset + k * KP;
      points.push(ctx.toSourcePoint([data[o + 1]!, data[o]!]));
      confidence.push(data[o + 2]!);
    }
    return new Keypoint({
      label: "person",
      points,
      confidence,
      ...(index === undefined ? {} : { index }),
      ...(score === undefined ? {} : { attributes: { score } }),
    });
  }
}

/** The options of {@link MoveNetProcessor} as a manifest gives them (`processor.type: "movenet"`). */
export const MoveNetOptionsSchema: z.ZodType<MoveNetOptions> = z.strictObject({ output: outputName.optional(), variant: z.enum(["single", "multi"]), minScore: fraction.optional() });

registerProcessor({ type: "movenet", options: MoveNetOptionsSchema, create: (options) => new MoveNetProcessor(options) });
