import fs from "node:fs";
import { Array2D, Segmentation } from "../../labels/index.js";
import { resizeImage, toFloat32, type RgbImage, type VideoReader } from "../../media/index.js";
import { BaseModel, ModelCapabilityError, type FrameOutput, type InferenceRuntime, type ModelOutput, type TensorData, type VideoModel } from "../../models/index.js";
import { ModelFileError } from "../model-file-error.js";
import { TfjsGraphRuntime } from "./tfjs-graph-runtime.js";

/** Configuration of an {@link RvmVideoModel}. */
export interface RvmVideoModelConfig {
  /** Name for messages. */
  name: string;
  /** Path of RVM's TF.js model.json (weights beside it). */
  modelPath: string;
  /**
   * Frames whose longer side is above this are scaled down (keeping their aspect)
   * before the model; the matte has the scaled size. Default 512.
   */
  maxSize?: number;
  /**
   * RVM's `downsample_ratio`: the scale at which its encoder sees the frame (the
   * refiner brings the matte back to full size). Default: the ratio that brings the
   * frame's longer side to 320 px, at most 1 — RVM's README recommends 1 up to 512 px
   * and about 0.4 for full-body HD.
   */
  downsampleRatio?: number;
  /** Frames stored per transaction by `applyModel` when no batch size is given. Default 8. */
  defaultBatchSize?: number;
}

/** The encoder's working size when no ratio is set (see {@link RvmVideoModelConfig.downsampleRatio}). */
const AUTO_BASE_SIZE = 320;
const DEFAULT_MAX_SIZE = 512;

/** RVM's recurrent state: one tensor per decoder stage, fed back with the next frame. */
type RecurrentState = Record<"r1i" | "r2i" | "r3i" | "r4i", TensorData>;

/** The graph's tensor names by the signature's keys (its outputs are named `Identity_N`). */
interface RvmSignature {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
}

/**
 * Robust Video Matting (Lin et al., WACV 2022) on TensorFlow.js: a video model that
 * carries four recurrent states from frame to frame and returns each frame's alpha
 * matte as a `Segmentation` whose uint8 mask is the alpha × 255 (255: person,
 * 0: background). How the graph is fed follows vladmandic/human's
 * `src/segmentation/rvm.ts`: `src` is the frame `[1, H, W, 3]` in 0..1, the states
 * `r1i..r4i` start as scalar zeros and are replaced by `r1o..r4o` after every frame,
 * and `downsample_ratio` is a scalar.
 *
 * `predict(image)` mattes a single image from a fresh state.
 */
export class RvmVideoModel extends BaseModel implements VideoModel {
  override readonly name: string;
  override readonly mediaType = "video" as const;
  override readonly defaultBatchSize: number;
  /** The configuration this model was made with. */
  readonly config: RvmVideoModelConfig;
  private runtimeRef: InferenceRuntime | undefined;
  private signature: RvmSignature | undefined;

  /** @param config - where the graph is, and how frames are sized */
  constructor(config: RvmVideoModelConfig) {
    super();
    this.config = config;
    this.name = config.name;
    this.defaultBatchSize = config.defaultBatchSize ?? 8;
  }

  protected override async doLoad(): Promise<void> {
    this.signature = readSignature(this.config.modelPath);
    this.runtimeRef = await TfjsGraphRuntime.load(this.config.modelPath);
    // Warm-up: the first run compiles kernels.
    await this.step({ data: new Uint8Array(64 * 64 * 3), width: 64, height: 64, channels: 3 }, zeroState());
  }

  protected override async doDispose(): Promise<void> {
    await this.runtimeRef?.dispose();
    this.runtimeRef = undefined;
  }

  /** The matte of one image, from a fresh recurrent state. */
  async predict(image: RgbImage): Promise<ModelOutput> {
    return (await this.step(image, zeroState())).matte;
  }

  /** Every frame of the reader's range: frame number → matte. Holds every matte; see {@link RvmVideoModel.predictFrames}. */
  async predictVideo(reader: VideoReader): Promise<ModelOutput> {
    const out = new Map<number, FrameOutput>();
    for await (const [n, matte] of this.predictFrames(reader)) out.set(n, matte);
    return out;
  }

  /** The mattes frame by frame, the recurrent state carried from each frame to the next. */
  async *predictFrames(reader: VideoReader): AsyncGenerator<[number, FrameOutput]> {
    await this.load();
    let state = zeroState();
    for await (const frame of reader) {
      const result = await this.step(frame, state);
      state = result.state;
      yield [frame.frameNumber, result.matte];
    }
  }

