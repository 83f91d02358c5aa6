import fs from "node:fs";
import path from "node:path";

/**
 * Lets other users reach `dir`: every folder from it up to `/` gets the search bit for
 * others (pass through, not list) where it lacks it. Tests that run something as an
 * unprivileged user (the test PostgreSQL server, a reader as "nobody") need it when the
 * checkout sits under a private folder — a `mktemp -d` is mode 700. Only for root.
 */
export function makeReachableByOthers(dir: string): void {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(d, (mode & 0o7777) | 0o001);
    if (path.dirname(d) === d) break;
  }
}
