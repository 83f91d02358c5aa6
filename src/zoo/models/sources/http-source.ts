import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ChecksumMismatchError, DownloadError } from "../../errors.js";
import { byteProgress } from "../download-progress.js";
import { z } from "zod";
import { RemoteModelFileSchema } from "../file-schemas.js";
import { registerModelSource } from "./source-registry.js";

/** The `http` source: files under a base URL. */
const HttpSourceSchema = z.strictObject({
  type: z.literal("http"),
  /** Base URL the file paths are joined to. */
  baseUrl: z.url(),
  files: z.array(RemoteModelFileSchema).min(1),
});

/** The `hf` source: files of a Hugging Face repository at a pinned revision. */
const HfSourceSchema = z.strictObject({
  type: z.literal("hf"),
  /** Hugging Face repository, e.g. "Xenova/detr-resnet-50". */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name"),
  /** Pinned commit. */
  revision: z.string().min(1),
  files: z.array(RemoteModelFileSchema).min(1),
});

/** The fields of an `http` source. */
export type HttpSource = z.infer<typeof HttpSourceSchema>;
/** The fields of an `hf` source. */
export type HfSource = z.infer<typeof HfSourceSchema>;

declare module "./source-registry.js" {
  interface ModelSourceTypes {
    http: HttpSource;
    hf: HfSource;
  }
}

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Extra request headers (e.g. authorization). */
  headers?: Record<string, string>;
  /** Attempts after the first one, for network errors and 5xx answers. Default 4. */
  retries?: number;
  /** First backoff delay in ms, doubled after each failed attempt. Default 500. */
  backoffMs?: number;
  /** Give up an attempt when no byte arrives for this long (ms). Default 30,000. */
  idleTimeoutMs?: number;
  /** Called with the size of each chunk received. */
  onBytes?: (n: number) => void;
  /** Called once per answer with the file's total size when known and the bytes already kept. */
  onResponse?: (totalBytes: number | undefined, keptBytes: number) => void;
}

/** What is known of a file before it is downloaded. */
export interface ExpectedFile {
  /** Size in bytes, when known (a manifest's); otherwise the server's Content-Length is trusted. */
  size?: number;
}

/** Statuses that will not get better by retrying. */
const FINAL = new Set([400, 401, 403, 404, 410]);

/**
 * Streams `url` into `dest` with resume: bytes already in `dest.part` are kept and the
 * rest is asked for with a Range header, so a dropped connection or a truncated body
 * costs only what is missing. Redirects are followed; 5xx answers and network errors
 * are retried with exponential backoff; 4xx answers fail at once. When the manifest
 * does not give the file's size, the server's Content-Length (or Content-Range total)
 * is what a complete body is checked against. Used by the model zoo (sizes from the
 * manifest) and the dataset zoo (sizes from the server).
 */
