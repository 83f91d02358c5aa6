import { z } from "zod";
import { Array2D, Heatmap, Segmentation } from "../labels/index.js";
import { bilinearArgmax, bilinearChannel, densePlanes, resizePlanes, type DenseLayout, type DensePlanes } from "./dense-map.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";
import { denseLayout, outputName, registerProcessor } from "./registry.js";

/** Options of {@link SemanticSegmentationProcessor}. */
export interface SemanticSegmentationOptions {
  /** Output with per-class scores `[N, C, H, W]` (or one channel of probabilities). */
  output: string;
  /** Channel layout of the output. Default `"nchw"`. */
  layout?: DenseLayout;
  /** With one channel: pixels above this are class 1, others 0. Default 0.5. */
  threshold?: number;
  /** `"image"`: resample the mask to the image's size; default `"output"` keeps the model's resolution. */
  resize?: "output" | "image";
  /**
   * How `resize: "image"` resamples: `"nearest"` (default) picks the class of the
   * nearest output pixel; `"bilinear"` resizes the class scores first and then takes
   * the arg-max (Hugging Face's post-processing of SegFormer's 1/4-resolution logits).
   */
  upsample?: "nearest" | "bilinear";
}

/**
 * Semantic segmentation: the arg-max class per pixel (or a threshold on a single
 * probability channel) as a `Segmentation` mask over the whole image, at the
 * model's output resolution with letterbox padding cut off.
 */
export class SemanticSegmentationProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - output name, layout, threshold */
  constructor(private readonly options: SemanticSegmentationOptions) {
    this.outputNames = [options.output];
  }

  /** The mask of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Segmentation {
    const t = requireOutput(outputs, this.options.output, "SemanticSegmentationProcessor");
    const classes = channelCount(t, this.options.layout);
    if (this.options.resize === "image" && this.options.upsample === "bilinear" && classes > 1) {
      // [N, C, h, w] scores → [H, W] class ids at the image's size
      const ids = bilinearArgmax(t, ctx.index, this.options.layout ?? "nchw", ctx.contentBox, ctx.imageWidth, ctx.imageHeight);
      const mask = Array2D.zeros(ctx.imageHeight, ctx.imageWidth, classes > 255 ? "uint16" : "uint8");
      mask.data.set(ids);
      return new Segmentation({ mask });
    }
    const p = sized(densePlanes(t, ctx.index, this.options.layout ?? "nchw", ctx.contentBox), this.options.resize, ctx);
    const mask = Array2D.zeros(p.height, p.width, p.channels > 255 ? "uint16" : "uint8");
    const threshold = this.options.threshold ?? 0.5;
    for (let y = 0; y < p.height; y++) {
      for (let x = 0; x < p.width; x++) {
        let best = 0;
        if (p.channels === 1) best = p.at(0, x, y) > threshold ? 1 : 0;
        else for (let c = 1; c < p.channels; c++) if (p.at(c, x, y) > p.at(best, x, y)) best = c;
        mask.set(y, x, best);
      }
    }
    return new Segmentation({ mask });
  }
}

/** Options of {@link HeatmapProcessor}. */
export interface HeatmapOptions {
  /** Output holding the map. */
  output: string;
  /** Channel to read. Default 0. */
  channel?: number;
  /** Channel layout of the output. Default `"nchw"`. */
  layout?: DenseLayout;
  /** Apply a sigmoid to raw scores. Default false (the output is already a probability). */
  sigmoid?: boolean;
  /** Value range of the map. Default [0, 1]. */
  range?: [number, number];
  /** `"image"`: resample the map to the image's size; default `"output"` keeps the model's resolution. */
  resize?: "output" | "image";
  /** How `resize: "image"` resamples: `"nearest"` (default) or `"bilinear"` (smooth maps such as depth). */
  upsample?: "nearest" | "bilinear";
  /**
   * `"minmax"`: rescale each image's map to [0, 1] (its smallest value → 0, largest → 1),
   * for unbounded outputs such as the relative inverse depth of Depth Anything, where 1
   * is the nearest point. Default: values are kept as they are.
   */
  normalize?: "none" | "minmax";
}

/**
 * One channel of a dense output (text probability, saliency, depth...) as a float
 * `Heatmap` over the whole image, letterbox padding cut off.
 */
export class HeatmapProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];

  /** @param options - output name, channel, activation, range */
  constructor(private readonly options: HeatmapOptions) {
    this.outputNames = [options.output];
  }

  /** The heatmap of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Heatmap {
    const t = requireOutput(outputs, this.options.output, "HeatmapProcessor");
    const layout = this.options.layout ?? "nchw";
    const c = this.options.channel ?? 0;
    let map: Array2D;
    if (this.options.resize === "image" && this.options.upsample === "bilinear") {
      map = Array2D.zeros(ctx.imageHeight, ctx.imageWidth, "float32");
      map.data.set(bilinearChannel(t, ctx.index, layout, ctx.contentBox, c, ctx.imageWidth, ctx.imageHeight));
    } else {
      const p = sized(densePlanes(t, ctx.index, layout, ctx.contentBox), this.options.resize, ctx);
      map = Array2D.zeros(p.height, p.width, "float32");
      for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) map.set(y, x, p.at(c, x, y));
    }
    const values = map.data as Float32Array;
    if (this.options.sigmoid) for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + Math.exp(-values[i]!));
    if (this.options.normalize === "minmax") {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of values) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      // A flat map has no near or far: all zeros.
      const span = hi - lo;
      for (let i = 0; i < values.length; i++) values[i] = span > 0 ? (values[i]! - lo) / span : 0;
      return new Heatmap({ map, range: [0, 1] });
    }
    return new Heatmap({ map, range: this.options.range ?? [0, 1] });
  }
}

/** Number of channels of a dense output (1 for `[N, H, W]`). */
function channelCount(t: OutputTensor, layout: DenseLayout | undefined): number {
  return t.dims.length === 4 ? t.dims[(layout ?? "nchw") === "nchw" ? 1 : 3]! : 1;
}

function sized(p: DensePlanes, resize: "output" | "image" | undefined, ctx: DecodeContext): DensePlanes {
  return resize === "image" ? resizePlanes(p, ctx.imageWidth, ctx.imageHeight) : p;
}

/** The options of {@link SemanticSegmentationProcessor} as a manifest gives them (`processor.type: "semantic-segmentation"`). */
export const SemanticSegmentationOptionsSchema: z.ZodType<SemanticSegmentationOptions> = z.strictObject({ output: outputName, layout: denseLayout.optional(), threshold: z.number().optional(), resize: z.enum(["output", "image"]).optional(), upsample: z.enum(["nearest", "bilinear"]).optional() });

registerProcessor({ type: "semantic-segmentation", options: SemanticSegmentationOptionsSchema, create: (options) => new SemanticSegmentationProcessor(options) });

/** The options of {@link HeatmapProcessor} as a manifest gives them (`processor.type: "heatmap"`). */
export const HeatmapOptionsSchema: z.ZodType<HeatmapOptions> = z.strictObject({ output: outputName, channel: z.number().int().nonnegative().optional(), layout: denseLayout.optional(), sigmoid: z.boolean().optional(), range: z.tuple([z.number(), z.number()]).optional(), resize: z.enum(["output", "image"]).optional(), upsample: z.enum(["nearest", "bilinear"]).optional(), normalize: z.enum(["none", "minmax"]).optional() });

registerProcessor({ type: "heatmap", options: HeatmapOptionsSchema, create: (options) => new HeatmapProcessor(options) });
