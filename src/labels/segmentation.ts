import type { Array2D } from "./array2d.js";
import { LabelValidationError } from "./errors.js";
import { Label, type LabelJSON, type LabelOptions } from "./label.js";
import { checkPixelSource } from "./pixel-source.js";
import { registerLabelClass } from "./registry.js";
import { jsonOfClass, optionalArray2D } from "./revive.js";

/** Options of {@link Segmentation}: exactly one of `mask` and `maskPath`. */
export interface SegmentationOptions extends LabelOptions {
  /** Class id per pixel over the whole image (uint8, uint16 or int32 data). */
  mask?: Array2D;
  /** A PNG on disk holding the mask instead. */
  maskPath?: string;
}

/** A semantic segmentation of a whole image: one class id per pixel. */
export class Segmentation extends Label {
  /** Class ids per pixel. */
  mask?: Array2D;
  /** Path of a PNG holding the mask. */
  maskPath?: string;

  /** Validates and makes a segmentation. */
  constructor(options: SegmentationOptions) {
    super(options, "Segmentation");
    const { array: mask, path: maskPath } = checkPixelSource("Segmentation", "mask", options.mask, "maskPath", options.maskPath);
    if (mask !== undefined && mask.dtype === "float32") {
      throw new LabelValidationError(`Segmentation.mask must hold integer class ids (uint8, uint16 or int32 data); got float32 data. Use a Heatmap for scores.`);
    }
    this.mask = mask;
    this.maskPath = maskPath;
  }

  /** Revives the JSON form made by {@link Segmentation.toJSON}, validating it. */
  static fromJSON(json: unknown): Segmentation {
    const j = jsonOfClass("Segmentation", json);
    return new Segmentation({ ...(j as unknown as SegmentationOptions), mask: optionalArray2D("Segmentation", "mask", j.mask) });
  }

  get cls(): string {
    return "Segmentation";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ mask: this.mask?.toJSON(), maskPath: this.maskPath });
  }
}

registerLabelClass("Segmentation", (json) => Segmentation.fromJSON(json));
