import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DownloadError } from "../errors.js";
import { byteProgress, type ByteProgress } from "../models/download-progress.js";
import { downloadFile } from "../models/sources/http-source.js";
import { CorruptArchiveError } from "./errors.js";

/** Options of {@link fetchFile}. */
export interface FetchFileOptions {
  /** The md5 the publisher gives for the file; checked after download (a mismatch deletes it). */
  md5?: string;
  /** Title of the progress bar; default the file name. */
  title?: string;
  /** Retries of the shared downloader (tests lower it). */
  retries?: number;
  /** First backoff in ms. */
  backoffMs?: number;
  /** No byte progress bar (the caller shows its own, e.g. one bar in images). */
  quiet?: boolean;
}

/**
 * Puts `url` at `dest` unless it is already there: `file:` URLs are copied, http(s)
 * ones downloaded with the model zoo's downloader (Range resume from `dest.part`,
 * retries, redirects) under a byte progress bar. The file appears at `dest` only
 * once complete (and its md5 matches, when one is published).
 */
export async function fetchFile(url: string, dest: string, options: FetchFileOptions = {}): Promise<void> {
  if (fs.existsSync(dest)) return;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  if (url.startsWith("file:")) {
    const tmp = `${dest}.${process.pid}.tmp`;
    try {
      fs.linkSync(fileURLToPath(url), tmp); // same disk: no second copy of the bytes
    } catch {
      fs.copyFileSync(fileURLToPath(url), tmp, fs.constants.COPYFILE_FICLONE);
    }
    fs.renameSync(tmp, dest);
    return;
  }
  checkOnline(url);
  let bar: ByteProgress | undefined;
  try {
    await downloadFile(url, dest, {}, {
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
      onResponse: (total, kept) => {
        if (options.quiet) return;
        bar?.stop();
        bar = byteProgress(options.title ?? path.basename(dest), total ?? 0);
        bar.add(kept);
      },
      onBytes: (n) => bar?.add(n),
    });
  } finally {
    bar?.stop();
  }
  if (options.md5) {
    const actual = await md5File(dest);
    if (actual !== options.md5) {
      fs.rmSync(dest, { force: true });
      throw new CorruptArchiveError(dest, `md5 ${actual}, but the publisher gives ${options.md5}`);
    }
  }
}

/** Throws when MODELZOO_OFFLINE=1 forbids fetching `url`. */
export function checkOnline(url: string): void {
  if (process.env.MODELZOO_OFFLINE === "1") {
    throw new DownloadError(`${url} is needed but MODELZOO_OFFLINE=1 forbids downloads. Unset it to download it.`);
  }
}

/** The md5 of a file, streamed. */
export async function md5File(file: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
