import fs from "node:fs";
import path from "node:path";
import type { io } from "@tensorflow/tfjs-core";
import { ModelFileError } from "../model-file-error.js";

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
  modelInitializer?: unknown;
}

/**
 * Reads a TF.js graph model (model.json plus the weight shards it lists) from disk
 * into the artifacts `loadGraphModel` takes — no network, no `fetch`.
 */
export function readGraphModelArtifacts(modelJsonPath: string): io.ModelArtifacts {
  let json: ModelJson;
  try {
    json = JSON.parse(fs.readFileSync(modelJsonPath, "utf8")) as ModelJson;
  } catch (err) {
    throw new ModelFileError(`Cannot read TF.js model ${modelJsonPath}: ${(err as Error).message}. Download the model again.`, { cause: err });
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ModelFileError(`${modelJsonPath} is not a TF.js graph model (no modelTopology/weightsManifest).`);
  }
  const dir = path.dirname(modelJsonPath);
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => path.join(dir, p)));
  const buffers = shards.map((shard) => {
    try {
      return fs.readFileSync(shard);
    } catch (err) {
      throw new ModelFileError(`Weight shard ${shard} of ${modelJsonPath} is missing or unreadable. Download the model again.`, { cause: err });
    }
  });
  const weightData = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: weightData.buffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    signature: json.signature as io.ModelArtifacts["signature"],
    userDefinedMetadata: json.userDefinedMetadata,
    modelInitializer: json.modelInitializer as io.ModelArtifacts["modelInitializer"],
  } as io.ModelArtifacts;
}
