import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { modelzooHome } from "../../dataset/index.js";
import { DownloadError, ManifestError } from "../errors.js";
import * as tar from "tar";
import { extractZipEntries } from "../datasets/zip-entries.js";
import { modelDir } from "./model-cache.js";
import { catalog, parseManifest } from "./registry.js";

/** A registered manifest: where it came from and its local copy. */
export interface RegisteredSource {
  /** The directory, URL, GitHub repository or archive the user registered. */
  origin: string;
  /** The manifest file read at load time. */
  file: string;
  /**
   * The copy modelzoo downloaded for the source (a fetched manifest file, or the folder
   * an archive or repository was extracted to), deleted with the source.
   */
  downloaded?: string;
}

function sourcesFile(): string {
  return path.join(modelzooHome(), "sources.json");
}

function sourcesDir(): string {
  return path.join(modelzooHome(), "sources");
}

/** The registered manifests, in registration order. */
export function listZooModelSources(): RegisteredSource[] {
  try {
    return JSON.parse(fs.readFileSync(sourcesFile(), "utf8")) as RegisteredSource[];
  } catch {
    return [];
  }
}

function save(sources: RegisteredSource[]): void {
  fs.mkdirSync(path.dirname(sourcesFile()), { recursive: true });
  const tmp = `${sourcesFile()}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(sources, null, 2)}\n`);
  fs.renameSync(tmp, sourcesFile());
}

