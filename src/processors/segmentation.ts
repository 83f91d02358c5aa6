import { Array2D, Heatmap, Segmentation } from "../labels/index.js";
import { densePlanes, resizePlanes, type DenseLayout, type DensePlanes } from "./dense-map.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";

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
    const p = sized(densePlanes(requireOutput(outputs, this.options.output, "SemanticSegmentationProcessor"), ctx.index, this.options.layout ?? "nchw", ctx.contentBox), this.options.resize, ctx);
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
    const p = sized(densePlanes(requireOutput(outputs, this.options.output, "HeatmapProcessor"), ctx.index, this.options.layout ?? "nchw", ctx.contentBox), this.options.resize, ctx);
    const c = this.options.channel ?? 0;
    const map = Array2D.zeros(p.height, p.width, "float32");
    for (let y = 0; y < p.height; y++) {
      for (let x = 0; x < p.width; x++) {
        const v = p.at(c, x, y);
        map.set(y, x, this.options.sigmoid ? 1 / (1 + Math.exp(-v)) : v);
      }
    }
    return new Heatmap({ map, range: this.options.range ?? [0, 1] });
  }
}

function sized(p: DensePlanes, resize: "output" | "image" | undefined, ctx: DecodeContext): DensePlanes {
  return resize === "image" ? resizePlanes(p, ctx.imageWidth, ctx.imageHeight) : p;
}
