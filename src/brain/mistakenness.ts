import type { Sample, SampleCollection } from "../dataset/index.js";
import { matchDetections } from "../evaluation/index.js";
import { Classification, Classifications, Detections, type Detection } from "../labels/index.js";
import { BrainError } from "./errors.js";
import { kindOf } from "./kind.js";
import {
  classMistakenness,
  classMistakennessFromConfidence,
  DETECTION_IOU,
  locMistakenness,
  MISSED_CONFIDENCE_THRESHOLD,
} from "./math.js";
import { saveRun } from "./runs.js";

/** Options of `computeMistakenness`. */
export interface ComputeMistakennessOptions {
  /**
   * Field to write each sample's mistakenness to; also the brain key of the run. For
   * Detections, each matched ground-truth object gets this attribute (class mistakenness)
   * and `<field>_loc` (localization mistakenness). Default `"mistakenness"`.
   */
  mistakennessField?: string;
  /** Detections: the sample field counting possibly missing objects, and the attribute set on those predictions. Default `"possible_missing"`. */
  missingField?: string;
  /** Detections: the sample field counting possibly spurious objects, and the attribute set on those ground-truth objects. Default `"possible_spurious"`. */
  spuriousField?: string;
  /** Classifications: use the stored logits (their entropy) instead of the confidence. Default false, as in FiftyOne Brain. */
  useLogits?: boolean;
}

/** What `computeMistakenness` did. */
export interface MistakennessResult {
  /** `"classification"` or `"detection"`, from the label type of the prediction field. */
  kind: "classification" | "detection";
  /** Samples given a mistakenness. */
  scored: number;
  /** Detections: possibly missing objects (confident predictions no ground truth matches). */
  missing: number;
  /** Detections: possibly spurious objects (ground truth no prediction matches). */
  spurious: number;
}

/**
 * FiftyOne Brain's `compute_mistakenness`: how likely each ground-truth label is wrong,
 * judged by a model's predictions.
 *
 * Classification(s): per sample, `(s·c + 1) / 2` where `c` is the prediction's confidence
 * (or, with `useLogits`, `e^(−entropy)` of its logits) and `s` is −1 when prediction and
 * ground truth agree (same label; same label set for Classifications), +1 when they
 * differ: a confident disagreement scores near 1. No prediction scores 1; neither label, null.
 *
 * Detections: predictions (most confident first) are matched to ground truth at IoU 0.5
 * regardless of class. A matched ground-truth object gets the class mistakenness of its
 * match (attribute `mistakennessField`) and a localization mistakenness from the IoU
 * (`mistakennessField_loc`); an unmatched one is possibly spurious (attribute
 * `spuriousField`: true); an unmatched prediction more confident than 0.95 is possibly
 * missing from the ground truth (attribute `missingField`: true). Per sample:
 * the highest class mistakenness (−1 when nothing matched) and the two counts.
 * @throws BrainError when the fields hold other label types, differ in type, or a prediction lacks the confidence (or logits) needed
 */
export async function computeMistakenness(
  collection: SampleCollection,
  predField: string,
  labelField = "ground_truth",
  options: ComputeMistakennessOptions = {},
): Promise<MistakennessResult> {
  const mistakennessField = options.mistakennessField ?? "mistakenness";
  const missingField = options.missingField ?? "possible_missing";
  const spuriousField = options.spuriousField ?? "possible_spurious";
  const useLogits = options.useLogits ?? false;
  const result: MistakennessResult = { kind: "classification", scored: 0, missing: 0, spurious: 0 };
  let kindSeen: "classification" | "detection" | undefined;
  for await (const sample of collection.iterSamples({ autosave: true })) {
    const pred = sample.get(predField) ?? undefined;
    const gt = sample.get(labelField) ?? undefined;
    const kind = kindOfPair(sample, predField, pred, labelField, gt);
    if (kind === undefined) {
      sample.set(mistakennessField, null);
      continue;
    }
    if (kindSeen && kind !== kindSeen) {
      throw new BrainError(`Field "${predField}" holds both classifications and detections; mistakenness needs one label type.`);
    }
    kindSeen = kind;
    if (kind === "classification") {
      sample.set(mistakennessField, classificationMistakenness(sample, predField, pred as Classification | Classifications | undefined, gt as Classification | Classifications | undefined, useLogits));
    } else {
      const r = detectionMistakenness(sample, predField, (pred as Detections | undefined) ?? new Detections(), (gt as Detections | undefined) ?? new Detections(), {
        mistakennessField,
        missingField,
        spuriousField,
      });
      if (pred) sample.set(predField, pred);
      if (gt) sample.set(labelField, gt);
      sample.set(mistakennessField, r.mistakenness);
      sample.set(missingField, r.missing);
      sample.set(spuriousField, r.spurious);
      result.missing += r.missing;
      result.spurious += r.spurious;
    }
    result.scored++;
  }
  result.kind = kindSeen ?? "classification";
  const config: Record<string, unknown> = { predField, labelField, mistakennessField, useLogits, kind: result.kind };
  if (result.kind === "detection") Object.assign(config, { missingField, spuriousField });
  await saveRun(collection, { key: mistakennessField, method: "mistakenness", config });
  return result;
}

