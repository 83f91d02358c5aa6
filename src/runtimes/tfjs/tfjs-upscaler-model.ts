import { ImageOutput } from "../../labels/index.js";
import { assertRgbImage, type RgbImage } from "../../media/index.js";
import { BaseModel, RunOptionsError, tileSpans, type InferenceRuntime, type ModelOutput } from "../../models/index.js";
import { importPeer } from "../missing-package.js";
import { ModelFileError } from "../model-file-error.js";
import { loadTfjs } from "./load-tfjs.js";
import { TfjsLayersRuntime } from "./tfjs-layers-runtime.js";
import { registerUpscalerLayers } from "./upscaler-layers.js";

/** Configuration of a {@link TfjsUpscalerModel}. */
export interface TfjsUpscalerModelConfig {
  /** A name for messages. */
  name: string;
  /** The Layers model.json (its weight shards beside it). */
  modelPath: string;
  /** How many times larger each side of the output is (2, 3, 4, 8). */
  scale: number;
  /**
   * The pixel range the model takes and gives: 255 (pixels as they are, 0–255) or 1
   * (pixels divided by 255). UpscalerJS's `inputRange`/`outputRange`.
   */
  valueRange: 1 | 255;
  /** Side of the square windows the image is cut into; undefined: the whole image in one pass. */
  patchSize?: number;
  /** Pixels of overlap on each inner edge of a window, dropped from its output. Default 0. */
  padding?: number;
}

/**
 * A super-resolution model: a fully convolutional TF.js Layers network that takes an
 * image of any size and returns one `scale` times larger. Large images are cut into
 * overlapping windows of `patchSize` pixels (see `tileSpans`, UpscalerJS's tiling), each
 * window is upscaled, the overlap dropped and the rest joined; the result is clipped to
 * the model's range and rounded to 8-bit RGB, and returned as an {@link ImageOutput}
 * (which `applyModel` writes to disk).
 */
export class TfjsUpscalerModel extends BaseModel {
  readonly name: string;
  /** The upscaling factor. */
  readonly scale: number;
  /** The window side, when the image is tiled. */
  readonly patchSize: number | undefined;
  /** The overlap of windows. */
  readonly padding: number;
  private readonly config: TfjsUpscalerModelConfig;
  private runtime: InferenceRuntime | undefined;

  /** @param config - where the weights are, the scale and range, and the tiling */
  constructor(config: TfjsUpscalerModelConfig) {
    super();
    if (![2, 3, 4, 8].includes(config.scale)) throw new RunOptionsError(`${config.name}: scale must be 2, 3, 4 or 8; got ${String(config.scale)}.`);
    if (config.valueRange !== 1 && config.valueRange !== 255) throw new RunOptionsError(`${config.name}: valueRange must be 1 or 255; got ${String(config.valueRange)}.`);
    tileSpans(Math.max(2, (config.patchSize ?? 1) + 1), config.patchSize, config.padding ?? 0); // checks patchSize and padding now
    this.name = config.name;
    this.scale = config.scale;
    this.patchSize = config.patchSize;
    this.padding = config.padding ?? 0;
    this.config = config;
  }

  protected async doLoad(): Promise<void> {
    const { tf } = await loadTfjs();
    const layers = await importPeer("@tensorflow/tfjs-layers", "^4.22.0", "Running TensorFlow.js Layers (Keras) models", () => import("@tensorflow/tfjs-layers"));
    registerUpscalerLayers(tf, layers);
    this.runtime = await TfjsLayersRuntime.load(this.config.modelPath);
  }

  protected async doDispose(): Promise<void> {
    await this.runtime?.dispose();
    this.runtime = undefined;
  }

  /** Upscales one image. */
  async predict(image: RgbImage): Promise<ModelOutput> {
    assertRgbImage(image, `${this.name}.predict`);
    await this.load();
    const runtime = this.runtime!;
    const { width, height, data } = image;
    const s = this.scale;
    const outW = width * s;
    const out = new Uint8Array(outW * height * s * 3);
    const toModel = this.config.valueRange === 1 ? 1 / 255 : 1;
    const fromModel = 255 / this.config.valueRange;
    const rows = tileSpans(height, this.patchSize, this.padding);
    const cols = tileSpans(width, this.patchSize, this.padding);
    for (const row of rows) {
      for (const col of cols) {
        const input = new Float32Array(row.size * col.size * 3);
        for (let y = 0; y < row.size; y++) {
          const from = ((row.start + y) * width + col.start) * 3;
          for (let i = 0; i < col.size * 3; i++) input[y * col.size * 3 + i] = data[from + i]! * toModel;
        }
        const outputs = await runtime.run({ [runtime.inputs[0]!.name]: { data: input, dims: [1, row.size, col.size, 3] } });
        const result = Object.values(outputs)[0]!;
        const [, oh, ow, oc] = result.dims;
        if (oh !== row.size * s || ow !== col.size * s || oc !== 3) {
          throw new ModelFileError(`${this.name} gave an output of shape [${result.dims.join(", ")}] for a ${col.size}×${row.size} window; a ×${s} model gives [1, ${row.size * s}, ${col.size * s}, 3].`);
        }
        const values = result.data;
        const keepW = col.keepSize * s;
        for (let y = 0; y < row.keepSize * s; y++) {
          const src = ((row.keepOffset * s + y) * ow + col.keepOffset * s) * 3;
          const dst = (((row.start + row.keepOffset) * s + y) * outW + (col.start + col.keepOffset) * s) * 3;
          for (let i = 0; i < keepW * 3; i++) {
            const v = values[src + i]!;
            // Clipped to the model's range, then to 0–255 and rounded (a PNG's 8 bits).
            out[dst + i] = Math.round(Math.min(Math.max(v, 0), this.config.valueRange) * fromModel);
          }
        }
      }
    }
    return new ImageOutput({ image: { data: out, width: outW, height: height * s }, scale: s });
  }
}
