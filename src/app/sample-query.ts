import type { Dataset, FieldSchemaEntry } from "../dataset/index.js";
import { isLabel } from "../labels/index.js";
import type { LabelFilter, SampleFilter, SampleJSON, SchemaField } from "./api-types.js";
import { AppFieldError } from "./errors.js";
import { CLASSED_LABELS, filterLabel, filtersSamples, isLabelDoc, labelMatches, LIST_KEYS } from "./label-json.js";
import type { ViewSnapshot } from "./view-state.js";

/*
 * Answers the page's questions about a view snapshot: which samples pass the
 * sidebar's filters, a page of them as JSON with their labels filtered, and the
 * schema with class counts. Values are read per field for the snapshot's ids
 * through `dataset.select(ids, { ordered: true })`, so the order is the view's.
 */

/** Sample ids of the snapshot that pass `filter`, in view order. */
export async function filteredIds(snap: ViewSnapshot, filter: SampleFilter = {}): Promise<string[]> {
  let ids = snap.ids;
  if (filter.ids) {
    const wanted = new Set(filter.ids);
    ids = ids.filter((id) => wanted.has(id));
  }
  if (filter.tags && filter.tags.length > 0 && ids.length > 0) {
    const wanted = new Set(filter.tags);
    const tags = await valuesOf(snap.dataset, ids, "tags");
    ids = ids.filter((_, i) => (tags[i] as string[] | undefined)?.some((t) => wanted.has(t)) ?? false);
  }
  for (const [field, labelFilter] of Object.entries(filter.labels ?? {})) {
    if (field.startsWith("frames.") || !filtersSamples(labelFilter) || ids.length === 0) continue;
    const docs = await labelDocs(snap.dataset, ids, field);
    ids = ids.filter((_, i) => labelMatches(docs[i], labelFilter));
  }
  return ids;
}

/**
 * The samples with these ids as JSON, labels filtered by `filter.labels`, and
 * vector fields (embeddings) left out: the page does not draw them.
 */
export async function samplesJSON(dataset: Dataset, ids: readonly string[], filter: SampleFilter = {}): Promise<SampleJSON[]> {
  const schema = await dataset.getFieldSchema();
  const fields = schema.filter((f) => !isBuiltin(f) && f.type !== "vector").map((f) => f.name);
  const samples = await dataset.getSamples(ids, { fields });
  return samples.map((s) => filterFields(s.toJSON() as SampleJSON, filter.labels ?? {}, ""));
}

/** Applies label filters to the label fields of a sample or frame document; `prefix` is "frames." for frames. */
export function filterFields<T extends Record<string, unknown>>(doc: T, labels: Record<string, LabelFilter>, prefix: string): T {
  const out: Record<string, unknown> = { ...doc };
  for (const [name, value] of Object.entries(doc)) {
    const f = labels[prefix + name];
    if (f && isLabelDoc(value)) out[name] = filterLabel(value, f);
  }
  return out as T;
}

/** The custom fields of the view with class counts for label fields. */
export async function schemaOf(snap: ViewSnapshot): Promise<SchemaField[]> {
  const sampleFields = (await snap.dataset.getFieldSchema()).filter((f) => !isBuiltin(f));
  const frameFields = (await snap.dataset.getFieldSchema({ frames: true })).filter((f) => f.frame);
  const out: SchemaField[] = [];
  for (const f of sampleFields) {
    const entry: SchemaField = { name: f.name, type: f.type, frame: false };
    if (CLASSED_LABELS.has(f.type) && snap.ids.length > 0) entry.classes = await classCounts(snap.dataset, snap.ids, f.name, f.type);
    out.push(entry);
  }
  for (const f of frameFields) out.push({ name: f.name, type: f.type, frame: true });
  return out;
}

/** JSON label documents of a field for `ids`, in order (undefined where absent). */
export async function labelDocs(dataset: Dataset, ids: readonly string[], field: string): Promise<unknown[]> {
  const values = await valuesOf(dataset, ids, field);
  return values.map((v) => (isLabel(v) ? v.toJSON() : v));
}

/** Values of a path for `ids`, in order. */
export async function valuesOf(dataset: Dataset, ids: readonly string[], path: string): Promise<unknown[]> {
  return dataset.select(ids, { ordered: true }).values(path);
}

/** Throws unless `field` is a sample field of the schema, of one of `types` when given. */
export async function checkField(dataset: Dataset, field: string, what: string, accept?: (type: string) => boolean): Promise<FieldSchemaEntry> {
  const schema = (await dataset.getFieldSchema()).filter((f) => !isBuiltin(f));
  const entry = schema.find((f) => f.name === field);
  if (!entry || (accept && !accept(entry.type))) {
    const fitting = schema.filter((f) => !accept || accept(f.type)).map((f) => f.name);
    throw new AppFieldError(
      `Dataset "${dataset.name}" has no ${what} field "${field}"${entry ? ` (it holds ${entry.type})` : ""}. ` +
        (fitting.length > 0 ? `Its ${what} fields: ${fitting.join(", ")}.` : `It has no ${what} fields yet.`),
    );
  }
  return entry;
}

async function classCounts(dataset: Dataset, ids: readonly string[], field: string, type: string): Promise<{ label: string; count: number }[]> {
  const key = LIST_KEYS[type];
  const counts = await dataset.select(ids, { ordered: true }).countValues(key ? `${field}.${key}.label` : `${field}.label`);
  return [...counts.entries()]
    .filter((e): e is [string, number] => typeof e[0] === "string")
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

function isBuiltin(f: FieldSchemaEntry): boolean {
  return ["id", "filepath", "mediaType", "tags", "metadata"].includes(f.name);
}
