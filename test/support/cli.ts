import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./env.js";

/** What a CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `modelzoo` command as users do — `bin/modelzoo.js` over the built `dist/`
 * (`npm test` builds first) — with MODELZOO_HOME set to `home`.
 */
export function runCli(args: string[], home: string, cwd = repoRoot): CliResult {
  const r = spawnSync(process.execPath, [path.join(repoRoot, "bin", "modelzoo.js"), ...args], {
    cwd,
    env: { ...process.env, MODELZOO_HOME: home, NO_COLOR: "1" },
    encoding: "utf8",
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
