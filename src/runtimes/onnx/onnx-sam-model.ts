import { Array2D, Detection, Detections, Keypoints, type Label } from "../../labels/index.js";
import sharp from "sharp";
import { toFloat32, type RgbImage } from "../../media/index.js";
import { BaseModel, ModelCapabilityError, type ModelOutput, type PreparingModel, type PromptedInput, type SamplesModel, type TensorData } from "../../models/index.js";
import { OnnxRuntime, type OnnxRuntimeOptions } from "./onnx-runtime.js";

/** Configuration of an {@link OnnxSamModel}. */
export interface OnnxSamModelConfig extends OnnxRuntimeOptions {
  /** Name for messages. */
  name: string;
  /** The image encoder (`pixel_values` → `image_embeddings`, `image_positional_embeddings`). */
  encoderPath: string;
  /** The prompt encoder + mask decoder (embeddings, `input_points`, `input_labels`, optionally `input_boxes` → `iou_scores`, `pred_masks`). */
  decoderPath: string;
  /** The encoder's square input side. Default 1024. */
  size?: number;
  /** Mask logits above this are the object. Default 0 (transformers' `mask_threshold`). */
  maskThreshold?: number;
}

/** One image as the encoder takes it, and how it was scaled. */
export interface SamPrepared {
  /** `[3, size, size]`: the image scaled so its longer side is `size`, ImageNet-normalized, zero-padded right and bottom. */
  tensor: Float32Array;
  /** The scaled image's size (before padding). */
  resizedWidth: number;
  resizedHeight: number;
  /** The original size. */
  width: number;
  height: number;
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/**
 * Segment Anything (SAM, SlimSAM) as the transformers.js ONNX exports lay it out
 * (`Xenova/slimsam-77-uniform`: `onnx/vision_encoder.onnx` + `onnx/prompt_encoder_mask_decoder.onnx`),
 * prompted per sample (FiftyOne's `SamplesMixin`, see {@link SamplesModel}): each box of a
 * `Detections` prompt or each point set of a `Keypoints` prompt gives one mask.
 *
 * Processing follows transformers' `SamProcessor`: the longer side scaled to 1024, rescaled
 * and ImageNet-normalized, zero-padded to 1024×1024; prompt coordinates scaled by the
 * resize; of the decoder's three masks the one with the best predicted IoU; its 256×256
 * logits upsampled (bilinear) to 1024, cropped to the scaled image, resized to the original
 * and thresholded at 0. A box prompt keeps its box and label and gets the mask over it (and
 * the predicted IoU as confidence); a point prompt gets the mask's bounding box.
 */
export class OnnxSamModel extends BaseModel implements SamplesModel, PreparingModel<PromptedInput> {
  override readonly name: string;
  override readonly defaultBatchSize = 1;
  /** Prompts it takes: boxes or point sets. */
  readonly promptTypes = ["Detections", "Keypoints"] as const;
  private encoder: OnnxRuntime | undefined;
  private decoder: OnnxRuntime | undefined;

  /** @param config - the two graphs and the input size */
  constructor(private readonly config: OnnxSamModelConfig) {
    super();
    this.name = config.name;
  }

  protected override async doLoad(): Promise<void> {
    const threads: OnnxRuntimeOptions = {
      ...(this.config.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: this.config.intraOpNumThreads }),
      ...(this.config.interOpNumThreads === undefined ? {} : { interOpNumThreads: this.config.interOpNumThreads }),
    };
    this.encoder = await OnnxRuntime.load(this.config.encoderPath, threads);
    this.decoder = await OnnxRuntime.load(this.config.decoderPath, threads);
  }

  protected override async doDispose(): Promise<void> {
    await this.encoder?.dispose();
    await this.decoder?.dispose();
    this.encoder = this.decoder = undefined;
  }

  /** SAM needs prompts: use `applyModel(model, { promptField })` or {@link predictPrompted}. */
  predict(_image: RgbImage): Promise<ModelOutput> {
    return Promise.reject(new ModelCapabilityError(`Model "${this.name}" segments what prompts point at; apply it with { promptField: "<a Detections or Keypoints field>" } (or call predictPrompted).`));
  }

  /** The image, to be given its prompts (the pipeline's `promptField` does). */
  prepare(image: RgbImage): Promise<PromptedInput> {
    return Promise.resolve({ image, prompts: null });
  }

  /** Same as {@link predictPrompted}. */
  predictPrepared(batch: readonly PromptedInput[]): Promise<ModelOutput[]> {
    return this.predictPrompted(batch);
  }

  embedPrepared(): Promise<Float32Array[]> {
    return Promise.reject(new ModelCapabilityError(`Model "${this.name}" does not expose embeddings.`));
  }

  /** Masks for each image's prompts. */
  async predictPrompted(batch: readonly PromptedInput[]): Promise<ModelOutput[]> {
    const out: ModelOutput[] = [];
    for (const { image, prompts } of batch) out.push(await this.segment(image, prompts));
    return out;
  }

