import fs from "node:fs";
import path from "node:path";
import { AppPageMissingError } from "./errors.js";

/**
 * The folder of the built page: `dist/app/page` of the package. This module sits two
 * levels below the package root both as source (`src/app`) and built (`dist/app`).
 * @throws AppPageMissingError when the page has not been built
 */
export function pageDir(): string {
  const dir = path.resolve(import.meta.dirname, "..", "..", "dist", "app", "page");
  if (!fs.existsSync(path.join(dir, "index.html"))) throw new AppPageMissingError(dir);
  return dir;
}
