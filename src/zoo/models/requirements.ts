import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import semver from "semver";
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
  /** System binaries not on the PATH. */
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
  const binaries = entry.requirements.binaries.filter((b) => !onPath(b));
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
 * Runs `npm install <name@range>...` for the entry's missing npm packages in the
 * working directory, as an argument list (no shell): each spec is checked again with
 * npm's own name and range rules, so manifest text never becomes a command. Returns
 * the specs installed; throws {@link RequirementsError} when npm fails.
 */
export function runNpmInstall(entry: ZooModelEntry, log: (line: string) => void = () => {}): string[] {
  const missing = new Set(missingRequirements(entry).packages);
  const specs = Object.entries(entry.requirements.packages)
    .filter(([pkg, range]) => missing.has(`${pkg}@${range}`))
    .map(([pkg, range]) => {
      const reason = invalidPackageSpecReason(pkg, range);
      if (reason !== undefined) throw new RequirementsError(`Model "${entry.name}" requires ${reason}; fix its manifest entry.`);
      return `${pkg}@${range}`;
    });
  if (specs.length === 0) return [];
  const args = ["install", ...specs];
  log(`Running: npm ${args.join(" ")}`);
  const r = spawnSync("npm", args, { stdio: "inherit" });
  if (r.error) throw new RequirementsError(`npm could not be started (${r.error.message}); install the packages yourself: ${installCommands({ packages: specs, binaries: [] }).join("")}`);
  if (r.status !== 0) throw new RequirementsError(`npm install ${specs.join(" ")} failed with exit code ${r.status}; install the packages yourself and try again.`);
  return specs;
}

function onPath(binary: string): boolean {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, binary))) return true;
  }
  try {
    execFileSync("which", [binary], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
