import fs from "node:fs";
import type { InferenceRuntime } from "../../models/index.js";
import { OnnxRuntime, type OnnxRuntimeOptions } from "../onnx/onnx-runtime.js";
import { TfjsGraphRuntime } from "../tfjs/tfjs-graph-runtime.js";
import { isLayersTopology, TfjsLayersRuntime } from "../tfjs/tfjs-layers-runtime.js";
import { TfjsNetworkRuntime } from "../tfjs/tfjs-network-runtime.js";
import { findTfjsNetwork } from "../tfjs/networks/index.js";

/**
 * How to build an inference runtime, as plain data that can cross to a worker thread:
 * which runtime, the model file, and its options. Each worker of a
 * {@link WorkerPoolRuntime} builds its own runtime instance from the recipe.
 */
export type RuntimeRecipe =
  | { kind: "tfjs"; modelPath: string }
  | { kind: "tfjs-network"; modelPath: string; network: string }
  | { kind: "onnx"; modelPath: string; options: OnnxRuntimeOptions };

/** Builds the runtime a recipe describes (in whichever thread calls it). */
export async function loadRecipe(recipe: RuntimeRecipe): Promise<InferenceRuntime> {
  switch (recipe.kind) {
    case "tfjs":
      return isLayersTopology(readModelTopology(recipe.modelPath)) ? TfjsLayersRuntime.load(recipe.modelPath) : TfjsGraphRuntime.load(recipe.modelPath);
    case "tfjs-network":
      return TfjsNetworkRuntime.load(recipe.modelPath, findTfjsNetwork(recipe.network));
    case "onnx":
      return OnnxRuntime.load(recipe.modelPath, recipe.options);
  }
}

/** The `modelTopology` of a model.json, or undefined when it cannot be read (the graph loader then explains why). */
export function readModelTopology(modelJsonPath: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(modelJsonPath, "utf8")) as { modelTopology?: unknown }).modelTopology;
  } catch {
    return undefined;
  }
}
