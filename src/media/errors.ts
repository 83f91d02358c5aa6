import { ModelzooError } from "../errors.js";

/** An image path that does not exist. */
export class ImageNotFoundError extends ModelzooError {
  /** @param file - the missing path */
  constructor(file: string) {
    super("IMAGE_NOT_FOUND", `Image ${file} does not exist. Check the path, or remove the sample with dataset.deleteSamples().`);
  }
}

/** A file that cannot be decoded as an image: corrupt, truncated, empty, or not an image at all. */
export class ImageDecodeError extends ModelzooError {
  /** @param file - the file (or "<buffer>"); @param reason - the decoder's words */
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(
      "IMAGE_DECODE",
      `Cannot decode image ${file}: ${reason}. The file is corrupt, truncated or not a supported image ` +
        `(JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF, BMP); re-export or replace it.`,
      options,
    );
  }
}

/** An image with more pixels than the limit: refused before decoding (a decompression bomb guard). */
export class ImageTooLargeError extends ModelzooError {
  /** @param file - the image; @param width - its width; @param height - its height; @param limit - the pixel limit */
  constructor(file: string, width: number, height: number, limit: number) {
    super(
      "IMAGE_TOO_LARGE",
      `Image ${file} is ${width}×${height} = ${width * height} pixels, above the limit of ${limit}. ` +
        `If the image is genuine, raise the limit with decodeImage(path, { maxPixels }) or the MODELZOO_MAX_IMAGE_PIXELS environment variable.`,
    );
  }
}
