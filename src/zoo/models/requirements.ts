import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import { ffmpegProgram } from "../../media/index.js";
import { RequirementsError } from "../errors.js";
import { installedVersion } from "./installed-version.js";
import { invalidPackageSpecReason } from "./safe-specs.js";
import type { ZooModelEntry } from "./manifest-schema.js";

/** FiftyOne's error levels: 0 throws, 1 warns, 2 ignores. */
export type ErrorLevel = 0 | 1 | 2;

/** What a model needs that is not there. */
export interface MissingRequirements {
  /** npm packages missing or outside the range, as `name@range`. */
  packages: string[];
  /** System binaries that cannot be found (ffmpeg/ffprobe: neither on the PATH nor shipped by npm for this platform). */
  binaries: string[];
}

/** The requirements of `entry` that this machine does not meet. */
export function missingRequirements(entry: ZooModelEntry): MissingRequirements {
  const packages = Object.entries(entry.requirements.packages)
    .filter(([pkg, range]) => {
      const v = installedVersion(pkg);
      return v === undefined || !semver.satisfies(v, range);
    })
    .map(([pkg, range]) => `${pkg}@${range}`);
  const binaries = entry.requirements.binaries.filter((b) => !binaryAvailable(b));
  return { packages, binaries };
}

/** The commands that install what is missing (empty when nothing is), to print; modelzoo runs only the npm one, without a shell (see {@link runNpmInstall}). */
export function installCommands(missing: MissingRequirements): string[] {
  const out: string[] = [];
  if (missing.packages.length > 0) out.push(`npm install ${missing.packages.map((p) => `"${p}"`).join(" ")}`);
  if (missing.binaries.length > 0) out.push(`apt-get install ${missing.binaries.join(" ")}`);
  return out;
}

/** Checks a model's requirements: throws (0), warns (1) or does nothing (2) when some are missing. */
export function ensureRequirements(entry: ZooModelEntry, errorLevel: ErrorLevel = 0): MissingRequirements {
  const missing = missingRequirements(entry);
  if (errorLevel === 2 || (missing.packages.length === 0 && missing.binaries.length === 0)) return missing;
  const message =
    `Model "${entry.name}" needs ${[...missing.packages, ...missing.binaries].join(", ")}. Install with: ${installCommands(missing).join(" && ")}` +
    ` (or: modelzoo models requirements ${entry.name} --install).`;
  if (errorLevel === 0) throw new RequirementsError(message);
  process.emitWarning(message);
  return missing;
}

/**
 * Runs `npm install <name@range>...` in `cwd` for the entry's missing npm packages, as an
 * argument list (no shell): each spec is checked again with npm's own name and range
 * rules, so manifest text never becomes a command (a bad spec throws
 * {@link RequirementsError}). Returns the specs installed, or why npm failed.
 */
export function runNpmInstall(entry: ZooModelEntry, cwd: string): { specs: string[]; failure?: string } {
  const missing = new Set(missingRequirements(entry).packages);
  const specs = Object.entries(entry.requirements.packages)
    .filter(([pkg, range]) => missing.has(`${pkg}@${range}`))
    .map(([pkg, range]) => {
      const reason = invalidPackageSpecReason(pkg, range);
      if (reason !== undefined) throw new RequirementsError(`Model "${entry.name}" requires ${reason}; fix its manifest entry.`);
      return `${pkg}@${range}`;
    });
  if (specs.length === 0) return { specs };
  const args = ["install", "--no-audit", "--no-fund", ...specs];
  const r = spawnSync("npm", args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
  if (r.error) return { specs, failure: `npm could not be run (${r.error.message}).` };
  if (r.status !== 0) return { specs, failure: `npm ${args.join(" ")} failed with exit code ${r.status}.` };
  return { specs };
}

/**
 * Whether a required program can be started. ffmpeg and ffprobe are resolved as the video
 * reader resolves them (their environment variable, the PATH, then the npm-shipped binary);
 * any other binary must be on the PATH.
 */
function binaryAvailable(binary: string): boolean {
  if (binary === "ffmpeg" || binary === "ffprobe") {
    const found = ffmpegProgram(binary);
    return found.origin === "system" || found.origin === "npm" || (found.origin === "env" && isExecutable(found.program));
  }
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir !== "" && isExecutable(path.join(dir, binary)));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
