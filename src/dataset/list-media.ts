import fs from "node:fs";
import path from "node:path";
import { mediaTypeOf } from "../media/index.js";
import { DirectoryNotFoundError } from "./errors.js";
import type { MediaType } from "./store/store.js";

/** A folder entry that {@link listMediaFiles} could not look at, and why. */
export interface SkippedEntry {
  /** The entry's absolute path. */
  path: string;
  /** Why it was skipped, e.g. "symbolic link loop" or "permission denied". */
  reason: string;
}

/** Options of {@link listMediaFiles}. */
export interface ListMediaOptions {
  /** Look in subfolders too. Default true. */
  recursive?: boolean;
  /** Which media to pick up. Default `["image", "video"]`. */
  mediaTypes?: readonly MediaType[];
  /**
   * Called for each entry that could not be looked at (a symbolic link loop, a link
   * whose target cannot be read). Default: a process warning naming the entry.
   */
  onSkipped?: (entry: SkippedEntry) => void;
}

/**
 * The media files under `dir` whose type is one of `mediaTypes` (default: images
 * and videos, told apart by extension), as absolute paths
 * sorted by path so that a dataset made twice from the same folder is the same.
 * Hidden files and folders (".name") are skipped; so is a symbolic link that cannot be
 * followed (a loop), which is reported through `onSkipped` instead of failing the listing.
 */
export function listMediaFiles(dir: string, options: ListMediaOptions = {}): string[] {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new DirectoryNotFoundError(root);
  const wanted = new Set(options.mediaTypes ?? ["image", "video"]);
  const entries = fs.readdirSync(root, { recursive: options.recursive ?? true, withFileTypes: true });
  const files: string[] = [];
  for (const e of entries) {
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(root, full);
    if (rel.split(path.sep).some((part) => part.startsWith("."))) continue;
    if (!e.isFile() && !(e.isSymbolicLink() && linkedFile(full, options.onSkipped ?? warnSkipped))) continue;
    const type = mediaTypeOf(full);
    if (type !== undefined && wanted.has(type)) files.push(full);
  }
  return files.sort();
}

/** True when the symbolic link `full` leads to a file; reports a link that cannot be followed. */
function linkedFile(full: string, onSkipped: (entry: SkippedEntry) => void): boolean {
  try {
    return fs.statSync(full, { throwIfNoEntry: false })?.isFile() ?? false; // a dangling link is not media
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === "ELOOP" ? "symbolic link loop" : code === "EACCES" || code === "EPERM" ? "permission denied" : `cannot follow the link (${code ?? (err as Error).message})`;
    onSkipped({ path: full, reason });
    return false;
  }
}

function warnSkipped(entry: SkippedEntry): void {
  process.emitWarning(`Skipped ${entry.path}: ${entry.reason}.`, { code: "MODELZOO_SKIPPED_ENTRY" });
}
