import { type Sample, type SampleCollection } from "../dataset/index.js";
import { Detection, Detections, isLabel } from "../labels/index.js";
import { averagePrecision, type ScoredMatch } from "./average-precision.js";
import { DetectionResults, type ClassCounts } from "./detection-results.js";
import { EvaluationError } from "./errors.js";
import { matchDetections, type MatchBox } from "./match-detections.js";

/** Options of {@link evaluateDetections} (FiftyOne's, camelCased). */
export interface EvaluateDetectionsOptions {
  /** The protocol; only `"coco"` (the default) for now. */
  method?: "coco";
  /** IoU thresholds of the mAP. Default COCO's 0.50, 0.55, ..., 0.95. */
  iouThreshs?: number[];
  /** IoU of the per-sample TP/FP/FN and of the report. Default 0.5. */
  iou?: number;
  /**
   * Store results on the samples under this key: `<evalKey>_tp`, `<evalKey>_fp`,
   * `<evalKey>_fn` counts on each sample, and on each predicted and ground-truth
   * object the attributes `<evalKey>` ("tp", "fp" or "fn"), `<evalKey>_id` (the
   * matched object's id) and `<evalKey>_iou`. Default: store nothing.
   */
  evalKey?: string;
  /** Match only objects of the same class (default true); false lets any classes match for the per-sample counts. */
  classwise?: boolean;
  /** COCO's cap of predictions per image and class in the mAP. Default 100. */
  maxDetections?: number;
}

/** COCO's IoU thresholds 0.50:0.05:0.95. */
const COCO_IOU_THRESHS = Array.from({ length: 10 }, (_, i) => Math.round((0.5 + 0.05 * i) * 100) / 100);
/** Samples written per transaction when storing results. */
const SAVE_BATCH = 200;

/**
 * Evaluates the `Detections` in `predField` against those in `gtField` on every
 * sample, COCO style (FiftyOne's `evaluate_detections(method="coco")`): greedy
 * matching by confidence per image (and per class), crowd regions (`iscrowd`
 * attribute) ignored, AP from a 101-point precision–recall curve, mAP over
 * IoU 0.50:0.95. With `evalKey`, per-sample counts and per-object match attributes
 * are stored (in transactions of 200 samples).
 */
export async function evaluateDetections(
  collection: SampleCollection,
  predField: string,
  gtField = "ground_truth",
  options: EvaluateDetectionsOptions = {},
): Promise<DetectionResults> {
  const { iou, iouThreshs, maxDets } = checkOptions(options);
  const classwise = options.classwise ?? true;
  const evalKey = options.evalKey;
  const counts = new Map<string, ClassCounts>();
  const countOf = (c: string): ClassCounts => {
    let k = counts.get(c);
    if (!k) counts.set(c, (k = { tp: 0, fp: 0, fn: 0 }));
    return k;
  };
  // Class → per-threshold list of scored matches, and the count of non-crowd objects.
  const curves = new Map<string, ScoredMatch[][]>();
  const positives = new Map<string, number>();
  let pending: Sample[] = [];

  for await (const sample of collection.selectFields([predField, gtField]).iterSamples({ batchSize: 500 })) {
    const preds = detectionsOf(sample, predField).slice().sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
    const gts = detectionsOf(sample, gtField);
    const predBoxes = preds.map(toMatchBox);
    const gtBoxes = gts.map(toMatchBox);

    // The mAP: per class, COCO's top-`maxDets` predictions against that class's objects.
    for (const label of new Set([...predBoxes, ...gtBoxes].map((b) => b.label))) {
      const p = predBoxes.filter((b) => b.label === label).slice(0, maxDets);
      const pIdx = p.map((b) => predBoxes.indexOf(b));
      const g = gtBoxes.filter((b) => b.label === label);
      positives.set(label, (positives.get(label) ?? 0) + g.filter((b) => !b.crowd).length);
      let perThresh = curves.get(label);
      if (!perThresh) curves.set(label, (perThresh = iouThreshs.map((): ScoredMatch[] => [])));
      for (const [t, thresh] of iouThreshs.entries()) {
        const m = matchDetections(p, g, thresh, true);
        for (const [k, gi] of m.predToGt.entries()) {
          perThresh[t]!.push({ score: preds[pIdx[k]!]!.confidence ?? 0, tp: gi >= 0 && !g[gi]!.crowd, ignored: gi >= 0 && g[gi]!.crowd === true });
        }
      }
    }

    // The per-sample counts and the report, at `iou`.
    const m = matchDetections(predBoxes, gtBoxes, iou, classwise);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [k, gi] of m.predToGt.entries()) {
      const pred = preds[k]!;
      if (gi >= 0) {
        tp++;
        countOf(pred.label).tp++;
      } else {
        fp++;
        countOf(pred.label).fp++;
      }
      if (evalKey) setMatch(pred, evalKey, gi >= 0 ? "tp" : "fp", gi >= 0 ? gts[gi]! : undefined, m.predIou[k]!);
    }
    for (const [g, pi] of m.gtToPred.entries()) {
      const gt = gts[g]!;
      if (pi < 0 && !gtBoxes[g]!.crowd) {
        fn++;
        countOf(gt.label).fn++;
      }
      if (evalKey) setMatch(gt, evalKey, pi >= 0 ? "tp" : "fn", pi >= 0 ? preds[pi]! : undefined, pi >= 0 ? m.predIou[pi]! : 0);
    }
    if (evalKey) {
      sample.set(`${evalKey}_tp`, tp);
      sample.set(`${evalKey}_fp`, fp);
      sample.set(`${evalKey}_fn`, fn);
      touch(sample, predField);
      touch(sample, gtField);
      pending.push(sample);
      if (pending.length >= SAVE_BATCH) {
        await collection.saveSamples(pending);
        pending = [];
      }
    }
  }
  if (pending.length > 0) await collection.saveSamples(pending);

  const classes = [...curves.keys()].sort();
  const ap = new Map(classes.map((c) => [c, curves.get(c)!.map((matches) => averagePrecision(matches, positives.get(c) ?? 0))]));
  for (const c of classes) countOf(c);
  return new DetectionResults({ classes, iouThreshs, iou, evalKey, ap, counts });
}

