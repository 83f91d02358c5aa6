import type { FastifyInstance } from "fastify";
import { Dataset } from "../dataset/index.js";
import { isLabel } from "../labels/index.js";
import type {
  DatasetsResponse,
  EmbeddingsRequest,
  EmbeddingsResponse,
  FramesRequest,
  FramesResponse,
  SamplesRequest,
  SamplesResponse,
  ViewInfo,
} from "./api-types.js";
import { confidenceOf, isLabelDoc, labelItems } from "./label-json.js";
import { colorValue, GridOrder, patchItem, registerBrainRoutes, visualizationPoints } from "./brain-routes.js";
import { AppFieldError } from "./errors.js";
import { projectPca } from "./projection.js";
import { checkField, filteredIds, filterFields, samplesJSON, schemaOf, valuesOf } from "./sample-query.js";
import { skeletonsOf } from "./skeletons.js";
import type { ViewState } from "./view-state.js";

/** Most samples one `POST /api/samples` returns. */
export const MAX_PAGE_SIZE = 500;

const labelFilterSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    classes: { type: "array", items: { type: "string" } },
    minConfidence: { type: "number" },
    maxConfidence: { type: "number" },
  },
};
const filterSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    tags: { type: "array", items: { type: "string" } },
    labels: { type: "object", additionalProperties: labelFilterSchema },
    ids: { type: "array", items: { type: "string" } },
    sortBy: { type: "object", required: ["field"], additionalProperties: false, properties: { field: { type: "string" }, reverse: { type: "boolean" } } },
    similar: {
      type: "object",
      required: ["query", "brainKey"],
      additionalProperties: false,
      properties: { query: { type: "string", minLength: 1 }, brainKey: { type: "string" }, k: { type: "integer", minimum: 1 } },
    },
    similarPatches: {
      type: "object",
      required: ["query", "brainKey"],
      additionalProperties: false,
      properties: { query: { type: "string", minLength: 1 }, brainKey: { type: "string" }, k: { type: "integer", minimum: 1 } },
    },
  },
};

