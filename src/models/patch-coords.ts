import type { BoundingBox, Point } from "../labels/index.js";
import type { PixelRegion } from "../media/index.js";

/*
 * A model run on a patch answers in the patch's relative coordinates; these move its
 * answers onto the whole image, whose patch occupies `region` (in pixels).
 */

/** A relative point of the patch → a relative point of the image. */
export function mapPointToImage(p: readonly [number, number], region: PixelRegion, imageWidth: number, imageHeight: number): Point {
  return [clamp01((region.left + p[0] * region.width) / imageWidth), clamp01((region.top + p[1] * region.height) / imageHeight)];
}

/** A relative box of the patch → a relative box of the image (it stays inside the patch, so inside the image). */
export function mapBoxToImage(b: readonly [number, number, number, number], region: PixelRegion, imageWidth: number, imageHeight: number): BoundingBox {
  const [x, y] = mapPointToImage([b[0], b[1]], region, imageWidth, imageHeight);
  const [x2, y2] = mapPointToImage([b[0] + b[2], b[1] + b[3]], region, imageWidth, imageHeight);
  return [x, y, x2 - x, y2 - y];
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
