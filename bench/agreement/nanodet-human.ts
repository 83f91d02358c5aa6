// NanoDet's outputs decoded as @vladmandic/human decodes them (its src/object/nanodet.ts), for the
// agreement row's measured reason: with this decoding and human's resampling, our run of the
// same weights should give human's boxes, which isolates the decoding as the difference.
import path from "node:path";
import { Detection, Detections, TfjsImageModel, zoo, type Model, type OutputProcessor } from "../../src/index.js";
import { COCO_CLASSES } from "../../src/processors/coco-classes.js";
import { iou } from "./metrics.js";

/** human's box scale (its `scaleBox`). */
const SCALE_BOX = 2.5;

/**
 * The nanodet-coco-tfjs weights with human's decoding: per 13·s × 13·s level, every class
 * score above `minScore` except class 61; each side is the index of its largest bin times
 * 13 / 416 · 2.5 / s (not the distribution's expectation); boxes clipped to the image; one
 * NMS across classes (`iouThreshold`, at most `maxDetected`) on `[x, y, w, h]` read as two
 * corners. Resized as TF.js does.
 */
export function nanodetWithHumanDecoding(minScore: number, iouThreshold: number, maxDetected: number): Model {
  const entry = zoo.getZooModel("nanodet-coco-tfjs");
  const processor: OutputProcessor = {
    process(outputs, ctx) {
      const size = ctx.inputWidth;
      const found: { box: [number, number, number, number]; score: number; c: number }[] = [];
      for (const strideSize of [1, 2, 4]) {
        const baseSize = strideSize * 13;
        const cells = baseSize ** 2;
        const all = Object.values(outputs);
        const scores = all.find((t) => t.dims[1] === cells && t.dims[2] === COCO_CLASSES.length);
        const feats = all.find((t) => t.dims[1] === cells && t.dims[2]! < COCO_CLASSES.length);
        if (!scores || !feats) continue;
        const bins = feats.dims[2]! / 4;
        for (let i = 0; i < cells; i++) {
          for (let j = 0; j < COCO_CLASSES.length; j++) {
            const score = scores.data[(ctx.index * cells + i) * COCO_CLASSES.length + j]!;
            if (!(score > minScore) || j === 61) continue;
            const off = [0, 1, 2, 3].map((side) => {
              const o = (ctx.index * cells + i) * feats.dims[2]! + side * bins;
              let best = 0;
              for (let k = 1; k < bins; k++) if (feats.data[o + k]! > feats.data[o + best]!) best = k;
              return (best * (baseSize / strideSize)) / size;
            });
            const cx = (0.5 + (i % baseSize)) / baseSize;
            const cy = (0.5 + Math.trunc(i / baseSize)) / baseSize;
            const x = cx - (SCALE_BOX / strideSize) * off[0]!;
            const y = cy - (SCALE_BOX / strideSize) * off[1]!;
            const w = cx + (SCALE_BOX / strideSize) * off[2]! - x;
            const h = cy + (SCALE_BOX / strideSize) * off[3]! - y;
            found.push({ box: [x, y, w, h].map((a) => Math.max(0, Math.min(a, 1))) as [number, number, number, number], score: Math.round(100 * score) / 100, c: j });
          }
        }
      }
      found.sort((a, b) => b.score - a.score);
      const kept: typeof found = [];
      for (const f of found) {
        if (kept.length >= maxDetected) break;
        // human hands NMS [y, x, h, w] as if it were [y1, x1, y2, x2] (TF.js orders each pair): so does this.
        if (kept.every((k) => iou(asCorners(k.box), asCorners(f.box)) <= iouThreshold)) kept.push(f);
      }
      return new Detections({ detections: kept.map((k) => new Detection({ label: COCO_CLASSES[k.c]!, boundingBox: ctx.toSourceBox(k.box), confidence: k.score })) });
    },
  };
  return new TfjsImageModel({ name: "nanodet-coco-tfjs (human's decoding)", modelPath: path.join(zoo.findZooModel("nanodet-coco-tfjs"), entry.modelFile), input: { ...entry.input, kernel: "tfjs-bilinear" } as never, processor });
}

/** An `[x, y, w, h]` box read as corners `(x, y)`–`(w, h)`, as `[x, y, w, h]` again (for iou). */
function asCorners(b: readonly [number, number, number, number]): [number, number, number, number] {
  const [x0, x1] = [Math.min(b[0], b[2]), Math.max(b[0], b[2])];
  const [y0, y1] = [Math.min(b[1], b[3]), Math.max(b[1], b[3])];
  return [x0, y0, x1 - x0, y1 - y0];
}
