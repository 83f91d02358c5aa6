import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import { ManifestError, ModelNotFoundError } from "../errors.js";
import { ManifestDefaultsSchema, ZooManifestSchema, type ZooModelEntry } from "./manifest-schema.js";

/** Where a catalog entry came from: the built-in manifest or a registered source. */
export interface CatalogEntry {
  /** The validated entry. */
  entry: ZooModelEntry;
  /** `"builtin"` or the path/URL of the registered manifest. */
  origin: string;
  /** The folder a `dir` source's relative paths start from (a registered manifest's folder). */
  baseDir?: string;
  /**
   * Its download folder's name under the models dir: the name for the newest version of
   * a model (or an unversioned one), `name@version` for an older version.
   */
  key: string;
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
 * sources (`extra`). A name may appear several times only in one manifest, with distinct versions.
 */
export function catalog(extra: readonly { origin: string; file: string }[] = []): CatalogEntry[] {
  const all: CatalogEntry[] = builtinManifest().map((entry) => ({ entry, origin: "builtin", key: entry.name }));
  for (const src of extra) {
    const json = readManifestJson(src.file, `${src.origin} (register the source again or delete it)`);
    // A manifest kept as `manifest.json` sits in its source's folder (a directory, a GitHub repository or an archive).
    const baseDir = path.basename(src.file) === "manifest.json" ? path.dirname(src.file) : undefined;
    for (const entry of parseManifest(json, src.origin)) all.push({ entry, origin: src.origin, key: entry.name, ...(baseDir ? { baseDir } : {}) });
  }
  const seen = new Map<string, CatalogEntry>();
  for (const item of all) {
    const { entry, origin } = item;
    for (const other of [...seen.values()].filter((o) => o.entry.name === entry.name)) {
      // Versions of one name come from one manifest: a registered source may not add a version to another's model.
      if (other.origin !== origin || entry.version === undefined || other.entry.version === undefined || other.entry.version === entry.version) {
        const what = entry.version !== undefined && other.entry.version === entry.version ? `"${entry.name}@${entry.version}"` : `"${entry.name}"`;
        throw new ManifestError(
          `Model ${what} is defined twice: in ${other.origin} and in ${origin}. Model names must be unique across all sources (entries of one manifest may share a name with distinct versions).`,
        );
      }
    }
    seen.set(`${entry.name}@${entry.version ?? ""}`, item);
  }
  for (const item of all) {
    const top = newest(all.filter((e) => e.entry.name === item.entry.name));
    if (top !== item) item.key = `${item.entry.name}@${item.entry.version!}`;
  }
  return all;
}

/** Splits `"name@version"` into its parts (no `@`: no version). */
export function parseModelName(nameAtVersion: string): { name: string; version?: string } {
  const at = nameAtVersion.lastIndexOf("@");
  if (at <= 0) return { name: nameAtVersion };
  return { name: nameAtVersion.slice(0, at), version: nameAtVersion.slice(at + 1) };
}

/** Orders versions: semver where both parse (leniently), else numeric-aware text order. */
export function compareVersions(a: string, b: string): number {
  const sa = semver.coerce(a, { includePrerelease: true });
  const sb = semver.coerce(b, { includePrerelease: true });
  if (sa && sb) {
    const c = semver.compare(sa, sb);
    if (c !== 0) return c;
  }
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * The entry called `name` — `"name@version"` for one version, a bare name for the
 * newest — or a {@link ModelNotFoundError} with the closest names (or the versions there are).
 */
export function findEntry(entries: readonly CatalogEntry[], nameAtVersion: string): CatalogEntry {
  const { name, version } = parseModelName(nameAtVersion);
  const named = entries.filter((e) => e.entry.name === name);
  // An alias (e.g. FiftyOne's name of the same weights) stands for the entry that declares it.
  const same = named.length > 0 ? named : entries.filter((e) => e.entry.aliases?.includes(name));
  if (same.length === 0) throw new ModelNotFoundError(nameAtVersion, [...new Set(entries.map((e) => e.entry.name))]);
  if (version === undefined) return newest(same);
  const hit = same.find((e) => e.entry.version === version);
  if (!hit) throw new ModelNotFoundError(nameAtVersion, same.filter((e) => e.entry.version !== undefined).map((e) => `${name}@${e.entry.version}`));
  return hit;
}

/** The newest version among entries of one name (an unversioned entry is alone). */
export function newest(same: readonly CatalogEntry[]): CatalogEntry {
  return [...same].sort((a, b) => compareVersions(b.entry.version ?? "", a.entry.version ?? ""))[0]!;
}
