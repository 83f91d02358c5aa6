import os from "node:os";
import path from "node:path";

/**
 * The root folder of everything modelzoo keeps on disk: `$MODELZOO_HOME`, or
 * `~/.modelzoo` when the variable is unset. Read on every call so that tests and
 * long-running programs can point it elsewhere.
 */
export function modelzooHome(): string {
  const fromEnv = process.env.MODELZOO_HOME;
  return fromEnv && fromEnv.trim() !== "" ? path.resolve(fromEnv) : path.join(os.homedir(), ".modelzoo");
}

/** The folder holding one SQLite file per dataset: `$MODELZOO_HOME/datasets`. */
export function datasetsDir(): string {
  return path.join(modelzooHome(), "datasets");
}
