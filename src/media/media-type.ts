import path from "node:path";

/** Image file extensions (lower case, without the dot) that sharp decodes. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  "jpg", "jpeg", "jpe", "jfif", "png", "webp", "gif", "tif", "tiff", "avif", "heic", "heif",
]);

/** Video file extensions that ffmpeg reads. */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  "mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "wmv", "flv", "3gp", "ts", "ogv",
]);

/** `"image"` or `"video"` from a file name's extension (any case), or undefined. */
export function mediaTypeOf(file: string): "image" | "video" | undefined {
  const ext = path.extname(file).slice(1).toLowerCase();
  if (IMAGE_EXTENSIONS.has(ext)) return "image";
  if (VIDEO_EXTENSIONS.has(ext)) return "video";
  return undefined;
}
