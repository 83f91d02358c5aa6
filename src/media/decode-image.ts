import sharp from "sharp";
import { checkImageSource, type ImageSource } from "./image-source.js";
import { maxImagePixels } from "./pixel-limit.js";
import type { RgbImage } from "./rgb-image.js";
import { toImageError } from "./sharp-errors.js";

/** Options of {@link decodeImage}. */
export interface DecodeImageOptions {
  /**
   * Refuse images with more pixels than this, from the header, before decoding
   * (decompression bombs). A positive integer or `Infinity`. Default:
   * `$MODELZOO_MAX_IMAGE_PIXELS`, else {@link DEFAULT_MAX_IMAGE_PIXELS} (178,956,970).
   */
  maxPixels?: number;
}

/**
 * Decodes an image file or its bytes to 8-bit sRGB RGB pixels (HWC) with sharp, on
 * libuv's thread pool.
 *
 * - Upright: the EXIF orientation is applied (a photo stored sideways with
 *   orientation 6 comes out with width and height swapped), as viewers show it.
 * - Grayscale becomes three equal channels; 16-bit samples keep their high byte
 *   (65535 → 255); palette images are expanded; CMYK and images with an embedded ICC
 *   profile are colour-managed to sRGB.
 * - Alpha is dropped, not composited: a transparent pixel keeps its colour values,
 *   as Pillow's `convert("RGB")` does.
 * - Animated GIF/WebP and multi-page TIFF give their first frame.
 * - Truncated files are errors, not grey-filled images; recoverable warnings inside
 *   otherwise complete files (e.g. stray bytes before a JPEG's end marker) are not.
 *
 * @param source - a file path, or the encoded bytes
 * @throws ImageNotFoundError for a missing path
 * @throws ImageTooLargeError above the pixel limit, before any pixel is decoded
 * @throws ImageDecodeError for corrupt, truncated, empty or non-image data, or an unsupported format
 * @throws MediaArgumentError for an invalid `maxPixels` or `$MODELZOO_MAX_IMAGE_PIXELS`
 */
export async function decodeImage(source: ImageSource, options: DecodeImageOptions = {}): Promise<RgbImage> {
  const limit = maxImagePixels(options.maxPixels);
  await checkImageSource(source);
  try {
    const { data, info } = await sharp(source, {
      // "truncated" rather than sharp's default "warning": cut-off files must fail, but
      // camera JPEGs with harmless libjpeg warnings open everywhere else and must here too.
      failOn: "truncated",
      limitInputPixels: limit === Infinity ? false : limit,
      autoOrient: true,
    })
      .toColourspace("srgb")
      .removeAlpha()
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion to sRGB, got ${info.channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
  } catch (err) {
    throw await toImageError(err, source, limit);
  }
}
