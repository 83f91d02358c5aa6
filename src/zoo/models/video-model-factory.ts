import path from "node:path";
import type { VideoModel } from "../../models/index.js";
import { RvmVideoModel } from "../../runtimes/index.js";
import { ManifestError } from "../errors.js";
import type { ZooModelEntry } from "./manifest-schema.js";

/**
 * The video model a manifest entry with a `video` spec asks for, from its files in
 * `dir`. `input.width`/`height` bound the frame size fed to it.
 */
export function buildVideoModel(entry: ZooModelEntry, dir: string, defaultBatchSize: number): VideoModel {
  const spec = entry.video!;
  const options = spec.options;
  const ratio = options.downsampleRatio;
  if (ratio !== undefined && (typeof ratio !== "number" || !(ratio > 0 && ratio <= 1))) {
    throw new ManifestError(`Model "${entry.name}": video option downsampleRatio must be a number in (0, 1]; got ${JSON.stringify(ratio)}.`);
  }
  switch (spec.type) {
    case "rvm":
      return new RvmVideoModel({
        name: entry.name,
        modelPath: path.join(dir, entry.modelFile),
        maxSize: Math.max(entry.input.width, entry.input.height),
        ...(ratio === undefined ? {} : { downsampleRatio: ratio }),
        defaultBatchSize,
      });
  }
}
