import path from "node:path";
import { ModelzooError } from "../errors.js";

/*
 * The media layer's errors. Image errors name the file (or "<buffer>" for bytes in
 * memory) and the fix; a later video reader adds its own `Video*Error`s beside them.
 */

/** The formats the sharp build we ship decodes, for messages. */
const SUPPORTED_IMAGE_FORMATS = "JPEG, PNG, WebP, GIF, TIFF, AVIF or SVG";

/** An image path that does not exist (code `IMAGE_NOT_FOUND`). */
export class ImageNotFoundError extends ModelzooError {
  /** The missing path, as given. */
  readonly file: string;

  /** @param file - the missing path, as given */
  constructor(file: string, options?: ErrorOptions) {
    super("IMAGE_NOT_FOUND", `Image ${file} does not exist${resolvedNote(file)}. Check the path, or remove the sample that points at it.`, options);
    this.file = file;
  }
}

/**
 * An image the process may not read (code `IMAGE_PERMISSION`): the file or a folder on
 * its path denies this user access (errno `EACCES` / `EPERM`). The data may be fine.
 */
export class ImagePermissionError extends ModelzooError {
  /** The file, as given. */
  readonly file: string;

  /** @param file - the unreadable path, as given */
  constructor(file: string, options?: ErrorOptions) {
    super(
      "IMAGE_PERMISSION",
      `Cannot read image ${file}: permission denied${resolvedNote(file)}. Give the user running modelzoo read access to it ` +
        `(and search access to its folders), e.g. chmod a+r, or remove the sample.`,
      options,
    );
    this.file = file;
  }
}

/**
 * Bytes that cannot be decoded as an image (code `IMAGE_DECODE`): a corrupt or
 * truncated file, an empty one, a directory, something that is not an image at all
 * (a text file named `.jpg`), or a format this build of sharp cannot read.
 */
export class ImageDecodeError extends ModelzooError {
  /** The file, or `"<buffer>"`. */
  readonly file: string;
  /** The decoder's reason, in brief. */
  readonly reason: string;

  /**
   * @param file - the file, or `"<buffer>"`
   * @param reason - why it failed, in a few words (e.g. sharp's message)
   */
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(
      "IMAGE_DECODE",
      `Cannot decode image ${file}: ${reason}. The data is corrupt, truncated, or not a ${SUPPORTED_IMAGE_FORMATS} image; ` +
        `re-export or convert it (e.g. to PNG), or remove the sample.`,
      options,
    );
    this.file = file;
    this.reason = reason;
  }
}

/**
 * An image with more pixels than the limit (code `IMAGE_TOO_LARGE`), refused from its
 * header before any pixel is decoded: the guard against decompression bombs.
 */
export class ImageTooLargeError extends ModelzooError {
  /** The file, or `"<buffer>"`. */
  readonly file: string;
  /** Width in pixels, as displayed. */
  readonly width: number;
  /** Height in pixels, as displayed. */
  readonly height: number;
  /** The pixel limit that was in force. */
  readonly limit: number;

  /**
   * @param file - the file, or `"<buffer>"`
   * @param width - its width in pixels
   * @param height - its height in pixels
   * @param limit - the pixel limit in force
   */
  constructor(file: string, width: number, height: number, limit: number, options?: ErrorOptions) {
    super(
      "IMAGE_TOO_LARGE",
      `Image ${file} is ${width}×${height} = ${width * height} pixels, above the limit of ${limit} (a guard against decompression bombs). ` +
        `If the image is genuine, raise the limit with decodeImage(source, { maxPixels }) or the MODELZOO_MAX_IMAGE_PIXELS environment variable.`,
      options,
    );
    this.file = file;
    this.width = width;
    this.height = height;
    this.limit = limit;
  }
}

/**
 * A media helper was called with arguments it cannot work with (code
 * `MEDIA_ARGUMENT`): a malformed `RgbImage`, a non-positive size, a bad pixel limit.
 * These are programming or configuration errors, not bad files.
 */
export class MediaArgumentError extends ModelzooError {
  /** @param message - what was wrong and what is expected */
  constructor(message: string) {
    super("MEDIA_ARGUMENT", message);
  }
}

/** Tensors that do not fit together (code `TENSOR_SHAPE`), e.g. a batch of unequal sizes. */
export class TensorShapeError extends ModelzooError {
  /** @param message - the sizes involved and the fix */
  constructor(message: string) {
    super("TENSOR_SHAPE", message);
  }
}

// A relative path in an error is ambiguous when the process runs from elsewhere.
function resolvedNote(file: string): string {
  return path.isAbsolute(file) ? "" : ` (resolved against ${process.cwd()})`;
}
