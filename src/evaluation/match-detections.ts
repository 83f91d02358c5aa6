import { boxIou, type BoundingBox } from "../labels/index.js";

/** A box taking part in matching. */
export interface MatchBox {
  /** Class name. */
  label: string;
  /** Relative `[x, y, w, h]`. */
  box: BoundingBox;
  /** A COCO crowd region (`iscrowd`): may absorb many predictions, never counts as missed. */
  crowd?: boolean;
}

/** Result of {@link matchDetections}, by index into the inputs. */
export interface Matches {
  /** For each prediction: the matched ground truth's index, or -1. */
  predToGt: Int32Array;
  /** For each prediction: the IoU with its match (0 when unmatched). */
  predIou: Float64Array;
  /** For each ground truth: the matched prediction's index, or -1 (crowds keep the last). */
  gtToPred: Int32Array;
}

/**
 * COCO's greedy matching in one image (pycocotools `evaluateImg`): predictions in
 * the given order (highest confidence first) each take the unmatched ground truth
 * with the highest IoU ≥ `iouThresh` — non-crowd objects before crowds, which may be
 * matched any number of times. The IoU with a crowd is the intersection over the
 * prediction's area. With `classwise`, only same-label pairs match.
 */
export function matchDetections(preds: readonly MatchBox[], gts: readonly MatchBox[], iouThresh: number, classwise = true): Matches {
  const predToGt = new Int32Array(preds.length).fill(-1);
  const predIou = new Float64Array(preds.length);
  const gtToPred = new Int32Array(gts.length).fill(-1);
  // Non-crowd ground truth first, keeping the given order otherwise.
  const order = gts.map((_, i) => i).sort((a, b) => Number(gts[a]!.crowd ?? false) - Number(gts[b]!.crowd ?? false));
  for (const [p, pred] of preds.entries()) {
    let best = -1;
    let bestIou = Math.min(iouThresh, 1 - 1e-10);
    for (const g of order) {
      const gt = gts[g]!;
      if (classwise && gt.label !== pred.label) continue;
      if (gtToPred[g]! >= 0 && !gt.crowd) continue;
      // A match with a real object already beats any crowd region.
      if (best >= 0 && !gts[best]!.crowd && gt.crowd) break;
      const iou = gt.crowd ? crowdIou(pred.box, gt.box) : boxIou(pred.box, gt.box);
      if (iou < bestIou) continue;
      bestIou = iou;
      best = g;
    }
    if (best < 0) continue;
    predToGt[p] = best;
    predIou[p] = bestIou;
    gtToPred[best] = p;
  }
  return { predToGt, predIou, gtToPred };
}

/** Intersection over the prediction's area: COCO's overlap with a crowd region. */
function crowdIou(pred: BoundingBox, crowd: BoundingBox): number {
  const ix = Math.max(0, Math.min(pred[0] + pred[2], crowd[0] + crowd[2]) - Math.max(pred[0], crowd[0]));
  const iy = Math.max(0, Math.min(pred[1] + pred[3], crowd[1] + crowd[3]) - Math.max(pred[1], crowd[1]));
  const area = pred[2] * pred[3];
  return area > 0 ? (ix * iy) / area : 0;
}
