import sharp from "sharp";
import { decodeImage, type DecodeImageOptions } from "./decode-image.js";
import { checkImageSource, type ImageSource } from "./image-source.js";
import { maxImagePixels } from "./pixel-limit.js";
import { padColour, padImage, resizeImage, type ResizedImage, type ResizeOptions } from "./resize.js";
import { contentSize, planResize } from "./resize-transform.js";
import { toImageError } from "./sharp-errors.js";

/**
 * `resizeImage(await decodeImage(source), options)` in one sharp pipeline: the image
 * is decoded straight at (about) the size the model needs. JPEG and WebP then decode
 * at 1/2, 1/4 or 1/8 scale (libvips' shrink-on-load) instead of at full size, which
 * is most of the work for a 1920-pixel photo going into a 192-pixel model. The
 * geometry is the same as the two-step path — the transform is planned on the
 * upright source size — and the pixels differ only by resampling rounding.
 *
 * Same decoding rules and errors as {@link decodeImage} (upright, sRGB, alpha dropped,
 * truncated files fail, pixel limit checked from the header).
 *
 * @throws ImageNotFoundError, ImageDecodeError, ImageTooLargeError as decodeImage does
 * @throws MediaArgumentError for a malformed size, mode or pad value
 */
export async function decodeImageResized(source: ImageSource, options: ResizeOptions & DecodeImageOptions): Promise<ResizedImage> {
  // TF.js-style sampling is not a sharp kernel: decode, then resize in JS.
  if (options.kernel === "tfjs-bilinear" || options.kernel === "tfjs-bilinear-aligned") return resizeImage(await decodeImage(source, options), options);
  const limit = maxImagePixels(options.maxPixels);
  await checkImageSource(source);
  const input = { failOn: "truncated", limitInputPixels: limit === Infinity ? false : limit, autoOrient: true } as const;
  let upright: { width: number; height: number };
  try {
    upright = (await sharp(source, input).metadata()).autoOrient; // header only
  } catch (err) {
    throw await toImageError(err, source, limit);
  }
  const transform = planResize(upright.width, upright.height, options.width, options.height, options.mode ?? "fill", options.align);
  const content = contentSize(transform);
  let decoded;
  try {
    decoded = await sharp(source, input)
      // fastShrinkOnLoad off: libvips shrinks on load only as far as keeps the final resample exact-looking.
      .resize(content.width, content.height, { fit: "fill", kernel: options.kernel ?? "linear", fastShrinkOnLoad: false })
      .toColourspace("srgb")
      .removeAlpha()
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw await toImageError(err, source, limit);
  }
  const { data, info } = decoded;
  if (info.channels !== 3) throw new Error(`expected 3 channels after conversion to sRGB, got ${info.channels}`);
  const image = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 as const };
  if (image.width === options.width && image.height === options.height) return { image, transform };
  // The content is already at its final size: this only pads (letterbox), in JS — a second trip through sharp cost more than the copy.
  return { image: padImage(image, options.width, options.height, transform.padLeft, transform.padTop, padColour(options.padValue ?? 0)), transform };
}
