import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { modelzooHome } from "../../dataset/index.js";
import { DownloadError, ManifestError } from "../errors.js";
import { catalog, parseManifest } from "./registry.js";

/** A registered manifest: where it came from and its local copy. */
export interface RegisteredSource {
  /** The directory or URL the user registered. */
  origin: string;
  /** The manifest file read at load time. */
  file: string;
}

function sourcesFile(): string {
  return path.join(modelzooHome(), "sources.json");
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

/**
 * Adds the models of a manifest to the zoo: a directory holding `manifest.json`, or
 * the URL of a manifest (fetched and kept under `$MODELZOO_HOME/sources/`). The
 * manifest is validated now, and its names must not clash with any other source.
 */
export async function registerZooModelSource(urlOrDir: string): Promise<RegisteredSource> {
  const isUrl = /^https?:\/\//.test(urlOrDir);
  const origin = isUrl ? urlOrDir : path.resolve(urlOrDir);
  let file: string;
  if (isUrl) {
    if (process.env.MODELZOO_OFFLINE === "1") throw new DownloadError(`Registering ${origin} needs a download, but MODELZOO_OFFLINE=1 forbids it.`);
    const res = await fetch(origin, { redirect: "follow", signal: AbortSignal.timeout(30_000) }).catch((err: unknown) => {
      throw new DownloadError(`Cannot fetch manifest ${origin}: ${(err as Error).message}.`, { cause: err });
    });
    if (!res.ok) throw new DownloadError(`Manifest ${origin} answered ${res.status} ${res.statusText}.`);
    const dir = path.join(modelzooHome(), "sources");
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, `${createHash("sha256").update(origin).digest("hex").slice(0, 16)}.json`);
    fs.writeFileSync(file, await res.text());
  } else {
    file = path.join(origin, "manifest.json");
    if (!fs.existsSync(file)) throw new ManifestError(`${origin} has no manifest.json; a model source directory holds one (see the README's manifest format).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ManifestError(`Manifest ${origin} is not valid JSON: ${(err as Error).message}.`);
  }
  parseManifest(json, origin);
  const sources = listZooModelSources().filter((s) => s.origin !== origin);
  const next = [...sources, { origin, file }];
  catalog(next); // throws on a name clash before anything is saved
  save(next);
  return { origin, file };
}

/** Removes a registered source (its models leave the catalog; downloaded files stay until deleted). */
export function deleteZooModelSource(urlOrDir: string): void {
  const origin = /^https?:\/\//.test(urlOrDir) ? urlOrDir : path.resolve(urlOrDir);
  const sources = listZooModelSources();
  if (!sources.some((s) => s.origin === origin)) {
    throw new ManifestError(`${origin} is not a registered model source; see modelzoo models list-sources.`);
  }
  save(sources.filter((s) => s.origin !== origin));
}
