import fs from "node:fs";
import path from "node:path";
import type { io } from "@tensorflow/tfjs-core";
import { ModelFileError } from "../model-file-error.js";

/** One group of a TF.js weights manifest: the shard files and the tensors they hold, in order. */
interface WeightsGroup {
  paths: string[];
  weights: io.WeightsManifestEntry[];
}

/** The weight specs and the concatenated shard bytes of a weights manifest. */
export interface WeightsArtifacts {
  /** Every tensor's name, shape, dtype and quantization, in shard order. */
  specs: io.WeightsManifestEntry[];
  /** All shards, concatenated. */
  data: ArrayBuffer;
}

/**
 * Reads a bare TF.js weights manifest (`*-weights_manifest.json`, the JSON array that
 * face-api ships: no model topology) and the shards it lists, from disk.
 */
export function readWeightsManifest(manifestPath: string): WeightsArtifacts {
  let groups: WeightsGroup[];
  try {
    groups = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as WeightsGroup[];
  } catch (err) {
    throw new ModelFileError(`Cannot read TF.js weights manifest ${manifestPath}: ${(err as Error).message}. Download the model again.`, { cause: err });
  }
  if (!Array.isArray(groups) || !groups.every((g) => Array.isArray(g.paths) && Array.isArray(g.weights))) {
    throw new ModelFileError(`${manifestPath} is not a TF.js weights manifest (a list of { paths, weights }).`);
  }
  const dir = path.dirname(manifestPath);
  const buffers = groups.flatMap((g) =>
    g.paths.map((p) => {
      try {
        return fs.readFileSync(path.join(dir, p));
      } catch (err) {
        throw new ModelFileError(`Weight shard ${p} of ${manifestPath} is missing or unreadable. Download the model again.`, { cause: err });
      }
    }),
  );
  const data = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    data.set(b, offset);
    offset += b.byteLength;
  }
  return { specs: groups.flatMap((g) => g.weights), data: data.buffer };
}
