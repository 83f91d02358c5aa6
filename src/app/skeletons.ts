import type { Dataset } from "../dataset/index.js";
import type { SchemaField } from "./api-types.js";

/**
 * Edges between the 17 COCO person keypoints (0-based index pairs), drawn when a
 * dataset names no skeleton of its own. Source: the `skeleton` field of the COCO
 * 2017 person-keypoints annotations (1-based there).
 */
export const COCO_PERSON_SKELETON: readonly [number, number][] = [
  [15, 13], [13, 11], [16, 14], [14, 12], [11, 12], [5, 11], [6, 12], [5, 6], [5, 7],
  [6, 8], [7, 9], [8, 10], [1, 2], [0, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 6],
];

/**
 * The skeleton of each keypoints field: `dataset.info.skeletons[field].edges`, else
 * `dataset.info.defaultSkeleton.edges` (FiftyOne's `skeletons` and
 * `default_skeleton`), else the COCO person skeleton. The page draws an edge only
 * when both of its points exist, so a skeleton that does not fit draws nothing wrong.
 */
export function skeletonsOf(dataset: Dataset, fields: readonly SchemaField[]): Record<string, [number, number][]> {
  const info = dataset.info as { skeletons?: Record<string, { edges?: unknown }>; defaultSkeleton?: { edges?: unknown } };
  const out: Record<string, [number, number][]> = {};
  for (const f of fields) {
    if (f.type !== "Keypoints" && f.type !== "Keypoint") continue;
    const key = f.frame ? `frames.${f.name}` : f.name;
    const edges = info.skeletons?.[key]?.edges ?? info.defaultSkeleton?.edges;
    out[key] = isEdgeList(edges) ? edges : [...COCO_PERSON_SKELETON];
  }
  return out;
}

function isEdgeList(v: unknown): v is [number, number][] {
  return Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && e.every((i) => Number.isInteger(i) && (i as number) >= 0));
}
