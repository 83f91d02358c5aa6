import fs from "node:fs";
import path from "node:path";
import pLimit from "p-limit";
import { DownloadError } from "../errors.js";
import { countProgress } from "../models/download-progress.js";
import { fetchFile } from "./fetch-file.js";
import type { ZooImageRecord } from "./zoo-dataset-source.js";

/** Images fetched at once: enough to hide latency, few enough to be polite to the host. */
const CONCURRENT_IMAGES = 6;

/** The records whose image is not yet in `dir`. */
export function missingImages(records: readonly ZooImageRecord[], dir: string): ZooImageRecord[] {
  return records.filter((r) => !fs.existsSync(path.join(dir, r.fileName)));
}

/**
 * Fetches the images of `records` that `dir` lacks, a few at a time, under a progress
 * bar in images. Each image appears only when complete, so an interrupted run keeps
 * what finished and the next run fetches the rest. Returns how many were fetched.
 */
export async function fetchImages(records: readonly ZooImageRecord[], dir: string, title: string): Promise<number> {
  const todo = missingImages(records, dir);
  if (todo.length === 0) return 0;
  const limit = pLimit(CONCURRENT_IMAGES);
  const bar = countProgress(title, todo.length);
  const failures: string[] = [];
  try {
    await Promise.all(
      todo.map((r) =>
        limit(async () => {
          try {
            await fetchFile(r.url, path.join(dir, r.fileName), { retries: 3, quiet: true });
          } catch (err) {
            failures.push(`${r.url}: ${(err as Error).message}`);
          }
          bar.tick();
        }),
      ),
    );
  } finally {
    bar.stop();
  }
  if (failures.length > 0) {
    throw new DownloadError(
      `${failures.length} of ${todo.length} images could not be fetched (first: ${failures[0]}). The ${todo.length - failures.length} that arrived are kept; run again to fetch the rest.`,
    );
  }
  return todo.length;
}
