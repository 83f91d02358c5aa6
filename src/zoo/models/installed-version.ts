import fs from "node:fs";
import path from "node:path";

/**
 * The version of `pkg` that an `import` from this process would load: looked up in
 * the node_modules folders above the working directory and above modelzoo itself.
 */
export function installedVersion(pkg: string): string | undefined {
  for (const start of [process.cwd(), import.meta.dirname]) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", pkg, "package.json"), "utf8")) as { version?: string };
        if (manifest.version) return manifest.version;
      } catch {
        // not here
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return undefined;
}
