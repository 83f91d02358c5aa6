import { spawn } from "node:child_process";
import path from "node:path";
import type { CliResult } from "./cli.js";
import { repoRoot } from "./env.js";

/**
 * Like `runCli`, without blocking this process: needed when the command talks to a
 * server that runs in the test itself (a local mirror).
 */
export function runCliAsync(args: string[], home: string, cwd = repoRoot): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin", "modelzoo.js"), ...args], {
    cwd,
    env: { ...process.env, MODELZOO_HOME: home, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
