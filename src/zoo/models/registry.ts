import fs from "node:fs";
import path from "node:path";
import { ManifestError, ModelNotFoundError } from "../errors.js";
import { ManifestDefaultsSchema, ZooManifestSchema, type ZooModelEntry } from "./manifest-schema.js";

/** Where a catalog entry came from: the built-in manifest or a registered source. */
export interface CatalogEntry {
  /** The validated entry. */
  entry: ZooModelEntry;
  /** `"builtin"` or the path/URL of the registered manifest. */
  origin: string;
}

/**
 * Validates manifest JSON; errors name the manifest, the entry and the field. A
 * manifest's `defaults` (`source` fields such as an npm package and version,
 * `requirements`) are merged into each entry before it is checked; the entry's own
 * fields win.
 */
export function parseManifest(json: unknown, origin: string): ZooModelEntry[] {
  const parsed = ZooManifestSchema.safeParse(withDefaults(json, origin));
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

/** The folder of the built-in manifests (`src/zoo/models`, or `dist/zoo/models` once built). */
const BUILTIN_DIR = import.meta.dirname;

/**
 * The built-in manifest files: every `manifest-*.json` beside this module, in name
 * order. A family of weights is added by adding a file; nothing lists them.
 */
export function builtinManifestFiles(dir: string = BUILTIN_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^manifest-[\w.-]+\.json$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Reads and parses a manifest file (a ManifestError naming it when it is not JSON). */
function readManifestJson(file: string, origin: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ManifestError(`Manifest ${origin} cannot be read: ${(err as Error).message}.`);
  }
}

/** The raw manifest with its `defaults` merged into each entry (see {@link parseManifest}). */
function withDefaults(json: unknown, origin: string): unknown {
  if (json === null || typeof json !== "object" || !("defaults" in json)) return json;
  const parsed = ManifestDefaultsSchema.safeParse(json.defaults);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ManifestError(`Manifest ${origin} is invalid at defaults.${issue.path.join(".")}: ${issue.message}. See the manifest schema in the README.`);
  }
  const d = parsed.data;
  const models = (json as { models?: unknown }).models;
  if (!Array.isArray(models)) return json;
  return {
    ...json,
    models: models.map((m: unknown) => {
      if (m === null || typeof m !== "object") return m;
      const e = m as Record<string, unknown>;
      const source = e.source as Record<string, unknown> | undefined;
      const req = e.requirements as { packages?: Record<string, string>; binaries?: string[] } | undefined;
      return {
        ...e,
        ...(d.source ? { source: { ...d.source, ...source } } : {}),
        ...(d.requirements
          ? {
              requirements: {
                packages: { ...d.requirements.packages, ...req?.packages },
                binaries: [...new Set([...(d.requirements.binaries ?? []), ...(req?.binaries ?? [])])],
              },
            }
          : {}),
      };
    }),
  };
}

let builtinEntries: ZooModelEntry[] | undefined;

/** The built-in catalog, validated once. */
export function builtinManifest(): ZooModelEntry[] {
  builtinEntries ??= builtinManifestFiles().flatMap((file) => parseManifest(readManifestJson(file, `builtin ${path.basename(file)}`), `builtin ${path.basename(file)}`));
  return builtinEntries;
}

/**
 * Every catalog entry: the built-in manifest plus the manifests of registered
 * sources (`extra`). Names must be unique across all of them.
 */
export function catalog(extra: readonly { origin: string; file: string }[] = []): CatalogEntry[] {
  const all: CatalogEntry[] = builtinManifest().map((entry) => ({ entry, origin: "builtin" }));
  for (const src of extra) {
    const json = readManifestJson(src.file, `${src.origin} (register the source again or delete it)`);
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
