import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import type { Point } from "./geometry.js";
import { Label, type LabelJSON, type LabelOptions } from "./label.js";
import { registerLabelClass } from "./registry.js";
import { jsonOfClass, reviveItems } from "./revive.js";
import { checkAttributes, checkBoolean, checkLabelName, checkList, checkOptionalIndex, checkOptionalNumber, checkPoint } from "./validate.js";

/** Options of {@link Polyline}. */
export interface PolylineOptions extends LabelOptions {
  /** Class name. */
  label: string;
  /** One or more shapes, each a list of relative `[x, y]` vertices. */
  points: Point[][];
  /** The last vertex joins the first. Default false. */
  closed?: boolean;
  /** The shape is a filled polygon. Default false. */
  filled?: boolean;
  /** Model confidence: any finite number (probabilities lie in [0, 1]). */
  confidence?: number;
  /** Object or track index. */
  index?: number;
  /** Custom values (JSON values). Default `{}`. */
  attributes?: Record<string, unknown>;
}

/** Lines or polygons of one object, e.g. a text region found by an OCR detector. */
export class Polyline extends Label {
  /** Class name. */
  label: string;
  /** Shapes of relative vertices. */
  points: Point[][];
  /** Closed shapes. */
  closed: boolean;
  /** Filled polygons. */
  filled: boolean;
  /** Model confidence. */
  confidence?: number;
  /** Object or track index. */
  index?: number;
  /** Custom values. */
  attributes: Record<string, unknown>;

  /** Validates and makes a polyline. */
  constructor(options: PolylineOptions) {
    super(options, "Polyline");
    this.label = checkLabelName("Polyline", options.label);
    this.points = checkShapes(options.points);
    this.closed = checkBoolean("Polyline", "closed", options.closed, false);
    this.filled = checkBoolean("Polyline", "filled", options.filled, false);
    this.confidence = checkOptionalNumber("Polyline", "confidence", options.confidence);
    this.index = checkOptionalIndex("Polyline", options.index);
    this.attributes = checkAttributes("Polyline", options.attributes);
  }

  /** Revives the JSON form made by {@link Polyline.toJSON}, validating it. */
  static fromJSON(json: unknown): Polyline {
    return new Polyline(jsonOfClass("Polyline", json) as unknown as PolylineOptions);
  }

  get cls(): string {
    return "Polyline";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({
      label: this.label,
      points: this.points.map((shape) => shape.map((p) => [...p])),
      closed: this.closed,
      filled: this.filled,
      confidence: this.confidence,
      index: this.index,
      attributes: this.attributes,
    });
  }
}

/** A list of shapes, each a list of relative vertices, copied. */
function checkShapes(value: unknown): Point[][] {
  const expect = `Polyline.points must be a list of shapes, each a list of relative [x, y] vertices: [[[x, y], ...], ...]`;
  if (!Array.isArray(value)) throw new LabelValidationError(`${expect}; got ${describeValue(value)}.`);
  return value.map((shape: unknown, s) => {
    if (!Array.isArray(shape)) throw new LabelValidationError(`${expect}; shape ${s} is ${describeValue(shape)}.`);
    // The likely mistake: one shape's vertices without the outer list.
    if (shape.length === 2 && shape.every((v) => typeof v === "number")) {
      throw new LabelValidationError(`${expect}; shape ${s} is ${describeValue(shape)}, a single vertex: wrap one shape's vertices in a list.`);
    }
    return shape.map((p, i) => checkPoint(`Polyline.points[${s}][${i}]`, p));
  });
}

/** Options of {@link Polylines}. */
export interface PolylinesOptions extends LabelOptions {
  /** The polylines. Default `[]`. */
  polylines?: Polyline[];
}

/** The polylines of one image. */
export class Polylines extends Label {
  /** The polylines. */
  polylines: Polyline[];

  /** Validates and makes the list. */
  constructor(options: PolylinesOptions = {}) {
    super(options, "Polylines");
    this.polylines = checkList("Polylines", "polylines", options.polylines, Polyline);
  }

  /** Revives the JSON form made by {@link Polylines.toJSON}, validating it. */
  static fromJSON(json: unknown): Polylines {
    const j = jsonOfClass("Polylines", json);
    const polylines = reviveItems("Polylines", "polylines", j.polylines, "Polyline", (p) => Polyline.fromJSON(p));
    return new Polylines({ ...(j as unknown as PolylinesOptions), polylines });
  }

  get cls(): string {
    return "Polylines";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ polylines: this.polylines.map((p) => p.toJSON()) });
  }
}

registerLabelClass("Polyline", (json) => Polyline.fromJSON(json));
registerLabelClass("Polylines", (json) => Polylines.fromJSON(json));
