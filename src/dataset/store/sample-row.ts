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
