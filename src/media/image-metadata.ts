import sharp, { type Metadata } from "sharp";
import { ImageDecodeError } from "./errors.js";
import { checkImageSource, sourceName, type ImageSource } from "./image-source.js";
import { toImageError } from "./sharp-errors.js";

/** FiftyOne's `ImageMetadata`, in camelCase. */
export interface ImageMetadata {
  /** Width in pixels, as displayed: after the EXIF orientation, like {@link decodeImage}'s. */
  width: number;
  /** Height in pixels, as displayed. */
  height: number;
  /** MIME type of the detected format (not the extension), e.g. `"image/jpeg"`. */
  mimeType: string;
  /** Size of the encoded file (or buffer) in bytes. */
  sizeBytes: number;
  /**
   * Channels stored in the file, as libvips reports them: 1 gray, 2 gray+alpha,
   * 3 RGB, 4 RGBA or CMYK. Palette images count their palette's channels (3, or 4
   * with transparency), where Pillow would say 1 ("P" mode).
   */
  numChannels: number;
}

// sharp's format names → MIME types. HEIF containers are told apart by codec below.
const MIME_TYPES: Readonly<Record<string, string>> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  tiff: "image/tiff",
  svg: "image/svg+xml",
  jp2: "image/jp2",
  jxl: "image/jxl",
  bmp: "image/bmp",
};

/**
 * Reads an image's metadata from its header only: no pixel is decoded, so it is
 * cheap, works on images above the pixel limit, and passes truncated files (only
 * {@link decodeImage} finds those).
 *
 * @param source - a file path, or the encoded bytes
 * @throws ImageNotFoundError for a missing path
 * @throws ImageDecodeError for empty or non-image data, or an unreadable header
 */
export async function imageMetadata(source: ImageSource): Promise<ImageMetadata> {
  const sizeBytes = await checkImageSource(source);
  let meta: Metadata;
  try {
    meta = await sharp(source, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw await toImageError(err, source, Infinity);
  }
  const { width, height } = meta.autoOrient;
  if (!(width > 0 && height > 0)) throw new ImageDecodeError(sourceName(source), "the header gives no image size");
  return { width, height, mimeType: mimeTypeOf(meta), sizeBytes, numChannels: meta.channels };
}

function mimeTypeOf(meta: Metadata): string {
  if (meta.format === "heif") {
    if (meta.compression === "av1") return "image/avif";
    return meta.compression === "hevc" ? "image/heic" : "image/heif";
  }
  // A libvips built with ImageMagick reports "magick" and names the real format apart.
  const format = meta.format === "magick" && meta.formatMagick ? meta.formatMagick.toLowerCase() : meta.format;
  return MIME_TYPES[format] ?? `image/${format}`;
}