/** `https://github.com/<org>/<repo>[/tree/<ref> | /commit/<sha>]` (a `.git` suffix and a trailing slash allowed). */
const GITHUB_REPO = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:\/(?:tree|commit)\/([^?#]+?))?\/?$/;
/** Archive names a source may be: zip, tar, tar.gz / tgz. */
const ARCHIVE = /\.(zip|tar|tar\.gz|tgz)$/i;

/** The base URL of GitHub's archive host (`codeload.github.com`); `MODELZOO_GITHUB_ARCHIVE_URL` points it at a mirror. */
function githubArchiveBase(): string {
  return (process.env.MODELZOO_GITHUB_ARCHIVE_URL ?? "https://codeload.github.com").replace(/\/+$/, "");
}

/** How a registered location is read. */
type SourceKind = "github" | "archive" | "manifest-url" | "dir";

function kindOf(location: string): SourceKind {
  if (GITHUB_REPO.test(location)) return "github";
  const isUrl = /^https?:\/\//.test(location);
  if (ARCHIVE.test(isUrl ? new URL(location).pathname : location)) return "archive";
  return isUrl ? "manifest-url" : "dir";
}

/** The origin a location is recorded under: URLs as given, paths made absolute. */
function originOf(location: string): string {
  return /^https?:\/\//.test(location) ? location : path.resolve(location);
}

/**
 * Adds the models of a manifest to the zoo (FiftyOne's `register_zoo_model_source`):
 *
 * - a directory holding `manifest.json`;
 * - the URL of a manifest (fetched and kept under `$MODELZOO_HOME/sources/`);
 * - a GitHub repository, `https://github.com/<org>/<repo>[/tree/<ref>]` (or `/commit/<sha>`), with
 *   `manifest.json` at its root: its archive is downloaded from GitHub's archive host
 *   (`MODELZOO_GITHUB_ARCHIVE_URL` overrides it, e.g. for a mirror; `GITHUB_TOKEN` is sent
 *   for private repositories) and extracted, so `dir` sources may name files in the repository;
 * - a `.zip`, `.tar`, `.tar.gz` or `.tgz` archive (a URL or a file) with `manifest.json`
 *   at its root or in its single top folder.
 *
 * The manifest is validated now, and its names must not clash with any other source.
 */
export async function registerZooModelSource(location: string): Promise<RegisteredSource> {
  const origin = originOf(location);
  const kind = kindOf(location);
  if (kind === "dir") {
    const file = path.join(origin, "manifest.json");
    if (!fs.existsSync(file)) throw new ManifestError(`${origin} has no manifest.json; a model source directory holds one (see the README's manifest format).`);
    return commit(origin, file, file);
  }
  // Downloads are staged and checked before they replace an earlier copy of the same source.
  const key = createHash("sha256").update(origin).digest("hex").slice(0, 16);
  fs.mkdirSync(sourcesDir(), { recursive: true });
  const staging = fs.mkdtempSync(path.join(sourcesDir(), ".staging-"));
  try {
    if (kind === "manifest-url") {
      const res = await download(origin, {});
      const staged = path.join(staging, "manifest.json");
      fs.writeFileSync(staged, await res.text());
      const downloaded = path.join(sourcesDir(), `${key}.json`);
      return commit(origin, staged, downloaded, () => fs.renameSync(staged, downloaded), downloaded);
    }
    const rel = await fetchArchive(origin, kind, staging);
    const out = path.join(staging, "files");
    const downloaded = path.join(sourcesDir(), key);
    return commit(origin, path.join(out, rel, "manifest.json"), path.join(downloaded, rel, "manifest.json"), () => {
      fs.rmSync(downloaded, { recursive: true, force: true });
      fs.renameSync(out, downloaded);
    }, downloaded);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Validates the manifest at `checkFile` and the catalog with it, then moves the
 * download into place (`place`) and saves the source with its final `file`.
 */
function commit(origin: string, checkFile: string, file: string, place?: () => void, downloaded?: string): RegisteredSource {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(checkFile, "utf8"));
  } catch (err) {
    throw new ManifestError(`Manifest ${origin} is not valid JSON: ${(err as Error).message}.`);
  }
  parseManifest(json, origin);
  const sources = listZooModelSources().filter((s) => s.origin !== origin);
  catalog([...sources, { origin, file: checkFile }]); // throws on a name clash before anything is saved
  place?.();
  const source: RegisteredSource = { origin, file, ...(downloaded ? { downloaded } : {}) };
  save([...sources, source]);
  return source;
}

/** GETs `url` (following redirects) or throws a {@link DownloadError} naming it. */
async function download(url: string, headers: Record<string, string>): Promise<Response> {
  if (process.env.MODELZOO_OFFLINE === "1") throw new DownloadError(`Registering ${url} needs a download, but MODELZOO_OFFLINE=1 forbids it.`);
  const res = await fetch(url, { redirect: "follow", headers, signal: AbortSignal.timeout(120_000) }).catch((err: unknown) => {
    throw new DownloadError(`Cannot fetch ${url}: ${(err as Error).message}.`, { cause: err });
  });
  if (!res.ok) {
    const hint = res.status === 404 && headers.authorization === undefined && url.startsWith(githubArchiveBase()) ? " For a private repository, set GITHUB_TOKEN." : "";
    throw new DownloadError(`${url} answered ${res.status} ${res.statusText}.${hint}`);
  }
  return res;
}

/**
 * Downloads (or reads) an archive and extracts it into `<staging>/files`, keeping only
 * files and folders; returns the folder holding `manifest.json`, relative to it.
 */
async function fetchArchive(origin: string, kind: "github" | "archive", staging: string): Promise<string> {
  let archive: string;
  let format: "zip" | "tar";
  if (kind === "github") {
    const [, org, repo, ref] = GITHUB_REPO.exec(origin)!;
    const url = `${githubArchiveBase()}/${org}/${repo}/tar.gz/${ref ?? "HEAD"}`;
    const token = process.env.GITHUB_TOKEN;
    const res = await download(url, token ? { authorization: `token ${token}` } : {});
    archive = path.join(staging, "archive.tar.gz");
    fs.writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
    format = "tar";
  } else if (/^https?:\/\//.test(origin)) {
    const res = await download(origin, {});
    format = /\.zip$/i.test(new URL(origin).pathname) ? "zip" : "tar";
    archive = path.join(staging, `archive.${format}`);
    fs.writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
  } else {
    if (!fs.existsSync(origin)) throw new ManifestError(`Archive ${origin} does not exist.`);
    archive = origin;
    format = /\.zip$/i.test(origin) ? "zip" : "tar";
  }
  const out = path.join(staging, "files");
  fs.mkdirSync(out);
  try {
    if (format === "zip") await extractZip(archive, out);
    else await tar.x({ file: archive, cwd: out, filter: (_p, entry) => "type" in entry && (entry.type === "File" || entry.type === "Directory") });
  } catch (err) {
    throw new ManifestError(`${origin} is not a readable ${format === "zip" ? "zip" : "tar"} archive (${(err as Error).message}).`);
  }
  // The manifest at the root, or in the single top folder (GitHub's `<repo>-<ref>/`).
  const top = fs.readdirSync(out);
  const inner = top.length === 1 && fs.statSync(path.join(out, top[0]!)).isDirectory() ? top[0]! : undefined;
  if (fs.existsSync(path.join(out, "manifest.json"))) return "";
  if (inner !== undefined && fs.existsSync(path.join(out, inner, "manifest.json"))) return inner;
  throw new ManifestError(`${origin} has no manifest.json at its root${kind === "github" ? " (a model source repository keeps it there)" : " or in its single top folder"}.`);
}

/** Extracts every file of a zip into `out`, skipping entries that would land outside it. */
async function extractZip(archive: string, out: string): Promise<void> {
  const copy = `${out}.zip`;
  fs.copyFileSync(archive, copy); // extractZipEntries deletes an archive it finds damaged: never the user's own file
  await extractZipEntries(copy, (name) => {
    const dest = path.resolve(out, name);
    return dest.startsWith(out + path.sep) ? dest : undefined;
  });
  fs.rmSync(copy, { force: true });
}

/**
 * Removes a registered source: its models leave the catalog, and — as FiftyOne's
 * `delete_zoo_model_source` — their downloaded files are deleted, with the copy of the
 * manifest, repository or archive that modelzoo kept.
 */
export function deleteZooModelSource(location: string): void {
  const origin = originOf(location);
  const sources = listZooModelSources();
  const source = sources.find((s) => s.origin === origin);
  if (!source) {
    throw new ManifestError(`${origin} is not a registered model source; see modelzoo models list-sources.`);
  }
  let keys: string[] = [];
  try {
    keys = catalog(sources).filter((c) => c.origin === origin).map((c) => c.key);
  } catch {
    // an unreadable or clashing manifest: its models cannot be told apart, nothing is deleted but the source
  }
  for (const key of keys) fs.rmSync(modelDir(key), { recursive: true, force: true });
  if (source.downloaded && path.resolve(source.downloaded).startsWith(sourcesDir() + path.sep)) fs.rmSync(source.downloaded, { recursive: true, force: true });
  save(sources.filter((s) => s.origin !== origin));
}
