import type { StoredSample } from "./store.js";

/** A row of the samples table, as both stores read it (tags and metadata as JSON text). */
export interface SampleRow {
  seq: number;
  id: string;
  filepath: string;
  media_type: "image" | "video";
  tags: string;
  metadata: string | null;
}

/** The sample a row holds, without its custom fields (the caller reads those). */
export function storedSampleOf(r: SampleRow): StoredSample {
  return {
    id: r.id,
    filepath: r.filepath,
    mediaType: r.media_type,
    tags: JSON.parse(r.tags) as string[],
    metadata: r.metadata === null ? null : (JSON.parse(r.metadata) as Record<string, unknown>),
    fields: {},
  };
}

/** Column and encoding of each built-in field, as both stores keep them in the samples table. */
export const BUILTIN_COLUMNS: Record<string, { column: string; json: boolean } | undefined> = {
  id: { column: "id", json: false },
  filepath: { column: "filepath", json: false },
  mediaType: { column: "media_type", json: false },
  tags: { column: "tags", json: true },
  metadata: { column: "metadata", json: true },
};
