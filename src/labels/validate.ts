import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";
import { RELATIVE_TOLERANCE, type BoundingBox, type Point } from "./geometry.js";
import { cloneJSONValue } from "./json-value.js";

/*
 * The checks every label constructor (and so every fromJSON) runs. Each message names
 * `<Class>.<field>`, the bad value and what is expected. `null` counts as "not given"
 * for optional values because FiftyOne's JSON writes absent values as null.
 */

/** Checks a label name: any string. */
export function checkLabelName(cls: string, label: unknown): string {
  if (typeof label !== "string") throw new LabelValidationError(`${cls}.label must be a string (the class name); got ${describeValue(label)}.`);
  return label;
}

/**
 * Checks an optional finite number. Confidences are not limited to [0, 1]: probabilities
 * lie there, but some models report raw scores, which are kept as they are.
 */
export function checkOptionalNumber(cls: string, field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new LabelValidationError(`${cls}.${field} must be a finite number; got ${describeValue(value)}.`);
  }
  return value;
}

/** Checks an optional whole-number object/track index. */
export function checkOptionalIndex(cls: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new LabelValidationError(`${cls}.index must be a whole number (an object or track index); got ${describeValue(value)}.`);
  }
  return value;
}

/** Checks an optional flag, `fallback` when absent. */
export function checkBoolean(cls: string, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw new LabelValidationError(`${cls}.${field} must be true or false; got ${describeValue(value)}.`);
  return value;
}

/** Checks a relative box; see {@link BoundingBox}. */
export function checkBox(cls: string, value: unknown): BoundingBox {
  const expect = `${cls}.boundingBox must be [x, y, width, height] relative to the image, each in [0, 1]`;
  const hint = `Convert pixel boxes with fromAbsoluteBox(box, imageWidth, imageHeight).`;
  if (!Array.isArray(value) || value.length !== 4 || value.some((v) => typeof v !== "number")) {
    throw new LabelValidationError(`${expect}; got ${describeValue(value)} (not 4 numbers). ${hint}`);
  }
  const [x, y, w, h] = value as BoundingBox;
  const t = RELATIVE_TOLERANCE;
  const problem =
    !value.every(Number.isFinite) ? "NaN or Infinity"
    : x < -t || y < -t ? "x and y must be ≥ 0"
    : x > 1 + t || y > 1 + t ? "x and y must be ≤ 1"
    : w < -t || h < -t ? "width and height must be ≥ 0"
    : x + w > 1 + t ? `x + width = ${round(x + w)} > 1`
    : y + h > 1 + t ? `y + height = ${round(y + h)} > 1`
    : undefined;
  if (problem) throw new LabelValidationError(`${expect}; got ${describeValue(value)} (${problem}). ${hint}`);
  return [x, y, w, h];
}

/** Checks a relative point; `where` names it, e.g. `Keypoint.points[3]`. */
export function checkPoint(where: string, value: unknown): Point {
  const t = RELATIVE_TOLERANCE;
  const ok = Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number" && Number.isFinite(v) && v >= -t && v <= 1 + t);
  if (!ok) {
    throw new LabelValidationError(
      `${where} must be a relative [x, y] point with x and y in [0, 1]; got ${describeValue(value)}. ` +
        `Convert pixel points with fromAbsolutePoints(points, imageWidth, imageHeight).`,
    );
  }
  return [value[0] as number, value[1] as number];
}

/** Checks an attributes bag: a plain object of JSON values, copied. */
export function checkAttributes(cls: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new LabelValidationError(`${cls}.attributes must be a plain object of custom values, e.g. { occluded: true }; got ${describeValue(value)}.`);
  }
  return cloneJSONValue(value, `${cls}.attributes`) as Record<string, unknown>;
}

/** Checks tags: a list of strings, copied. */
export function checkTags(cls: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((t) => typeof t !== "string")) {
    throw new LabelValidationError(`${cls}.tags must be a list of strings, e.g. ["reviewed"]; got ${describeValue(value)}.`);
  }
  return [...(value as string[])];
}

/** Checks optional logits (a Float32Array or a number list), kept as a Float32Array (not copied). */
export function checkLogits(cls: string, value: unknown): Float32Array | undefined {
  if (value === undefined || value === null) return undefined;
  const expect = `${cls}.logits must be a Float32Array (or a list of numbers) of finite values, one per class`;
  if (!(value instanceof Float32Array) && !Array.isArray(value)) throw new LabelValidationError(`${expect}; got ${describeValue(value)}.`);
  const list = value as ArrayLike<unknown>;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new LabelValidationError(`${expect}; got ${describeValue(v)} at index ${i}.`);
    // Math.fround is what storing in a Float32Array does: 1e39 would become Infinity.
    if (!Number.isFinite(Math.fround(v))) throw new LabelValidationError(`${expect}; got ${v} at index ${i}, beyond the float32 range.`);
  }
  return value instanceof Float32Array ? value : Float32Array.from(value as number[]);
}

/** Checks a list of labels of one class, copied (the list, not the labels). */
export function checkList<T>(cls: string, field: string, value: unknown, itemClass: abstract new (...args: never[]) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new LabelValidationError(`${cls}.${field} must be a list of ${itemClass.name} instances; got ${describeValue(value)}.`);
  const bad = value.findIndex((v) => !(v instanceof itemClass));
  if (bad >= 0) {
    throw new LabelValidationError(`${cls}.${field} must be a list of ${itemClass.name} instances; item ${bad} is ${describeValue(value[bad])}.`);
  }
  return [...(value as T[])];
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
