import { Array2D } from "./array2d.js";
import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import type { Label, LabelJSON } from "./label.js";

/*
 * Helpers for the static fromJSON methods: they check the shape of the JSON; the
 * constructors then check the values.
 */

/**
 * `json` as the JSON form of `cls`: a plain object whose `_cls`, when present, is `cls`
 * (it may be left out when calling `Cls.fromJSON` directly).
 */
export function jsonOfClass(cls: string, json: unknown): LabelJSON {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new LabelValidationError(`${cls}.fromJSON needs the object made by ${cls}.toJSON(); got ${describeValue(json)}.`);
  }
  const given = (json as { _cls?: unknown })._cls;
  if (given !== undefined && given !== cls) {
    throw new LabelValidationError(`${cls}.fromJSON got the JSON of another class (_cls ${describeValue(given)}); use labelFromJSON to revive any class.`);
  }
  return json as LabelJSON;
}

/** An optional Array2D field: absent or null → undefined, else its JSON form revived. */
export function optionalArray2D(cls: string, field: string, value: unknown): Array2D | undefined {
  return value === undefined || value === null ? undefined : Array2D.fromJSON(value, `${cls}.${field}`);
}

/** A container's item list: absent or null → [], else each item revived with `revive`. */
export function reviveItems<T extends Label>(cls: string, field: string, value: unknown, itemCls: string, revive: (json: unknown) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new LabelValidationError(`${cls}.${field} in JSON must be a list of ${itemCls} objects; got ${describeValue(value)}.`);
  }
  return value.map((item, i) => {
    try {
      return revive(item);
    } catch (e) {
      if (!(e instanceof LabelValidationError)) throw e;
      // Say which item: "Detections.detections[3]: Detection.boundingBox must be ...".
      throw new LabelValidationError(`${cls}.${field}[${i}]: ${e.message}`, { cause: e });
    }
  });
}