  /** One frame through the graph: its matte and the state for the next frame. */
  private async step(image: RgbImage, state: RecurrentState): Promise<{ matte: Segmentation; state: RecurrentState }> {
    const runtime = this.runtimeRef;
    const sig = this.signature;
    if (!runtime || !sig) throw new ModelCapabilityError(`Model "${this.name}" is not loaded; call await model.load() first (applyModel does).`);
    const input = await this.fit(image);
    const longer = Math.max(input.width, input.height);
    const ratio = this.config.downsampleRatio ?? Math.min(1, AUTO_BASE_SIZE / longer);
    const feeds: Record<string, TensorData> = {
      [sig.inputs.src!]: { data: toFloat32(input, { layout: "nhwc", scale: 1 / 255 }), dims: [1, input.height, input.width, 3] },
      [sig.inputs.downsample_ratio!]: { data: new Float32Array([ratio]), dims: [] },
    };
    for (const key of ["r1i", "r2i", "r3i", "r4i"] as const) feeds[sig.inputs[key]!] = state[key];
    const names = { pha: sig.outputs.pha!, r1o: sig.outputs.r1o!, r2o: sig.outputs.r2o!, r3o: sig.outputs.r3o!, r4o: sig.outputs.r4o! };
    const out = await runtime.run(feeds, Object.values(names));
    // pha: [1, H, W, 1] alpha in 0..1 at the input's size.
    const pha = out[names.pha]!;
    const [, h, w] = pha.dims as [number, number, number, number];
    const mask = Array2D.zeros(h, w, "uint8");
    for (let i = 0; i < h * w; i++) mask.data[i] = Math.round(Math.min(1, Math.max(0, pha.data[i]!)) * 255);
    return {
      matte: new Segmentation({ mask }),
      // r1o..r4o: [1, h/2^k, w/2^k, C] at the encoder's scale, fed back as r1i..r4i.
      state: { r1i: out[names.r1o]!, r2i: out[names.r2o]!, r3i: out[names.r3o]!, r4i: out[names.r4o]! },
    };
  }

  /** The image scaled down to `maxSize` on its longer side, or as it is when it fits. */
  private async fit(image: RgbImage): Promise<RgbImage> {
    const maxSize = this.config.maxSize ?? DEFAULT_MAX_SIZE;
    const longer = Math.max(image.width, image.height);
    if (longer <= maxSize) return image;
    const s = maxSize / longer;
    const width = Math.max(1, Math.round(image.width * s));
    const height = Math.max(1, Math.round(image.height * s));
    return (await resizeImage(image, { width, height, mode: "fill" })).image;
  }
}

/** Scalar zeros: RVM's "no history yet". */
function zeroState(): RecurrentState {
  const zero = (): TensorData => ({ data: new Float32Array([0]), dims: [] });
  return { r1i: zero(), r2i: zero(), r3i: zero(), r4i: zero() };
}

/** The signature's key → graph tensor name maps, read from model.json. */
function readSignature(modelPath: string): RvmSignature {
  let json: { signature?: { inputs?: Record<string, { name?: string }>; outputs?: Record<string, { name?: string }> } };
  try {
    json = JSON.parse(fs.readFileSync(modelPath, "utf8")) as typeof json;
  } catch (err) {
    throw new ModelFileError(`Cannot read RVM model ${modelPath}: ${(err as Error).message}. Download the model again.`, { cause: err });
  }
  const names = (m: Record<string, { name?: string }> | undefined) =>
    // Keys may carry the tensor suffix too ("r1i:0"); names always do.
    Object.fromEntries(Object.entries(m ?? {}).map(([key, v]) => [key.replace(/:0$/, ""), (v.name ?? key).replace(/:0$/, "")]));
  const sig = { inputs: names(json.signature?.inputs), outputs: names(json.signature?.outputs) };
  const missing = [...["src", "downsample_ratio", "r1i", "r2i", "r3i", "r4i"].filter((k) => !sig.inputs[k]), ...["pha", "r1o", "r2o", "r3o", "r4o"].filter((k) => !sig.outputs[k])];
  if (missing.length > 0) throw new ModelFileError(`${modelPath} is not an RVM graph: its signature lacks ${missing.join(", ")}.`);
  return sig;
}
