import { Array2D } from "./array2d.js";
import { LabelValidationError } from "./errors.js";
import { Label, registerLabelClass, type LabelJSON, type LabelOptions } from "./label.js";
import { checkAttributes, checkBox, checkLabelName, checkList, checkOptionalIndex, checkOptionalNumber, type BoundingBox } from "./validate.js";

/** Options of {@link Detection}. */
export interface DetectionOptions extends LabelOptions {
  /** Class name. */
  label: string;
  /** `[x, y, width, height]` relative to the image, in [0, 1]. */
  boundingBox: BoundingBox;
  /** Model confidence. */
  confidence?: number;
  /** Instance mask over the box (its own resolution; non-zero = object). */
  mask?: Array2D;
  /** Object or track index. */
  index?: number;
  /** Custom values. */
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
    if (options.mask !== undefined && !(options.mask instanceof Array2D)) {
      throw new LabelValidationError(`Detection.mask must be an Array2D over the box (e.g. Array2D.zeros(h, w, "uint8")).`);
    }
    this.mask = options.mask;
    this.index = checkOptionalIndex("Detection", options.index);
    this.attributes = checkAttributes("Detection", options.attributes);
  }

  /** Revives the JSON form. */
  static fromJSON(json: LabelJSON): Detection {
    const o = json as unknown as DetectionOptions & { mask?: unknown };
    return new Detection({ ...o, mask: o.mask === undefined ? undefined : Array2D.fromJSON(o.mask) });
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
  /** The objects. */
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

  /** Revives the JSON form. */
  static fromJSON(json: LabelJSON): Detections {
    const items = Array.isArray(json.detections) ? json.detections.map((d) => Detection.fromJSON(d as LabelJSON)) : [];
    return new Detections({ ...(json as unknown as DetectionsOptions), detections: items });
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
