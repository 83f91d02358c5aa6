import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { MediaFiles } from "./media-files.js";
import { DEFAULT_THUMBNAIL_SIZE, THUMBNAIL_SIZES, ThumbnailCache } from "./thumbnails.js";
import type { ViewState } from "./view-state.js";

/** How long the browser may reuse media without asking again; after that it revalidates with the ETag. */
const MEDIA_MAX_AGE_SECONDS = 600;

/**
 * `GET /media?filepath=<absolute path>`: a sample's image or video (HTTP Range,
 * ETag, Last-Modified, 304s through @fastify/send), or a mask PNG a label points at.
 * `GET /media/thumbnail?filepath=...&size=320`: a JPEG thumbnail, cached on disk.
 * Any path that is not exactly a file of the dataset's samples gets 404.
 */
export function registerMediaRoutes(app: FastifyInstance, state: ViewState): void {
  const files = new MediaFiles();
  const thumbnails = new ThumbnailCache();

  const allowed = async (filepath: unknown): Promise<boolean> => files.allows((await state.read()).dataset, filepath);

  app.get<{ Querystring: { filepath?: string } }>("/media", async (req, reply) => {
    const filepath = req.query.filepath;
    if (!(await allowed(filepath)) || !(await isFile(filepath!))) return notFound(reply, filepath);
    return reply.sendFile(path.basename(filepath!), path.dirname(filepath!), {
      dotfiles: "allow",
      acceptRanges: true,
      etag: true,
      lastModified: true,
      cacheControl: true,
      maxAge: MEDIA_MAX_AGE_SECONDS * 1000,
    });
  });

  app.get<{ Querystring: { filepath?: string; size?: string } }>("/media/thumbnail", async (req, reply) => {
    const filepath = req.query.filepath;
    const size = req.query.size === undefined ? DEFAULT_THUMBNAIL_SIZE : Number(req.query.size);
    if (!THUMBNAIL_SIZES.includes(size)) {
      return reply.code(400).send({ error: `Thumbnail size must be one of ${THUMBNAIL_SIZES.join(", ")}; got ${req.query.size}.` });
    }
    if (!(await allowed(filepath)) || !(await isFile(filepath!))) return notFound(reply, filepath);
    let thumb;
    try {
      thumb = await thumbnails.get(filepath!, size);
    } catch (err) {
      req.log.warn({ err, filepath }, "thumbnail failed");
      return reply.code(415).send({ error: `Cannot make a thumbnail of ${filepath}: ${(err as Error).message}` });
    }
    reply.header("ETag", thumb.etag).header("Cache-Control", `private, max-age=${MEDIA_MAX_AGE_SECONDS}`);
    if (etagMatches(req.headers["if-none-match"], thumb.etag)) return reply.code(304).send();
    reply.header("Content-Type", "image/jpeg").header("Content-Length", thumb.size);
    return reply.send(fs.createReadStream(thumb.file));
  });
}

async function isFile(p: string): Promise<boolean> {
  const stat = await fs.promises.stat(p).catch(() => undefined);
  return stat?.isFile() ?? false;
}

function notFound(reply: FastifyReply, filepath: unknown): FastifyReply {
  // The same answer for a file outside the dataset and a missing one: no probing the disk.
  return reply.code(404).send({ error: `No media of this dataset at ${JSON.stringify(filepath ?? null)}.` });
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === "*" || header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}
