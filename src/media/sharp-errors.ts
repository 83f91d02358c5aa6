import sharp from "sharp";
import { ImageDecodeError, ImageNotFoundError, ImageTooLargeError } from "./errors.js";
import { sourceName, type ImageSource } from "./image-source.js";

/**
 * Turns an error thrown by sharp while reading `source` into ours: the pixel limit
 * into {@link ImageTooLargeError} (with the image's size, read from the header), a
 * file that vanished into {@link ImageNotFoundError}, anything else into
 * {@link ImageDecodeError} carrying sharp's first line as the reason.
 *
 * @param err - what sharp threw
 * @param source - the path or bytes being read
 * @param limit - the pixel limit that was in force
 */
export async function toImageError(err: unknown, source: ImageSource, limit: number): Promise<Error> {
  const name = sourceName(source);
  const message = err instanceof Error ? err.message : String(err);
  if (/exceeds pixel limit/i.test(message)) {
    // sharp's message has no numbers; the header gives them without decoding.
    const meta = await sharp(source, { limitInputPixels: false })
      .metadata()
      .catch(() => undefined);
    return new ImageTooLargeError(name, meta?.autoOrient.width ?? NaN, meta?.autoOrient.height ?? NaN, limit, { cause: err });
  }
  if (typeof source === "string" && /Input file is missing/i.test(message)) return new ImageNotFoundError(source, { cause: err });
  return new ImageDecodeError(name, briefReason(message), { cause: err });
}

// "Input file contains unsupported image format" → "unsupported image format";
// "VipsJpeg: premature end of JPEG image" stays as it is. Only the first line: libvips
// sometimes appends its whole error log.
function briefReason(message: string): string {
  const first = message.split("\n")[0]!.trim();
  const reason = first.replace(/^Input (file|buffer) (contains|has) /i, "").replace(/[.:]$/, "");
  return reason === "" ? "the decoder gave no reason" : reason;
}
