import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import type { Point } from "./geometry.js";
import { Label, type LabelJSON, type LabelOptions } from "./label.js";
import { registerLabelClass } from "./registry.js";
import { jsonOfClass, reviveItems } from "./revive.js";
import { checkAttributes, checkLabelName, checkList, checkOptionalIndex, checkPoint } from "./validate.js";

/** Options of {@link Keypoint}. */
export interface KeypointOptions extends LabelOptions {
  /** Name of the set of points (e.g. "person"). */
  label: string;
  /** Relative `[x, y]` points; `null` for a missing (invisible) point. */
  points: (Point | null)[];
  /** One confidence per point (`null` where unknown); as many as `points`. */
  confidence?: (number | null)[];
  /** Object or track index. */
  index?: number;
  /** Custom values (JSON values). Default `{}`. */
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
    const points: unknown = options.points;
    if (!Array.isArray(points)) {
      throw new LabelValidationError(`Keypoint.points must be a list of relative [x, y] points (null for missing ones); got ${describeValue(points)}.`);
    }
    this.points = points.map((p, i) => (p === null ? null : checkPoint(`Keypoint.points[${i}]`, p)));
    this.confidence = checkPointConfidences(options.confidence, this.points.length);
    this.index = checkOptionalIndex("Keypoint", options.index);
    this.attributes = checkAttributes("Keypoint", options.attributes);
  }

  /** Revives the JSON form made by {@link Keypoint.toJSON}, validating it. */
  static fromJSON(json: unknown): Keypoint {
    return new Keypoint(jsonOfClass("Keypoint", json) as unknown as KeypointOptions);
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

/** Per-point confidences: one finite number or null per point, copied. */
function checkPointConfidences(value: unknown, pointCount: number): (number | null)[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length !== pointCount) {
    const got = Array.isArray(value) ? `${value.length} values` : describeValue(value);
    throw new LabelValidationError(`Keypoint.confidence must have one value per point (${pointCount}); got ${got}.`);
  }
  const bad = value.findIndex((v) => v !== null && (typeof v !== "number" || !Number.isFinite(v)));
  if (bad >= 0) {
    throw new LabelValidationError(`Keypoint.confidence[${bad}] must be a finite number or null; got ${describeValue(value[bad])}.`);
  }
  return [...(value as (number | null)[])];
}

/** Options of {@link Keypoints}. */
export interface KeypointsOptions extends LabelOptions {
  /** The keypoint sets. Default `[]`. */
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

  /** Revives the JSON form made by {@link Keypoints.toJSON}, validating it. */
  static fromJSON(json: unknown): Keypoints {
    const j = jsonOfClass("Keypoints", json);
    const keypoints = reviveItems("Keypoints", "keypoints", j.keypoints, "Keypoint", (k) => Keypoint.fromJSON(k));
    return new Keypoints({ ...(j as unknown as KeypointsOptions), keypoints });
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
