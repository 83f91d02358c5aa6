import fs from "node:fs";
import path from "node:path";
import { mediaTypeOf } from "../media/index.js";
import { DirectoryNotFoundError } from "./errors.js";
import type { MediaType } from "./store/store.js";

/**
 * The media files under `dir` whose type is one of `mediaTypes` (default: images
 * and videos, told apart by extension), as absolute paths
 * sorted by path so that a dataset made twice from the same folder is the same.
 * Hidden files and folders (".name") are skipped.
 */
export function listMediaFiles(dir: string, options: { recursive?: boolean; mediaTypes?: readonly MediaType[] } = {}): string[] {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new DirectoryNotFoundError(root);
  const wanted = new Set(options.mediaTypes ?? ["image", "video"]);
  const entries = fs.readdirSync(root, { recursive: options.recursive ?? true, withFileTypes: true });
  const files: string[] = [];
  for (const e of entries) {
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(root, full);
    if (rel.split(path.sep).some((part) => part.startsWith("."))) continue;
    if (!e.isFile() && !(e.isSymbolicLink() && fs.statSync(full, { throwIfNoEntry: false })?.isFile())) continue;
    const type = mediaTypeOf(full);
    if (type !== undefined && wanted.has(type)) files.push(full);
  }
  return files.sort();
}
