import type {
  BrainRunsResponse,
  DatasetsResponse,
  EmbeddingsRequest,
  EmbeddingsResponse,
  FramesResponse,
  SampleFilter,
  SamplesRequest,
  SamplesResponse,
  ViewInfo,
} from "../api-types.js";

/** Calls the app's JSON API; a non-2xx answer throws its error message. */
async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `${method} ${url}: HTTP ${res.status}`);
  return json;
}

/** The view the session shows, read afresh. */
export const getView = () => call<ViewInfo>("GET", "api/view");
/** All dataset names and the current one. */
export const getDatasets = () => call<DatasetsResponse>("GET", "api/datasets");
/** Shows another dataset. */
export const setDataset = (name: string) => call<{ version: number }>("PUT", "api/dataset", { name });
/** A page of filtered samples. */
export const getSamples = (req: SamplesRequest) => call<SamplesResponse>("POST", "api/samples", req);
/** The frames of a video sample, labels filtered. */
export const getFrames = (id: string, filter: SampleFilter) => call<FramesResponse>("POST", `api/samples/${id}/frames`, { filter });
/** The 2-D projection of an embeddings field. */
export const getEmbeddings = (req: EmbeddingsRequest) => call<EmbeddingsResponse>("POST", "api/embeddings", req);

/** The dataset's similarity indexes and stored visualizations. */
export const getBrainRuns = () => call<BrainRunsResponse>("GET", "api/brain");

/** URL of a media file of the dataset. */
export const mediaUrl = (filepath: string) => `media?filepath=${encodeURIComponent(filepath)}`;
/** URL of an image's thumbnail. */
export const thumbnailUrl = (filepath: string, size = 320) => `media/thumbnail?filepath=${encodeURIComponent(filepath)}&size=${size}`;