function kindOfPair(sample: Sample, predField: string, pred: unknown, labelField: string, gt: unknown): "classification" | "detection" | undefined {
  const kinds = [
    [predField, pred],
    [labelField, gt],
  ].map(([field, v]) => {
    if (v === undefined) return undefined;
    if (v instanceof Classification || v instanceof Classifications) return "classification" as const;
    if (v instanceof Detections) return "detection" as const;
    throw new BrainError(`Mistakenness needs Classification, Classifications or Detections fields; "${String(field)}" of sample ${sample.id} holds ${kindOf(v)}.`);
  });
  if (pred !== undefined && gt !== undefined && (pred as object).constructor !== (gt as object).constructor) {
    throw new BrainError(`Fields "${predField}" and "${labelField}" of sample ${sample.id} hold different label types (${kindOf(pred)} and ${kindOf(gt)}); compare like with like.`);
  }
  return kinds[0] ?? kinds[1];
}

function classificationMistakenness(
  sample: Sample,
  predField: string,
  pred: Classification | Classifications | undefined,
  gt: Classification | Classifications | undefined,
  useLogits: boolean,
): number {
  if (pred === undefined) return 1;
  // As FiftyOne Brain does, a prediction without ground truth counts as agreeing.
  let agree = true;
  if (gt !== undefined) {
    if (pred instanceof Classifications) {
      const a = new Set(pred.classifications.map((c) => c.label));
      const b = new Set((gt as Classifications).classifications.map((c) => c.label));
      agree = a.size === b.size && [...a].every((l) => b.has(l));
    } else agree = pred.label === (gt as Classification).label;
  }
  if (useLogits) {
    if (!pred.logits || pred.logits.length === 0) {
      throw new BrainError(`Sample ${sample.id} field "${predField}" has no logits; apply the model with { storeLogits: true }, or drop useLogits to use the confidence.`);
    }
    return classMistakenness(pred.logits, agree);
  }
  const confidence = pred instanceof Classification ? pred.confidence : undefined;
  if (confidence === undefined) {
    const fix = pred instanceof Classifications ? "Classifications carry no confidence: use { useLogits: true }" : "apply the model again, or use { useLogits: true } with stored logits";
    throw new BrainError(`Sample ${sample.id} field "${predField}" has no confidence; ${fix}.`);
  }
  return classMistakennessFromConfidence(confidence, agree);
}

interface DetectionFields {
  mistakennessField: string;
  missingField: string;
  spuriousField: string;
}

function detectionMistakenness(sample: Sample, predField: string, pred: Detections, gt: Detections, f: DetectionFields) {
  for (const d of pred.detections) {
    if (d.confidence === undefined) {
      throw new BrainError(`Detection ${d.id} of sample ${sample.id} field "${predField}" has no confidence; mistakenness needs the model's confidences.`);
    }
  }
  // COCO-style greedy matching, most confident prediction first, any class (FiftyOne Brain: classwise=False).
  const preds: Detection[] = [...pred.detections].sort((a, b) => b.confidence! - a.confidence!);
  const gts: Detection[] = gt.detections;
  const m = matchDetections(
    preds.map((d) => ({ label: d.label, box: d.boundingBox })),
    gts.map((d) => ({ label: d.label, box: d.boundingBox })),
    DETECTION_IOU,
    false,
  );
  let missing = 0;
  let spurious = 0;
  for (const [p, d] of preds.entries()) {
    if (m.predToGt[p]! < 0 && d.confidence! > MISSED_CONFIDENCE_THRESHOLD) {
      d.attributes[f.missingField] = true;
      missing++;
    }
  }
  const classScores: number[] = [];
  for (const [g, d] of gts.entries()) {
    const p = m.gtToPred[g]!;
    if (p < 0) {
      d.attributes[f.spuriousField] = true;
      spurious++;
      continue;
    }
    const match = preds[p]!;
    const iou = m.predIou[p]!;
    const mc = classMistakennessFromConfidence(match.confidence!, d.label === match.label);
    d.attributes[f.mistakennessField] = mc;
    d.attributes[`${f.mistakennessField}_loc`] = locMistakenness(match.confidence!, iou);
    classScores.push(mc);
  }
  return { mistakenness: classScores.length > 0 ? Math.max(...classScores) : -1, missing, spurious };
}
