import { LabelValidationError } from "./errors.js";
import { Label, registerLabelClass, type LabelJSON, type LabelOptions } from "./label.js";
import { checkAttributes, checkLabelName, checkList, checkOptionalIndex, checkPoint, type Point } from "./validate.js";

/** Options of {@link Keypoint}. */
export interface KeypointOptions extends LabelOptions {
  /** Name of the set of points (e.g. "person"). */
  label: string;
  /** Relative `[x, y]` points; `null` for a missing (invisible) point. */
  points: (Point | null)[];
  /** One confidence per point (`null` where unknown). */
  confidence?: (number | null)[];
  /** Object or track index. */
  index?: number;
  /** Custom values. */
  attributes?: Record<string, unknown>;
}

/** A set of keypoints of one object, e.g. the 17 COCO body joints of a person. */
export class Keypoint extends Label {
  /** Name of the set. */
  label: string;
  /** Relative `[x, y]` points, `null` where missing. */
  points: (Point | null)[];
  /** Per-point confidence. */
  confidence?: (number | null)[];
  /** Object or track index. */
  index?: number;
  /** Custom values. */
  attributes: Record<string, unknown>;

  /** Validates and makes a keypoint set. */
  constructor(options: KeypointOptions) {
    super(options, "Keypoint");
    this.label = checkLabelName("Keypoint", options.label);
    if (!Array.isArray(options.points)) throw new LabelValidationError(`Keypoint.points must be a list of [x, y] points (null for missing ones).`);
    this.points = options.points.map((p) => (p === null ? null : checkPoint("Keypoint", "points", p)));
    if (options.confidence !== undefined) {
      const c = options.confidence;
      if (!Array.isArray(c) || c.length !== this.points.length) {
        throw new LabelValidationError(
          `Keypoint.confidence must have one value per point (${this.points.length}); got ${Array.isArray(c) ? c.length : JSON.stringify(c)}.`,
        );
      }
      if (c.some((v) => v !== null && (typeof v !== "number" || !Number.isFinite(v)))) {
        throw new LabelValidationError(`Keypoint.confidence values must be finite numbers or null.`);
      }
      this.confidence = [...c];
    }
    this.index = checkOptionalIndex("Keypoint", options.index);
    this.attributes = checkAttributes("Keypoint", options.attributes);
  }

  /** Revives the JSON form. */
  static fromJSON(json: LabelJSON): Keypoint {
    return new Keypoint(json as unknown as KeypointOptions);
  }

  get cls(): string {
    return "Keypoint";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({
      label: this.label,
      points: this.points.map((p) => (p === null ? null : [...p])),
      confidence: this.confidence && [...this.confidence],
      index: this.index,
      attributes: this.attributes,
    });
  }
}

/** Options of {@link Keypoints}. */
export interface KeypointsOptions extends LabelOptions {
  /** The keypoint sets. */
  keypoints?: Keypoint[];
}

/** The keypoint sets of one image, e.g. one per person. */
export class Keypoints extends Label {
  /** The keypoint sets. */
  keypoints: Keypoint[];

  /** Validates and makes the list. */
  constructor(options: KeypointsOptions = {}) {
    super(options, "Keypoints");
    this.keypoints = checkList("Keypoints", "keypoints", options.keypoints, Keypoint);
  }

  /** Revives the JSON form. */
  static fromJSON(json: LabelJSON): Keypoints {
    const items = Array.isArray(json.keypoints) ? json.keypoints.map((k) => Keypoint.fromJSON(k as LabelJSON)) : [];
    return new Keypoints({ ...(json as unknown as KeypointsOptions), keypoints: items });
  }

  get cls(): string {
    return "Keypoints";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ keypoints: this.keypoints.map((k) => k.toJSON()) });
  }
}

registerLabelClass("Keypoint", (json) => Keypoint.fromJSON(json));
registerLabelClass("Keypoints", (json) => Keypoints.fromJSON(json));