export async function downloadFile(url: string, dest: string, expected: ExpectedFile, options: DownloadOptions = {}): Promise<void> {
  const part = `${dest}.part`;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const retries = options.retries ?? 4;
  let lastError: unknown;
  let size = expected.size;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep((options.backoffMs ?? 500) * 2 ** (attempt - 1));
    const have = fs.existsSync(part) ? fs.statSync(part).size : 0;
    if (have > 0 && have === size) break;
    const controller = new AbortController();
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(new Error(`no data for ${options.idleTimeoutMs ?? 30_000} ms`)), options.idleTimeoutMs ?? 30_000);
    };
    try {
      arm();
      const res = await fetch(url, { headers: { ...options.headers, ...(have > 0 ? { range: `bytes=${have}-` } : {}) }, redirect: "follow", signal: controller.signal });
      if (FINAL.has(res.status)) {
        const hint = res.status === 401 || res.status === 403 ? " The file may be private: set HF_TOKEN (Hugging Face) or check your access." : "";
        throw new DownloadError(`${url} answered ${res.status} ${res.statusText}.${hint}`);
      }
      if (res.status === 416 && have > 0) {
        // Without a known size, "bytes */<total>" equal to what we have means the part is complete.
        if (size === undefined && announcedSize(res, 0) === have) {
          lastError = undefined;
          break;
        }
        fs.rmSync(part); // what we have is not a prefix of this file: start over
        throw new Error(`range not satisfiable after ${have} bytes`);
      }
      if (!res.ok || !res.body) throw new Error(`${url} answered ${res.status} ${res.statusText}`);
      const append = res.status === 206;
      const announced = announcedSize(res, append ? have : 0);
      // A server announcing more bytes than the file has serves another file, not a truncated one: retrying will not help.
      if (size !== undefined && announced !== undefined && announced > size) {
        await res.body.cancel();
        throw new ChecksumMismatchError(url, "size", size, announced);
      }
      size ??= announced;
      options.onResponse?.(size, append ? have : 0);
      const out = fs.createWriteStream(part, { flags: append ? "a" : "w" });
      try {
        for await (const chunk of res.body) {
          arm();
          options.onBytes?.((chunk as Uint8Array).byteLength);
          if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
        }
      } finally {
        await new Promise<void>((r) => out.end(() => r()));
      }
      if (size !== undefined && fs.statSync(part).size < size) throw new Error(`the body ended after ${fs.statSync(part).size} of ${size} bytes`);
      lastError = undefined;
      break;
    } catch (err) {
      if (err instanceof DownloadError || err instanceof ChecksumMismatchError) throw err;
      lastError = err;
    } finally {
      clearTimeout(idle);
    }
  }
  if (lastError !== undefined) {
    throw new DownloadError(`Downloading ${url} failed after ${retries + 1} attempts: ${(lastError as Error).message}. Check the network and try again; completed bytes are kept and resumed.`, {
      cause: lastError,
    });
  }
  fs.renameSync(part, dest);
}

/** The whole file's size as the answer announces it (Content-Range total, or offset + Content-Length), if it does. */
function announcedSize(res: Response, offset: number): number | undefined {
  const total = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "")?.[1];
  if (total !== undefined) return Number(total);
  const length = res.headers.get("content-length");
  // A compressed body's length is not the file's.
  return length !== null && !res.headers.get("content-encoding") ? offset + Number(length) : undefined;
}

/** The URL of a file of an http or Hugging Face source. */
export function fileUrl(source: HttpSource | HfSource, file: string): string {
  if (source.type === "http") {
    const url = new URL(file, source.baseUrl.endsWith("/") ? source.baseUrl : `${source.baseUrl}/`);
    // MODELZOO_HTTP_MIRROR: a mirror holding https://<host>/<path> as <mirror>/<host>/<path>.
    const mirror = process.env.MODELZOO_HTTP_MIRROR?.replace(/\/$/, "");
    return mirror ? `${mirror}/${url.host}${url.pathname}` : url.toString();
  }
  const endpoint = (process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/$/, "");
  return `${endpoint}/${source.repo}/resolve/${encodeURIComponent(source.revision)}/${file}`;
}

/** Downloads every file of an http or hf source into `staging`; returns where they came from. */
export async function fetchHttpFiles(source: HttpSource | HfSource, staging: string, options: DownloadOptions = {}): Promise<string> {
  if (process.env.MODELZOO_OFFLINE === "1") {
    throw new DownloadError(`Model files from ${fileUrl(source, "")} are needed but MODELZOO_OFFLINE=1 forbids downloads. Unset it to download them.`);
  }
  const headers: Record<string, string> = source.type === "hf" && process.env.HF_TOKEN ? { authorization: `Bearer ${process.env.HF_TOKEN}` } : {};
  const progress = byteProgress(source.type === "hf" ? source.repo : source.baseUrl, source.files.reduce((n, f) => n + (f.size ?? 0), 0));
  try {
    for (const f of source.files) {
      await downloadFile(fileUrl(source, f.path), path.join(staging, f.path), f, { ...options, headers: { ...headers, ...options.headers }, onBytes: (n) => progress.add(n) });
    }
  } finally {
    progress.stop();
  }
  return source.type === "hf" ? `hf:${source.repo}@${source.revision}` : `http:${source.baseUrl}`;
}

registerModelSource({ type: "http", schema: HttpSourceSchema, fetch: (source, staging) => fetchHttpFiles(source, staging) });
registerModelSource({ type: "hf", schema: HfSourceSchema, fetch: (source, staging) => fetchHttpFiles(source, staging) });
