import { boxIou } from "../labels/index.js";

/** A candidate detection for non-maximum suppression. */
export interface Candidate {
  /** `[x, y, w, h]` in any one coordinate system. */
  box: readonly [number, number, number, number];
  /** Score; higher wins. */
  score: number;
  /** Class index; boxes of different classes never suppress each other unless `classAgnostic`. */
  classIndex: number;
}

/**
 * Greedy non-maximum suppression: keeps the best-scoring box and drops any later box
 * of the same class overlapping a kept one by more than `iouThreshold`; returns the
 * kept candidates, best first, at most `maxDetections`.
 */
export function nonMaxSuppression<T extends Candidate>(
  candidates: readonly T[],
  options: { iouThreshold: number; maxDetections?: number; classAgnostic?: boolean },
): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const c of sorted) {
    if (kept.length >= (options.maxDetections ?? Infinity)) break;
    const clash = kept.some((k) => (options.classAgnostic || k.classIndex === c.classIndex) && boxIou(k.box, c.box) > options.iouThreshold);
    if (!clash) kept.push(c);
  }
  return kept;
}
