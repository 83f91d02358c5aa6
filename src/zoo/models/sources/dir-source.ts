import fs from "node:fs";
import path from "node:path";
import { DownloadError } from "../../errors.js";
import type { ModelSource } from "../manifest-schema.js";
import { registerModelSource } from "./source-registry.js";

/**
 * The `dir` source: files already on disk (a user's own models). A relative `dir` is
 * taken from the folder of the manifest that registered it.
 */
export function copyDirFiles(source: Extract<ModelSource, { type: "dir" }>, staging: string, origin: string | undefined): string {
  const base = path.isAbsolute(source.dir) ? source.dir : path.resolve(origin && !/^https?:/.test(origin) && origin !== "builtin" ? origin : process.cwd(), source.dir);
  for (const f of source.files) {
    const from = path.join(base, f.path);
    if (!fs.existsSync(from)) throw new DownloadError(`Model file ${from} does not exist; check the "dir" of the manifest entry.`);
    const to = path.join(staging, f.path);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE);
  }
  return `dir:${base}`;
}

registerModelSource({ type: "dir", fetch: (source, staging, { origin }) => Promise.resolve(copyDirFiles(source, staging, origin)) });
