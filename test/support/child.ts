import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { repoRoot } from "./env.js";

/**
 * Starts a TypeScript ES module snippet (which may import "./src/index.ts") in a
 * child process with MODELZOO_HOME set to `home`, and resolves once it prints
 * `marker` — the moment a test may read from it or kill it.
 */
export async function startChild(script: string, home: string, marker: string): Promise<ChildProcessByStdio<null, Readable, null>> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repoRoot,
    env: { ...process.env, MODELZOO_HOME: home },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes(marker) && resolve());
    child.on("exit", (code) => reject(new Error(`child exited (${code}) before printing "${marker}"`)));
  });
  return child;
}

/** SIGKILLs a child (no chance to clean up) and waits until it is gone. */
export async function killHard(child: ChildProcessByStdio<null, Readable, null>): Promise<void> {
  const exited = new Promise((r) => child.on("exit", r));
  child.kill("SIGKILL");
  await exited;
}
