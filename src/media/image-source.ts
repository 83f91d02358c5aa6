import fs from "node:fs/promises";
import { ImageDecodeError, ImageNotFoundError } from "./errors.js";

/** What {@link decodeImage} and {@link imageMetadata} read: a file path, or the encoded bytes. */
export type ImageSource = string | Buffer | Uint8Array;

/** The name an error gives a source: the path, or `"<buffer>"`. */
export function sourceName(source: ImageSource): string {
  return typeof source === "string" ? source : "<buffer>";
}

/**
 * Checks a source before sharp sees it, so that the commonest problems get our
 * errors instead of sharp's vaguer ones ("unsupported image format" for a directory).
 *
 * @returns the size of the encoded image in bytes
 * @throws ImageNotFoundError for a missing path
 * @throws ImageDecodeError for an empty file or buffer, or a path that is not a file
 */
export async function checkImageSource(source: ImageSource): Promise<number> {
  if (typeof source !== "string") {
    if (source.byteLength === 0) throw new ImageDecodeError("<buffer>", "the buffer is empty (0 bytes)");
    return source.byteLength;
  }
  let stat;
  try {
    stat = await fs.stat(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new ImageNotFoundError(source, { cause: err });
    throw new ImageDecodeError(source, `cannot read the file (${code ?? (err as Error).message})`, { cause: err });
  }
  if (!stat.isFile()) throw new ImageDecodeError(source, stat.isDirectory() ? "it is a directory, not a file" : "it is not a regular file");
  if (stat.size === 0) throw new ImageDecodeError(source, "the file is empty (0 bytes)");
  return stat.size;
}
