import type { Point } from "../labels/index.js";
import { nonMaxSuppression } from "./nms.js";
import { ProcessorOutputError } from "./errors.js";
import type { DecodeContext, OutputTensor } from "./processor-types.js";

/**
 * The anchor grid of MediaPipe's single-shot detectors (BlazeFace, BlazePalm, the
 * BlazePose detector): one square grid per stride, cells visited row by row, and
 * `perLayer` anchors on each cell for every layer of that stride (consecutive layers
 * with the same stride share one grid). Only centres matter: these models regress
 * boxes and keypoints in input pixels around the anchor centre ("fixed anchor size").
 * Source of the scheme: MediaPipe's `SsdAnchorsCalculator`, as re-implemented in the
 * vladmandic/human repository (src/body/blazeposedetector.ts `createAnchors`,
 * src/face/facemeshutil.ts `generateAnchors`); its hand anchors table
 * (src/hand/handposeanchors.ts) is this grid for strides [8, 16, 32, 32, 32] at 256.
 *
 * @returns centres relative to the input, `[x, y]` per anchor, in output-row order
 */
export function ssdAnchorCenters(inputSize: number, strides: readonly number[], perLayer = 2): Point[] {
  const anchors: Point[] = [];
  for (let layer = 0; layer < strides.length; ) {
    let count = 0;
    let next = layer;
    while (next < strides.length && strides[next] === strides[layer]) {
      count += perLayer;
      next++;
    }
    const cells = Math.ceil(inputSize / strides[layer]!);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let a = 0; a < count; a++) anchors.push([(x + 0.5) / cells, (y + 0.5) / cells]);
      }
    }
    layer = next;
  }
  return anchors;
}

/** One decoded anchor: its box and keypoints relative to the model input. */
export interface AnchorDetection {
  /** `x1, y1, x2, y2`, relative to the input. */
  corners: [number, number, number, number];
  /** Keypoints `[x, y]`, relative to the input. */
  points: Point[];
  /** Sigmoid of the logit. */
  score: number;
}

/** How to read a MediaPipe detector's rows. */
export interface AnchorDecodeOptions {
  /** Anchor centres from {@link ssdAnchorCenters}, one per row. */
  anchors: readonly Point[];
  /** Input side in pixels (the regressions are in input pixels). */
  inputSize: number;
  /** Keypoints per row after the box. */
  keypoints: number;
  /** Rows whose score is below this are dropped before NMS. */
  minScore: number;
  /** Boxes overlapping a better one by more than this are dropped. */
  iouThreshold: number;
  /** At most this many detections. */
  maxDetections: number;
}

/**
 * Decodes rows of `[logit, cx, cy, w, h, (kx, ky) × keypoints]` read through `row(i, j)`
 * (value j of anchor i): centres and keypoints are offsets in input pixels from the
 * anchor centre, sizes are in input pixels, the score is the sigmoid of the logit
 * (same formulas as human's blazeface.ts `decodeBoxes` and handposedetector.ts
 * `normalizeBoxes`/`normalizeLandmarks`). Then greedy NMS on the boxes.
 */
export function decodeAnchorRows(row: (anchor: number, value: number) => number, options: AnchorDecodeOptions): AnchorDetection[] {
  const { anchors, inputSize: s } = options;
  const logitMin = Math.log(options.minScore / (1 - options.minScore)); // compare logits, sigmoid only the survivors
  const found: (AnchorDetection & { box: [number, number, number, number]; classIndex: number })[] = [];
  for (let i = 0; i < anchors.length; i++) {
    const logit = row(i, 0);
    if (!(logit >= logitMin)) continue;
    const [ax, ay] = anchors[i]!;
    const cx = ax + row(i, 1) / s;
    const cy = ay + row(i, 2) / s;
    const w = row(i, 3) / s;
    const h = row(i, 4) / s;
    const points: Point[] = [];
    for (let k = 0; k < options.keypoints; k++) points.push([ax + row(i, 5 + 2 * k) / s, ay + row(i, 6 + 2 * k) / s]);
    found.push({ corners: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], box: [cx - w / 2, cy - h / 2, w, h], points, score: 1 / (1 + Math.exp(-logit)), classIndex: 0 });
  }
  return nonMaxSuppression(found, { iouThreshold: options.iouThreshold, maxDetections: options.maxDetections }).map(({ corners, points, score }) => ({ corners, points, score }));
}

/** Maps an input-relative corner box to an image-relative `[x, y, w, h]` clipped to the image, or undefined when nothing is left. */
export function cornersToSource(corners: readonly [number, number, number, number], ctx: DecodeContext): [number, number, number, number] | undefined {
  const [x1, y1, x2, y2] = corners;
  const box = ctx.toSourceBox([x1, y1, x2 - x1, y2 - y1]);
  return box[2] > 0 && box[3] > 0 ? [box[0], box[1], box[2], box[3]] : undefined;
}

/**
 * The row reader of one image in a single-output anchor detector's `[N, anchors, rowLength]`
 * tensor (BlazePalm, the BlazePose detector), for {@link decodeAnchorRows}; a tensor of
 * another shape (a model run at another input size) is a clear error.
 */
export function anchorRowsOf(t: OutputTensor, imageIndex: number, anchorCount: number, rowLength: number, processor: string, inputSize: number): (anchor: number, value: number) => number {
  if (t.dims[1] !== anchorCount || t.dims[2] !== rowLength) {
    throw new ProcessorOutputError(`${processor} expects [N, ${anchorCount}, ${rowLength}] for a ${inputSize}×${inputSize} input, got [${t.dims.join(", ")}]. Check inputSize.`);
  }
  const base = imageIndex * anchorCount * rowLength;
  return (i, j) => t.data[base + i * rowLength + j]!;
}
