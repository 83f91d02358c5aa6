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
