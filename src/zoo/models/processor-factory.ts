import fs from "node:fs";
import path from "node:path";
import type { OutputProcessor } from "../../models/index.js";
import { createProcessor, ProcessorOptionsError } from "../../processors/index.js";
import { ManifestError } from "../errors.js";
import { processorFiles, type ZooModelEntry } from "./manifest-schema.js";

/**
 * The output processor a manifest entry asks for, built by its registered family from
 * the entry's options (see `registerProcessor`), or undefined for embedding-only
 * models. Side files the options name are read from the model's folder `dir`, and only
 * when they are among the entry's (verified) files.
 */
export function buildProcessor(entry: ZooModelEntry, dir: string): OutputProcessor | undefined {
  if (!entry.processor) return undefined;
  const allowed = new Set(processorFiles(entry));
  try {
    return createProcessor(entry.processor.type, entry.processor.options, {
      text(file) {
        if (!allowed.has(file) || !entry.source.files.some((f) => f.path === file)) {
          throw new ManifestError(`Model "${entry.name}": processor file ${JSON.stringify(file)} must be one of the entry's files.`);
        }
        return fs.readFileSync(path.join(dir, file), "utf8");
      },
    });
  } catch (err) {
    if (err instanceof ProcessorOptionsError) throw new ManifestError(`Model "${entry.name}": ${err.message}`);
    throw err;
  }
}
