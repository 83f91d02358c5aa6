import { Array2D } from "../../../labels/index.js";

/** A COCO `segmentation`: polygons in image pixels, or run-length encoding over the image. */
export type CocoSegmentation = number[][] | { counts: number[] | string; size: [number, number] };

/**
 * The instance mask of a COCO annotation over its box (FiftyOne's convention: a
 * mask of the box's pixel size, 1 = object). Polygons are filled by scanline with
 * the even–odd rule at pixel centres; uncompressed RLE (COCO's `iscrowd` regions,
 * column-major over the image, runs starting with 0s) is cropped to the box.
 * Returns undefined for compressed RLE strings, which the instances files do not use.
 */
export function cocoMask(segmentation: CocoSegmentation, bbox: readonly [number, number, number, number]): Array2D | undefined {
  const [bx, by, bw, bh] = bbox;
  const x0 = Math.floor(bx);
  const y0 = Math.floor(by);
  const width = Math.max(1, Math.ceil(bx + bw) - x0);
  const height = Math.max(1, Math.ceil(by + bh) - y0);
  const data = new Uint8Array(width * height); // [height, width], row-major
  if (Array.isArray(segmentation)) {
    fillPolygons(segmentation, x0, y0, width, height, data);
  } else {
    if (typeof segmentation.counts === "string") return undefined;
    const [imageHeight] = segmentation.size;
    let pos = 0;
    for (const [k, run] of segmentation.counts.entries()) {
      if (k % 2 === 1) {
        for (let p = pos; p < pos + run; p++) {
          const col = Math.floor(p / imageHeight) - x0;
          const row = (p % imageHeight) - y0;
          if (col >= 0 && col < width && row >= 0 && row < height) data[row * width + col] = 1;
        }
      }
      pos += run;
    }
  }
  return new Array2D(height, width, data);
}

function fillPolygons(polygons: number[][], x0: number, y0: number, width: number, height: number, data: Uint8Array): void {
  for (let row = 0; row < height; row++) {
    const y = y0 + row + 0.5;
    const xs: number[] = [];
    for (const poly of polygons) {
      const n = Math.floor(poly.length / 2);
      for (let i = 0; i < n; i++) {
        const [ax, ay] = [poly[2 * i]!, poly[2 * i + 1]!];
        const j = (i + 1) % n;
        const [cx, cy] = [poly[2 * j]!, poly[2 * j + 1]!];
        if (ay <= y !== cy <= y) xs.push(ax + ((y - ay) / (cy - ay)) * (cx - ax));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k]! - 0.5 - x0));
      const to = Math.min(width - 1, Math.floor(xs[k + 1]! - 0.5 - x0));
      for (let col = from; col <= to; col++) data[row * width + col] = 1;
    }
  }
}