  /** The encoder input of an image (transformers.js `SamImageProcessor`'s `pixel_values`, without the batch dimension). */
  async prepareImage(image: RgbImage): Promise<SamPrepared> {
    const size = this.config.size ?? 1024;
    const scale = size / Math.max(image.width, image.height);
    // transformers.js: floor of the scaled size rounded to 2 decimals.
    const rw = Math.max(1, Math.floor(Number((image.width * scale).toFixed(2))));
    const rh = Math.max(1, Math.floor(Number((image.height * scale).toFixed(2))));
    const resized = await affineBilinear(image, rw, rh);
    const normalized = toFloat32(resized, { layout: "nchw", mean: IMAGENET_MEAN, std: IMAGENET_STD });
    const tensor = new Float32Array(3 * size * size);
    for (let c = 0; c < 3; c++) for (let y = 0; y < rh; y++) tensor.set(normalized.subarray((c * rh + y) * rw, (c * rh + y + 1) * rw), (c * size + y) * size);
    return { tensor, resizedWidth: rw, resizedHeight: rh, width: image.width, height: image.height };
  }

  private async segment(image: RgbImage, prompts: Label | null): Promise<ModelOutput> {
    if (!this.encoder || !this.decoder) throw new ModelCapabilityError(`Model "${this.name}" is not loaded; call await model.load() first (applyModel does).`);
    if (prompts === null) return null;
    const size = this.config.size ?? 1024;
    const prepared = await this.prepareImage(image);
    const encoded = await this.encoder.run({ pixel_values: { data: prepared.tensor, dims: [1, 3, size, size] } });
    const embeddings = { image_embeddings: encoded.image_embeddings!, image_positional_embeddings: encoded.image_positional_embeddings! };
    const [sx, sy] = [prepared.resizedWidth / prepared.width, prepared.resizedHeight / prepared.height];
    const hasBoxes = this.decoder.inputs.some((i) => i.name === "input_boxes");
    const detections: Detection[] = [];
    if (prompts instanceof Detections) {
      for (const d of prompts.detections) {
        const [x, y, w, h] = d.boundingBox;
        const box = [x * prepared.width * sx, y * prepared.height * sy, (x + w) * prepared.width * sx, (y + h) * prepared.height * sy];
        // Graphs without a box input get the box's centre as a foreground point.
        const feeds: Record<string, TensorData> = hasBoxes
          ? { input_boxes: { data: Float32Array.from(box), dims: [1, 1, 4] } }
          : { input_points: { data: Float32Array.from([(box[0]! + box[2]!) / 2, (box[1]! + box[3]!) / 2]), dims: [1, 1, 1, 2] }, input_labels: { data: Int32Array.from([1]), dims: [1, 1, 1] } };
        const { logits, score } = await this.decode(embeddings, feeds);
        const full = postProcessSamMask(logits, prepared, size, this.config.maskThreshold ?? 0);
        detections.push(new Detection({ label: d.label, boundingBox: d.boundingBox, confidence: score, mask: cropMask(full, prepared.width, prepared.height, d.boundingBox), attributes: { ...d.attributes } }));
      }
    } else if (prompts instanceof Keypoints) {
      for (const k of prompts.keypoints) {
        const points = k.points.filter((p): p is [number, number] => p !== null && p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]));
        if (points.length === 0) continue;
        const coords = Float32Array.from(points.flatMap(([px, py]) => [px * prepared.width * sx, py * prepared.height * sy]));
        const { logits, score } = await this.decode(embeddings, {
          input_points: { data: coords, dims: [1, 1, points.length, 2] },
          input_labels: { data: new Int32Array(points.length).fill(1), dims: [1, 1, points.length] },
        });
        const full = postProcessSamMask(logits, prepared, size, this.config.maskThreshold ?? 0);
        const box = maskBox(full, prepared.width, prepared.height);
        if (!box) continue;
        detections.push(new Detection({ label: k.label, boundingBox: box, confidence: score, mask: cropMask(full, prepared.width, prepared.height, box) }));
      }
    } else {
      throw new ModelCapabilityError(`Model "${this.name}" takes Detections (boxes) or Keypoints (points) as prompts, not ${prompts.constructor.name}.`);
    }
    return new Detections({ detections });
  }

  /** Runs the decoder; returns the 256×256 logits of the mask with the best predicted IoU, and that IoU. */
  private async decode(embeddings: Record<string, TensorData>, prompt: Record<string, TensorData>): Promise<{ logits: { data: ArrayLike<number>; width: number; height: number }; score: number }> {
    const decoder = this.decoder!;
    const feeds: Record<string, TensorData> = { ...embeddings, ...prompt };
    if (decoder.inputs.some((i) => i.name === "input_points") && !feeds.input_points) {
      // Box-only prompts on a graph that also declares point inputs: one padding point (label −1).
      feeds.input_points = { data: new Float32Array(2), dims: [1, 1, 1, 2] };
      feeds.input_labels = { data: Int32Array.from([-1]), dims: [1, 1, 1] };
    }
    const out = await decoder.run(feeds, ["iou_scores", "pred_masks"]);
    const iou = out.iou_scores!;
    const masks = out.pred_masks!;
    const n = iou.data.length;
    let best = 0;
    for (let i = 1; i < n; i++) if (iou.data[i]! > iou.data[best]!) best = i;
    const [mh, mw] = [masks.dims[masks.dims.length - 2]!, masks.dims[masks.dims.length - 1]!];
    return { logits: { data: masks.data.subarray(best * mh * mw, (best + 1) * mh * mw), width: mw, height: mh }, score: iou.data[best]! };
  }
}