/** The JSON API under `/api`: datasets, the view and its schema, pages of samples, frames, embeddings. */
export function registerApiRoutes(app: FastifyInstance, state: ViewState): void {
  const order = new GridOrder();
  registerBrainRoutes(app, state);
  app.get("/api/datasets", async (): Promise<DatasetsResponse> => ({ datasets: await Dataset.list(), current: state.view.datasetName }));

  app.put<{ Body: { name: string } }>(
    "/api/dataset",
    { schema: { body: { type: "object", required: ["name"], properties: { name: { type: "string" } } } } },
    async (req): Promise<{ version: number }> => {
      state.setView(await Dataset.load(req.body.name));
      return { version: (await state.read()).version };
    },
  );

  app.get("/api/view", async (): Promise<ViewInfo> => {
    const snap = await state.read(true);
    const tagCounts = snap.ids.length > 0 ? await snap.dataset.select(snap.ids).countSampleTags() : new Map<string, number>();
    const fields = await schemaOf(snap);
    return {
      dataset: snap.dataset.name,
      stages: snap.view.describeStages(),
      version: snap.version,
      count: snap.ids.length,
      fields,
      tags: [...tagCounts.entries()].map(([tag, count]) => ({ tag, count })).sort((a, b) => a.tag.localeCompare(b.tag)),
      skeletons: skeletonsOf(snap.dataset, fields),
    };
  });

  app.post<{ Body: SamplesRequest }>(
    "/api/samples",
    {
      schema: {
        body: {
          type: "object",
          required: ["offset", "limit"],
          additionalProperties: false,
          properties: {
            offset: { type: "integer", minimum: 0 },
            limit: { type: "integer", minimum: 0, maximum: MAX_PAGE_SIZE },
            filter: filterSchema,
          },
        },
      },
    },
    async (req): Promise<SamplesResponse> => {
      const snap = await state.read();
      const patches = req.body.filter?.similarPatches;
      if (patches) {
        // A patches view: one item per object, most similar first.
        const { field, matches } = await order.patches(snap, await filteredIds(snap, req.body.filter), patches);
        const page = matches.slice(req.body.offset, req.body.offset + req.body.limit);
        const docs = new Map((await samplesJSON(snap.dataset, [...new Set(page.map((m) => m.sampleId))], req.body.filter)).map((d) => [d.id, d]));
        const samples = page.flatMap((m) => (docs.has(m.sampleId) ? [patchItem(docs.get(m.sampleId)!, field, m)] : []));
        return { total: matches.length, offset: req.body.offset, samples, version: snap.version };
      }
      const ids = await order.apply(snap, await filteredIds(snap, req.body.filter), req.body.filter);
      const page = ids.slice(req.body.offset, req.body.offset + req.body.limit);
      return { total: ids.length, offset: req.body.offset, samples: await samplesJSON(snap.dataset, page, req.body.filter), version: snap.version };
    },
  );

  app.post<{ Params: { id: string }; Body: FramesRequest | undefined }>(
    "/api/samples/:id/frames",
    { schema: { body: { type: ["object", "null"], properties: { filter: filterSchema } } } },
    async (req, reply): Promise<FramesResponse | undefined> => {
      const snap = await state.read();
      const [sample] = await snap.dataset.getSamples([req.params.id], { fields: [] });
      if (!sample) {
        reply.code(404);
        return reply.send({ error: `Dataset "${snap.dataset.name}" has no sample with id ${req.params.id}.` });
      }
      const frames: FramesResponse["frames"] = {};
      for await (const [n, values] of sample.frames) {
        const doc = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, isLabel(v) ? v.toJSON() : v]));
        frames[String(n)] = filterFields(doc, req.body?.filter?.labels ?? {}, "frames.");
      }
      return { frames };
    },
  );

  app.post<{ Body: EmbeddingsRequest }>(
    "/api/embeddings",
    {
      schema: {
        body: {
          type: "object",
          additionalProperties: false,
          properties: { field: { type: "string" }, brainKey: { type: "string" }, colorBy: { type: "string" } },
        },
      },
    },
    async (req): Promise<EmbeddingsResponse> => {
      const snap = await state.read();
      const { field, brainKey, colorBy } = req.body;
      if (colorBy) await checkField(snap.dataset, colorBy, "colour-by");
      const colorsOf = async (ids: readonly string[]) => (colorBy ? (await valuesOf(snap.dataset, ids, colorBy)).map((v) => colorValue(v, colorLabel)) : ids.map(() => null));
      if (brainKey) {
        const { ids, points } = await visualizationPoints(snap, brainKey);
        const colors = await colorsOf(ids);
        return {
          points: ids.map((id, i) => ({ id, x: points[i]![0], y: points[i]![1], label: colors[i]! })),
          method: (await snap.dataset.listBrainRuns()).find((r) => r.key === brainKey)?.config.method as string,
          missing: snap.ids.length - ids.length,
        };
      }
      if (!field) throw new AppFieldError("Give an embeddings field or the brain key of a stored visualization.");
      await checkField(snap.dataset, field, "embeddings", (t) => t === "vector");
      const vectors = await valuesOf(snap.dataset, snap.ids, field);
      const kept = snap.ids.flatMap((id, i) => (vectors[i] instanceof Float32Array ? [{ id, v: vectors[i] }] : []));
      const colors = await colorsOf(kept.map((k) => k.id));
      const projection = projectPca(
        kept.map((k) => k.v),
        field,
      );
      return {
        points: kept.map((k, i) => ({ id: k.id, x: projection.points[i]![0], y: projection.points[i]![1], label: colors[i]! })),
        explainedVariance: projection.explainedVariance,
        missing: snap.ids.length - kept.length,
      };
    },
  );
}

/** The class a sample's label field gives a point: the label's, or its most confident item's. */
function colorLabel(doc: unknown): string | null {
  if (!isLabelDoc(doc)) return null;
  let best: { label: string; c: number } | null = null;
  for (const item of labelItems(doc)) {
    if (typeof item.label !== "string") continue;
    const c = confidenceOf(item) ?? 0;
    if (best === null || c > best.c) best = { label: item.label, c };
  }
  return best?.label ?? null;
}
