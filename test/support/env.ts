import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

/**
 * Points $MODELZOO_HOME at a fresh temporary folder for this test file (each test
 * file runs in its own process) and returns it.
 */
export function useTempHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-test-"));
  process.env.MODELZOO_HOME = home;
  return home;
}

/** A fresh temporary folder. */
export function tempDir(prefix = "modelzoo-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The six real photos shipped in @vladmandic/face-api's demo folder (people, faces). */
export function demoPhotos(): string[] {
  const pkg = createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json");
  const dir = path.join(path.dirname(pkg), "demo");
  return [1, 2, 3, 4, 5, 6].map((i) => path.join(dir, `sample${i}.jpg`));
}

/** The repository root. */
export const repoRoot = path.resolve(import.meta.dirname, "../..");
