import { z } from "zod";
import { Keypoint, Keypoints } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOutputError } from "./errors.js";
import { outputName, registerProcessor } from "./registry.js";

/** Options of {@link IrisProcessor}. */
export interface IrisOptions {
  /** 76 × (x, y, z) in input pixels, `[N, 1, 1, 228]`. Default `"Identity:0"`. */
  output?: string;
}

/** Eye-contour points before the iris points in the output (@vladmandic/human src/face/iris.ts `irisLandmarks.index`). */
const CONTOUR_POINTS = 71;
/** All points: 71 eye contour + 5 iris (centre, then four points on its edge). */
const ALL_POINTS = 76;

/**
 * MediaPipe Iris on an eye patch (64×64, RGB in [0, 1]): 71 eye-contour points and 5
 * iris points (its centre first), as (x, y, z) in input pixels (human's src/face/iris.ts
 * `getEyeCoords`). Gives `Keypoints`: `iris` (5 points) and `eye_contour` (71 points),
 * relative to the patch. The model sees left eyes: MediaPipe mirrors right eyes before
 * it (the zoo entry's `crops.mirror`), which keeps the contour's point order the same
 * for both eyes.
 */
export class IrisProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly output: string;

  /** @param options - output name */
  constructor(options: IrisOptions = {}) {
    this.output = options.output ?? "Identity:0";
    this.outputNames = [this.output];
  }

  /** The iris and eye contour of the patch at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Keypoints {
    const t = requireOutput(outputs, this.output, "IrisProcessor"); // [N, 1, 1, 228]
    const row = ALL_POINTS * 3;
    if (t.data.length / t.dims[0]! !== row) throw new ProcessorOutputError(`IrisProcessor: output ${this.output} has shape ${JSON.stringify(t.dims)}, not ${row} values per eye.`);
    const points = Array.from({ length: ALL_POINTS }, (_, i) =>
      ctx.toSourcePoint([t.data[ctx.index * row + 3 * i]! / ctx.inputWidth, t.data[ctx.index * row + 3 * i + 1]! / ctx.inputHeight]),
    );
    return new Keypoints({
      keypoints: [new Keypoint({ label: "iris", points: points.slice(CONTOUR_POINTS) }), new Keypoint({ label: "eye_contour", points: points.slice(0, CONTOUR_POINTS) })],
    });
  }
}

/** The options of {@link IrisProcessor} as a manifest gives them (`processor.type: "iris"`). */
export const IrisOptionsSchema: z.ZodType<IrisOptions> = z.strictObject({ output: outputName.optional() });

registerProcessor({ type: "iris", options: IrisOptionsSchema, create: (options) => new IrisProcessor(options) });
