// One row of the agreement table: a model, its upstream, the measure and whether it meets its threshold.

/** How a model is compared with its upstream. */
export type Measure = "boxes" | "keypoints" | "top-label" | "age" | "embedding" | "text" | "mask" | "image";

/** The result of comparing one model with its upstream library on the corpus. */
export interface AgreementRow {
  /** Zoo model name. */
  model: string;
  /** The upstream library (npm package) that ran the same weights. */
  upstream: string;
  measure: Measure;
  /** Corpus images compared. */
  images: number;
  /**
   * The numbers: boxes → `upstreamMatched`, `oursMatched` (shares at IoU ≥ 0.8, same
   * label), `upstreamBoxes`, `ourBoxes`; keypoints → `meanDistance` (share of the
   * diagonal), `instances`; top-label → `sameTop` (share), `meanProbDiff`; text → `cer`
   * (edits / upstream characters over the corpus), `worstPageCer`, `upstreamChars`;
   * mask → `meanIou`, `minIou`; age → `meanAbsDiff` (years), `instances`; embedding → `meanCosine`, `instances`;
   * image → `worstPsnr` (dB over the images, 100 for identical ones), `maxAbsDiff` (0–255), `identical` (share of images equal pixel for pixel).
   */
  values: Record<string, number>;
  /** Meets the threshold for its measure. */
  pass: boolean;
  /** Why a row legitimately misses its threshold, measured (required when `pass` is false). */
  reason?: string;
}

/** The thresholds (issue 13): both-ways box matching, keypoint distance, top-label agreement, CER, mask IoU. */
export const THRESHOLDS = {
  boxes: 0.95,
  keypoints: 0.01,
  topLabel: 0.95,
  cer: 0.03,
  mask: 0.95,
  /** Mean absolute difference of an estimated age, in years (not in the issue: its attributes compare labels). */
  age: 1,
  /** Mean cosine similarity of embeddings of the same face (not in the issue either). */
  embedding: 0.95,
  /** Lowest PSNR of our output image against upstream's, in dB (not in the issue: images it made are compared pixel by pixel). */
  imagePsnr: 50,
} as const;

/** Whether a row's values meet its measure's threshold. */
export function meets(measure: Measure, v: Record<string, number>): boolean {
  switch (measure) {
    case "boxes":
      return v.upstreamMatched! >= THRESHOLDS.boxes && v.oursMatched! >= THRESHOLDS.boxes;
    case "keypoints":
      return v.meanDistance! <= THRESHOLDS.keypoints;
    case "top-label":
      return v.sameTop! >= THRESHOLDS.topLabel;
    case "text":
      return v.cer! <= THRESHOLDS.cer;
    case "mask":
      return v.meanIou! >= THRESHOLDS.mask;
    case "age":
      return v.meanAbsDiff! <= THRESHOLDS.age;
    case "embedding":
      return v.meanCosine! >= THRESHOLDS.embedding;
    case "image":
      return v.worstPsnr! >= THRESHOLDS.imagePsnr;
  }
}

/** The results file `npm run agreement` writes. */
export interface AgreementResults {
  /** Images in the corpus. */
  corpusImages: number;
  rows: AgreementRow[];
}
