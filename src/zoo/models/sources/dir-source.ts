import fs from "node:fs";
import path from "node:path";
import { DownloadError } from "../../errors.js";
import { z } from "zod";
import { RemoteModelFileSchema } from "../file-schemas.js";
import { registerModelSource } from "./source-registry.js";

/** The `dir` source's fields. */
const DirSourceSchema = z.strictObject({
  type: z.literal("dir"),
  /** Directory holding the files (absolute, or relative to the manifest). */
  dir: z.string().min(1),
  files: z.array(RemoteModelFileSchema).min(1),
});

/** The fields of a `dir` source. */
export type DirSource = z.infer<typeof DirSourceSchema>;

declare module "./source-registry.js" {
  interface ModelSourceTypes {
    dir: DirSource;
  }
}

/**
 * The `dir` source: files already on disk (a user's own models). A relative `dir` is
 * taken from the folder of the manifest that registered it.
 */
export function copyDirFiles(source: DirSource, staging: string, origin: string | undefined): string {
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

registerModelSource({ type: "dir", schema: DirSourceSchema, fetch: (source, staging, { origin }) => Promise.resolve(copyDirFiles(source, staging, origin)) });
