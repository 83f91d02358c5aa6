import fs from "node:fs";
import sharp, { type Metadata } from "sharp";
import { ImageDecodeError, ImageNotFoundError } from "./errors.js";
import { translateSharpError } from "./decode-image.js";

/** FiftyOne's `ImageMetadata`, in camelCase. */
export interface ImageMetadata {
  /** Width in pixels, as displayed (after EXIF orientation). */
  width: number;
  /** Height in pixels, as displayed. */
  height: number;
  /** MIME type of the file's format, e.g. `"image/jpeg"`. */
  mimeType: string;
  /** File size in bytes. */
  sizeBytes: number;
  /** Channels stored in the file (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA or CMYK). */
  numChannels: number;
}

const MIME_TYPES: Record<string, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  tiff: "image/tiff",
  avif: "image/avif",
  heif: "image/heif",
  svg: "image/svg+xml",
  jp2: "image/jp2",
};

/** Reads an image's metadata from its header, without decoding pixels. */
export async function imageMetadata(file: string): Promise<ImageMetadata> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new ImageNotFoundError(file);
  }
  if (size === 0) throw new ImageDecodeError(file, "the file is empty (0 bytes)");
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw await translateSharpError(err, file, file, Infinity);
  }
  if (!meta.width || !meta.height || !meta.format) throw new ImageDecodeError(file, "the header has no image size");
  const rotated = (meta.orientation ?? 1) >= 5; // orientations 5–8 swap width and height
  const avif = meta.format === "heif" && meta.compression === "av1";
  return {
    width: rotated ? meta.height : meta.width,
    height: rotated ? meta.width : meta.height,
    mimeType: avif ? "image/avif" : (MIME_TYPES[meta.format] ?? `image/${meta.format}`),
    sizeBytes: size,
    numChannels: meta.channels ?? 3,
  };
}
