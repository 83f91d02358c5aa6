import type { FastifyInstance } from "fastify";
import { listBrainRuns, loadVisualization, type PatchMatch, type SimilarityIndex } from "../brain/index.js";
import { isLabel } from "../labels/index.js";
import type { BrainRunsResponse, PatchInfo, SampleFilter, SampleJSON } from "./api-types.js";
import { isLabelDoc, labelItems, type LabelDoc } from "./label-json.js";
import { checkField, valuesOf } from "./sample-query.js";
import type { ViewSnapshot, ViewState } from "./view-state.js";

/**
 * The grid's order: by similarity to a sample or prompt (`filter.similar`, through a stored
 * similarity index), or by a numeric field such as mistakenness, hardness or uniqueness
 * (`filter.sortBy`, highest first unless `reverse`; samples without a value last).
 * Similarity orders are cached per view version and query.
 */
export class GridOrder {
  private readonly cache = new Map<string, Promise<string[]>>();

  private readonly patchCache = new Map<string, Promise<{ field: string; matches: PatchMatch[] }>>();

  /**
   * A patches view (`filter.similarPatches`): the objects of the patches index whose sample
   * is among `ids` (already filtered), most similar first, with the field they belong to.
   */
  async patches(snap: ViewSnapshot, ids: string[], similar: NonNullable<SampleFilter["similarPatches"]>): Promise<{ field: string; matches: PatchMatch[] }> {
    const { query, brainKey, k } = similar;
    const key = `${snap.version}\u0000${brainKey}\u0000${k ?? ""}\u0000${query}`;
    let found = this.patchCache.get(key);
    if (!found) {
      found = snap.view.sortPatchesBySimilarity(query, { brainKey, ...(k ? { k } : {}) }).then(async (r) => {
        const run = (await listBrainRuns(snap.dataset)).find((x) => x.key === brainKey);
        return { field: String(run?.config.patchesField), matches: r.matches };
      });
      this.patchCache.set(key, found);
      found.catch(() => this.patchCache.delete(key));
      if (this.patchCache.size > 20) this.patchCache.delete(this.patchCache.keys().next().value!);
    }
    const keep = new Set(ids);
    const { field, matches } = await found;
    return { field, matches: matches.filter((m) => keep.has(m.sampleId)) };
  }

  /** `ids` (already filtered) in the order asked for. */
  async apply(snap: ViewSnapshot, ids: string[], filter: SampleFilter = {}): Promise<string[]> {
    if (filter.similar) {
      const { query, brainKey, k } = filter.similar;
      const key = `${snap.version}\u0000${brainKey}\u0000${k ?? ""}\u0000${query}`;
      let order = this.cache.get(key);
      if (!order) {
        order = snap.view.sortBySimilarity(query, { brainKey, ...(k ? { k } : {}) }).then((v) => v.ids());
        this.cache.set(key, order);
        order.catch(() => this.cache.delete(key));
        if (this.cache.size > 20) this.cache.delete(this.cache.keys().next().value!);
      }
      const keep = new Set(ids);
      return (await order).filter((id) => keep.has(id));
    }
    if (filter.sortBy) {
      await checkField(snap.dataset, filter.sortBy.field, "sort", (t) => t === "float" || t === "int");
      const values = await valuesOf(snap.dataset, ids, filter.sortBy.field);
      const sign = filter.sortBy.reverse ? 1 : -1;
      return ids
        .map((id, i) => ({ id, v: typeof values[i] === "number" ? values[i] : undefined }))
        .sort((a, b) => (a.v === undefined ? (b.v === undefined ? 0 : 1) : b.v === undefined ? -1 : sign * (a.v - b.v)))
        .map((r) => r.id);
    }
    return ids;
  }
}

/** `GET /api/brain`: the dataset's similarity indexes and visualizations; `POST /api/brain/visualization`: stored 2-D points. */
export function registerBrainRoutes(app: FastifyInstance, state: ViewState): void {
  app.get("/api/brain", async (): Promise<BrainRunsResponse> => {
    const snap = await state.read();
    const runs = await listBrainRuns(snap.dataset);
    return {
      similarity: runs
        .filter((r) => r.method === "similarity")
        .map((r) => {
          const c = r.config as Pick<SimilarityIndex, "promptModel" | "patchesField">;
          return { key: r.key, promptModel: c.promptModel, ...(c.patchesField !== undefined ? { patchesField: c.patchesField } : {}) };
        }),
      visualization: runs.filter((r) => r.method === "visualization").map((r) => ({ key: r.key, method: String(r.config.method) })),
    };
  });
}

/** The colour value of a field for a point: a label's class (its most confident item's), a number, or a string. */
export function colorValue(value: unknown, classOf: (doc: unknown) => string | null): string | number | null {
  if (value === null || value === undefined) return null;
  if (isLabel(value)) return classOf(value.toJSON());
  if (typeof value === "number") return value;
  if (typeof value === "string" || typeof value === "boolean") return String(value);
  return null;
}

/** 2-D points of a stored visualization for the snapshot's samples. */
export async function visualizationPoints(snap: ViewSnapshot, brainKey: string): Promise<{ ids: string[]; points: (readonly [number, number])[] }> {
  const viz = await loadVisualization(snap.dataset, brainKey);
  const inView = new Set(snap.ids);
  const rows = viz.ids.flatMap((id, i) => (inView.has(id) ? [{ id, p: viz.points[i]! }] : []));
  return { ids: rows.map((r) => r.id), points: rows.map((r) => r.p) };
}

/**
 * One item of a patches view: the sample's JSON with `field` holding only the object
 * `match.labelId` (FiftyOne's patches view shows one object per item), and `_patch`.
 */
export function patchItem(doc: SampleJSON, field: string, match: PatchMatch): SampleJSON {
  const value = doc[field];
  let only: unknown = value;
  if (isLabelDoc(value)) {
    const items = labelItems(value);
    const listKey = value._cls === "Detections" ? "detections" : value._cls === "Polylines" ? "polylines" : undefined;
    only = listKey ? { ...value, [listKey]: items.filter((item: LabelDoc) => item.id === match.labelId) } : value;
  }
  const patch: PatchInfo = { labelId: match.labelId, field, distance: match.distance };
  return { ...doc, [field]: only, _patch: patch };
}
