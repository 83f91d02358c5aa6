import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

/** The six real photos shipped in @vladmandic/face-api's demo folder (1920 px wide JPEGs of people). */
export function demoPhotos(): string[] {
  const pkg = createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json");
  return [1, 2, 3, 4, 5, 6].map((i) => path.join(path.dirname(pkg), "demo", `sample${i}.jpg`));
}

/** The first `n` photos, cycling through the six demo photos. */
export function photos(n: number): string[] {
  const all = demoPhotos();
  return Array.from({ length: n }, (_, i) => all[i % all.length]!);
}

/**
 * `n` distinct file names for the demo photos repeated (symbolic links in a fresh
 * temporary folder), so that every sample of a large dataset has its own path.
 */
export function repeatedPhotoFiles(n: number): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-bench-photos-"));
  const all = demoPhotos();
  const files = Array.from({ length: n }, (_, i) => {
    const file = path.join(dir, `${String(i).padStart(6, "0")}.jpg`);
    fs.symlinkSync(all[i % all.length]!, file);
    return file;
  });
  return { dir, files };
}

/** The photo sets of the model comparison. */
export type PhotoSetName = "portraits" | "scenes" | "text";

/**
 * Real scene photos of about COCO's size (500–751 px wide JPEGs) from the agreement
 * corpus `test/corpus/` (sources and licences in its README).
 */
export const SCENE_PHOTOS = [
  "opencv-aero1.jpg", // 640×480
  "opencv-board.jpg", // 640×480
  "opencv-stuff.jpg", // 640×480
  "skimage-rocket.jpg", // 640×427
  "opencv-leuvenA.jpg", // 751×563
  "opencv-text_defocus.jpg", // 697×472
  "opencv-licenseplate_motion.jpg", // 600×482
  "opencv-squirrel_cls.jpg", // 535×426
];

/** Real text pages and photos of text from the agreement corpus (the OCR cascade's own inputs). */
export const TEXT_PHOTOS = [
  "opencv-imageTextN.png", // a scanned printed page, 556×257
  "opencv-imageTextR.png", // the same page scanned rotated, 556×323
  "skimage-page.png", // a photographed book page, grayscale, 384×191
  "opencv-text_defocus.jpg", // a defocused photographed page, 697×472
  "skimage-text.png", // handwritten text on a board, 448×172
  "opencv-licenseplate_motion.jpg", // a licence plate with motion blur, 600×482
];

/** The first `n` photos of a set, cycling: the six 1920-px portraits, the eight ~640-px scenes, or the six text pages. */
export function photoSet(set: PhotoSetName, n: number): string[] {
  if (set === "portraits") return photos(n);
  const dir = path.resolve(import.meta.dirname, "..", "test", "corpus");
  const list = set === "text" ? TEXT_PHOTOS : SCENE_PHOTOS;
  return Array.from({ length: n }, (_, i) => path.join(dir, list[i % list.length]!));
}
