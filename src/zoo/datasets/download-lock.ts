import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** How often a waiting process looks at the lock again. */
const POLL_MS = 200;

/**
 * Runs `fn` while holding `<dir>/.lock`, so that two processes (or two calls in one)
 * downloading the same zoo dataset take turns instead of writing the same partial
 * files; the second then finds the files on disk. A lock left by a process that no
 * longer runs is taken over.
 */
export async function withDownloadLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(dir, { recursive: true });
  return withLockFile(path.join(dir, ".lock"), fn);
}

/**
 * Runs `fn` while holding the lock file `lock` (created with the holder's pid; its
 * folder must exist). A lock left by a process that no longer runs is taken over.
 */
export async function withLockFile<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  for (;;) {
    try {
      fs.writeFileSync(lock, token, { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(readOr(lock, "").split(":")[0]);
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) fs.rmSync(lock, { force: true });
      else await sleep(POLL_MS);
    }
  }
  try {
    return await fn();
  } finally {
    if (readOr(lock, "") === token) fs.rmSync(lock, { force: true });
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

/** True while the lock file `lock` is held by a running process other than this one. */
export function lockHeldByOther(lock: string): boolean {
  const holder = Number(readOr(lock, "").split(":")[0]);
  return Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
