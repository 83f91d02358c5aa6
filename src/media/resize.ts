import sharp, { type KernelEnum } from "sharp";
import { fromCornerBox, type BoundingBox, type Point } from "../labels/index.js";
import type { RgbImage } from "./rgb-image.js";

/** How an image is fitted to a model's input size. */
export type ResizeMode = "fill" | "letterbox";

/** Options of {@link resizeImage}. */
export interface ResizeOptions {
  /** Target width in pixels. */
  width: number;
  /** Target height in pixels. */
  height: number;
  /** `"fill"` (default) stretches to the exact size; `"letterbox"` keeps the aspect ratio, centres and pads. */
  mode?: ResizeMode;
  /** Padding colour for letterbox: one value for all channels or `[r, g, b]`. Default 0 (black). */
  padValue?: number | [number, number, number];
  /** sharp's resampling kernel. Default `"linear"` (bilinear, as most models were trained with). */
  kernel?: keyof KernelEnum;
}

/**
 * How a resize mapped the source image into the target: the content was scaled by
 * `scaleX`/`scaleY` and placed at (`padLeft`, `padTop`), all in pixels.
 */
export interface ResizeTransform {
  /** Source width. */
  srcWidth: number;
  /** Source height. */
  srcHeight: number;
  /** Target width. */
  dstWidth: number;
  /** Target height. */
  dstHeight: number;
  /** Target content width / source width. */
  scaleX: number;
  /** Target content height / source height. */
  scaleY: number;
  /** Padding columns on the left. */
  padLeft: number;
  /** Padding rows on the top. */
  padTop: number;
}

/** Resizes an image with sharp (on libuv's thread pool) and returns how it was mapped. */
export async function resizeImage(image: RgbImage, options: ResizeOptions): Promise<{ image: RgbImage; transform: ResizeTransform }> {
  const { width, height } = options;
  const transform = planResize(image.width, image.height, width, height, options.mode ?? "fill");
  const contentW = Math.round(image.width * transform.scaleX);
  const contentH = Math.round(image.height * transform.scaleY);
  const pad = typeof options.padValue === "number" || options.padValue === undefined ? [options.padValue ?? 0, options.padValue ?? 0, options.padValue ?? 0] : options.padValue;
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).resize(contentW, contentH, {
    fit: "fill",
    kernel: options.kernel ?? "linear",
  });
  if (contentW !== width || contentH !== height) {
    pipeline = pipeline.extend({
      left: transform.padLeft,
      top: transform.padTop,
      right: width - contentW - transform.padLeft,
      bottom: height - contentH - transform.padTop,
      background: { r: pad[0]!, g: pad[1]!, b: pad[2]! },
    });
  }
  const { data } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height, channels: 3 }, transform };
}

/** The transform a resize of `srcW×srcH` into `dstW×dstH` will use (content sizes are whole pixels). */
export function planResize(srcW: number, srcH: number, dstW: number, dstH: number, mode: ResizeMode): ResizeTransform {
  if (mode === "fill") return { srcWidth: srcW, srcHeight: srcH, dstWidth: dstW, dstHeight: dstH, scaleX: dstW / srcW, scaleY: dstH / srcH, padLeft: 0, padTop: 0 };
  const scale = Math.min(dstW / srcW, dstH / srcH);
  const contentW = Math.max(1, Math.round(srcW * scale));
  const contentH = Math.max(1, Math.round(srcH * scale));
  return {
    srcWidth: srcW,
    srcHeight: srcH,
    dstWidth: dstW,
    dstHeight: dstH,
    scaleX: contentW / srcW,
    scaleY: contentH / srcH,
    padLeft: Math.floor((dstW - contentW) / 2),
    padTop: Math.floor((dstH - contentH) / 2),
  };
}

/** A point relative to the model input → relative to the source image (undoing padding), clipped to [0, 1]. */
export function pointToSource(point: readonly [number, number], t: ResizeTransform): Point {
  const x = (point[0] * t.dstWidth - t.padLeft) / t.scaleX / t.srcWidth;
  const y = (point[1] * t.dstHeight - t.padTop) / t.scaleY / t.srcHeight;
  return [Math.min(1, Math.max(0, x)), Math.min(1, Math.max(0, y))];
}

/** A box `[x, y, w, h]` relative to the model input → relative to the source image, clipped. */
export function boxToSource(box: readonly [number, number, number, number], t: ResizeTransform): BoundingBox {
  const x1 = (box[0] * t.dstWidth - t.padLeft) / t.scaleX;
  const y1 = (box[1] * t.dstHeight - t.padTop) / t.scaleY;
  const x2 = ((box[0] + box[2]) * t.dstWidth - t.padLeft) / t.scaleX;
  const y2 = ((box[1] + box[3]) * t.dstHeight - t.padTop) / t.scaleY;
  return fromCornerBox([x1, y1, x2, y2], t.srcWidth, t.srcHeight);
}

/** A box relative to the source image → relative to the model input (the inverse of {@link boxToSource}). */
export function boxToTarget(box: readonly [number, number, number, number], t: ResizeTransform): BoundingBox {
  const x1 = box[0] * t.srcWidth * t.scaleX + t.padLeft;
  const y1 = box[1] * t.srcHeight * t.scaleY + t.padTop;
  const x2 = (box[0] + box[2]) * t.srcWidth * t.scaleX + t.padLeft;
  const y2 = (box[1] + box[3]) * t.srcHeight * t.scaleY + t.padTop;
  return fromCornerBox([x1, y1, x2, y2], t.dstWidth, t.dstHeight);
}
