import { z } from "zod";
import { Keypoint, Keypoints } from "../labels/index.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { ProcessorOutputError } from "./errors.js";
import { count, outputName, registerProcessor } from "./registry.js";

/** Options of {@link LandmarksProcessor}. */
export interface LandmarksOptions {
  /** Output with `[N, 2·K]` values: x0, y0, x1, y1, ... relative to the model input (0..1). */
  output: string;
  /** Label of the point set. Default `"face"`. */
  label?: string;
  /** Number of points K, to check the output against. */
  numPoints?: number;
}

/**
 * Landmark regression (e.g. face-api's 68 face points): one `Keypoint` whose points
 * are the model's (x, y) pairs, mapped from the model input to the image.
 */
export class LandmarksProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - output name, label, point count */
  constructor(private readonly options: LandmarksOptions) {
    this.outputNames = [options.output];
  }

  /** The landmarks of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Keypoints {
    const t = requireOutput(outputs, this.options.output, "LandmarksProcessor");
    const row = t.dims[t.dims.length - 1]!; // [N, 2·K]
    const k = row / 2;
    if (!Number.isInteger(k) || (this.options.numPoints !== undefined && k !== this.options.numPoints)) {
      throw new ProcessorOutputError(`LandmarksProcessor: output "${this.options.output}" has ${row} values per image, not ${2 * (this.options.numPoints ?? k)} (x, y pairs). Fix numPoints or the output name.`);
    }
    const points = Array.from({ length: k }, (_, i) => {
      const [x, y] = [t.data[ctx.index * row + 2 * i]!, t.data[ctx.index * row + 2 * i + 1]!];
      const [px, py] = ctx.toSourcePoint([x, y]);
      // Points a little outside the crop are clamped onto the image: labels hold relative coordinates.
      return [Math.min(1, Math.max(0, px)), Math.min(1, Math.max(0, py))] as [number, number];
    });
    return new Keypoints({ keypoints: [new Keypoint({ label: this.options.label ?? "face", points })] });
  }
}

/** The options of {@link LandmarksProcessor} as a manifest gives them (`processor.type: "landmarks"`). */
export const LandmarksOptionsSchema: z.ZodType<LandmarksOptions> = z.strictObject({ output: outputName, label: z.string().min(1).optional(), numPoints: count.optional() });

registerProcessor({ type: "landmarks", options: LandmarksOptionsSchema, create: (options) => new LandmarksProcessor(options) });
