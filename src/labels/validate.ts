import { LabelValidationError } from "./errors.js";

/** `[x, y, width, height]`, relative to the image, each in [0, 1], top-left origin. */
export type BoundingBox = [number, number, number, number];

/** A relative `[x, y]` point. */
export type Point = [number, number];

/** Slack for float rounding when checking that values lie in [0, 1]. */
export const RELATIVE_TOLERANCE = 1e-6;

/** Checks a label name. */
export function checkLabelName(cls: string, label: unknown): string {
  if (typeof label !== "string") throw new LabelValidationError(`${cls}.label must be a string; got ${JSON.stringify(label)}.`);
  return label;
}

/** Checks an optional finite number (confidence, index...). */
export function checkOptionalNumber(cls: string, field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new LabelValidationError(`${cls}.${field} must be a finite number; got ${typeof value === "number" ? String(value) : JSON.stringify(value)}.`);
  }
  return value;
}

/** Checks an optional whole-number index. */
export function checkOptionalIndex(cls: string, value: unknown): number | undefined {
  const n = checkOptionalNumber(cls, "index", value);
  if (n !== undefined && !Number.isInteger(n)) throw new LabelValidationError(`${cls}.index must be a whole number; got ${n}.`);
  return n;
}

/** Checks a relative box; see {@link BoundingBox}. */
export function checkBox(cls: string, value: unknown): BoundingBox {
  const hint = `Convert pixel boxes with fromAbsoluteBox(box, imageWidth, imageHeight).`;
  const expect = `${cls}.boundingBox must be [x, y, width, height] relative to the image, each in [0, 1]`;
  if (!Array.isArray(value) || value.length !== 4 || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new LabelValidationError(`${expect}; got ${JSON.stringify(value)}. ${hint}`);
  }
  const [x, y, w, h] = value as BoundingBox;
  const t = RELATIVE_TOLERANCE;
  const problem =
    x < -t || y < -t ? "x and y must be ≥ 0"
    : w < -t || h < -t ? "width and height must be ≥ 0"
    : x + w > 1 + t ? `x + width = ${round(x + w)} > 1`
    : y + h > 1 + t ? `y + height = ${round(y + h)} > 1`
    : undefined;
  if (problem) throw new LabelValidationError(`${expect}; got [${value.join(", ")}] (${problem}). ${hint}`);
  return [x, y, w, h];
}

/** Checks a relative point. */
export function checkPoint(cls: string, field: string, value: unknown): Point {
  const t = RELATIVE_TOLERANCE;
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    value.some((v) => typeof v !== "number" || !Number.isFinite(v) || v < -t || v > 1 + t)
  ) {
    throw new LabelValidationError(
      `${cls}.${field} must hold relative [x, y] points with x and y in [0, 1]; got ${JSON.stringify(value)}. ` +
        `Convert pixel points with fromAbsolutePoints(points, imageWidth, imageHeight).`,
    );
  }
  return [value[0] as number, value[1] as number];
}

/** Checks an attributes bag: a plain object. */
export function checkAttributes(cls: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LabelValidationError(`${cls}.attributes must be a plain object of custom values; got ${JSON.stringify(value)}.`);
  }
  return { ...(value as Record<string, unknown>) };
}

/** Checks optional logits: finite numbers, kept as a Float32Array. */
export function checkLogits(cls: string, value: unknown): Float32Array | undefined {
  if (value === undefined || value === null) return undefined;
  const arr = value instanceof Float32Array ? value : Array.isArray(value) ? Float32Array.from(value as number[]) : undefined;
  if (!arr || !arr.every((v) => Number.isFinite(v))) {
    throw new LabelValidationError(`${cls}.logits must be a Float32Array (or number list) of finite values.`);
  }
  return arr;
}

/** Checks a list of labels of one class. */
export function checkList<T>(cls: string, field: string, value: unknown, itemClass: abstract new (...args: never[]) => T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => !(v instanceof itemClass))) {
    throw new LabelValidationError(`${cls}.${field} must be a list of ${itemClass.name} instances.`);
  }
  return [...(value as T[])];
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
