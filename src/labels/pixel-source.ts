import { Array2D } from "./array2d.js";
import { describeValue } from "./describe-value.js";
import { LabelValidationError } from "./errors.js";

/** Where the pixels of a {@link Segmentation} or {@link Heatmap} are: inline or in a PNG. */
export interface PixelSource {
  /** The inline array, when given. */
  array?: Array2D;
  /** The PNG path, when given. */
  path?: string;
}

/**
 * Checks that exactly one of an inline array (`arrayField`) and a PNG path (`pathField`)
 * is given; `null` counts as absent, as in FiftyOne's JSON.
 */
export function checkPixelSource(cls: string, arrayField: string, array: unknown, pathField: string, path: unknown): PixelSource {
  const a = array ?? undefined;
  const p = path ?? undefined;
  if ((a === undefined) === (p === undefined)) {
    throw new LabelValidationError(
      `${cls} needs exactly one of ${arrayField} (an Array2D) and ${pathField} (a PNG path); got ${a === undefined ? "neither" : "both"}.`,
    );
  }
  if (a !== undefined && !(a instanceof Array2D)) {
    throw new LabelValidationError(`${cls}.${arrayField} must be an Array2D over the image (e.g. Array2D.zeros(h, w, "uint8")); got ${describeValue(a)}.`);
  }
  if (p !== undefined && (typeof p !== "string" || p === "")) {
    throw new LabelValidationError(`${cls}.${pathField} must be the path of a PNG file; got ${describeValue(p)}.`);
  }
  return { array: a, path: p };
}
