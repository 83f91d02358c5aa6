import fs from "node:fs";
import sharp from "sharp";
import { ImageDecodeError, ImageNotFoundError, ImageTooLargeError } from "./errors.js";
import { maxImagePixels } from "./pixel-limit.js";
import type { RgbImage } from "./rgb-image.js";

/** Options of {@link decodeImage}. */
export interface DecodeImageOptions {
  /** Refuse images with more pixels than this (default: {@link maxImagePixels}). */
  maxPixels?: number;
}

/**
 * Decodes an image file or buffer to 8-bit RGB (HWC) with sharp, upright: the EXIF
 * orientation is applied. Grayscale, alpha, 16-bit, palette and CMYK inputs become
 * sRGB RGB; alpha is dropped (as Pillow's `convert("RGB")` does).
 *
 * @throws ImageNotFoundError for a missing path
 * @throws ImageTooLargeError above the pixel limit, before any pixel is decoded
 * @throws ImageDecodeError for corrupt, truncated, empty or non-image data
 */
export async function decodeImage(source: string | Buffer | Uint8Array, options: DecodeImageOptions = {}): Promise<RgbImage> {
  const name = typeof source === "string" ? source : "<buffer>";
  if (typeof source === "string") {
    const stat = fs.statSync(source, { throwIfNoEntry: false });
    if (!stat) throw new ImageNotFoundError(source);
    if (stat.size === 0) throw new ImageDecodeError(source, "the file is empty (0 bytes)");
  } else if (source.byteLength === 0) {
    throw new ImageDecodeError(name, "the buffer is empty");
  }
  const limit = maxImagePixels(options.maxPixels);
  try {
    const { data, info } = await sharp(source, { failOn: "warning", limitInputPixels: limit })
      .rotate() // applies and strips the EXIF orientation
      .toColourspace("srgb")
      .removeAlpha()
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
  } catch (err) {
    throw await translateSharpError(err, source, name, limit);
  }
}

/** Turns sharp's errors into ours, naming the file. */
export async function translateSharpError(err: unknown, source: string | Buffer | Uint8Array, name: string, limit: number): Promise<Error> {
  const message = err instanceof Error ? err.message : String(err);
  if (/exceeds pixel limit/i.test(message)) {
    const meta = await sharp(source, { limitInputPixels: false }).metadata().catch(() => undefined);
    return new ImageTooLargeError(name, meta?.width ?? NaN, meta?.height ?? NaN, limit);
  }
  const reason = message.replace(/^Input (file|buffer) (contains|has) /, "").split("\n")[0]!.trim();
  return new ImageDecodeError(name, reason || "unknown decoder error", { cause: err });
}
