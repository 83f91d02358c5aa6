import fs from "node:fs";
import humanModels from "./manifest-human-models.json" with { type: "json" };
import ocrModels from "./manifest-ocr-models.json" with { type: "json" };
import faceApiModels from "./manifest-face-api.json" with { type: "json" };
import nsfwjsModels from "./manifest-nsfwjs.json" with { type: "json" };
import imglyModels from "./manifest-imgly.json" with { type: "json" };
import videoModels from "./manifest-video.json" with { type: "json" };
import hfModels from "./manifest-hf.json" with { type: "json" };
import humanCrops from "./manifest-human-crops.json" with { type: "json" };
import { ManifestError, ModelNotFoundError } from "../errors.js";
import { ZooManifestSchema, type ZooModelEntry } from "./manifest-schema.js";

/** Where a catalog entry came from: the built-in manifest or a registered source. */
export interface CatalogEntry {
  /** The validated entry. */
  entry: ZooModelEntry;
  /** `"builtin"` or the path/URL of the registered manifest. */
  origin: string;
}

/** Validates manifest JSON; errors name the manifest, the entry and the field. */
export function parseManifest(json: unknown, origin: string): ZooModelEntry[] {
  const parsed = ZooManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [, index] = issue.path;
    const entries = (json as { models?: { name?: unknown }[] } | null)?.models;
    const name = typeof index === "number" && typeof entries?.[index]?.name === "string" ? ` (model "${entries[index].name}")` : "";
    throw new ManifestError(
      `Manifest ${origin} is invalid at ${issue.path.join(".") || "the top level"}${name}: ${issue.message}. See the manifest schema in the README.`,
    );
  }
  return parsed.data.models;
}

/*
 * The built-in catalog, one manifest file per family of weights (DESIGN.md's
 * `manifest*.json`), so that adding a family is adding a file and a line here.
 */
const BUILTIN_MANIFESTS: readonly (readonly [file: string, json: unknown])[] = [
  ["manifest-human-models.json", humanModels],
  ["manifest-ocr-models.json", ocrModels],
  ["manifest-face-api.json", faceApiModels],
  ["manifest-nsfwjs.json", nsfwjsModels],
  ["manifest-imgly.json", imglyModels],
  ["manifest-video.json", videoModels],
  ["manifest-hf.json", hfModels],
  ["manifest-human-crops.json", humanCrops],
];

let builtinEntries: ZooModelEntry[] | undefined;

/** The built-in catalog, validated once. */
export function builtinManifest(): ZooModelEntry[] {
  builtinEntries ??= BUILTIN_MANIFESTS.flatMap(([file, json]) => parseManifest(json, `builtin ${file}`));
  return builtinEntries;
}

/**
 * Every catalog entry: the built-in manifest plus the manifests of registered
 * sources (`extra`). Names must be unique across all of them.
 */
export function catalog(extra: readonly { origin: string; file: string }[] = []): CatalogEntry[] {
  const all: CatalogEntry[] = builtinManifest().map((entry) => ({ entry, origin: "builtin" }));
  for (const src of extra) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(src.file, "utf8"));
    } catch (err) {
      throw new ManifestError(`Manifest ${src.origin} cannot be read: ${(err as Error).message}. Register the source again or delete it.`);
    }
    for (const entry of parseManifest(json, src.origin)) all.push({ entry, origin: src.origin });
  }
  const seen = new Map<string, string>();
  for (const { entry, origin } of all) {
    const first = seen.get(entry.name);
    if (first !== undefined) {
      throw new ManifestError(`Model "${entry.name}" is defined twice: in ${first} and in ${origin}. Model names must be unique across all sources.`);
    }
    seen.set(entry.name, origin);
  }
  return all;
}

/** The entry called `name`, or a {@link ModelNotFoundError} with the closest names. */
export function findEntry(entries: readonly CatalogEntry[], name: string): CatalogEntry {
  const hit = entries.find((e) => e.entry.name === name);
  if (!hit) throw new ModelNotFoundError(name, entries.map((e) => e.entry.name));
  return hit;
}
