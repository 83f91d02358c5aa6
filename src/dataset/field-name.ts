import { InvalidNameError } from "./errors.js";

/** Names a custom field may not take: the built-in sample properties. */
export const RESERVED_FIELDS = new Set(["id", "filepath", "mediaType", "tags", "metadata", "frames"]);

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Names every plain JavaScript object already has (`__proto__`, `constructor`,
 * `toString`, `valueOf`, `hasOwnProperty`, ...): as field names they would read back
 * as functions or set an object's prototype wherever a record is keyed by field name,
 * so they are refused.
 */
export const OBJECT_PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Throws unless `name` can be a custom field: letters, digits and `_`, not starting
 * with a digit, not a built-in sample property, not a name of `Object.prototype`.
 */
export function checkFieldName(name: string): void {
  if (!FIELD_NAME.test(name)) {
    throw new InvalidNameError(
      `"${name}" is not a valid field name: use letters, digits and "_", not starting with a digit (e.g. "predictions_v2"). ` +
        `Dots are path separators, not part of a name.`,
    );
  }
  if (RESERVED_FIELDS.has(name)) {
    throw new InvalidNameError(`"${name}" is a built-in sample property and cannot be a custom field; pick another name.`);
  }
  if (OBJECT_PROTOTYPE_NAMES.has(name)) {
    throw new InvalidNameError(
      `"${name}" is a name every JavaScript object already has (Object.prototype.${name}) and cannot be a field name; ` +
        `pick another one (e.g. "${name.replace(/^_+|_+$/g, "")}_field").`,
    );
  }
}
