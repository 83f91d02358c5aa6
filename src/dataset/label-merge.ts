import { isLabel } from "../labels/index.js";
import { FieldTypeError } from "./errors.js";

/**
 * Where the labels returned by a model go, following the FiftyOne Model Zoo:
 * - a string `labelField`: key `k` of a dict of labels goes to `labelField + "_" + k`;
 * - a record `labelField`: key `k` goes to `labelField[k]`, or `k` when unmapped;
 * - no `labelField`: key `k` goes to `k`.
 */
export type LabelField = string | Readonly<Record<string, string>> | undefined;

/** What `addLabels` writes: sample-level fields and frame-level fields by frame number. */
export interface LabelPlacement {
  /** Sample-level field → label. */
  sample: Record<string, unknown>;
  /** Frame number → field → label. */
  frames: Map<number, Record<string, unknown>>;
}

/** FiftyOne's `label_key`: the field a dict key's labels are stored in. */
export function labelKey(labelField: LabelField, key: string): string {
  if (typeof labelField === "string") return `${labelField}_${key}`;
  if (labelField !== undefined) return labelField[key] ?? key;
  return key;
}

/**
 * Decides the fields for a model's output, which may be a Label (or null: nothing
 * found, stored as null so the sample counts as processed), a record of labels,
 * a record (or Map) of frame numbers → Label, or frame numbers → record of labels.
 * Frame-number keys are honoured only for video samples (`isVideo`).
 */
export function placeLabels(labels: unknown, labelField: LabelField, isVideo: boolean): LabelPlacement {
  const out: LabelPlacement = { sample: {}, frames: new Map() };
  if (labels === undefined) return out;
  if (labels === null || isLabel(labels)) {
    if (typeof labelField !== "string") {
      throw new FieldTypeError(
        `A single ${labels === null ? "empty prediction" : labels.cls} needs a string labelField to be stored in (e.g. "predictions"); got ${JSON.stringify(labelField)}.`,
      );
    }
    out.sample[labelField] = labels;
    return out;
  }
  const entries = labels instanceof Map ? [...(labels as Map<unknown, unknown>).entries()] : typeof labels === "object" ? Object.entries(labels) : undefined;
  if (entries === undefined) {
    throw new FieldTypeError(`Cannot store ${typeof labels} as labels: a model must return a Label, a record of labels, or frame number → labels.`);
  }
  const frameKeyed = isVideo && entries.length > 0 && entries.every(([k]) => isFrameNumber(k));
  for (const [k, value] of entries) {
    if (value === undefined) continue;
    if (!frameKeyed) {
      out.sample[labelKey(labelField, String(k))] = value;
      continue;
    }
    const frameNumber = Number(k);
    const frame: Record<string, unknown> = {};
    if (isLabel(value) || value === null) {
      if (typeof labelField !== "string") {
        throw new FieldTypeError(`Frame labels returned as frame number → Label need a string labelField; got ${JSON.stringify(labelField)}.`);
      }
      frame[labelField] = value;
    } else {
      for (const [fk, fv] of Object.entries(value as Record<string, unknown>)) if (fv !== undefined) frame[labelKey(labelField, fk)] = fv;
    }
    out.frames.set(frameNumber, frame);
  }
  return out;
}

function isFrameNumber(k: unknown): boolean {
  const n = typeof k === "number" ? k : typeof k === "string" && /^[1-9][0-9]*$/.test(k) ? Number(k) : NaN;
  return Number.isInteger(n) && n >= 1;
}
