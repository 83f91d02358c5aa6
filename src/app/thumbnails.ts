import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pLimit from "p-limit";
import sharp from "sharp";
import { modelzooHome } from "../dataset/index.js";

/** Longest side of a thumbnail, in pixels, when the page does not ask for another. */
export const DEFAULT_THUMBNAIL_SIZE = 320;
/** Sizes a request may ask for (bounded, so the cache cannot be filled with arbitrary sizes). */
export const THUMBNAIL_SIZES: readonly number[] = [128, 192, 256, 320, 512];
/** JPEG quality of thumbnails. */
const JPEG_QUALITY = 80;

/** A thumbnail on disk and its entity tag. */
export interface Thumbnail {
  /** Path of the cached JPEG. */
  file: string;
  /** Strong ETag: a hash of the source path, size, modification time and thumbnail size. */
  etag: string;
  /** Bytes. */
  size: number;
}

/**
 * Makes JPEG thumbnails with sharp and keeps them under
 * `$MODELZOO_HOME/app/thumbnails/`, keyed by source path, size, modification time
 * and thumbnail size: a changed image gets a new thumbnail. Two requests for the
 * same thumbnail share one encode; encodes run two at a time (sharp itself uses
 * libuv's threads), so a page of hundreds of cards does not starve the server.
 */
export class ThumbnailCache {
  private readonly inFlight = new Map<string, Promise<Thumbnail>>();
  private readonly limit = pLimit(2);

  /** The thumbnail of `source` whose longest side is `size`, made if not cached. */
  async get(source: string, size: number): Promise<Thumbnail> {
    const stat = await fs.promises.stat(source);
    const key = crypto.createHash("sha256").update(`${source}\0${stat.size}\0${stat.mtimeMs}\0${size}`).digest("hex").slice(0, 32);
    const file = path.join(modelzooHome(), "app", "thumbnails", key.slice(0, 2), `${key}.jpg`);
    const etag = `"${key}"`;
    const cached = await fs.promises.stat(file).catch(() => undefined);
    if (cached) return { file, etag, size: cached.size };
    let making = this.inFlight.get(key);
    if (!making) {
      making = this.limit(() => make(source, file, size)).then((bytes) => ({ file, etag, size: bytes }));
      this.inFlight.set(key, making);
      void making.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return making;
  }
}

async function make(source: string, file: string, size: number): Promise<number> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // Written beside, then renamed: a reader never sees half a JPEG.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    const info = await sharp(source)
      .rotate() // EXIF orientation, so the thumbnail is upright like the full image in the browser
      .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY })
      .toFile(tmp);
    await fs.promises.rename(tmp, file);
    return info.size;
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
