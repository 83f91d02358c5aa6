import fs from "node:fs/promises";
import { ImageDecodeError, ImageNotFoundError, ImagePermissionError } from "./errors.js";

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
 * @throws ImagePermissionError for a file (or folder on its path) this user may not read
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
    throw fileAccessError(source, err);
  }
  if (!stat.isFile()) throw new ImageDecodeError(source, stat.isDirectory() ? "it is a directory, not a file" : "it is not a regular file");
  if (stat.size === 0) throw new ImageDecodeError(source, "the file is empty (0 bytes)");
  // stat needs no read permission; without it the decoder would call the file corrupt.
  try {
    await fs.access(source, fs.constants.R_OK);
  } catch (err) {
    throw fileAccessError(source, err);
  }
  return stat.size;
}

/**
 * The media error for a failed stat or open of `file`: not found, permission denied,
 * or (anything else) unreadable, by errno.
 */
export function fileAccessError(file: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return new ImageNotFoundError(file, { cause: err });
  if (code === "EACCES" || code === "EPERM") return new ImagePermissionError(file, { cause: err });
  return new ImageDecodeError(file, `cannot read the file (${code ?? (err as Error).message})`, { cause: err });
}