/**
 * transformers' `SamImageProcessor.post_process_masks` for one mask: its logits
 * upsampled to the padded input (`size`×`size`), cropped to the scaled image, resized to
 * the original size, and thresholded (strictly above `threshold` is 1). Row-major
 * `width × height` bytes.
 */
export function postProcessSamMask(logits: { data: ArrayLike<number>; width: number; height: number }, p: SamPrepared, size = 1024, threshold = 0): Uint8Array {
  const up = bilinear(logits.data, logits.width, logits.height, size, size, p.resizedWidth, p.resizedHeight);
  const down = bilinear(up, p.resizedWidth, p.resizedHeight, p.width, p.height, p.width, p.height);
  const mask = new Uint8Array(p.width * p.height);
  for (let i = 0; i < mask.length; i++) mask[i] = down[i]! > threshold ? 1 : 0;
  return mask;
}

/**
 * The image scaled to `width`×`height` as transformers.js' `RawImage.resize` does in Node
 * for bilinear resampling (sharp's affine transform with a bilinear interpolator, which
 * follows Pillow: no antialiasing), cut or padded to exactly that size.
 */
async function affineBilinear(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .affine([width / image.width, 0, 0, height / image.height], { interpolator: "bilinear" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(width * height * 3);
  const w = Math.min(width, info.width);
  for (let y = 0; y < Math.min(height, info.height); y++) out.set(data.subarray(y * info.width * info.channels, y * info.width * info.channels + w * 3), y * width * 3);
  return { data: out, width, height, channels: 3 };
}

/**
 * Resizes a `sw`×`sh` map to `dw`×`dh` (ONNX `Resize` linear, half-pixel centres, edges
 * clamped — what transformers.js' `interpolate_4d` runs) and returns its top-left
 * `cw`×`ch` part.
 */
function bilinear(src: ArrayLike<number>, sw: number, sh: number, dw: number, dh: number, cw: number, ch: number): Float32Array {
  const out = new Float32Array(cw * ch);
  const xs = Array.from({ length: cw }, (_, x) => {
    const f = Math.min(Math.max((x + 0.5) * (sw / dw) - 0.5, 0), sw - 1);
    const x0 = Math.floor(f);
    return [x0, Math.min(x0 + 1, sw - 1), f - x0] as const;
  });
  for (let y = 0; y < ch; y++) {
    const fy = Math.min(Math.max((y + 0.5) * (sh / dh) - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const wy = fy - y0;
    for (let x = 0; x < cw; x++) {
      const [x0, x1, wx] = xs[x]!;
      const top = src[y0 * sw + x0]! * (1 - wx) + src[y0 * sw + x1]! * wx;
      const bottom = src[y1 * sw + x0]! * (1 - wx) + src[y1 * sw + x1]! * wx;
      out[y * cw + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
}

/** The part of a full-image mask under a relative box (pixels from floor of its left/top to ceil of its right/bottom). */
function cropMask(full: Uint8Array, width: number, height: number, box: readonly number[]): Array2D {
  const x0 = Math.max(0, Math.min(width - 1, Math.floor(box[0]! * width)));
  const y0 = Math.max(0, Math.min(height - 1, Math.floor(box[1]! * height)));
  const x1 = Math.max(x0 + 1, Math.min(width, Math.ceil((box[0]! + box[2]!) * width)));
  const y1 = Math.max(y0 + 1, Math.min(height, Math.ceil((box[1]! + box[3]!) * height)));
  const mask = Array2D.zeros(y1 - y0, x1 - x0, "uint8");
  for (let y = y0; y < y1; y++) mask.data.set(full.subarray(y * width + x0, y * width + x1), (y - y0) * (x1 - x0));
  return mask;
}

/** The relative bounding box of a mask's pixels, or undefined for an empty mask. */
function maskBox(full: Uint8Array, width: number, height: number): [number, number, number, number] | undefined {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!full[y * width + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return undefined;
  return [x0 / width, y0 / height, (x1 + 1 - x0) / width, (y1 + 1 - y0) / height];
}
