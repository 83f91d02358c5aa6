import pLimit from "p-limit";
import { imageMetadata, videoMetadata } from "../media/index.js";
import type { DatasetStore, SampleUpdate } from "./store/store.js";

/** Options of `computeMetadata`. */
export interface ComputeMetadataOptions {
  /** Recompute metadata that is already there. Default false. */
  overwrite?: boolean;
  /** Record unreadable files and go on (true, default), or throw on the first one. */
  skipFailures?: boolean;
  /** Files read at once (header reads are I/O bound). Default 16. */
  concurrency?: number;
}

/** A sample whose metadata could not be computed, and why. */
export interface MetadataFailure {
  /** Sample id. */
  id: string;
  /** Its media file. */
  filepath: string;
  /** The error message (it names the file and the fix). */
  error: string;
}

/** What `computeMetadata` did. */
export interface ComputeMetadataResult {
  /** Samples whose metadata was written. */
  computed: number;
  /** Samples that already had metadata (without `overwrite`). */
  skipped: number;
  /** Samples whose media could not be read. */
  failures: MetadataFailure[];
}

const WRITE_BATCH = 500;

/**
 * Reads the header of each sample's media file (no pixel decoding) and stores
 * `ImageMetadata` or, for videos, `VideoMetadata` (ffprobe: frame size, rate and
 * count, duration, codec) in `metadata`, in batched transactions.
 */
export async function computeMetadata(store: DatasetStore, ids: readonly string[], options: ComputeMetadataOptions = {}): Promise<ComputeMetadataResult> {
  const [existing, paths, types] = await Promise.all([
    store.readValues("metadata", ids),
    store.readValues("filepath", ids),
    store.readValues("mediaType", ids),
  ]);
  const todo = options.overwrite ? [...ids] : ids.filter((id) => existing.get(id) == null);
  const result: ComputeMetadataResult = { computed: 0, skipped: ids.length - todo.length, failures: [] };
  const limit = pLimit(options.concurrency ?? 16);
  let pending: SampleUpdate[] = [];
  let firstError: unknown;
  const flush = async () => {
    const batch = pending;
    pending = [];
    await store.updateSamples(batch);
    result.computed += batch.length;
  };
  await Promise.all(
    todo.map((id) =>
      limit(async () => {
        if (firstError !== undefined) return;
        const filepath = paths.get(id) as string;
        try {
          const metadata = types.get(id) === "video" ? await videoMetadata(filepath) : await imageMetadata(filepath);
          pending.push({ id, metadata: { ...metadata } });
          if (pending.length >= WRITE_BATCH) await flush();
        } catch (err) {
          if (options.skipFailures === false) firstError ??= err;
          else result.failures.push({ id, filepath, error: (err as Error).message });
        }
      }),
    ),
  );
  if (pending.length > 0) await flush(); // what was read is kept even when a failure stops the run
  if (firstError !== undefined) throw firstError as Error;
  return result;
}
