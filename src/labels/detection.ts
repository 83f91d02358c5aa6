import { Array2D } from "./array2d.js";
import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import type { BoundingBox } from "./geometry.js";
import { Label, type LabelJSON, type LabelOptions } from "./label.js";
import { registerLabelClass } from "./registry.js";
import { jsonOfClass, optionalArray2D, reviveItems } from "./revive.js";
import { checkAttributes, checkBox, checkLabelName, checkList, checkOptionalIndex, checkOptionalNumber } from "./validate.js";

/** Options of {@link Detection}. */
export interface DetectionOptions extends LabelOptions {
  /** Class name. */
  label: string;
  /** `[x, y, width, height]` relative to the image, in [0, 1]. */
  boundingBox: BoundingBox;
  /** Model confidence: any finite number (probabilities lie in [0, 1]). */
  confidence?: number;
  /** Instance mask over the box, at its own resolution (any size; non-zero = object). */
  mask?: Array2D;
  /** Object or track index. */
  index?: number;
  /** Custom values (JSON values). Default `{}`. */
  attributes?: Record<string, unknown>;
}

/** One object: a class and a box, optionally an instance mask. */
export class Detection extends Label {
  /** Class name. */
  label: string;
  /** `[x, y, width, height]` relative to the image. */
  boundingBox: BoundingBox;
  /** Model confidence. */
  confidence?: number;
  /** Instance mask over the box. */
  mask?: Array2D;
  /** Object or track index. */
  index?: number;
  /** Custom values. */
  attributes: Record<string, unknown>;

  /** Validates and makes a detection. */
  constructor(options: DetectionOptions) {
    super(options, "Detection");
    this.label = checkLabelName("Detection", options.label);
    this.boundingBox = checkBox("Detection", options.boundingBox);
    this.confidence = checkOptionalNumber("Detection", "confidence", options.confidence);
    const mask: unknown = options.mask ?? undefined;
    if (mask !== undefined && !(mask instanceof Array2D)) {
      throw new LabelValidationError(`Detection.mask must be an Array2D over the box (e.g. Array2D.zeros(h, w, "uint8")); got ${describeValue(mask)}.`);
    }
    this.mask = mask;
    this.index = checkOptionalIndex("Detection", options.index);
    this.attributes = checkAttributes("Detection", options.attributes);
  }

  /** Revives the JSON form made by {@link Detection.toJSON}, validating it. */
  static fromJSON(json: unknown): Detection {
    const j = jsonOfClass("Detection", json);
    return new Detection({ ...(j as unknown as DetectionOptions), mask: optionalArray2D("Detection", "mask", j.mask) });
  }

  get cls(): string {
    return "Detection";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({
      label: this.label,
      boundingBox: [...this.boundingBox],
      confidence: this.confidence,
      mask: this.mask?.toJSON(),
      index: this.index,
      attributes: this.attributes,
    });
  }
}

/** Options of {@link Detections}. */
export interface DetectionsOptions extends LabelOptions {
  /** The objects. Default `[]`. */
  detections?: Detection[];
}

/** The objects found in one image (or frame). */
export class Detections extends Label {
  /** The objects. */
  detections: Detection[];

  /** Validates and makes the list. */
  constructor(options: DetectionsOptions = {}) {
    super(options, "Detections");
    this.detections = checkList("Detections", "detections", options.detections, Detection);
  }

  /** Revives the JSON form made by {@link Detections.toJSON}, validating it. */
  static fromJSON(json: unknown): Detections {
    const j = jsonOfClass("Detections", json);
    const detections = reviveItems("Detections", "detections", j.detections, "Detection", (d) => Detection.fromJSON(d));
    return new Detections({ ...(j as unknown as DetectionsOptions), detections });
  }

  get cls(): string {
    return "Detections";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ detections: this.detections.map((d) => d.toJSON()) });
  }
}

registerLabelClass("Detection", (json) => Detection.fromJSON(json));
registerLabelClass("Detections", (json) => Detections.fromJSON(json));