function checkOptions(options: EvaluateDetectionsOptions): { iou: number; iouThreshs: number[]; maxDets: number } {
  if (options.method !== undefined && options.method !== "coco") {
    throw new EvaluationError(`evaluateDetections has no method "${String(options.method)}"; use method: "coco".`);
  }
  const iou = options.iou ?? 0.5;
  const iouThreshs = options.iouThreshs ?? COCO_IOU_THRESHS;
  for (const t of [iou, ...iouThreshs]) {
    if (!(typeof t === "number" && t > 0 && t <= 1)) throw new EvaluationError(`IoU thresholds must be numbers in (0, 1]; got ${String(t)}.`);
  }
  if (iouThreshs.length === 0) throw new EvaluationError("iouThreshs is empty; pass at least one IoU threshold, e.g. [0.5].");
  const maxDets = options.maxDetections ?? 100;
  if (!Number.isInteger(maxDets) || maxDets < 1) throw new EvaluationError(`maxDetections must be a whole number ≥ 1; got ${String(maxDets)}.`);
  if (options.evalKey !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.evalKey)) {
    throw new EvaluationError(`evalKey "${options.evalKey}" cannot name fields; use letters, digits and "_", starting with a letter (e.g. "eval").`);
  }
  return { iou, iouThreshs, maxDets };
}

function detectionsOf(sample: Sample, field: string): Detection[] {
  const v = sample.get(field);
  if (v === undefined || v === null) return [];
  if (v instanceof Detections) return v.detections;
  if (v instanceof Detection) return [v];
  throw new EvaluationError(
    `evaluateDetections needs Detections in "${field}", but sample ${sample.id} holds ${isLabel(v) ? v.cls : typeof v}. Check the field names (predictions first, then ground truth).`,
  );
}

function toMatchBox(d: Detection): MatchBox {
  const crowd = d.attributes.iscrowd;
  return { label: d.label, box: d.boundingBox, crowd: crowd === 1 || crowd === true };
}

function setMatch(d: Detection, evalKey: string, outcome: "tp" | "fp" | "fn", other: Detection | undefined, iou: number): void {
  d.attributes[evalKey] = outcome;
  if (other) {
    d.attributes[`${evalKey}_id`] = other.id;
    d.attributes[`${evalKey}_iou`] = iou;
  } else {
    delete d.attributes[`${evalKey}_id`];
    delete d.attributes[`${evalKey}_iou`];
  }
}

/** Marks a label field changed after its objects' attributes were edited in place. */
function touch(sample: Sample, field: string): void {
  const v = sample.get(field);
  if (v !== undefined && v !== null) sample.set(field, v);
}
