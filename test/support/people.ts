import path from "node:path";
import sharp from "sharp";
import { cropImage, decodeImage, type Detection, type Detections, type Keypoint, type Model } from "../../src/index.js";
import { tempDir } from "./env.js";

/** People found by a COCO detector in one photo (confident "person" boxes, relative). */
export async function personBoxes(detector: Model, file: string, minConfidence = 0.4): Promise<Detection[]> {
  const dets = (await detector.predict(await decodeImage(file))) as Detections;
  return dets.detections.filter((d) => d.label === "person" && d.confidence! >= minConfidence);
}

/** Saves each box of `file` as a JPEG in a fresh folder (what a user would do to pose one person at a time); returns the paths. */
export async function saveCrops(file: string, boxes: readonly Detection[]): Promise<string[]> {
  const image = await decodeImage(file);
  const dir = tempDir("modelzoo-crops-");
  const out: string[] = [];
  for (const [i, d] of boxes.entries()) {
    const crop = cropImage(image, d.boundingBox);
    const target = path.join(dir, `${path.basename(file, ".jpg")}-person${i}.jpg`);
    await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } }).jpeg({ quality: 95 }).toFile(target);
    out.push(target);
  }
  return out;
}

/** True when a relative point lies inside a relative box grown by `margin` on each side. */
export function inBox(p: readonly [number, number], box: readonly [number, number, number, number], margin = 0.03): boolean {
  const [x, y, w, h] = box;
  return p[0] >= x - margin && p[0] <= x + w + margin && p[1] >= y - margin && p[1] <= y + h + margin;
}

/** The points of a keypoint set whose confidence is at least `min`. */
export function confidentPoints(kp: Keypoint, min: number): [number, number][] {
  return kp.points.flatMap((p, i) => (p && (kp.confidence?.[i] ?? 0) >= min ? [[p[0], p[1]] as [number, number]] : []));
}

/** Distance between two relative points of an image `aspect` (width / height) times as wide as high, in image heights. */
export function distance(a: readonly [number, number], b: readonly [number, number], aspect = 1): number {
  return Math.hypot((a[0] - b[0]) * aspect, a[1] - b[1]);
}
