import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { modelzooHome } from "../dataset/index.js";
import { ConfigError } from "./errors.js";

/**
 * The zoo's defaults (FiftyOne's `requirement_error_level`, `model_zoo_dir`,
 * `dataset_zoo_dir` and `default_batch_size`), read from `$MODELZOO_HOME/config.json`
 * and overridden by environment variables.
 */
export const ZooConfigSchema = z.strictObject({
  /** How missing requirements are treated when a call does not say: 0 throw, 1 warn, 2 ignore. */
  requirementErrorLevel: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  /** Where models are downloaded (absolute, or relative to `$MODELZOO_HOME`). */
  modelZooDir: z.string().min(1).optional(),
  /** Where zoo datasets are downloaded (absolute, or relative to `$MODELZOO_HOME`). */
  datasetZooDir: z.string().min(1).optional(),
  /** Batch size of zoo models whose caller does not give one (instead of the manifest's). */
  defaultBatchSize: z.number().int().positive().optional(),
});

/** The contents of `config.json` (every key optional). */
export type ZooConfigFile = z.infer<typeof ZooConfigSchema>;

/** The zoo's effective configuration: file values overridden by environment variables, dirs resolved. */
export interface ZooConfig {
  /** 0 throw (default), 1 warn, 2 ignore. */
  requirementErrorLevel: 0 | 1 | 2;
  /** Absolute folder of downloaded models (default `$MODELZOO_HOME/models`). */
  modelZooDir: string;
  /** Absolute folder of zoo dataset downloads (default `$MODELZOO_HOME/zoo-datasets`). */
  datasetZooDir: string;
  /** Set only when configured; otherwise each model's manifest value applies. */
  defaultBatchSize?: number;
}

/** The environment variable overriding each key. */
export const ZOO_CONFIG_ENV: Readonly<Record<keyof ZooConfigFile, string>> = {
  requirementErrorLevel: "MODELZOO_REQUIREMENT_ERROR_LEVEL",
  modelZooDir: "MODELZOO_MODEL_ZOO_DIR",
  datasetZooDir: "MODELZOO_DATASET_ZOO_DIR",
  defaultBatchSize: "MODELZOO_DEFAULT_BATCH_SIZE",
};

/** `$MODELZOO_HOME/config.json`. */
export function zooConfigPath(): string {
  return path.join(modelzooHome(), "config.json");
}

/**
 * The effective configuration, read on every call (cheap; so that tests and
 * long-running programs see changes). A malformed file or variable is a
 * {@link ConfigError} naming the key and the fix.
 */
export function zooConfig(): ZooConfig {
  const file = zooConfigPath();
  let fromFile: ZooConfigFile = {};
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    // no file: defaults
  }
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`${file} is not valid JSON (${(err as Error).message}); fix it or delete it.`);
    }
    fromFile = check(json, file);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(ZOO_CONFIG_ENV)) {
    const raw = process.env[variable];
    if (raw === undefined || raw.trim() === "") continue;
    const numeric = key === "requirementErrorLevel" || key === "defaultBatchSize";
    fromEnv[key] = numeric && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  }
  const merged = { ...fromFile, ...check(fromEnv, "the environment (MODELZOO_* variables)") };
  const home = modelzooHome();
  return {
    requirementErrorLevel: merged.requirementErrorLevel ?? 0,
    modelZooDir: path.resolve(home, merged.modelZooDir ?? "models"),
    datasetZooDir: path.resolve(home, merged.datasetZooDir ?? "zoo-datasets"),
    ...(merged.defaultBatchSize === undefined ? {} : { defaultBatchSize: merged.defaultBatchSize }),
  };
}

function check(json: unknown, where: string): ZooConfigFile {
  const parsed = ZooConfigSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.join(".");
  const variable = key in ZOO_CONFIG_ENV ? ZOO_CONFIG_ENV[key as keyof ZooConfigFile] : undefined;
  throw new ConfigError(
    `The zoo configuration in ${where} is invalid at ${key || "the top level"}: ${issue.message}.` +
      ` Keys: ${Object.keys(ZOO_CONFIG_ENV).join(", ")}${variable ? ` (${key} is also set by ${variable})` : ""}; see the README's "Configuration".`,
  );
}
