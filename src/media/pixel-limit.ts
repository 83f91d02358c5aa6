import { MediaArgumentError } from "./errors.js";

/**
 * The default largest image, in pixels, that {@link decodeImage} decodes:
 * 178,956,970, the size at which Pillow refuses an image as a decompression bomb
 * (twice its `MAX_IMAGE_PIXELS` warning threshold). That is a 16,000×11,000 photo;
 * decoded to RGB it takes 537 MB. Raise it per call with the `maxPixels` option or
 * for the process with {@link MAX_IMAGE_PIXELS_ENV}.
 */
export const DEFAULT_MAX_IMAGE_PIXELS = 178_956_970;

/** The environment variable that overrides {@link DEFAULT_MAX_IMAGE_PIXELS}: a positive integer, or `Infinity` for no limit. */
export const MAX_IMAGE_PIXELS_ENV = "MODELZOO_MAX_IMAGE_PIXELS";

/**
 * The pixel limit in force: `option` if given, else `$MODELZOO_MAX_IMAGE_PIXELS`
 * (read on every call, so it can change at run time), else the default.
 * `Infinity` disables the check.
 *
 * @throws MediaArgumentError when the option or the variable is not a positive
 *   integer or `Infinity` (a typo there must not silently disable the guard)
 */
export function maxImagePixels(option?: number): number {
  if (option !== undefined) {
    if (!isPixelLimit(option)) throw new MediaArgumentError(`maxPixels must be a positive integer or Infinity, got ${String(option)}.`);
    return option;
  }
  const env = process.env[MAX_IMAGE_PIXELS_ENV]?.trim();
  if (env === undefined || env === "") return DEFAULT_MAX_IMAGE_PIXELS;
  const value = Number(env.replaceAll("_", ""));
  if (!isPixelLimit(value)) {
    throw new MediaArgumentError(`${MAX_IMAGE_PIXELS_ENV}=${JSON.stringify(env)} is not a positive integer or "Infinity". Fix or unset it (default ${DEFAULT_MAX_IMAGE_PIXELS}).`);
  }
  return value;
}

function isPixelLimit(value: number): boolean {
  return value === Infinity || (Number.isSafeInteger(value) && value > 0);
}
