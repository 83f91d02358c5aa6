import type { RgbImage } from "./rgb-image.js";

/** Options of {@link cropImage} (FiftyOne's patch extraction options). */
export interface CropOptions {
  /** Grow the shorter side so that the patch is square (before `alpha`). Default false. */
  forceSquare?: boolean;
  /** Grow (> 0) or shrink (< 0, ≥ -1) the box's width and height by this fraction, about its centre. Default 0. */
  alpha?: number;
}

/**
 * Cuts the patch of a relative `[x, y, w, h]` box out of an image, as patch
 * embeddings need. The patch is clipped to the image and at least 1×1 pixel.
 */
export function cropImage(image: RgbImage, box: readonly [number, number, number, number], options: CropOptions = {}): RgbImage {
  let w = box[2] * image.width;
  let h = box[3] * image.height;
  const cx = box[0] * image.width + w / 2;
  const cy = box[1] * image.height + h / 2;
  if (options.forceSquare) w = h = Math.max(w, h);
  const grow = 1 + Math.max(-1, options.alpha ?? 0);
  w *= grow;
  h *= grow;
  const x1 = clampInt(Math.round(cx - w / 2), 0, image.width - 1);
  const y1 = clampInt(Math.round(cy - h / 2), 0, image.height - 1);
  const x2 = clampInt(Math.round(cx + w / 2), x1 + 1, image.width);
  const y2 = clampInt(Math.round(cy + h / 2), y1 + 1, image.height);
  const pw = x2 - x1;
  const ph = y2 - y1;
  const data = new Uint8Array(pw * ph * 3);
  const rowBytes = pw * 3;
  for (let y = 0; y < ph; y++) {
    const from = ((y1 + y) * image.width + x1) * 3;
    data.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { data, width: pw, height: ph, channels: 3 };
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
