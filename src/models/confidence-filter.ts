import { Classification, Classifications, Detection, Detections, Keypoint, Keypoints, Polyline, Polylines, isLabel, type Label } from "../labels/index.js";
import type { ModelOutput } from "./model.js";

/**
 * FiftyOne's `confidence_thresh`: drops labels whose confidence is below `thresh`
 * (a single label becomes null; lists keep their members above it). Labels without a
 * confidence are kept. Keypoints keep their points; a keypoint set goes when all its
 * confident points are below the threshold.
 */
export function filterByConfidence(output: ModelOutput, thresh: number | undefined): ModelOutput {
  if (thresh === undefined || output === null) return output;
  if (isLabel(output)) return filterLabel(output, thresh);
  if (output instanceof Map) {
    return new Map([...(output as Map<number, Label | Record<string, Label | null>>)].map(([k, v]) => [k, isLabel(v) ? filterLabel(v, thresh) : filterRecord(v, thresh)]));
  }
  return filterRecord(output as Record<string, Label | null>, thresh);
}

function filterRecord(record: Readonly<Record<string, Label | null>>, thresh: number): Record<string, Label | null> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === null ? null : filterLabel(v, thresh)]));
}

const passes = (confidence: number | undefined, thresh: number) => confidence === undefined || confidence >= thresh;

function filterLabel(label: Label, thresh: number): Label | null {
  if (label instanceof Classification || label instanceof Detection || label instanceof Polyline) {
    return passes(label.confidence, thresh) ? label : null;
  }
  if (label instanceof Classifications) label.classifications = label.classifications.filter((c) => passes(c.confidence, thresh));
  else if (label instanceof Detections) label.detections = label.detections.filter((d) => passes(d.confidence, thresh));
  else if (label instanceof Polylines) label.polylines = label.polylines.filter((p) => passes(p.confidence, thresh));
  else if (label instanceof Keypoints) label.keypoints = label.keypoints.filter((k) => keypointPasses(k, thresh));
  else if (label instanceof Keypoint) return keypointPasses(label, thresh) ? label : null;
  return label;
}

function keypointPasses(k: Keypoint, thresh: number): boolean {
  const scores = (k.confidence ?? []).filter((c): c is number => c !== null);
  return scores.length === 0 || scores.some((c) => c >= thresh);
}
