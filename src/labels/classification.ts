import { Label, type LabelJSON, type LabelOptions } from "./label.js";
import { registerLabelClass } from "./registry.js";
import { jsonOfClass, reviveItems } from "./revive.js";
import { checkAttributes, checkLabelName, checkList, checkLogits, checkOptionalNumber } from "./validate.js";

/** Options of {@link Classification}. */
export interface ClassificationOptions extends LabelOptions {
  /** Class name. */
  label: string;
  /** Model confidence: any finite number (probabilities lie in [0, 1]; raw scores are kept as given). */
  confidence?: number;
  /** Raw model outputs for every class, kept when `storeLogits` is asked for. */
  logits?: Float32Array | number[];
  /** Custom values (JSON values). Default `{}`. */
  attributes?: Record<string, unknown>;
}

/** One class for a whole image (or frame). */
export class Classification extends Label {
  /** Class name. */
  label: string;
  /** Model confidence. */
  confidence?: number;
  /** Per-class logits. */
  logits?: Float32Array;
  /** Custom values. */
  attributes: Record<string, unknown>;

  /** Validates and makes a classification. */
  constructor(options: ClassificationOptions) {
    super(options, "Classification");
    this.label = checkLabelName("Classification", options.label);
    this.confidence = checkOptionalNumber("Classification", "confidence", options.confidence);
    this.logits = checkLogits("Classification", options.logits);
    this.attributes = checkAttributes("Classification", options.attributes);
  }

  /** Revives the JSON form made by {@link Classification.toJSON}, validating it. */
  static fromJSON(json: unknown): Classification {
    return new Classification(jsonOfClass("Classification", json) as unknown as ClassificationOptions);
  }

  get cls(): string {
    return "Classification";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({
      label: this.label,
      confidence: this.confidence,
      logits: this.logits && Array.from(this.logits),
      attributes: this.attributes,
    });
  }
}

/** Options of {@link Classifications}. */
export interface ClassificationsOptions extends LabelOptions {
  /** The classes (multi-label). Default `[]`. */
  classifications?: Classification[];
  /** Per-class logits of the whole prediction. */
  logits?: Float32Array | number[];
}

/** Several classes for one image (multi-label classification, top-k). */
export class Classifications extends Label {
  /** The classes. */
  classifications: Classification[];
  /** Per-class logits. */
  logits?: Float32Array;

  /** Validates and makes the list. */
  constructor(options: ClassificationsOptions = {}) {
    super(options, "Classifications");
    this.classifications = checkList("Classifications", "classifications", options.classifications, Classification);
    this.logits = checkLogits("Classifications", options.logits);
  }

  /** Revives the JSON form made by {@link Classifications.toJSON}, validating it. */
  static fromJSON(json: unknown): Classifications {
    const j = jsonOfClass("Classifications", json);
    const classifications = reviveItems("Classifications", "classifications", j.classifications, "Classification", (c) => Classification.fromJSON(c));
    return new Classifications({ ...(j as unknown as ClassificationsOptions), classifications });
  }

  get cls(): string {
    return "Classifications";
  }

  toJSON(): LabelJSON {
    return this.jsonOf({ classifications: this.classifications.map((c) => c.toJSON()), logits: this.logits && Array.from(this.logits) });
  }
}

registerLabelClass("Classification", (json) => Classification.fromJSON(json));
registerLabelClass("Classifications", (json) => Classifications.fromJSON(json));
