import type { LabelFilter } from "./api-types.js";

/*
 * Reading and filtering labels in their JSON form (`_cls` plus properties, see
 * `Label.toJSON`), without reviving them: the server filters thousands of them per
 * request, and the page draws them. Pure functions; no Node imports.
 */

/** A label in JSON form. */
export interface LabelDoc {
  /** Class name of the label, e.g. "Detection". */
  _cls: string;
  [key: string]: unknown;
}

/** The property holding the items of each list label class. */
export const LIST_KEYS: Readonly<Record<string, string>> = {
  Detections: "detections",
  Classifications: "classifications",
  Keypoints: "keypoints",
  Polylines: "polylines",
};

/** Label classes whose items have a class name (`label`) and may have a confidence. */
export const CLASSED_LABELS: ReadonlySet<string> = new Set([
  "Detection",
  "Detections",
  "Classification",
  "Classifications",
  "Keypoint",
  "Keypoints",
  "Polyline",
  "Polylines",
]);

/** True for a JSON object with a string `_cls`. */
export function isLabelDoc(value: unknown): value is LabelDoc {
  return typeof value === "object" && value !== null && typeof (value as { _cls?: unknown })._cls === "string";
}

/** The items of a label: the list of a list label, the label itself otherwise. */
export function labelItems(doc: LabelDoc): LabelDoc[] {
  const key = LIST_KEYS[doc._cls];
  if (key === undefined) return [doc];
  const items = doc[key];
  return Array.isArray(items) ? items.filter(isLabelDoc) : [];
}

/**
 * A label's confidence as one number: its own, or for a Keypoint the mean of its
 * per-point confidences (null ones left out); undefined when it has none.
 */
export function confidenceOf(item: LabelDoc): number | undefined {
  const c = item.confidence;
  if (typeof c === "number") return c;
  if (Array.isArray(c)) {
    const known = c.filter((v): v is number => typeof v === "number");
    return known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : undefined;
  }
  return undefined;
}

/** True when an item passes a filter: its class is one asked for, its confidence in range. */
export function itemMatches(item: LabelDoc, filter: LabelFilter): boolean {
  if (filter.classes && filter.classes.length > 0 && !filter.classes.includes(String(item.label))) return false;
  const c = confidenceOf(item);
  if (c === undefined) return true;
  if (filter.minConfidence !== undefined && c < filter.minConfidence) return false;
  if (filter.maxConfidence !== undefined && c > filter.maxConfidence) return false;
  return true;
}

/**
 * The label with only the items that pass `filter`: a list label keeps its matching
 * items; a single label is kept whole or becomes null. Labels without classes
 * (Segmentation, Heatmap) pass unchanged.
 */
export function filterLabel(doc: LabelDoc, filter: LabelFilter): LabelDoc | null {
  if (!CLASSED_LABELS.has(doc._cls)) return doc;
  const key = LIST_KEYS[doc._cls];
  if (key === undefined) return itemMatches(doc, filter) ? doc : null;
  return { ...doc, [key]: labelItems(doc).filter((item) => itemMatches(item, filter)) };
}

/** True when the label has at least one item passing `filter`. */
export function labelMatches(doc: unknown, filter: LabelFilter): boolean {
  return isLabelDoc(doc) && CLASSED_LABELS.has(doc._cls) && labelItems(doc).some((item) => itemMatches(item, filter));
}

/** True when the filter can drop samples (a class list), not only hide labels. */
export function filtersSamples(filter: LabelFilter): boolean {
  return (filter.classes?.length ?? 0) > 0;
}
