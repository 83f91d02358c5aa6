import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { SampleCollection } from "../collection.js";
import { ImportFormatError } from "../errors.js";
import { Sample } from "../sample.js";
import { fromJSONValue, toJSONValue } from "../value-codec.js";
import { writeChunk, writeFileAtomic } from "./atomic-write.js";

/** Options of `exportJsonl`. */
export interface ExportJsonlOptions {
  /** Custom fields to export (default: all). Built-ins are always written. */
  fields?: string[];
}

/**
 * Writes one JSON object per sample: `id`, `filepath`, `mediaType`, `tags`,
 * `metadata`, the custom fields (labels as their JSON with `_cls`, vectors as
 * `{"$float32": base64}`), and for videos `frames: { "1": {...} }`. Returns the count.
 */
export async function exportJsonl(collection: SampleCollection, file: string, options: ExportJsonlOptions = {}): Promise<number> {
  const source = options.fields ? collection.selectFields(options.fields) : collection;
  let n = 0;
  await writeFileAtomic(file, async (out) => {
    for await (const sample of source.iterSamples({ batchSize: 500 })) {
      const json = sample.toJSON();
      if (sample.mediaType === "video") {
        const frames: Record<string, unknown> = {};
        for await (const [num, values] of sample.frames) frames[String(num)] = toJSONValue(values, `frames.${num}`);
        if (Object.keys(frames).length > 0) json.frames = frames;
      }
      await writeChunk(out, `${JSON.stringify(json)}\n`);
      n++;
    }
  });
  return n;
}

/**
 * Reads samples from a JSON-lines file written by {@link exportJsonl} (or by hand:
 * only `filepath` is required; relative paths are taken from the file's folder).
 * Yields samples for `dataset.addSamples`.
 */
export async function* readJsonl(file: string): AsyncGenerator<Sample> {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new ImportFormatError(`JSON-lines file ${full} does not exist. Check the path.`);
  const base = path.dirname(full);
  const lines = readline.createInterface({ input: fs.createReadStream(full), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new ImportFormatError(`${full}:${lineNo} is not valid JSON (${(err as Error).message}). Each line must be one sample object.`);
    }
    if (json === null || typeof json !== "object" || Array.isArray(json) || typeof (json as { filepath?: unknown }).filepath !== "string") {
      throw new ImportFormatError(`${full}:${lineNo} must be an object with a "filepath" string, e.g. {"filepath": "images/a.jpg"}.`);
    }
    const obj = json as Record<string, unknown>;
    try {
      const sample = Sample.fromJSON({ ...obj, filepath: path.resolve(base, obj.filepath as string) });
      if (obj.frames && typeof obj.frames === "object") {
        sample.frames.merge(
          Object.fromEntries(Object.entries(obj.frames).map(([k, v]) => [Number(k), fromJSONValue(v) as Record<string, unknown>])),
        );
      }
      yield sample;
    } catch (err) {
      throw new ImportFormatError(`${full}:${lineNo}: ${(err as Error).message}`, { cause: err });
    }
  }
}
