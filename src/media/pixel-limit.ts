/**
 * The default largest image (in pixels) that is decoded: the threshold at which
 * Pillow refuses an image as a likely decompression bomb (2 × 89,478,485).
 */
export const DEFAULT_MAX_IMAGE_PIXELS = 178_956_970;

/** The pixel limit in force: the option, else `$MODELZOO_MAX_IMAGE_PIXELS`, else the default. */
export function maxImagePixels(option?: number): number {
  if (option !== undefined) return option;
  const env = Number(process.env.MODELZOO_MAX_IMAGE_PIXELS);
  return Number.isInteger(env) && env > 0 ? env : DEFAULT_MAX_IMAGE_PIXELS;
}
