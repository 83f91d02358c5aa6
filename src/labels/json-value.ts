import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";

/**
 * A deep copy of `value` that is guaranteed to survive `JSON.stringify` → `JSON.parse`
 * unchanged: null, booleans, strings, finite numbers, arrays and plain objects of those.
 * Anything else (NaN, undefined in a list, Dates, typed arrays, class instances) is
 * refused, naming `path` (e.g. `Detection.attributes.score`), because JSON would turn it
 * silently into something else and a stored label would no longer equal the original.
 */
export function cloneJSONValue(value: unknown, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    throw notJSON(path, value);
  }
  if (Array.isArray(value)) return value.map((v, i) => cloneJSONValue(v, `${path}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // Like JSON: an undefined property is simply absent.
      if (v !== undefined) out[k] = cloneJSONValue(v, `${path}.${k}`);
    }
    return out;
  }
  throw notJSON(path, value);
}

function notJSON(path: string, value: unknown): LabelValidationError {
  return new LabelValidationError(
    `${path} must be a JSON value (null, boolean, string, finite number, or lists and plain objects of those); got ${describeValue(value)}. ` +
      `Convert dates to ISO strings and typed arrays with Array.from(...).`,
  );
}
