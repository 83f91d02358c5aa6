import fs from "node:fs";
import path from "node:path";
import { CascadeModel, type Model } from "../../models/index.js";
import { createImageModel, OnnxSamModel, TfjsUpscalerModel, type ImageRuntimeSpec } from "../../runtimes/index.js";
import { zooConfig } from "../config.js";
import { ManifestError, ModelNotDownloadedError, RequirementsError } from "../errors.js";
import { downloadEntry } from "./download.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { checkModelFiles, downloadLockFile, isComplete, modelDir, modelsDir, readLock, stagingFolders } from "./model-cache.js";
import { lockHeldByOther } from "../datasets/download-lock.js";
import { buildProcessor } from "./processor-factory.js";
import { buildVideoModel } from "./video-model-factory.js";
import { listZooModelSources } from "./model-sources.js";
import { parseHfName, resolveHfEntry } from "./hf-repo.js";
import { catalog as catalogOf, compareVersions, findEntry, parseModelName } from "./registry.js";
import { ensureRequirements, installCommands, missingRequirements, runNpmInstall, type ErrorLevel } from "./requirements.js";

/** The built-in catalog plus every registered source. */
function catalog() {
  return catalogOf(listZooModelSources());
}

/** Filters of {@link listZooModels}. */
export interface ListZooModelsOptions {
  /** Only models with every one of these tags. */
  tags?: string | readonly string[];
  /** Only models from this source type (`npm`, `http`, `hf`, `dir`). */
  source?: string;
  /**
   * Only models whose license contains one of these (case-insensitive; e.g. `"MIT"`,
   * `["Apache", "MIT"]`, or `"Apache,MIT"` as FiftyOne's comma-separated string).
   */
  license?: string | readonly string[];
}

/** Names of the zoo's models (one per name, whatever its versions), sorted; filtered by tags, source and license. */
export function listZooModels(options: ListZooModelsOptions = {}): string[] {
  const tags = typeof options.tags === "string" ? [options.tags] : (options.tags ?? []);
  const licenses = (typeof options.license === "string" ? options.license.split(",") : (options.license ?? [])).map((l) => l.trim().toLowerCase()).filter((l) => l !== "");
  const names = catalog()
    .filter(({ entry }) => tags.every((t) => entry.tags.includes(t)) && (!options.source || entry.source.type === options.source))
    .filter(({ entry }) => licenses.length === 0 || licenses.some((l) => entry.license.toLowerCase().includes(l)))
    .map(({ entry }) => entry.name);
  return [...new Set(names)].sort();
}

/** Every version of a model, oldest first, as `name@version` (just `name` for an unversioned model). */
export function listZooModelVersions(name: string): string[] {
  let same = catalog().filter((e) => e.entry.name === parseModelName(name).name);
  // An alias lists its entry's versions; an unknown name throws the did-you-mean error.
  if (same.length === 0) same = catalog().filter((e) => e.entry.name === findEntry(catalog(), name).entry.name);
  return same
    .map((e) => e.entry)
    .sort((a, b) => compareVersions(a.version ?? "", b.version ?? ""))
    .map((e) => (e.version === undefined ? e.name : `${e.name}@${e.version}`));
}

/** The manifest entry of a model (`name@version` for one version; a bare name means the newest). */
export function getZooModel(name: string): ZooModelEntry {
  return findEntry(catalog(), name).entry;
}

/** True when the model's files are downloaded and verified. */
export function isZooModelDownloaded(name: string): boolean {
  const { entry, key } = findEntry(catalog(), name);
  return isComplete(entry, key);
}

/** A downloaded model: where its files are and its manifest entry. */
export interface DownloadedZooModel {
  /** The folder holding the files. */
  path: string;
  /** The manifest entry. */
  entry: ZooModelEntry;
}

/**
 * The downloaded models (FiftyOne's `list_downloaded_zoo_models`): name → folder and
 * entry. The newest version of a name is keyed by the bare name, an older one by `name@version`.
 */
