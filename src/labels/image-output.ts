import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import { Label, type LabelJSON, type LabelOptions } from "./label.js";
import { registerLabelClass } from "./registry.js";
import { jsonOfClass } from "./revive.js";

/** The pixels of an {@link ImageOutput} held in memory: 8-bit RGB, row-major, channels interleaved (HWC). */
export interface ImageOutputPixels {
  /** `height * width * 3` bytes. */
  data: Uint8Array;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** Options of {@link ImageOutput}: exactly one of `image` and `imagePath`. */
export interface ImageOutputOptions extends LabelOptions {
  /** The output image in memory (what a model returns; `applyModel` writes it to a PNG). */
  image?: ImageOutputPixels;
  /** A PNG (or other image file) on disk holding the output image instead. */
  imagePath?: string;
  /** Width of the output image in pixels (taken from `image` when given). */
  width?: number;
  /** Height of the output image in pixels (taken from `image` when given). */
  height?: number;
  /** How many times larger than the input each side is (super-resolution models), when known. */
  scale?: number;
}

/**
 * An image made by a model from the sample's image: a super-resolved (upscaled),
 * restored or otherwise transformed picture. Models return it with the pixels in
 * memory; `applyModel` writes them as a PNG beside the dataset (or under `outputDir`)
 * and stores the path, width, height and scale, as masks written to disk are.
 */
export class ImageOutput extends Label {
  /** The pixels, while in memory. */
  image?: ImageOutputPixels;
  /** Path of the image file. */
  imagePath?: string;
  /** Output width in pixels. */
  width: number;
  /** Output height in pixels. */
  height: number;
  /** Upscaling factor, when the model has one. */
  scale?: number;

  /** Validates and makes an image output. */
  constructor(options: ImageOutputOptions) {
    super(options, "ImageOutput");
    const image = options.image ?? undefined;
    const imagePath = options.imagePath ?? undefined;
    if ((image === undefined) === (imagePath === undefined)) {
      throw new LabelValidationError(`ImageOutput needs exactly one of image (RGB pixels) and imagePath (an image file); got ${image === undefined ? "neither" : "both"}.`);
    }
    if (imagePath !== undefined && (typeof imagePath !== "string" || imagePath === "")) {
      throw new LabelValidationError(`ImageOutput.imagePath must be the path of an image file; got ${describeValue(imagePath)}.`);
    }
    if (image !== undefined) {
      const ok =
        typeof image === "object" &&
        image.data instanceof Uint8Array &&
        Number.isInteger(image.width) &&
        Number.isInteger(image.height) &&
        image.width > 0 &&
        image.height > 0 &&
        image.data.length === image.width * image.height * 3;
      if (!ok) throw new LabelValidationError(`ImageOutput.image must be { data: Uint8Array of width·height·3 RGB bytes, width, height } with positive integer sizes; got ${describeValue(image)}.`);
    }
    const width = image?.width ?? options.width;
    const height = image?.height ?? options.height;
    for (const [field, value] of [["width", width], ["height", height]] as const) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        throw new LabelValidationError(`ImageOutput.${field} must be a positive integer (pixels of the output image); got ${describeValue(value)}.`);
      }
    }
    if (image !== undefined && ((options.width !== undefined && options.width !== image.width) || (options.height !== undefined && options.height !== image.height))) {
      throw new LabelValidationError(`ImageOutput's width and height (${String(options.width)}×${String(options.height)}) differ from its image's (${image.width}×${image.height}); leave them out.`);
    }
    const scale = options.scale ?? undefined;
    if (scale !== undefined && (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0)) {
      throw new LabelValidationError(`ImageOutput.scale must be a positive number; got ${describeValue(scale)}.`);
    }
    this.image = image;
    this.imagePath = imagePath;
    this.width = width!;
    this.height = height!;
    this.scale = scale;
  }

  /** Revives the JSON form made by {@link ImageOutput.toJSON}, validating it. */
  static fromJSON(json: unknown): ImageOutput {
    const j = jsonOfClass("ImageOutput", json) as unknown as Record<string, unknown>;
    const inline = j.image as { data?: unknown; width?: unknown; height?: unknown } | null | undefined;
    let image: ImageOutputPixels | undefined;
    if (inline !== undefined && inline !== null) {
      if (typeof inline !== "object" || typeof inline.data !== "string") {
        throw new LabelValidationError(`ImageOutput.image in JSON must be { data: base64 RGB bytes, width, height }; got ${describeValue(inline)}.`);
      }
      image = { data: new Uint8Array(Buffer.from(inline.data, "base64")), width: inline.width as number, height: inline.height as number };
    }
    return new ImageOutput({ ...(j as ImageOutputOptions), image });
  }

  get cls(): string {
    return "ImageOutput";
  }

  /** The JSON form; pixels in memory are stored as base64 (write them to a file for anything but small images). */
  toJSON(): LabelJSON {
    const image = this.image ? { data: Buffer.from(this.image.data.buffer, this.image.data.byteOffset, this.image.data.byteLength).toString("base64"), width: this.image.width, height: this.image.height } : undefined;
    return this.jsonOf({ image, imagePath: this.imagePath, width: this.width, height: this.height, scale: this.scale });
  }
}

registerLabelClass("ImageOutput", (json) => ImageOutput.fromJSON(json));
