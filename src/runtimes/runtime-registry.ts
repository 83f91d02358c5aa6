import type { ImageModelConfig, Model } from "../models/index.js";
import { ModelFileError } from "./model-file-error.js";
import type { TextEncoderConfig } from "./onnx/onnx-prompt-model.js";

/**
 * The registry of image-model runtimes, in the manner of onnxruntime-common's
 * `registerBackend`: each runtime module registers what it runs (a framework, and
 * which entries of it) with a priority, and the zoo asks for the best one for a
 * manifest entry instead of choosing a class itself. A new runtime is one module that
 * calls {@link registerImageRuntime}.
 */

/** What a manifest entry says about how its model runs. */
export interface ImageRuntimeSpec {
  /** The entry's framework, e.g. `"onnx"` or `"tfjs"`. */
  framework: string;
  /** A built-in TF.js network reading weights without a graph (see `tfjsNetworkNames()`). */
  network?: string;
  /** A text encoder beside the image model (prompt models). */
  text?: TextEncoderConfig;
}

/** The configuration every runtime takes: an image model config and the model file. */
export interface RuntimeModelConfig extends ImageModelConfig {
  /** The file to load (.onnx, model.json, or a weights manifest). */
  modelPath: string;
}

/** One registered runtime. */
export interface ImageRuntime {
  /** Its name, e.g. `"onnx"`. */
  readonly name: string;
  /** The framework it serves. */
  readonly framework: string;
  /** Higher wins when several accept an entry. */
  readonly priority: number;
  /** True when it can run an entry so described. */
  accepts(spec: ImageRuntimeSpec): boolean;
  /** The (unloaded) model. */
  create(config: RuntimeModelConfig, spec: ImageRuntimeSpec): Model;
}

const RUNTIMES = new Map<string, ImageRuntime>();

/** Registers a runtime (replacing one of the same name). */
export function registerImageRuntime(runtime: ImageRuntime): void {
  RUNTIMES.set(runtime.name, runtime);
}

/** The registered runtime that runs `spec` (highest priority), or undefined. */
export function imageRuntimeFor(spec: ImageRuntimeSpec): ImageRuntime | undefined {
  return [...RUNTIMES.values()].filter((r) => r.framework === spec.framework && r.accepts(spec)).sort((a, b) => b.priority - a.priority)[0];
}

/** The names of the registered runtimes, sorted. */
export function imageRuntimeNames(): string[] {
  return [...RUNTIMES.keys()].sort();
}

/** Builds the model of `spec` with its registered runtime; none is a {@link ModelFileError}. */
export function createImageModel(spec: ImageRuntimeSpec, config: RuntimeModelConfig): Model {
  const runtime = imageRuntimeFor(spec);
  if (!runtime) {
    throw new ModelFileError(
      `No registered runtime runs ${config.name}: framework "${spec.framework}"${spec.network ? ` with network "${spec.network}"` : ""}${spec.text ? " with a text encoder" : ""}. Registered: ${imageRuntimeNames().join(", ")}.`,
    );
  }
  return runtime.create(config, spec);
}
