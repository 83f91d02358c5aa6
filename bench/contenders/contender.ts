/**
 * Who runs the model: the bare runtime (one instance; `bare-multi`: one instance per
 * core at once), modelzoo's applyModel (`modelzoo`: with the workers it picks for this
 * machine; `modelzoo-main`: `numWorkers: 0`), or the peer library — `peer` as its
 * documentation shows it, `peer-tuned` "done well" (decoded at the model's size, one
 * image decoded ahead, and one instance per core in worker threads where it can run there).
 */
export type Role = "bare" | "bare-multi" | "modelzoo" | "modelzoo-main" | "peer" | "peer-tuned";

/** One way of getting a model's predictions for the case's images, measured against the others. */
export interface Contender {
  /** Which of the three it is. */
  readonly role: Role;
  /** What exactly runs, for the report (e.g. `"@vladmandic/human 3.3.6 (wasm)"`). */
  readonly label: string;
  /** Processes every image of the case once (the timed part). */
  run(): Promise<void>;
  /** Objects (detections, people, classes, text maps) the last run found: a check that it did the work. */
  found(): Promise<number | undefined>;
  /** The batch size it runs at (found by a short sweep where it has a choice). */
  batchSize?: number;
  /** The input tensor shapes its model ran on (e.g. `1×256×256×3`), where the benchmark could see them. */
  inputShapes?: string[];
  /** Frees the model and anything else it holds. */
  dispose(): Promise<void>;
}

/** Counts what a label (or a record of labels) holds: its detections, keypoint sets, classifications, or 1. */
export function countObjects(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value !== "object") return 1;
  const v = value as { detections?: unknown[]; keypoints?: unknown[]; classifications?: unknown[] };
  if (Array.isArray(v.detections)) return v.detections.length;
  if (Array.isArray(v.keypoints)) return v.keypoints.length;
  if (Array.isArray(v.classifications)) return v.classifications.length;
  return 1;
}
