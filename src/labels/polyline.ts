import { LabelValidationError } from "./errors.js";
import { Label, registerLabelClass, type LabelJSON, type LabelOptions } from "./label.js";
import { checkAttributes, checkLabelName, checkList, checkOptionalIndex, checkOptionalNumber, checkPoint, type Point } from "./validate.js";

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
  /** Model confidence. */
  confidence?: number;
  /** Object or track index. */
  index?: number;
  /** Custom values. */
  attributes?: Record<string, unknown>;
}

/** Lines or polygons of one object, e.g. a text region found by an OCR detector. */
export class Polyline extends Label {
  /** Shapes of relative vertices. */
  points: Point[][];
  /** Class name. */
  label: string;
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
    if (!Array.isArray(options.points) || options.points.some((shape) => !Array.isArray(shape) || shape.some((p) => !Array.isArray(p)))) {
      throw new LabelValidationError(`Polyline.points must be a list of shapes, each a list of [x, y] vertices: [[[x, y], ...], ...].`);
    }
    this.points = options.points.map((shape) => shape.map((p) => checkPoint("Polyline", "points", p)));
    this.closed = options.closed ?? false;
    this.filled = options.filled ?? false;
    this.confidence = checkOptionalNumber("Polyline", "confidence", options.confidence);
    this.index = checkOptionalIndex("Polyline", options.index);
    this.attributes = checkAttributes("Polyline", options.attributes);
  }

  /** Revives the JSON form. */
  static fromJSON(json: LabelJSON): Polyline {
    return new Polyline(json as unknown as PolylineOptions);
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

/** Options of {@link Polylines}. */
export interface PolylinesOptions extends LabelOptions {
  /** The polylines. */
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

  /** Revives the JSON form. */
  static fromJSON(json: LabelJSON): Polylines {
    const items = Array.isArray(json.polylines) ? json.polylines.map((p) => Polyline.fromJSON(p as LabelJSON)) : [];
    return new Polylines({ ...(json as unknown as PolylinesOptions), polylines: items });
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
