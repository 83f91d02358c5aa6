import { InvalidNameError } from "./errors.js";

/** Names a custom field may not take: the built-in sample properties. */
export const RESERVED_FIELDS = new Set(["id", "filepath", "mediaType", "tags", "metadata", "frames"]);

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws unless `name` can be a custom field: letters, digits and `_`, not starting with a digit, not reserved. */
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
}
