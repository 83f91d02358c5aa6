import path from "node:path";

/**
 * Image file extensions (lower case, without the dot), used to pick images out of a
 * directory. BMP and HEIC are listed because they are images, though sharp's prebuilt
 * libvips cannot decode them: a dataset then reports a clear {@link ImageDecodeError}
 * per file instead of silently leaving them out. SVG is not listed (drawings, not photos).
 */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  "jpg", "jpeg", "jpe", "jfif", "png", "webp", "gif", "tif", "tiff", "avif", "heic", "heif", "bmp",
]);

/**
 * Video file extensions that ffmpeg reads (lower case, without the dot). MPEG-TS is
 * listed as `m2ts`/`mts` only: a bare `.ts` is far more often TypeScript.
 */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  "mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "wmv", "flv", "3gp", "3g2", "ogv", "m2ts", "mts",
]);

/**
 * `"image"` or `"video"` from a file name's extension (any case), or undefined for
 * anything else, including names without an extension and dotfiles like `.jpg`.
 *
 * @param file - a path or file name
 */
export function mediaTypeOf(file: string): "image" | "video" | undefined {
  const ext = path.extname(file).slice(1).toLowerCase();
  if (IMAGE_EXTENSIONS.has(ext)) return "image";
  if (VIDEO_EXTENSIONS.has(ext)) return "video";
  return undefined;
}
