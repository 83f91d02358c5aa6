import path from "node:path";
import npa from "npm-package-arg";
import semver from "semver";
import validateName from "validate-npm-package-name";
import { z } from "zod";

/**
 * The checks that keep manifest text away from the file system and the package
 * manager: a manifest is data, possibly from a registered source the user does not
 * control, so its paths and package names are validated by rules, not trusted.
 */

/** Why `file` is not a safe model-relative path, or undefined when it is. */
export function unsafePathReason(file: string): string | undefined {
  if (file.includes("\\")) return "uses a backslash; write paths with forward slashes";
  if (file.includes("\0")) return "contains a NUL character";
  if (path.posix.isAbsolute(file) || path.win32.isAbsolute(file) || /^[a-zA-Z]:/.test(file)) return "is absolute; give a path relative to the model's folder";
  if (path.posix.normalize(file) !== file || file.endsWith("/")) return `is not normalized (it would be "${path.posix.normalize(file).replace(/\/$/, "")}")`;
  if (file === "." || file === ".." || file.startsWith("../")) return "leaves the model's folder";
  return undefined;
}

/** A path inside a model's folder: relative, normalized, forward slashes, no `..`. */
export const RelativePathSchema = z
  .string()
  .min(1)
  .superRefine((file, ctx) => {
    const reason = unsafePathReason(file);
    if (reason !== undefined) ctx.addIssue({ code: "custom", message: `path "${file}" ${reason}` });
  });

/** Why `name` is not a valid npm package name (npm's own rules), or undefined when it is. */
export function invalidPackageNameReason(name: string): string | undefined {
  const v = validateName(name);
  if (v.validForNewPackages || v.validForOldPackages) return undefined;
  return [...(v.errors ?? []), ...(v.warnings ?? [])].join("; ") || "is not a valid npm package name";
}

/** An npm package name, checked with `validate-npm-package-name`. */
export const PackageNameSchema = z.string().superRefine((name, ctx) => {
  const reason = invalidPackageNameReason(name);
  if (reason !== undefined) ctx.addIssue({ code: "custom", message: `"${name}" is not an npm package name: ${reason}` });
});

/**
 * Why `name@range` is not a registry package spec (npm's `npm-package-arg` must read it
 * as a version or range of a registry package: no git URL, tarball, file or alias), or
 * undefined when it is.
 */
export function invalidPackageSpecReason(name: string, range: string): string | undefined {
  const nameReason = invalidPackageNameReason(name);
  if (nameReason !== undefined) return `"${name}" is not an npm package name: ${nameReason}`;
  if (semver.validRange(range) === null) return `"${range}" is not a semver range`;
  try {
    const spec = npa(`${name}@${range}`);
    if (spec.type !== "range" && spec.type !== "version") return `"${name}@${range}" is a ${spec.type} spec, not a registry version`;
  } catch (err) {
    return `"${name}@${range}": ${(err as Error).message}`;
  }
  return undefined;
}

/** `{ package: range }`, each pair a registry spec (see {@link invalidPackageSpecReason}). */
export const PackageRangesSchema = z.record(z.string(), z.string()).superRefine((packages, ctx) => {
  for (const [name, range] of Object.entries(packages)) {
    const reason = invalidPackageSpecReason(name, range);
    if (reason !== undefined) ctx.addIssue({ code: "custom", path: [name], message: reason });
  }
});

/** A system binary's name as a package manager knows it (letters, digits, `+._-`). */
export const BinaryNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9+._-]*$/, "must be a program name (letters, digits, + . _ -), not a path or a command");
