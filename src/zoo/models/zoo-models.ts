import fs from "node:fs";
import path from "node:path";
import { CascadeModel, type Model } from "../../models/index.js";
import { createImageModel, type ImageRuntimeSpec } from "../../runtimes/index.js";
import { ManifestError, ModelNotDownloadedError } from "../errors.js";
import { downloadEntry } from "./download.js";
import type { ZooModelEntry } from "./manifest-schema.js";
import { isComplete, modelDir, modelsDir, verifyTrustedFiles } from "./model-cache.js";
import { buildProcessor } from "./processor-factory.js";
import { buildVideoModel } from "./video-model-factory.js";
import { listZooModelSources } from "./model-sources.js";
import { catalog as catalogOf, findEntry } from "./registry.js";
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
}

/** Names of the zoo's models, sorted; filtered by tags and source. */
export function listZooModels(options: ListZooModelsOptions = {}): string[] {
  const tags = typeof options.tags === "string" ? [options.tags] : (options.tags ?? []);
  return catalog()
    .filter(({ entry }) => tags.every((t) => entry.tags.includes(t)) && (!options.source || entry.source.type === options.source))
    .map(({ entry }) => entry.name)
    .sort();
}

/** The manifest entry of a model. */
export function getZooModel(name: string): ZooModelEntry {
  return findEntry(catalog(), name).entry;
}

/** True when the model's files are downloaded and verified. */
export function isZooModelDownloaded(name: string): boolean {
  return isComplete(getZooModel(name));
}

/** Names of the downloaded models. */
export function listDownloadedZooModels(): string[] {
  return listZooModels().filter((n) => isZooModelDownloaded(n));
}

/** The folder holding a downloaded model's files; throws when it is not downloaded. */
export function findZooModel(name: string): string {
  if (!isZooModelDownloaded(name)) throw new ModelNotDownloadedError(name);
  return modelDir(name);
}

/**
 * Downloads and verifies a model's files (a no-op when they are there, unless
 * `overwrite`); returns their folder. A two-stage model's detector is downloaded too,
 * so that it loads offline afterwards.
 */
export async function downloadZooModel(name: string, options: { overwrite?: boolean } = {}): Promise<string> {
  const { entry, origin } = findEntry(catalog(), name);
  if (entry.crops) await downloadZooModel(entry.crops.detector, options);
  return downloadEntry(entry, { ...options, origin });
}

/** Deletes a downloaded model's files. */
export function deleteZooModel(name: string): void {
  getZooModel(name);
  fs.rmSync(modelDir(name), { recursive: true, force: true });
}

/** Checks a model's npm packages and binaries: throws (0), warns (1) or ignores (2) what is missing. */
export function ensureZooModelRequirements(name: string, options: { errorLevel?: ErrorLevel } = {}): void {
  ensureRequirements(getZooModel(name), options.errorLevel ?? 0);
}

/**
 * The exact commands that install a model's missing requirements (empty when none
 * is missing). modelzoo never runs a package manager by itself.
 */
export function installZooModelRequirements(name: string): string[] {
  return installCommands(missingRequirements(getZooModel(name)));
}

/**
 * Runs `npm install` for a model's missing npm packages (as an argument list, never
 * through a shell; each spec checked by npm's rules) and returns the specs installed.
 * System binaries are left to the user (see {@link installZooModelRequirements}).
 */
export function installZooModelPackages(name: string, options: { log?: (line: string) => void } = {}): string[] {
  return runNpmInstall(getZooModel(name), options.log);
}

/** Options of {@link loadZooModel}. */
export interface LoadZooModelOptions {
  /** Download the files when they are not there. Default true. */
  downloadIfNecessary?: boolean;
  /** How to treat missing requirements: 0 throw (default), 1 warn, 2 ignore. */
  errorLevel?: ErrorLevel;
  /** Run `npm install` for missing npm packages first (never done unless asked). Default false. */
  installRequirements?: boolean;
  /** Override the default batch size. */
  defaultBatchSize?: number;
  /** Override parts of the input preparation (e.g. a larger `width`/`height` for a model with dynamic size). */
  input?: Partial<ZooModelEntry["input"]>;
  /** Override options of the output processor (e.g. `{ minScore: 0.1 }`). */
  processorOptions?: Record<string, unknown>;
  /**
   * For a two-stage model (an entry with `crops`): `false` returns the patch model
   * alone, to apply to patches yourself (e.g. `computePatchEmbeddings` on a detections
   * field). Default true: the detector runs first.
   */
  crops?: boolean;
}

/**
 * FiftyOne's `load_zoo_model`: checks the model's requirements (with a message that
 * says what to install), downloads and verifies its files if needed, and returns a
 * ready-to-load `Model` (call `load()`, or let `applyModel` do it).
 */
export async function loadZooModel(name: string, options: LoadZooModelOptions = {}): Promise<Model> {
  return loadEntry(name, options, []);
}

/** Loads `name`; `chain` holds the two-stage models above it, to refuse a detector cycle. */
async function loadEntry(name: string, options: LoadZooModelOptions, chain: readonly string[]): Promise<Model> {
  if (chain.includes(name)) {
    throw new ManifestError(`Model "${chain[0]}" has a detector cycle: ${[...chain, name].join(" → ")}. Fix the crops.detector fields of these entries.`);
  }
  const found = findEntry(catalog(), name);
  const { origin } = found;
  const entry: ZooModelEntry = {
    ...found.entry,
    input: { ...found.entry.input, ...options.input },
    ...(found.entry.processor ? { processor: { ...found.entry.processor, options: { ...found.entry.processor.options, ...options.processorOptions } } } : {}),
  };
  if (options.installRequirements) runNpmInstall(entry);
  ensureRequirements(entry, options.errorLevel ?? 0);
  let dir: string;
  if (isComplete(entry)) {
    dir = modelDir(name);
    await verifyTrustedFiles(entry);
  }
  else if (options.downloadIfNecessary === false) {
    throw new ModelNotDownloadedError(name, "downloadIfNecessary is false");
  } else dir = await downloadEntry(entry, { origin });
  if (entry.video) return buildVideoModel(entry, dir, options.defaultBatchSize ?? entry.defaultBatchSize);
  const config = {
    name: entry.name,
    modelPath: path.join(dir, entry.modelFile),
    input: entry.input,
    processor: buildProcessor(entry, dir),
    ...(entry.embeddings ? { embeddings: entry.embeddings } : {}),
    hasLogits: entry.hasLogits,
    defaultBatchSize: options.defaultBatchSize ?? entry.defaultBatchSize,
  };
  const model = createImageModel(runtimeSpec(entry, dir), config);
  const crops = entry.crops;
  if (!crops || options.crops === false) return model;
  const { downloadIfNecessary, errorLevel, installRequirements } = options;
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