export function listDownloadedZooModels(): Record<string, DownloadedZooModel> {
  const out: Record<string, DownloadedZooModel> = {};
  for (const { entry, key } of catalog()) {
    if (isComplete(entry, key)) out[key] = { path: modelDir(key), entry };
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The folder holding a downloaded model's files (FiftyOne's `find_zoo_model`): the
 * newest version of a model lives in `<models dir>/<name>`, an older one in `<name>@<version>`.
 * @throws ModelNotDownloadedError when it is not downloaded
 */
export function findZooModel(name: string): string {
  const { entry, key } = findEntry(catalog(), name);
  if (!isComplete(entry, key)) throw new ModelNotDownloadedError(name);
  return modelDir(key);
}

/**
 * Downloads and verifies a model's files; returns their folder. When they are there
 * already (and not `overwrite`), every file is hashed again and a damaged one is
 * fetched again. A two-stage model's detector is downloaded too, so that it loads
 * offline afterwards.
 */
export async function downloadZooModel(name: string, options: { overwrite?: boolean } = {}): Promise<string> {
  const { entry, origin, baseDir, key } = findEntry(catalog(), name);
  if (entry.crops) await downloadZooModel(entry.crops.detector, options);
  return downloadEntry(entry, { ...options, origin, key, verify: true, ...(baseDir ? { baseDir } : {}) });
}

/**
 * Deletes a downloaded model's files, and the staging folders that killed downloads
 * of it left (unless a download of it is running in another process).
 */
export function deleteZooModel(name: string): void {
  const { key } = findEntry(catalog(), name);
  fs.rmSync(modelDir(key), { recursive: true, force: true });
  if (lockHeldByOther(downloadLockFile(key))) return;
  for (const stale of stagingFolders(key)) fs.rmSync(stale, { recursive: true, force: true });
  fs.rmSync(downloadLockFile(key), { force: true }); // a dead process's
}

/**
 * Checks a model's npm packages and binaries: throws (0), warns (1) or ignores (2) what
 * is missing; the default level is the configured `requirementErrorLevel` (0).
 */
export function ensureZooModelRequirements(name: string, options: { errorLevel?: ErrorLevel } = {}): void {
  ensureRequirements(getZooModel(name), options.errorLevel ?? zooConfig().requirementErrorLevel);
}

/** The commands that would install a model's missing requirements (empty when none is missing). */
export function zooModelRequirementCommands(name: string): string[] {
  return installCommands(missingRequirements(getZooModel(name)));
}

/** What {@link installZooModelRequirements} did. */
export interface InstalledRequirements {
  /** The npm packages it installed, as `name@range` (empty when none was missing). */
  installed: string[];
  /** System binaries still missing: modelzoo installs npm packages only (e.g. `apt-get install ffmpeg`). */
  binaries: string[];
}

/**
 * Installs a model's missing npm packages (FiftyOne's `install_zoo_model_requirements`):
 * runs `npm install <name@range>...` in `cwd` (default the working directory) with an
 * argument list, never a shell, using your npm configuration (registry, cache). A failed
 * install throws {@link RequirementsError} (`errorLevel` 0, the configured default),
 * warns (1) or is ignored (2). Missing system binaries are reported, not installed.
 */
export function installZooModelRequirements(name: string, options: { cwd?: string; errorLevel?: ErrorLevel } = {}): InstalledRequirements {
  const entry = getZooModel(name);
  const missing = missingRequirements(entry);
  if (missing.packages.length > 0) {
    const { failure } = runNpmInstall(entry, options.cwd ?? process.cwd());
    if (failure) {
      const level = options.errorLevel ?? zooConfig().requirementErrorLevel;
      if (level === 0) throw new RequirementsError(`${failure} Install the packages yourself (npm install ${missing.packages.join(" ")}) and try again.`);
      if (level === 1) process.emitWarning(failure);
      return { installed: [], binaries: missing.binaries };
    }
  }
  return { installed: missing.packages, binaries: missing.binaries };
}

/** Options of {@link loadZooModel}. */
export interface LoadZooModelOptions {
  /** Download the files when they are not there. Default true. */
  downloadIfNecessary?: boolean;
  /** How to treat missing requirements: 0 throw, 1 warn, 2 ignore. Default: the configured `requirementErrorLevel` (0). */
  errorLevel?: ErrorLevel;
  /** Run `npm install` for missing npm packages first (never done unless asked). Default false. */
  installRequirements?: boolean;
  /**
   * Hash every file of the downloaded model again before loading (default: only files
   * whose size or mtime changed since they were verified). A damaged file is fetched
   * again when `downloadIfNecessary` allows, else refused.
   */
  verify?: boolean;
  /** Override the default batch size (else the configured `defaultBatchSize`, else the manifest's). */
  defaultBatchSize?: number;
  /**
   * Reuse the instance an earlier call with the same name and options returned, while
   * that instance is still referenced (FiftyOne's `cache`; held weakly). Default false:
   * each call makes a new instance, which the caller disposes.
   */
  cache?: boolean;
  /**
   * Override parts of the input preparation (e.g. a larger `width`/`height` for a model
   * with dynamic size). Setting `resize` (`"fill"` or `"letterbox"`) on an entry that
   * prepares images as its Hugging Face processor does (`input.hf`) replaces that
   * geometry with modelzoo's own resize to `width`×`height`.
   */
  input?: Partial<ZooModelEntry["input"]>;
  /** Override options of the output processor (e.g. `{ minScore: 0.1 }`, or a zero-shot model's `classes`). */
  processorOptions?: Record<string, unknown>;
  /**
   * `hf:<repo>` models only: the ONNX file to run, e.g. `"onnx/model_quantized.onnx"`
   * (default `"onnx/model.onnx"`; `"onnx/vision_model.onnx"` for CLIP/SigLIP).
   */
  onnxFile?: string;
  /**
   * For a two-stage model (an entry with `crops`): `false` returns the patch model
   * alone, to apply to patches yourself (e.g. `computePatchEmbeddings` on a detections
   * field). Default true: the detector runs first.
   */
  crops?: boolean;
  /**
   * Super-resolution models (entries with `upscale`): the window size and overlap of the
   * tiling (`patchSize`, `padding`), e.g. `{ patchSize: 64, padding: 4 }` for less memory.
   */
  upscale?: { patchSize?: number; padding?: number };
}

/**
 * FiftyOne's `load_zoo_model`: checks the model's requirements (with a message that
 * says what to install), downloads and verifies its files if needed, and returns a
 * ready-to-load `Model` (call `load()`, or let `applyModel` do it).
 *
 * `name` may also be `hf:<owner>/<name>[@revision]`: any ONNX export on the Hugging Face
 * hub, configured from its config.json (task, labels) and preprocessor_config.json
 * (input preparation), e.g. `loadZooModel("hf:Xenova/detr-resnet-50")`.
 */
export async function loadZooModel(name: string, options: LoadZooModelOptions = {}): Promise<Model> {
  const { cache, ...rest } = options;
  if (!cache) return loadEntry(name, rest, []);
  const found = parseHfName(name) ? { origin: "hf", key: name } : findEntry(catalog(), name);
  const key = `${found.origin}\u0000${found.key}\u0000${JSON.stringify(rest)}`;
  const hit = modelCache.get(key)?.deref();
  if (hit) return hit;
  const model = await loadEntry(name, rest, []);
  modelCache.set(key, new WeakRef(model));
  return model;
}

/** Instances returned with `cache: true`, by catalog entry and options; weak, so unreferenced models are collected. */
const modelCache = new Map<string, WeakRef<Model>>();

/** Loads `name`; `chain` holds the two-stage models above it, to refuse a detector cycle. */
async function loadEntry(name: string, options: LoadZooModelOptions, chain: readonly string[]): Promise<Model> {
  if (chain.includes(name)) {
    throw new ManifestError(`Model "${chain[0]}" has a detector cycle: ${[...chain, name].join(" → ")}. Fix the crops.detector fields of these entries.`);
  }
  const found = parseHfName(name)
    ? { origin: "hf", baseDir: undefined, ...(await resolveHfEntry(name, { ...(options.onnxFile ? { onnxFile: options.onnxFile } : {}), ...(options.downloadIfNecessary === false ? { downloadIfNecessary: false } : {}) })) }
    : findEntry(catalog(), name);
  const { origin, baseDir, key } = found;
  const config = zooConfig();
  const entry: ZooModelEntry = {
    ...found.entry,
    input: overrideInput(found.entry.input, options.input),
    ...(found.entry.processor ? { processor: { ...found.entry.processor, options: { ...found.entry.processor.options, ...options.processorOptions } } } : {}),
  };
  const errorLevel = options.errorLevel ?? config.requirementErrorLevel;
  if (options.installRequirements) {
    const { specs, failure } = runNpmInstall(entry, process.cwd());
    if (failure) throw new RequirementsError(`${failure} Install the packages yourself (npm install ${specs.join(" ")}) and try again.`);
  }
  ensureRequirements(entry, errorLevel);
  let dir: string;
  // Files whose size or mtime changed since they were verified (all with `verify`) are hashed again.
  const damaged = readLock(key) ? await checkModelFiles(entry, { always: options.verify ?? false, key }) : undefined;
  if (!damaged && isComplete(entry, key)) dir = modelDir(key);
  else if (options.downloadIfNecessary === false) {
    throw damaged ?? new ModelNotDownloadedError(name, "downloadIfNecessary is false");
  } else dir = await downloadEntry(entry, { origin, key, verify: options.verify ?? false, ...(baseDir ? { baseDir } : {}) });
  const batchSize = options.defaultBatchSize ?? config.defaultBatchSize ?? entry.defaultBatchSize;
  if (entry.video) return buildVideoModel(entry, dir, batchSize);
  if (entry.upscale) {
    const tiling = { ...entry.upscale, ...options.upscale };
    return new TfjsUpscalerModel({ name: entry.name, modelPath: path.join(dir, entry.modelFile), ...tiling });
  }
  if (entry.sam) return new OnnxSamModel({ name: entry.name, encoderPath: path.join(dir, entry.modelFile), decoderPath: path.join(dir, entry.sam.decoderFile), size: entry.input.width });
  const modelConfig = {
    name: entry.name,
    modelPath: path.join(dir, entry.modelFile),
    input: entry.input,
    processor: buildProcessor(entry, dir),
    ...(entry.embeddings ? { embeddings: entry.embeddings } : {}),
    hasLogits: entry.hasLogits,
    defaultBatchSize: batchSize,
  };
  const model = createImageModel(runtimeSpec(entry, dir), modelConfig);
  const crops = entry.crops;
  if (!crops || options.crops === false) return model;
  const { downloadIfNecessary, installRequirements } = options;
  const detector = await loadEntry(
    crops.detector,
    { downloadIfNecessary, errorLevel, installRequirements, ...(crops.detectorOptions ? { processorOptions: crops.detectorOptions } : {}) },
    [...chain, name],
  );
  return new CascadeModel({
    name: entry.name,
    detector,
    model,
    ...(crops.classes ? { classes: crops.classes } : {}),
    ...(crops.minConfidence !== undefined ? { minConfidence: crops.minConfidence } : {}),
    ...(crops.maxCrops !== undefined ? { maxCrops: crops.maxCrops } : {}),
    crop: { ...(crops.alpha !== undefined ? { alpha: crops.alpha } : {}), ...(crops.forceSquare !== undefined ? { forceSquare: crops.forceSquare } : {}) },
    ...(crops.mirror ? { mirror: crops.mirror } : {}),
    ...(crops.deskew ? { deskew: true } : {}),
    attribute: crops.attribute ?? entry.name,
    owns: ["detector", "model"], // both were created here for this cascade
  });
}

/** What an entry says about how its model runs (see `registerImageRuntime`), with its files in `dir`. */
function runtimeSpec(entry: ZooModelEntry, dir: string): ImageRuntimeSpec {
  const p = entry.prompts;
  return {
    framework: entry.framework,
    ...(entry.network ? { network: entry.network } : {}),
    ...(p
      ? {
          text: {
            modelPath: path.join(dir, p.modelFile),
            tokenizerPath: path.join(dir, p.tokenizerFile),
            ...(p.tokenizerConfigFile ? { tokenizerConfigPath: path.join(dir, p.tokenizerConfigFile) } : {}),
            output: p.output,
            maxLength: p.maxLength,
            ...(p.padToMaxLength ? { padToMaxLength: true } : {}),
          },
        }
      : {}),
  };
}

export { modelsDir };


/** The entry's input with a caller's overrides; a `resize` override without `hf` drops the Hugging Face geometry. */
function overrideInput(input: ZooModelEntry["input"], override: Partial<ZooModelEntry["input"]> | undefined): ZooModelEntry["input"] {
  const merged = { ...input, ...override };
  if (override?.resize !== undefined && override.hf === undefined) delete merged.hf;
  return merged;
}

/** How firmly an entry's files are pinned (see {@link modelPinning}). */
export type ModelPinning = "pinned" | "partly pinned" | "trust on first use";

/**
 * How an entry's files are pinned: `"pinned"` when every file has a sha256 and the
 * source is fixed (an npm version with its integrity, a Hugging Face commit, a URL or
 * folder); `"partly pinned"` when some files have a sha256, or the revision is a commit
 * but the files' hashes are not stated anywhere public; `"trust on first use"` when
 * nothing is pinned: the first download's sha256 and size are locked and later ones
 * checked against them. `modelzoo models list` and the README's model table show it.
 */
export function modelPinning(entry: ZooModelEntry): ModelPinning {
  const files: readonly { sha256?: string }[] = entry.source.files;
  const hashed = files.filter((f) => f.sha256 !== undefined).length;
  const commit = entry.source.type === "hf" && /^[0-9a-f]{40}$/.test(entry.source.revision);
  if (hashed === files.length && (entry.source.type !== "hf" || commit)) return "pinned";
  if (hashed > 0 || commit) return "partly pinned";
  return "trust on first use";
}
