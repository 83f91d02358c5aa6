/*
 * The JSON the app's server sends and takes, shared by the server (src/app) and the
 * page (src/app/page). Types only: the page's bundle imports nothing from Node.
 */

/** A label or any field value as JSON: labels carry `_cls` (see `Label.toJSON`). */
export type FieldJSON = unknown;

/** A sample as the page gets it: built-ins plus custom fields (embedding vectors left out). */
export interface SampleJSON {
  /** Sample id. */
  id: string;
  /** Absolute path of the media file; the page reads it through `/media?filepath=`. */
  filepath: string;
  /** Image or video. */
  mediaType: "image" | "video";
  /** Sample tags. */
  tags: string[];
  /** Media metadata, or null until computed. */
  metadata: Record<string, unknown> | null;
  /** Custom fields by name. */
  [field: string]: FieldJSON;
}

/** Which labels of one label field to keep: classes and a confidence range. */
export interface LabelFilter {
  /** Keep labels of these classes only (empty or absent: all), and only samples with at least one such label. */
  classes?: string[];
  /** Keep labels whose confidence is at least this (labels without confidence are kept). */
  minConfidence?: number;
  /** Keep labels whose confidence is at most this. */
  maxConfidence?: number;
}

/** The filters the sidebar and the embeddings panel set. */
export interface SampleFilter {
  /** Samples with any of these tags. */
  tags?: string[];
  /** Per label field (sample fields by name, frame fields as `frames.<name>`). */
  labels?: Record<string, LabelFilter>;
  /** Only these sample ids (a selection in the embeddings panel). */
  ids?: string[];
  /** Order the grid by a numeric field (mistakenness, hardness, uniqueness...), highest first unless `reverse`. */
  sortBy?: { field: string; reverse?: boolean };
  /** Order the grid by similarity to a sample id or a text prompt, through the similarity index `brainKey`; with `k`, only the `k` closest. */
  similar?: { query: string; brainKey: string; k?: number };
  /**
   * Show the grid as a patches view: one item per object of the patches similarity index
   * `brainKey` (built with `patchesField`) whose sample passes the other filters, most similar
   * to `query` (a label id of the index, or a text prompt for prompt models) first; with `k`,
   * only the `k` closest objects. Each item is its sample with the patches field holding just
   * that object, and `_patch` (see {@link PatchInfo}).
   */
  similarPatches?: { query: string; brainKey: string; k?: number };
}

/** What a patches-view item of `POST /api/samples` carries in its `_patch` key. */
export interface PatchInfo {
  /** The object's label id. */
  labelId: string;
  /** The Detections/Polylines field it belongs to. */
  field: string;
  /** Cosine distance (1 − similarity) to the query. */
  distance: number;
}

/** Body of `POST /api/samples`. */
export interface SamplesRequest {
  /** Index of the first sample to return in the filtered view. */
  offset: number;
  /** How many samples to return (at most 500). */
  limit: number;
  /** Filters; none when omitted. */
  filter?: SampleFilter;
}

/** Answer of `POST /api/samples`. */
export interface SamplesResponse {
  /** Samples in the filtered view. */
  total: number;
  /** The offset asked for. */
  offset: number;
  /** The page of samples, labels filtered. */
  samples: SampleJSON[];
  /** The view version these samples come from. */
  version: number;
}

/** One field of the schema as the page shows it. */
export interface SchemaField {
  /** Field name. */
  name: string;
  /** Its type: a primitive kind or a label class name. */
  type: string;
  /** True for a frame-level field of video samples. */
  frame: boolean;
  /** For label fields: each class and how many labels of it the view holds. */
  classes?: { label: string; count: number }[];
}

/** Answer of `GET /api/view`: what the open session shows. */
export interface ViewInfo {
  /** Dataset name. */
  dataset: string;
  /** The view's stages, e.g. `take(25, 51)`; empty for a whole dataset. */
  stages: string;
  /** Changes whenever `session.view` is set; the page reloads when it does. */
  version: number;
  /** Number of samples in the view. */
  count: number;
  /** Custom sample and frame fields. */
  fields: SchemaField[];
  /** Tag counts in the view. */
  tags: { tag: string; count: number }[];
  /** Keypoint skeleton edges (index pairs) per keypoints field. */
  skeletons: Record<string, [number, number][]>;
}

/** Answer of `GET /api/datasets`. */
export interface DatasetsResponse {
  /** Names of all datasets. */
  datasets: string[];
  /** The dataset shown now. */
  current: string;
}

/** Body of `POST /api/embeddings`. */
export interface EmbeddingsRequest {
  /** A vector field of the samples (projected by PCA on the fly); or give `brainKey`. */
  field?: string;
  /** A stored visualization (computeVisualization) whose 2-D points to show. */
  brainKey?: string;
  /** A field whose value colours the points: a label field's class, a number, a string. */
  colorBy?: string;
}

/** Answer of `GET /api/brain`: the brain runs the app can use. */
export interface BrainRunsResponse {
  /** Similarity indexes; `promptModel` when text prompts can query them; `patchesField` for indexes over the objects of that field. */
  similarity: { key: string; promptModel: boolean; patchesField?: string }[];
  /** Stored visualizations and their method. */
  visualization: { key: string; method: string }[];
}

/** One sample in the embeddings plot. */
export interface EmbeddingPoint {
  /** Sample id. */
  id: string;
  /** First coordinate (principal component or visualization axis). */
  x: number;
  /** Second coordinate. */
  y: number;
  /** Value of the `colorBy` field: a label's class (the most confident for lists), a number or a string; null when absent. */
  label: string | number | null;
}

/** Answer of `POST /api/embeddings`. */
export interface EmbeddingsResponse {
  /** One point per sample that has a vector. */
  points: EmbeddingPoint[];
  /** PCA of a field: share of the variance each of the two components explains. */
  explainedVariance?: [number, number];
  /** A stored visualization: its method (umap, pca). */
  method?: string;
  /** Samples of the view without a vector in the field. */
  missing: number;
}

/** Body of `POST /api/samples/:id/frames`. */
export interface FramesRequest {
  /** Label filters (frame fields as `frames.<name>`). */
  filter?: SampleFilter;
}

/** Answer of `POST /api/samples/:id/frames`: frame number → field → JSON. */
export interface FramesResponse {
  /** Frames with values. */
  frames: Record<string, Record<string, FieldJSON>>;
}

/** An error answer. */
export interface ErrorResponse {
  /** What went wrong and the fix. */
  error: string;
}
