import { Label, type LabelJSON, type LabelOptions } from "./label.js";
import { registerLabelClass } from "./registry.js";
import { jsonOfClass } from "./revive.js";
import { checkAttributes, checkOptionalNumber } from "./validate.js";
import { LabelValidationError } from "./errors.js";
import { describeValue } from "./describe-value.js";

/** Options of {@link Regression}. */
export interface RegressionOptions extends LabelOptions {
  /** The predicted value, e.g. an age in years. */
  value: number;
  /** Model confidence, when the model gives one. */
  confidence?: number;
  /** Custom values (JSON values). Default `{}`. */
  attributes?: Record<string, unknown>;
}

/** One number predicted for a whole image (or frame, or patch): FiftyOne's `Regression`. */
export class Regression extends Label {
  /** The predicted value. */
  value: number;
  /** Model confidence. */
  confidence?: number;
  /** Custom values. */
  attributes: Record<string, unknown>;

  /** Validates and makes a regression value. */
  constructor(options: RegressionOptions) {
    super(options, "Regression");
    const value = checkOptionalNumber("Regression", "value", options.value);
    if (value === undefined) throw new LabelValidationError(`Regression.value must be a finite number; got ${describeValue(options.value)}.`);
    this.value = value;
    this.confidence = checkOptionalNumber("Regression", "confidence", options.confidence);
    this.attributes = checkAttributes("Regression", options.attributes);
  }

  /** Revives the JSON form made by {@link Regression.toJSON}, validating it. */
  static fromJSON(json: unknown): Regression {
    return new Regression(jsonOfClass("Regression", json) as unknown as RegressionOptions);
  }

  get cls(): string {
    return "Regression";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ value: this.value, confidence: this.confidence, attributes: this.attributes });
  }
}

registerLabelClass("Regression", (json) => Regression.fromJSON(json));
