/** A prediction's outcome at one IoU threshold, for the precision–recall curve. */
export interface ScoredMatch {
  /** Confidence. */
  score: number;
  /** Matched a ground-truth object. */
  tp: boolean;
  /** Matched a crowd region: neither a hit nor a false alarm. */
  ignored: boolean;
}

/** COCO's 101 recall points 0, 0.01, ..., 1, computed as numpy's linspace does (i × 0.01, the last exactly 1). */
const RECALL_POINTS = Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : i * 0.01));

/**
 * COCO average precision (pycocotools `accumulate`): predictions sorted by confidence
 * (stable, so ties keep image order), precision made non-increasing from the right,
 * then read at the first index reaching each of 101 recall points (0 past the last
 * reached) and averaged. Returns -1 when there is no ground truth (`positives` = 0),
 * which averages leave out.
 */
export function averagePrecision(matches: readonly ScoredMatch[], positives: number): number {
  if (positives === 0) return -1;
  const kept = matches.filter((m) => !m.ignored).sort((a, b) => b.score - a.score);
  const recall: number[] = [];
  const precision: number[] = [];
  let tp = 0;
  let fp = 0;
  for (const m of kept) {
    if (m.tp) tp++;
    else fp++;
    recall.push(tp / positives);
    precision.push(tp / (tp + fp));
  }
  for (let i = precision.length - 1; i > 0; i--) if (precision[i]! > precision[i - 1]!) precision[i - 1] = precision[i]!;
  let sum = 0;
  let at = 0;
  for (const r of RECALL_POINTS) {
    while (at < recall.length && recall[at]! < r) at++;
    if (at < recall.length) sum += precision[at]!;
  }
  return sum / RECALL_POINTS.length;
}
