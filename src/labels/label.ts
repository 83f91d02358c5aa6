import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import { cloneJSONValue } from "./json-value.js";
import { isObjectId, objectId } from "./object-id.js";
import { checkTags } from "./validate.js";

/** The JSON form of a label: its properties (camelCase) plus `_cls`, the class name. */
export interface LabelJSON {
  /** Label class name, e.g. `"Detections"`. */
  _cls: string;
  [key: string]: unknown;
}

/** Options every label takes. */
export interface LabelOptions {
  /** A 24-hex id to keep (e.g. when reviving); a new one is made when omitted. */
  id?: string;
  /** Label tags, e.g. `["reviewed"]`. Default `[]`. */
  tags?: string[];
}

/**
 * The base of every label class. Each label has an `id`, `tags`, a JSON form keyed by
 * `_cls`, and validates its values when constructed (so also when revived from JSON).
 */
export abstract class Label {
  /** The label's id (24 hex characters, see `objectId`). */
  readonly id: string;
  /** Label tags (e.g. "reviewed", "mistake"). */
  tags: string[];

  /** @param options - id and tags; @param cls - the concrete class name, for messages */
  protected constructor(options: LabelOptions, cls: string) {
    if (typeof options !== "object" || options === null) {
      throw new LabelValidationError(`new ${cls}(...) takes one options object, e.g. new ${cls}({ ... }); got ${describeValue(options)}.`);
    }
    if (options.id !== undefined && options.id !== null && !isObjectId(options.id)) {
      throw new LabelValidationError(`${cls}.id must be a 24-character lowercase hex id; got ${describeValue(options.id)}. Omit it to get a new one.`);
    }
    this.id = options.id ?? objectId();
    this.tags = checkTags(cls, options.tags);
  }

  /** The class name used as `_cls` in JSON (e.g. `"Detection"`). */
  abstract get cls(): string;

  /** The JSON form: a plain, JSON-safe object with `_cls`; undefined properties are left out. */
  abstract toJSON(): LabelJSON;

  /**
   * The JSON form from the class's own properties: adds `_cls`, `id` and `tags`, leaves
   * out undefined values, empty tag lists and empty attribute bags (both revive as
   * empty), and copies attributes, refusing values JSON cannot carry (they may have been
   * changed since construction).
   */
  protected jsonOf(props: Record<string, unknown>): LabelJSON {
    const out: LabelJSON = { _cls: this.cls, id: this.id };
    if (this.tags.length > 0) out.tags = checkTags(this.cls, this.tags);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined) continue;
      if (k === "attributes") {
        if (Object.keys(v as object).length > 0) out[k] = cloneJSONValue(v, `${this.cls}.attributes`);
        continue;
      }
      out[k] = v;
    }
    return out;
  }
}

/** True for any label instance. */
export function isLabel(value: unknown): value is Label {
  return value instanceof Label;
}
