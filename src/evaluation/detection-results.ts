/** Counts of one class at the evaluation's IoU. */
export interface ClassCounts {
  /** Predictions that matched an object. */
  tp: number;
  /** Predictions that matched nothing. */
  fp: number;
  /** Objects no prediction matched. */
  fn: number;
}

/** One row of {@link DetectionResults.report}. */
export interface ReportRow {
  /** tp / (tp + fp), 0 without predictions. */
  precision: number;
  /** tp / (tp + fn), 0 without objects. */
  recall: number;
  /** Harmonic mean of precision and recall. */
  f1: number;
  /** Ground-truth objects of the class (tp + fn). */
  support: number;
}

/** What {@link DetectionResults} is made from. */
export interface DetectionResultsInit {
  /** Every class seen in predictions or ground truth, sorted. */
  classes: string[];
  /** The IoU thresholds of the mAP. */
  iouThreshs: number[];
  /** The IoU of the per-sample counts and the report. */
  iou: number;
  /** Where per-sample results were stored, if anywhere. */
  evalKey: string | undefined;
  /** Class → AP at each of `iouThreshs` (-1: the class has no ground truth). */
  ap: Map<string, number[]>;
  /** Class → counts at `iou`. */
  counts: Map<string, ClassCounts>;
}

/**
 * The outcome of `evaluateDetections` (FiftyOne's `DetectionResults`): COCO-style mAP
 * over IoU thresholds, AP per class, and precision/recall/F1 per class at one IoU.
 */
export class DetectionResults {
  /** Every class seen in predictions or ground truth, sorted. */
  readonly classes: string[];
  /** The IoU thresholds the mAP averages over (COCO: 0.50, 0.55, ..., 0.95). */
  readonly iouThreshs: number[];
  /** The IoU of the per-sample counts and of {@link DetectionResults.report}. */
  readonly iou: number;
  /** Where per-sample results were stored, if anywhere. */
  readonly evalKey: string | undefined;
  private readonly apByClass: Map<string, number[]>;
  private readonly counts: Map<string, ClassCounts>;

  /** @internal — made by `evaluateDetections`. */
  constructor(init: DetectionResultsInit) {
    this.classes = init.classes;
    this.iouThreshs = init.iouThreshs;
    this.iou = init.iou;
    this.evalKey = init.evalKey;
    this.apByClass = init.ap;
    this.counts = init.counts;
  }

  /**
   * COCO mAP: the mean AP over the classes that have ground truth (optionally only
   * `classes`) and over the IoU thresholds. -1 when no class has ground truth.
   */
  mAP(classes?: readonly string[]): number {
    const aps = (classes ?? this.classes).map((c) => this.averageOverThreshs(c)).filter((ap) => ap >= 0);
    return aps.length === 0 ? -1 : aps.reduce((a, b) => a + b, 0) / aps.length;
  }

  /**
   * AP of one class: at one IoU threshold (one of `iouThreshs`), or averaged over
   * them. -1 when the class has no ground truth or the threshold was not evaluated.
   */
  ap(label: string, iouThresh?: number): number {
    if (iouThresh === undefined) return this.averageOverThreshs(label);
    const i = this.iouThreshs.findIndex((t) => Math.abs(t - iouThresh) < 1e-9);
    return i < 0 ? -1 : (this.apByClass.get(label)?.[i] ?? -1);
  }

  /** Precision, recall, F1 and support per class at {@link DetectionResults.iou}, plus a `"micro avg"` row. */
  report(classes?: readonly string[]): Record<string, ReportRow> {
    const out: Record<string, ReportRow> = {};
    const total: ClassCounts = { tp: 0, fp: 0, fn: 0 };
    for (const c of classes ?? this.classes) {
      const k = this.counts.get(c) ?? { tp: 0, fp: 0, fn: 0 };
      out[c] = row(k);
      total.tp += k.tp;
      total.fp += k.fp;
      total.fn += k.fn;
    }
    out["micro avg"] = row(total);
    return out;
  }

  /** The report as an aligned text table, with each class's AP and the mAP at the end. */
  formatReport(classes?: readonly string[]): string {
    const rows = this.report(classes);
    const names = Object.keys(rows);
    const width = Math.max(12, ...names.map((n) => n.length));
    const f = (x: number) => (x < 0 ? "-" : x.toFixed(2)).padStart(10);
    const lines = [`${"".padEnd(width)}${"precision".padStart(10)}${"recall".padStart(10)}${"f1-score".padStart(10)}${"support".padStart(10)}${"AP".padStart(10)}`, ""];
    for (const n of names) {
      const r = rows[n]!;
      const ap = n === "micro avg" ? "" : f(this.averageOverThreshs(n));
      if (n === "micro avg") lines.push("");
      lines.push(`${n.padEnd(width)}${f(r.precision)}${f(r.recall)}${f(r.f1)}${String(r.support).padStart(10)}${ap}`);
    }
    lines.push("", `mAP (IoU ${this.iouThreshs[0]?.toFixed(2)}:${this.iouThreshs.at(-1)?.toFixed(2)}): ${this.mAP(classes).toFixed(4)}`);
    return lines.join("\n");
  }

  /** Prints {@link DetectionResults.formatReport} to stdout (FiftyOne's `print_report`). */
  printReport(classes?: readonly string[]): void {
    console.log(this.formatReport(classes));
  }

  /** Plain JSON: classes, thresholds, AP per class and threshold, counts. */
  toJSON(): Record<string, unknown> {
    return {
      classes: this.classes,
      iouThreshs: this.iouThreshs,
      iou: this.iou,
      evalKey: this.evalKey ?? null,
      mAP: this.mAP(),
      ap: Object.fromEntries(this.apByClass),
      counts: Object.fromEntries(this.counts),
    };
  }

  private averageOverThreshs(label: string): number {
    const aps = this.apByClass.get(label);
    if (!aps || aps.length === 0 || aps[0]! < 0) return -1;
    return aps.reduce((a, b) => a + b, 0) / aps.length;
  }
}

function row(k: ClassCounts): ReportRow {
  const precision = k.tp + k.fp > 0 ? k.tp / (k.tp + k.fp) : 0;
  const recall = k.tp + k.fn > 0 ? k.tp / (k.tp + k.fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support: k.tp + k.fn };
}
